#pragma once
// What the web console (ConsoleApi) reads of the running bridge: the AMI links, the sessions,
// the monitor registry and the counters. Read-only; BridgeApp implements it.
#include <map>
#include <memory>
#include <string>

#include "bridge/server/asterisk_link.hpp"
#include "bridge/server/metrics.hpp"
#include "bridge/server/monitors.hpp"

namespace bridge {

class Session;

class ConsoleSource {
public:
    virtual ~ConsoleSource() = default;
    virtual const AsteriskLinks& links() const = 0;
    virtual AsteriskLink* link_for_device(const std::string& device) const = 0;
    virtual const std::map<SessionId, std::weak_ptr<Session>>& sessions() const = 0;
    virtual const MonitorRegistry& monitors() const = 0;
    virtual const Metrics& metrics() const = 0;
};

}  // namespace bridge
