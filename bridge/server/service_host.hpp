#pragma once
// What the service layer (ServiceRunner) may use of the running bridge: routing to the AMI
// link of a device or call, the event fan-out for the call model's answers to the bridge's
// own actions, the monitor registry, the watches for new calls, the [general] limits and the
// counters. BridgeApp implements it; the services see nothing else of the app.
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "bridge/core/emitted.hpp"
#include "bridge/server/asterisk_link.hpp"
#include "bridge/server/call_watch.hpp"
#include "bridge/server/config.hpp"
#include "bridge/server/metrics.hpp"
#include "bridge/server/monitors.hpp"

namespace bridge {

class ServiceHost {
public:
    virtual ~ServiceHost() = default;

    virtual boost::asio::io_context& io() = 0;
    // [general]: max-requests-per-session, max-requests-per-user.
    virtual const GeneralConfig& limits() const = 0;

    // Routing: the link that owns a device (by its device prefix) or a call (null: none).
    virtual AsteriskLink* link_for_device(const std::string& device) const = 0;
    virtual AsteriskLink* link_for_call(const std::string& call_id) const = 0;
    virtual const AsteriskLinks& links() const = 0;
    // The bridge as a whole: enabled, partiallyDisabled (some links down) or disabled.
    virtual csta::SystemStatusValue system_status() const = 0;

    // Events the call model emits for the bridge's own actions go to the monitors like any.
    virtual void fan_out(const std::vector<Emitted>& emitted) = 0;
    virtual MonitorRegistry& monitors() = 0;
    // Monitors of all the user's sessions, live and lost (max-monitors is per user).
    virtual std::size_t monitors_of_user(const UserConfig& user) const = 0;
    // ConsultationCall waits for the consultation call's callID here.
    virtual NewCallWatches& new_calls() = 0;
    virtual void count(const std::string& metric, double value, const Metrics::Labels& labels) = 0;
};

}  // namespace bridge
