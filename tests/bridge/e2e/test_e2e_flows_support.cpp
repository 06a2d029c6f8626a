#include "tests/bridge/e2e/test_e2e_flows_support.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <thread>

#include "bridge/core/golden_format.hpp"
#include "tests/bridge/e2e/event_helpers.hpp"
#include "tests/support/fixtures.hpp"

namespace e2e::flows {

std::string monitor_device(CstaTestClient& c, const std::string& device, std::optional<csta::MonitorFilter> filter) {
    csta::MonitorStart m;
    m.monitorObject = csta::DeviceID(device);
    m.requestedMonitorFilter = filter;
    auto r = c.call(m);
    REQUIRE(r);
    INFO("MonitorStart " << device << " answered " << csta::name(*r));
    auto* ok = std::get_if<csta::MonitorStartResponse>(&*r);
    REQUIRE(ok);
    return ok->monitorCrossRefID;
}

Xrefs monitor_all(CstaTestClient& c, std::initializer_list<const char*> devices) {
    Xrefs x;
    for (const char* d : devices) x[d] = monitor_device(c, d);
    return x;
}

std::string call_of(CstaTestClient& c, const std::string& device) {
    auto r = c.call(csta::SnapshotDevice{csta::DeviceID(device), {}});
    REQUIRE(r);
    auto* s = std::get_if<csta::SnapshotDeviceResponse>(&*r);
    REQUIRE(s);
    REQUIRE(s->snapshotData.size() == 1);
    REQUIRE(s->snapshotData.front().connectionIdentifier.callID);
    return *s->snapshotData.front().connectionIdentifier.callID;
}

std::optional<csta::Response> try_monitor_call(CstaTestClient& c, const std::string& call_id) {
    csta::ConnectionID call;
    call.callID = call_id;
    csta::MonitorStart m;
    m.monitorObject = call;
    return c.call(m);
}

// Drains with a RequestSystemStatus round trip: its answer comes after every event the bridge
// queued before it, so each drain sees all events up to that moment.
Events collect(CstaTestClient& c, const std::function<bool(const Events&)>& done, std::chrono::milliseconds timeout,
               std::chrono::milliseconds settle) {
    Events events;
    auto drain = [&] {
        (void)c.call(csta::RequestSystemStatus{});
        while (auto e = c.next_event(0ms)) events.push_back(std::move(*e));
    };
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (drain(); !done(events) && std::chrono::steady_clock::now() < deadline; drain())
        std::this_thread::sleep_for(30ms);
    std::this_thread::sleep_for(settle);
    drain();
    return events;
}

csta::ErrorCode error_answer(CstaTestClient& c, const csta::Request& req) {
    auto r = c.call(req);
    REQUIRE(r);
    INFO(csta::name(req) << " answered " << csta::name(*r));
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*r));
    return std::get<csta::ErrorCode>(*r);
}

std::size_t count(const Events& events, std::string_view name, const std::string& xref) {
    std::size_t n = 0;
    for (const auto& e : events) n += csta::name(e) == name && csta::cross_ref_id(e) == xref;
    return n;
}

std::vector<std::string> names(const Events& events, const std::string& xref) { return names_of(events, xref); }

std::string dump(const Events& events) {
    std::string s;
    for (const auto& e : events) s += "monitor " + csta::cross_ref_id(e) + ": " + describe(e) + "\n";
    return s;
}

std::map<std::string, std::vector<std::string>> rendered(const Events& events,
                                                          const std::map<std::string, std::string>& xref_by_device) {
    std::map<std::string, std::string> aliases;
    auto alias = [&](const std::string& call_id) {
        auto [it, added] = aliases.try_emplace(call_id, "C" + std::to_string(aliases.size() + 1));
        return it->second;
    };
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [device, xref] : xref_by_device)  // std::map: devices in id order
        for (const auto& e : events)
            if (csta::cross_ref_id(e) == xref) out[device].push_back(bridge::render_event_line(e, alias));
    return out;
}

std::map<std::string, std::vector<std::string>> golden(const std::string& scenario) {
    const auto path = test_support::source_dir() + "/tests/golden/" + scenario + ".csta.txt";
    std::ifstream in(path);
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    std::map<std::string, std::vector<std::string>> out;
    std::string device;
    for (const auto& line : bridge::golden_lines(text.str())) {
        if (line.rfind("monitor ", 0) == 0) {
            device = line.substr(8);
            out[device];
        } else if (!device.empty()) {
            out[device].push_back(line.substr(line.find_first_not_of(' ')));
        }
    }
    return out;
}

bool has_golden_counts(const Events& events, const std::map<std::string, std::string>& xref_by_device,
                       const std::map<std::string, std::vector<std::string>>& expected) {
    for (const auto& [device, xref] : xref_by_device) {
        auto it = expected.find(device);
        std::size_t want = it == expected.end() ? 0 : it->second.size();
        std::size_t got = 0;
        for (const auto& e : events) got += csta::cross_ref_id(e) == xref;
        if (got < want) return false;
    }
    return true;
}

std::optional<csta::EventCause> cause_of(const csta::Event& e) {
    return std::visit(
        [](const auto& ev) -> std::optional<csta::EventCause> {
            if constexpr (requires { ev.cause; }) return ev.cause;
            else return std::nullopt;
        },
        e);
}

std::optional<csta::LocalConnectionState> local_state_of(const csta::Event& e) {
    return std::visit(
        [](const auto& ev) -> std::optional<csta::LocalConnectionState> {
            if constexpr (requires { ev.localConnectionInfo; }) return ev.localConnectionInfo;
            else return std::nullopt;
        },
        e);
}

bool wait_device_state(CstaTestClient& c, const std::string& device, csta::LocalConnectionState state,
                       std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto r = c.call(csta::SnapshotDevice{csta::DeviceID(device), {}});
        if (auto* s = r ? std::get_if<csta::SnapshotDeviceResponse>(&*r) : nullptr)
            for (const auto& item : s->snapshotData)
                if (item.localCallState && !item.localCallState->compound.empty() &&
                    item.localCallState->compound.front() == state)
                    return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

}  // namespace e2e::flows
