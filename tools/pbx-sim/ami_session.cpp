#include "tools/pbx-sim/ami_session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "ami/writer.hpp"

namespace pbxsim {

namespace {

ami::Message reply(const ami::Message& action, std::string_view status, std::string_view message) {
    ami::Message r;
    r.add("Response", status);
    if (action.has("ActionID")) r.add("ActionID", action.action_id());
    if (!message.empty()) r.add("Message", message);
    return r;
}


std::vector<std::string> split_classes(std::string_view list) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= list.size()) {
        auto comma = list.find(',', pos);
        if (comma == std::string_view::npos) comma = list.size();
        auto item = list.substr(pos, comma - pos);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        pos = comma + 1;
    }
    return out;
}

}  // namespace

AmiSession::AmiSession(Pbx& pbx, Hooks hooks, std::uint32_t challenge_seed)
    : pbx_(pbx), hooks_(std::move(hooks)), rng_(challenge_seed) {}

bool AmiSession::classes_intersect(const std::vector<std::string>& have, std::string_view wanted) {
    const auto want = split_classes(wanted);
    for (const auto& h : have) {
        if (ami::iequals(h, "all")) return true;
        for (const auto& w : want)
            if (!ami::iequals(w, "all") && ami::iequals(h, w)) return true;
    }
    return false;
}

std::string AmiSession::write(const ami::Message& m) {
    auto s = ami::serialize_message(m);
    if (!s.ok()) {
        spdlog::warn("pbx-sim: refusing to send a message: {}", s.error);
        return {};
    }
    return s.bytes;
}

std::string AmiSession::on_bytes(std::string_view bytes) {
    std::string out;
    if (finished_) return out;
    parser_.feed(bytes);
    while (auto o = parser_.next()) {
        if (auto* err = std::get_if<ami::ParseError>(&*o)) {
            spdlog::warn("pbx-sim: bad input from client: {} {}", ami::to_string(err->code), err->detail);
            continue;
        }
        if (auto* m = std::get_if<ami::Message>(&*o)) {
            out += handle(*m);
            if (finished_) break;  // Asterisk ignores what follows a Logoff
        }
    }
    return out;
}

std::string AmiSession::on_event(const ami::Message& event) const {
    if (!authenticated_ || !events_on_ || finished_) return {};
    if (!classes_intersect(read_, event.get("Privilege"))) return {};
    return write(event);
}

std::string AmiSession::login(const ami::Message& a) {
    const std::string user(a.get("Username"));
    const auto& users = pbx_.config().users;
    auto it = users.find(user);
    bool ok = false;
    if (it != users.end()) {
        if (ami::iequals(a.get("AuthType"), "MD5")) {
            ok = !challenge_.empty() && ami::iequals(a.get("Key"), md5_login_key(challenge_, it->second.secret));
        } else {
            ok = a.get("Secret") == it->second.secret;
        }
    }
    if (!ok) {
        spdlog::info("pbx-sim: authentication failed for '{}'", user);
        finished_ = true;
        return write(reply(a, "Error", "Authentication failed"));
    }
    authenticated_ = true;
    username_ = user;
    read_ = it->second.read;
    write_ = it->second.write;
    if (a.has("Events")) events_on_ = !ami::iequals(a.get("Events"), "off");
    std::string out = write(reply(a, "Success", "Authentication accepted"));
    if (events_on_ && classes_intersect(read_, "system,all")) {
        ami::Message fb;
        fb.add("Event", "FullyBooted");
        fb.add("Privilege", "system,all");
        fb.add("Uptime", "61");
        fb.add("LastReload", "61");
        fb.add("Status", "Fully Booted");
        out += write(fb);
    }
    return out;
}

std::string AmiSession::handle(const ami::Message& a) {
    const auto name = a.action_name();
    if (name.empty()) return write(reply(a, "Error", "Missing action in request"));
    if (ami::iequals(name, "Challenge")) {
        if (!ami::iequals(a.get("AuthType"), "MD5")) return write(reply(a, "Error", "Must specify AuthType"));
        if (challenge_.empty()) challenge_ = std::to_string(rng_() % 900000000 + 10000000);
        auto r = reply(a, "Success", "");
        r.add("Challenge", challenge_);
        return write(r);
    }
    if (ami::iequals(name, "Login")) {
        if (authenticated_) return write(reply(a, "Success", "Already authenticated"));
        return login(a);
    }
    if (ami::iequals(name, "Logoff")) {
        finished_ = true;
        return write(reply(a, "Goodbye", "Thanks for all the fish."));
    }
    if (!authenticated_) return write(reply(a, "Error", "Authentication Required"));

    auto cls = Pbx::action_class(name);
    if (!cls) return write(reply(a, "Error", "Invalid/unknown command"));
    if (!cls->empty() && !classes_intersect(write_, *cls)) {
        spdlog::info("pbx-sim: {} may not run {}", username_, name);
        return write(reply(a, "Error", "Permission denied"));
    }
    if (ami::iequals(name, "Events")) {
        const auto mask = a.get("EventMask");
        events_on_ = !(ami::iequals(mask, "off") || mask == "0");
        return write(reply(a, "Success", events_on_ ? "Events On" : "Events Off"));
    }
    if (ami::iequals(name, "SimDropLink") || ami::iequals(name, "SimLoad")) {
        const bool drop = ami::iequals(name, "SimDropLink");
        const auto& hook = drop ? std::function<std::string(const ami::Message&)>{} : hooks_.load;
        if (drop) {
            if (!hooks_.drop_link) return write(reply(a, "Error", "Not available here"));
            long ms = 0;
            try {
                ms = std::stol(std::string(a.get("Duration").empty() ? "1000" : a.get("Duration")));
            } catch (const std::exception&) {
                return write(reply(a, "Error", "Bad Duration"));
            }
            const std::string on_action(a.get("OnAction"));
            auto err = hooks_.drop_link(Millis{std::clamp(ms, 0L, 3600000L)}, on_action);
            return write(err.empty() ? reply(a, "Success", on_action.empty() ? "Dropping link" : "Link drop armed")
                                     : reply(a, "Error", err));
        }
        if (!hook) return write(reply(a, "Error", "Not available here"));
        auto err = hook(a);
        return write(err.empty() ? reply(a, "Success", "Load started") : reply(a, "Error", err));
    }
    if (hooks_.drop_before && hooks_.drop_before(name)) return {};  // lost in flight: no answer
    std::string out;
    for (const auto& m : pbx_.execute(a)) out += write(m);
    return out;
}

}  // namespace pbxsim
