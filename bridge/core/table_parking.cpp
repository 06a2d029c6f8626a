// The table's parking slots (variable parkingSlots): devices of category park, for
// MonitorStart and GetSwitchingFunctionDevices (CALL-MODEL flow 14).
#include <charconv>

#include "bridge/core/table.hpp"

namespace bridge {

namespace {
std::optional<long> number(std::string_view s) {
    long v = 0;
    const auto* end = s.data() + s.size();
    const auto r = std::from_chars(s.data(), end, v);
    if (r.ec != std::errc() || r.ptr != end || v < 0) return std::nullopt;
    return v;
}
}  // namespace

std::vector<std::string> Table::parking_slots() const {
    std::vector<std::string> out;
    const auto it = variables_.find("parkingSlots");
    if (it == variables_.end()) return out;
    std::string_view rest = it->second;
    constexpr long kMaxSlots = 1000;  // a typo like 701-7200 must not list thousands
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const auto item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        const auto dash = item.find('-');
        const auto first = number(item.substr(0, dash));
        const auto last = dash == std::string_view::npos ? first : number(item.substr(dash + 1));
        if (!first || !last || *last < *first) continue;
        for (long n = *first; n <= *last && static_cast<long>(out.size()) < kMaxSlots; ++n) out.push_back(std::to_string(n));
    }
    return out;
}

bool Table::is_parking_slot(const std::string& number_text) const {
    for (const auto& s : parking_slots())
        if (s == number_text) return true;
    return false;
}

}  // namespace bridge
