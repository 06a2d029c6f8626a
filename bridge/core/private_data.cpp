#include "bridge/core/private_data.hpp"

#include <algorithm>

namespace bridge {

namespace {

// At most `cap` bytes, never ending inside a UTF-8 sequence; control characters -> ' '.
std::string bounded(std::string_view s, std::size_t cap, bool& cut) {
    cut = s.size() > cap;
    if (cut) {
        std::size_t end = cap;
        // Back off continuation bytes (10xxxxxx) and the lead byte they belong to.
        while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
        s = s.substr(0, end);
    }
    std::string out(s);
    for (auto& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    return out;
}

bool is_framing(std::string_view name) {
    return ami::iequals(name, "Event") || ami::iequals(name, "Privilege") || ami::iequals(name, "ActionID");
}

}  // namespace

std::vector<std::string> private_header_list(std::string_view param) {
    std::vector<std::string> out;
    while (!param.empty()) {
        const auto start = param.find_first_not_of(' ');
        if (start == std::string_view::npos) break;
        param.remove_prefix(start);
        const auto end = param.find(' ');
        out.emplace_back(param.substr(0, end));
        if (end == std::string_view::npos) break;
        param.remove_prefix(end);
    }
    return out;
}

PrivateDataText private_data_text(const ami::Message& m, const std::vector<std::string>& only) {
    PrivateDataText out;
    std::size_t kept = 0;
    for (const auto& h : m.headers()) {
        const std::string_view name = h.name;
        const bool wanted = only.empty() ? !is_framing(name)
                                         : std::any_of(only.begin(), only.end(),
                                                       [&](const std::string& o) { return ami::iequals(o, name); });
        if (!wanted) continue;
        if (kept == kMaxPrivateHeaders) {
            ++out.dropped_headers;
            continue;
        }
        bool name_cut = false, value_cut = false;
        if (kept++) out.text += '\n';
        out.text += bounded(name, kMaxPrivateNameBytes, name_cut);
        out.text += ": ";
        out.text += bounded(h.value, kMaxPrivateValueBytes, value_cut);
        out.cut_values += (name_cut ? 1 : 0) + (value_cut ? 1 : 0);
    }
    return out;
}

}  // namespace bridge
