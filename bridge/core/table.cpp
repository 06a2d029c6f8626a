#include "bridge/core/table.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>

#include "bridge/core/data_dir.hpp"
#include "bridge/core/regex_cache.hpp"

namespace bridge {

std::string SourcePos::str() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

namespace {
// "^PJSIP/trunk[^/]*-..." -> "PJSIP/trunk". Conservative: a pattern with an alternation
// anywhere has none, and a literal followed by a quantifier is left out with what follows.
std::string anchored_literal_prefix(std::string_view re) {
    if (re.empty() || re.front() != '^' || re.find('|') != std::string_view::npos) return {};
    std::string out;
    for (std::size_t i = 1; i < re.size(); ++i) {
        const char c = re[i];
        if (std::string_view("\\.[](){}*+?^$").find(c) != std::string_view::npos) {
            if ((c == '*' || c == '+' || c == '?' || c == '{') && !out.empty()) out.pop_back();
            break;
        }
        out += c;
    }
    return out;
}
}  // namespace

Pattern Pattern::compile(std::string text) {
    Pattern p;
    p.re = compiled_regex(text);
    p.prefix = anchored_literal_prefix(text);
    p.text = std::move(text);
    return p;
}

bool Pattern::matches(std::string_view s) const {
    if (!s.starts_with(prefix)) return false;
    return std::regex_search(s.begin(), s.end(), re);
}

std::optional<std::smatch> Pattern::match(const std::string& s) const {
    if (!std::string_view(s).starts_with(prefix)) return std::nullopt;
    std::smatch m;
    if (std::regex_search(s, m, re)) return m;
    return std::nullopt;
}

namespace {
std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}
}  // namespace

std::optional<Primitive> primitive_from_string(std::string_view s) {
    for (const auto& p : kPrimitives)
        if (p.name == s) return p.primitive;
    return std::nullopt;
}

std::string_view to_string(Primitive p) {
    return info(p).name;
}

bool EventRule::applies_to(const ami::Message& m) const {
    for (const auto& c : when) {
        const bool hit = c.pattern.matches(m.get(c.header));
        if (hit == c.negate) return false;
    }
    return true;
}

std::string_view EventRule::input(const ami::Message& m, std::string_view name) const {
    const auto it = inputs.find(name);
    return m.get(it == inputs.end() ? name : std::string_view(it->second));
}

std::string expand_simple(const std::string& tmpl, const std::smatch* groups,
                          const std::map<std::string, std::string>& vars) {
    std::string out;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        const char c = tmpl[i];
        if (c == '$' && i + 1 < tmpl.size() && std::isdigit(static_cast<unsigned char>(tmpl[i + 1]))) {
            const auto g = static_cast<std::size_t>(tmpl[i + 1] - '0');
            if (groups && g < groups->size()) out += (*groups)[g].str();
            ++i;
        } else if (c == '$' && i + 1 < tmpl.size() && tmpl[i + 1] == '{') {
            const auto end = tmpl.find('}', i + 2);
            if (end == std::string::npos) { out += tmpl.substr(i); break; }
            const auto it = vars.find(tmpl.substr(i + 2, end - i - 2));
            if (it != vars.end()) out += it->second;
            i = end;
        } else {
            out += c;
        }
    }
    return out;
}

std::string Table::default_schema_for(const std::string& table_path) {
    const auto beside = std::filesystem::path(table_path).parent_path() / "mapping-table.xsd";
    if (std::filesystem::exists(beside)) return beside.string();
    return installed_mappings_dir() + "/mapping-table.xsd";
}

std::optional<DeviceName> Table::device_for_channel(const std::string& channel,
                                                    std::string_view caller_id_num) const {
    return device_for_channel(channel, caller_id_num, {});
}

std::optional<DeviceName> Table::device_for_channel(const std::string& channel, std::string_view caller_id_num,
                                                    const std::vector<std::string>& trunk_endpoints) const {
    const std::string number(caller_id_num);
    for (const auto& r : devices_) {
        auto m = r.channel.match(channel);
        if (!m) continue;
        if (r.site_trunks && (m->size() < 2 || !any_glob_matches(trunk_endpoints, (*m)[1].str()))) continue;
        std::optional<std::smatch> n;
        if (r.number_pattern && !(n = r.number_pattern->match(number))) continue;
        DeviceName d;
        d.kind = r.kind;
        if (r.kind != DeviceKind::plumbing) {
            std::map<std::string, std::string> vars{{"callerIdNum", number}};
            d.id = expand_simple(r.id_template, n ? &*n : &*m, vars);
            if (d.id == "<unknown>") d.id.clear();
        }
        return d;
    }
    return std::nullopt;
}

