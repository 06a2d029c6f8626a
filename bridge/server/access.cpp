#include "bridge/server/access.hpp"

#include <algorithm>

namespace bridge {

namespace ip = boost::asio::ip;

std::string NetworkAcl::add(bool permit, std::string_view cidr_view) {
    std::string cidr(cidr_view);
    cidr.erase(0, cidr.find_first_not_of(" \t"));
    cidr.erase(cidr.find_last_not_of(" \t") + 1);
    boost::system::error_code ec;
    Rule r{permit, false, {}, {}, cidr};
    auto slash = cidr.find('/');
    auto addr = ip::make_address(cidr.substr(0, slash), ec);
    if (ec) return "'" + cidr + "' is not an IP address or network";
    if (addr.is_v4()) {
        unsigned bits = 32;
        if (slash != std::string::npos) {
            auto mask = cidr.substr(slash + 1);
            if (mask.find('.') != std::string::npos) {  // 255.255.0.0 form, as manager.conf allows
                auto m = ip::make_address_v4(mask, ec);
                if (ec) return "bad netmask in '" + cidr + "'";
                auto v = m.to_uint();
                bits = 0;
                while (bits < 32 && (v & (0x80000000u >> bits))) ++bits;
            } else {
                try { bits = std::stoul(mask); } catch (...) { return "bad prefix length in '" + cidr + "'"; }
                if (bits > 32) return "prefix length over 32 in '" + cidr + "'";
            }
        }
        r.net4 = ip::network_v4(addr.to_v4(), static_cast<unsigned short>(bits)).canonical();
    } else {
        unsigned bits = 128;
        if (slash != std::string::npos) {
            try { bits = std::stoul(cidr.substr(slash + 1)); } catch (...) { return "bad prefix length in '" + cidr + "'"; }
            if (bits > 128) return "prefix length over 128 in '" + cidr + "'";
        }
        r.v6 = true;
        r.net6 = ip::network_v6(addr.to_v6(), static_cast<unsigned short>(bits)).canonical();
    }
    rules_.push_back(r);
    return {};
}

bool NetworkAcl::allows(const ip::address& peer_in) const {
    if (rules_.empty()) return true;
    ip::address peer = peer_in;
    if (peer.is_v6() && peer.to_v6().is_v4_mapped())
        peer = ip::make_address_v4(ip::v4_mapped, peer.to_v6());  // ::ffff:10.1.2.3 is 10.1.2.3 for the rules
    bool allowed = false;
    for (const auto& r : rules_) {
        bool match = false;
        if (!r.v6 && peer.is_v4()) {
            auto n = ip::network_v4(peer.to_v4(), r.net4.prefix_length()).canonical();
            match = n == r.net4;
        } else if (r.v6 && peer.is_v6()) {
            auto n = ip::network_v6(peer.to_v6(), r.net6.prefix_length()).canonical();
            match = n == r.net6;
        }
        if (match) allowed = r.permit;
    }
    return allowed;
}

std::string NetworkAcl::describe() const {
    if (rules_.empty()) return "anyone";
    std::string out;
    for (const auto& r : rules_) {
        if (!out.empty()) out += ", ";
        out += (r.permit ? "permit " : "deny ") + r.text;
    }
    return out;
}

bool DevicePattern::parse(std::string_view text_in, DevicePattern& out, std::string& error) {
    std::string text(text_in);
    text.erase(0, text.find_first_not_of(" \t"));
    text.erase(text.find_last_not_of(" \t") + 1);
    out = DevicePattern{};
    out.text_ = text;
    if (text.empty()) {
        error = "empty device pattern";
        return false;
    }
    if (text == "*") {
        out.kind_ = Kind::any;
        return true;
    }
    if (text.back() == '*') {
        out.kind_ = Kind::prefix;
        out.a_ = text.substr(0, text.size() - 1);
        if (out.a_.find('*') != std::string::npos) {
            error = "'" + text + "': only a trailing * is allowed";
            return false;
        }
        return true;
    }
    auto dash = text.find('-');
    if (dash != std::string::npos) {
        out.kind_ = Kind::range;
        out.a_ = text.substr(0, dash);
        out.b_ = text.substr(dash + 1);
        // A server prefix ("b1000-b1999") leads both ends alike.
        const auto lead = [](const std::string& s) { return s.substr(0, s.find_first_of("0123456789")); };
        out.range_prefix_ = lead(out.a_);
        if (out.range_prefix_.size() < out.a_.size() && lead(out.b_) == out.range_prefix_) {
            out.a_.erase(0, out.range_prefix_.size());
            out.b_.erase(0, out.range_prefix_.size());
        }
        auto digits = [](const std::string& s) {
            return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
        };
        if (!digits(out.a_) || !digits(out.b_) || out.a_.size() != out.b_.size() || out.a_ > out.b_) {
            error = "'" + text + "': a range is two numbers of the same length, low-high (both may start with the same device prefix)";
            return false;
        }
        return true;
    }
    out.kind_ = Kind::exact;
    out.a_ = text;
    return true;
}

bool DevicePattern::matches(std::string_view device) const {
    switch (kind_) {
        case Kind::any: return true;
        case Kind::prefix: return device.starts_with(a_);
        case Kind::exact: return device == a_;
        case Kind::range:
            if (!device.starts_with(range_prefix_)) return false;
            device.remove_prefix(range_prefix_.size());
            return device.size() == a_.size() &&
                   std::all_of(device.begin(), device.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                   device >= std::string_view(a_) && device <= std::string_view(b_);
    }
    return false;
}

bool device_permitted(const std::vector<DevicePattern>& patterns, std::string_view device) {
    if (patterns.empty()) return true;
    return std::any_of(patterns.begin(), patterns.end(), [&](const DevicePattern& p) { return p.matches(device); });
}

}  // namespace bridge
