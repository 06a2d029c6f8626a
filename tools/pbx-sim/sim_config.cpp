#include "tools/pbx-sim/sim_config.hpp"

#include <boost/algorithm/string.hpp>
#include <boost/property_tree/ini_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <algorithm>
#include <stdexcept>

namespace pbxsim {

SimConfig SimConfig::defaults() {
    SimConfig c;
    c.users["bridge"] = {"bridgepass", {"all"}, {"all"}};
    c.users["limited"] = {"limitedpass", {"call"}, {"call"}};
    for (const char* e : {"1001", "1002", "1003", "1004"}) c.endpoints[e] = {};
    c.endpoints["1004"].registered = false;
    c.queues["q-test"] = {"ringall", {"PJSIP/1002", "PJSIP/1003"}, "750"};
    c.conferences["900"] = "room1";
    c.applications["300"] = "Echo";
    c.park_extensions = {"700", "800"};
    c.trunks["trunk-carrier"] = {"from-trunk", {{"5551000", "1002"}, {"5551750", "750"}}};
    return c;
}

std::vector<std::string> parse_extension_range(const std::string& spec) {
    std::vector<std::string> out;
    std::vector<std::string> parts;
    boost::split(parts, spec, boost::is_any_of(","));
    for (auto part : parts) {
        boost::trim(part);
        if (part.empty()) continue;
        auto dash = part.find('-');
        auto all_digits = [](const std::string& s) {
            return !s.empty() && s.size() <= 9 &&
                   s.find_first_not_of("0123456789") == std::string::npos;
        };
        if (dash == std::string::npos) {
            if (!all_digits(part)) throw std::invalid_argument("bad extension '" + part + "'");
            out.push_back(part);
            continue;
        }
        auto lo = part.substr(0, dash), hi = part.substr(dash + 1);
        if (!all_digits(lo) || !all_digits(hi) || lo.size() != hi.size())
            throw std::invalid_argument("bad extension range '" + part + "'");
        long a = std::stol(lo), b = std::stol(hi);
        if (b < a || b - a > 100000) throw std::invalid_argument("bad extension range '" + part + "'");
        for (long x = a; x <= b; ++x) {
            auto s = std::to_string(x);
            out.push_back(std::string(lo.size() - s.size(), '0') + s);
        }
    }
    return out;
}

std::vector<std::string> parse_classes(const std::string& list) {
    std::vector<std::string> out;
    boost::split(out, list, boost::is_any_of(","));
    for (auto& c : out) {
        boost::trim(c);
        boost::to_lower(c);
    }
    out.erase(std::remove(out.begin(), out.end(), std::string{}), out.end());
    return out;
}

static Millis parse_ms(const std::string& key, const std::string& v) {
    try {
        std::size_t used = 0;
        long n = std::stol(v, &used);
        if (used != v.size() || n < 0 || n > 24L * 3600 * 1000) throw std::invalid_argument(v);
        return Millis{n};
    } catch (const std::exception&) {
        throw std::runtime_error(key + ": expected milliseconds, got '" + v + "'");
    }
}

void apply_endpoint_key(EndpointBehaviour& b, const std::string& key, const std::string& value) {
    if (key == "mode") {
        b.registered = true;
        if (value == "answer") b.mode = EndpointBehaviour::Mode::answer;
        else if (value == "busy") b.mode = EndpointBehaviour::Mode::busy;
        else if (value == "noanswer" || value == "no_answer") b.mode = EndpointBehaviour::Mode::no_answer;
        else if (value == "forward") b.mode = EndpointBehaviour::Mode::forward;
        else if (value == "unavailable") b.registered = false;
        else throw std::runtime_error("mode: expected answer|busy|noanswer|unavailable|forward, got '" + value + "'");
    } else if (key == "answer_ms") {
        b.answer_after = parse_ms(key, value);
    } else if (key == "ring_ms") {
        b.ring_delay = parse_ms(key, value);
    } else if (key == "hangup_ms") {
        if (value.empty() || value == "never") b.hangup_after.reset();
        else b.hangup_after = parse_ms(key, value);
    } else if (key == "forward") {
        b.forward_to = value;
    } else if (key == "remote_control") {
        if (value != "yes" && value != "no") throw std::runtime_error("remote_control: expected yes|no, got '" + value + "'");
        b.remote_control = value == "yes";
    } else if (key == "registered") {  // the phone's contact (sipp registering, as in park-dial-retrieve)
        if (value != "yes" && value != "no") throw std::runtime_error("registered: expected yes|no, got '" + value + "'");
        b.registered = value == "yes";
    } else {
        throw std::runtime_error("unknown endpoint key '" + key + "'");
    }
}

namespace {
// [trunk NAME] context=from-trunk dids=5551000:1002,5551750:750
void load_trunk_section(const boost::property_tree::ptree& body, TrunkConfig& t) {
    for (const auto& [k, v] : body) {
        const auto val = v.get_value<std::string>();
        if (k == "context") {
            t.context = val;
        } else if (k == "dids") {
            t.dids.clear();
            std::vector<std::string> items;
            boost::split(items, val, boost::is_any_of(","));
            for (auto item : items) {
                boost::trim(item);
                const auto colon = item.find(':');
                if (colon == std::string::npos || colon == 0 || colon + 1 == item.size())
                    throw std::runtime_error("dids: '" + item + "' is not DID:extension");
                t.dids[item.substr(0, colon)] = item.substr(colon + 1);
            }
        } else {
            throw std::runtime_error("unknown key '" + k + "'");
        }
    }
}
}  // namespace

void load_ini(const std::string& path, SimConfig& cfg) {
    namespace pt = boost::property_tree;
    pt::ptree tree;
    pt::read_ini(path, tree);  // throws ini_parser_error with file and line
    for (const auto& [section, body] : tree) {
        auto where = [&](const std::string& key) { return path + ": [" + section + "] " + key; };
        std::vector<std::string> words;
        boost::split(words, section, boost::is_space(), boost::token_compress_on);
        try {
            if (section == "sim") {
                for (const auto& [k, v] : body) {
                    auto val = v.get_value<std::string>();
                    if (k == "extensions") {
                        for (const auto& e : parse_extension_range(val))
                            cfg.endpoints.try_emplace(e);
                    } else if (k == "context") {
                        cfg.context = val;
                    } else if (k == "varset") {
                        cfg.varset_noise = (val == "yes" || val == "true" || val == "1");
                    } else if (k == "epoch") {
                        cfg.epoch_base = std::stod(val);
                    } else if (k == "dial_timeout_ms") {
                        cfg.dial_timeout = parse_ms(k, val);
                    } else {
                        throw std::runtime_error("unknown key");
                    }
                }
            } else if (words.size() == 2 && words[0] == "user") {
                auto& u = cfg.users[words[1]];
                u.secret = body.get<std::string>("secret", u.secret);
                if (auto r = body.get_optional<std::string>("read")) u.read = parse_classes(*r);
                if (auto w = body.get_optional<std::string>("write")) u.write = parse_classes(*w);
            } else if (words.size() == 2 && words[0] == "endpoint") {
                auto& b = cfg.endpoints[words[1]];
                for (const auto& [k, v] : body) apply_endpoint_key(b, k, v.get_value<std::string>());
            } else if (words.size() == 2 && words[0] == "queue") {
                auto& q = cfg.queues[words[1]];
                q.strategy = body.get<std::string>("strategy", q.strategy);
                if (q.strategy != "ringall") throw std::runtime_error("strategy: only ringall is simulated");
                q.exten = body.get<std::string>("exten", q.exten);
                if (auto m = body.get_optional<std::string>("members")) {
                    q.static_members.clear();
                    boost::split(q.static_members, *m, boost::is_any_of(","));
                    for (auto& x : q.static_members) boost::trim(x);
                }
            } else if (words.size() == 2 && words[0] == "trunk") {
                load_trunk_section(body, cfg.trunks[words[1]]);
            } else if (words.size() == 2 && words[0] == "conference") {
                if (parse_extension_range(words[1]).size() != 1) throw std::runtime_error("one extension per section");
                cfg.conferences[words[1]] = body.get<std::string>("room", "room" + words[1]);
            } else {
                throw std::runtime_error("unknown section");
            }
        } catch (const std::runtime_error& e) {
            throw std::runtime_error(where("") + e.what());
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(where("") + e.what());
        }
    }
}

}  // namespace pbxsim