bool glob_matches(std::string_view glob, std::string_view s) {
    // Shell-style '*' and '?' (fnmatch(3)); no flags: '/' and '.' are ordinary characters.
    return fnmatch(std::string(glob).c_str(), std::string(s).c_str(), 0) == 0;
}

bool any_glob_matches(const std::vector<std::string>& globs, std::string_view s) {
    for (const auto& g : globs)
        if (glob_matches(g, s)) return true;
    return false;
}

std::optional<std::string> Table::device_for_interface(const std::string& interface) const {
    for (const auto& r : devices_) {
        if (r.kind != DeviceKind::internal || !r.interface) continue;
        if (auto m = r.interface->match(interface)) return expand_simple(r.id_template, &*m, {});
    }
    return std::nullopt;
}

std::optional<std::string> Table::dial_string(const std::string& device) const {
    for (const auto& r : devices_) {
        if (r.kind != DeviceKind::internal || r.dial_template.empty()) continue;
        if (r.id_pattern && !r.id_pattern->matches(device)) continue;
        return expand_simple(r.dial_template, nullptr, {{"device", device}});
    }
    return std::nullopt;
}

std::vector<const EventRule*> Table::rules_for(const ami::Message& m, bool from_client) const {
    std::vector<const EventRule*> out;
    const auto name = from_client ? m.action_name() : m.event_name();
    if (name.empty()) return out;
    // Lower-cased on the stack (no allocation per event); AMI event names are short.
    char buf[64];
    std::string long_name;
    std::string_view key;
    if (name.size() <= sizeof buf) {
        for (std::size_t i = 0; i < name.size(); ++i) buf[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
        key = std::string_view(buf, name.size());
    } else {
        key = long_name = lower(name);
    }
    const auto it = events_by_name_.find(key);
    if (it == events_by_name_.end()) return out;
    for (const auto i : it->second) {
        const auto& r = events_[i];
        if (r.from_client == from_client && r.applies_to(m)) out.push_back(&r);
    }
    return out;
}

ChannelState Table::channel_state(std::string_view desc) const {
    const auto it = channel_states_.find(desc);
    return it == channel_states_.end() ? ChannelState::other : it->second;
}

csta::EventCause Table::q850(std::string_view cause_code) const {
    int code = 0;
    bool any = false;
    for (const char c : cause_code) {
        if (!std::isdigit(static_cast<unsigned char>(c)) || code > 100000) return causes_.default_clearing;
        code = code * 10 + (c - '0');
        any = true;
    }
    if (!any) return causes_.default_clearing;
    const auto it = causes_.q850.find(code);
    return it == causes_.q850.end() ? causes_.default_clearing : it->second;
}

std::optional<OutcomeRule> Table::dial_status(std::string_view status) const {
    const auto it = causes_.dial_status.find(std::string(status));
    if (it == causes_.dial_status.end()) return std::nullopt;
    return it->second;
}

std::optional<OutcomeRule> Table::originate_reason(std::string_view reason) const {
    const auto it = causes_.originate_reason.find(std::string(reason));
    if (it == causes_.originate_reason.end()) return std::nullopt;
    return it->second;
}

bool recipe_result_read(std::string_view service, std::string_view field) {
    // MakeCall: the callID of the MakeCallResponse (the Originate's ChannelId, so the call
    // the model later reports has the id the client was given).
    return service == "MakeCall" && field == "callID";
}

bool recipe_answers_read(std::string_view service) { return service == "GetForwarding"; }

const ServiceRecipe* Table::recipe(std::string_view service) const {
    const auto it = services_.find(std::string(service));
    return it == services_.end() ? nullptr : &it->second;
}

csta::ErrorCode Table::error_for(std::string_view ami_message) const {
    for (const auto& e : errors_)
        if (e.message.matches(ami_message)) return e.code;
    return csta::ErrorCode(csta::OperationError::generic);
}

}  // namespace bridge
