#pragma once
// Shared by the test_e2e_flows_*.cpp call-flow tests: device/call monitors, event collection,
// and the comparison of what each monitor received with the hand-written per-device event
// sequences of tests/golden/<scenario>.csta.txt (the stories pbx-sim reproduces).
#include <chrono>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/bridge/e2e/bridge_fixture.hpp"

namespace e2e::flows {

using namespace std::chrono_literals;
using Events = std::vector<csta::Event>;

// MonitorStart on a device (REQUIREs a MonitorStartResponse); the monitorCrossRefID.
std::string monitor_device(CstaTestClient& c, const std::string& device,
                           std::optional<csta::MonitorFilter> filter = std::nullopt);
using Xrefs = std::map<std::string, std::string>;  // device -> monitorCrossRefID
// monitor_device on each of them.
Xrefs monitor_all(CstaTestClient& c, std::initializer_list<const char*> devices);
// The callID of the device's one call, from SnapshotDevice (REQUIREs exactly one).
std::string call_of(CstaTestClient& c, const std::string& device);
// MonitorStart on a call (callObject); the answer as it came.
std::optional<csta::Response> try_monitor_call(CstaTestClient& c, const std::string& call_id);

// Reads events until done(events) or the timeout; then keeps reading for `settle` more, so
// that events which should NOT come have their chance to show up.
Events collect(CstaTestClient& c, const std::function<bool(const Events&)>& done, std::chrono::milliseconds timeout = 8s,
               std::chrono::milliseconds settle = 300ms);

std::size_t count(const Events& events, std::string_view name, const std::string& xref);
std::vector<std::string> names(const Events& events, const std::string& xref);
// One "xref Name callID:device" line per event, for failure messages.
std::string dump(const Events& events);

// Per monitored device, its events rendered in the golden format (key fields, callIDs aliased
// C1, C2... in order of first appearance, devices in id order as in the golden files).
std::map<std::string, std::vector<std::string>> rendered(const Events& events,
                                                          const std::map<std::string, std::string>& xref_by_device);
// tests/golden/<scenario>.csta.txt as device -> event lines.
std::map<std::string, std::vector<std::string>> golden(const std::string& scenario);
// How many events the golden gives each device (for collect()).
bool has_golden_counts(const Events& events, const std::map<std::string, std::string>& xref_by_device,
                       const std::map<std::string, std::vector<std::string>>& expected);

// The CSTAErrorCode a request is answered with (REQUIREs that the answer is one).
csta::ErrorCode error_answer(CstaTestClient& c, const csta::Request& req);

// The ConnectionCleared / Failed / ... cause and the localConnectionInfo of an event, if it has one.
std::optional<csta::EventCause> cause_of(const csta::Event& e);
std::optional<csta::LocalConnectionState> local_state_of(const csta::Event& e);

// Waits until pbx-sim's phone has reached a state the bridge reported: polls SnapshotDevice
// until the device has a connection in the given state.
bool wait_device_state(CstaTestClient& c, const std::string& device, csta::LocalConnectionState state,
                       std::chrono::milliseconds timeout = 5s);

}  // namespace e2e::flows
