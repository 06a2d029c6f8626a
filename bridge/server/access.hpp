#pragma once
// Access rules shared by listeners and users: permit/deny networks (like manager.conf) and
// device patterns a user may monitor or control.
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

namespace bridge {

// Networks in order; the LAST matching rule decides (manager.conf semantics: deny=0.0.0.0/0
// then permit=10.0.0.0/8). With no rules at all, everyone is allowed.
class NetworkAcl {
public:
    // "10.0.0.0/8", "192.168.1.5", "::1/128"; returns an error text or "".
    std::string add(bool permit, std::string_view cidr);
    bool allows(const boost::asio::ip::address& peer) const;
    bool empty() const noexcept { return rules_.empty(); }
    std::string describe() const;

private:
    struct Rule {
        bool permit;
        bool v6;
        boost::asio::ip::network_v4 net4;
        boost::asio::ip::network_v6 net6;
        std::string text;
    };
    std::vector<Rule> rules_;
};

// "1001" exact, "1000-1999" numeric range (same length; with several Asterisk servers the
// server's device prefix may lead both ends: "b1000-b1999"), "2*" prefix wildcard, "*" all.
class DevicePattern {
public:
    static bool parse(std::string_view text, DevicePattern& out, std::string& error);
    bool matches(std::string_view device) const;
    const std::string& text() const noexcept { return text_; }

private:
    enum class Kind { exact, range, prefix, any } kind_ = Kind::exact;
    std::string text_, a_, b_;
    std::string range_prefix_;  // non-digit lead shared by both ends of a range
};

bool device_permitted(const std::vector<DevicePattern>& patterns, std::string_view device);

}  // namespace bridge
