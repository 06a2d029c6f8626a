#pragma once
// The web console's JSON API (/api/links, /api/sessions, /api/devices, /api/calls,
// /api/events?device=): read-only views of the running bridge, built on demand from the AMI
// links, the call models, the sessions and the monitor registry. README.md documents the
// fields. It also measures each AMI link's round trip (a Ping every 30 s while the link is up)
// and asks Asterisk its version (CoreSettings) once per login.
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <string>

#include "bridge/server/console_feed.hpp"
#include "bridge/server/console_source.hpp"

namespace bridge {

class ConsoleApi {
public:
    ConsoleApi(boost::asio::io_context& io, const ConsoleSource& app);

    std::string links();
    std::string sessions();
    std::string devices();
    std::string calls();
    std::string events(const std::string& device);

    ConsoleFeed& feed() { return feed_; }
    // The link logged in and resynchronised: ask its version, start measuring.
    void link_ready(AsteriskLink& link);
    void stop();

private:
    struct Probe {
        std::string asterisk_version;
        std::optional<double> round_trip_ms;
    };
    void ping_all();
    void measure(AsteriskLink& link, const char* action);

    const ConsoleSource& app_;
    ConsoleFeed feed_;
    std::map<std::string, Probe> probes_;  // by server name
    boost::asio::steady_timer ping_timer_;
    bool stopped_ = false;
    static constexpr std::chrono::seconds kPingInterval{30};
};

}  // namespace bridge
