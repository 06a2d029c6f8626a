// Issue 11 (hardening), end to end: what an outsider, a logged-in user of few devices and a
// flapping PBX could do to the daemon, each against the real csta-bridge and pbx-sim.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <csignal>
#include <set>
#include <thread>

#include "tests/bridge/e2e/bridge_fixture.hpp"
#include "tests/bridge/e2e/test_e2e_flows_support.hpp"

using namespace e2e;
using namespace e2e::flows;
using namespace std::chrono_literals;
using Enc = CstaTestClient::Encoding;
using State = csta::LocalConnectionState;

namespace {

namespace asio = boost::asio;

// A TCP connection from a chosen loopback source address that sends nothing (or what it is
// given): the kind an attacker holds open by the thousand.
class IdleSocket {
public:
    IdleSocket(unsigned short port, const std::string& source) : socket_(io_) {
        socket_.open(asio::ip::tcp::v4());
        socket_.bind(asio::ip::tcp::endpoint(asio::ip::make_address(source), 0));
        socket_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    }
    void send(const std::vector<std::uint8_t>& bytes) { asio::write(socket_, asio::buffer(bytes)); }
    // True when the server closes the connection within the timeout (EOF or reset).
    bool closed_within(std::chrono::milliseconds timeout) {
        socket_.non_blocking(true);
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        std::array<char, 512> buf{};
        while (std::chrono::steady_clock::now() < deadline) {
            boost::system::error_code ec;
            socket_.read_some(asio::buffer(buf), ec);
            if (ec == asio::error::would_block) {
                std::this_thread::sleep_for(20ms);
                continue;
            }
            if (ec) return true;
        }
        return false;
    }

private:
    asio::io_context io_;
    asio::ip::tcp::socket socket_;
};

std::unique_ptr<CstaTestClient> limited_client(BridgeFixture& bridge) {
    auto c = std::make_unique<CstaTestClient>(bridge.csta_port(), Enc::xml);
    INFO(bridge.logs());
    REQUIRE(c->login("limited", "limitedpass"));
    REQUIRE(wait_link_up(*c, 10s));
    return c;
}

// The SystemStatus values pushed to the client during `span` (heartbeats are off: 30 s).
std::vector<csta::SystemStatusValue> system_status_pushes(CstaTestClient& c, std::chrono::milliseconds span) {
    std::vector<csta::SystemStatusValue> out;
    const auto deadline = std::chrono::steady_clock::now() + span;
    while (std::chrono::steady_clock::now() < deadline) {
        auto r = c.next_server_request(200ms);
        if (r)
            if (auto* s = std::get_if<csta::SystemStatus>(&*r)) out.push_back(s->systemStatus);
    }
    return out;
}

}  // namespace

// ---- item 1: lockout without credentials

TEST_CASE("hardening: a connection that never logs in is closed after login-timeout-seconds") {
    Options o;
    o.extra_listener = "login-timeout-seconds = 1\n";
    BridgeFixture bridge(o);
    IdleSocket idle(bridge.csta_port(), "127.0.0.1");
    CHECK(idle.closed_within(4s));
    CHECK_THAT(bridge.bridge().log(), Catch::Contains("no login within 1 s"));
    // A client that logs in in time keeps its session past the deadline.
    auto c = bridge.client();
    std::this_thread::sleep_for(1500ms);
    auto r = c->call(csta::RequestSystemStatus{});
    REQUIRE(r);
    CHECK(std::holds_alternative<csta::RequestSystemStatusResponse>(*r));
}

TEST_CASE("hardening: idle connections are limited per address and do not count against max-sessions") {
    Options o;
    o.extra_general = "max-sessions = 3\nmax-unauthenticated-per-address = 3\nmax-unauthenticated = 50\n";
    BridgeFixture bridge(o);
    std::vector<std::unique_ptr<IdleSocket>> idle;
    for (int i = 0; i < 3; ++i) idle.push_back(std::make_unique<IdleSocket>(bridge.csta_port(), "127.0.0.2"));
    std::this_thread::sleep_for(300ms);
    // One more from the same address is closed at once; the first three stay.
    IdleSocket fourth(bridge.csta_port(), "127.0.0.2");
    CHECK(fourth.closed_within(3s));
    CHECK_FALSE(idle.front()->closed_within(200ms));
    // A real client from another address logs in: the idle sockets hold no session place.
    auto c = bridge.client();
    auto r = c->call(csta::RequestSystemStatus{});
    REQUIRE(r);
    CHECK(std::holds_alternative<csta::RequestSystemStatusResponse>(*r));
    CHECK_THAT(bridge.bridge().log(), Catch::Contains("max-unauthenticated-per-address 3"));
}

TEST_CASE("hardening: a peer that sends only bad BER frames before its AARQ is disconnected") {
    BridgeFixture bridge;
    IdleSocket peer(bridge.csta_port(), "127.0.0.1");
    // 2-byte length, then: an Invoke [1] with only an invoke id (so the port detects BER; the
    // bridge rejects it), then ROSE Reject APDUs [4], each answered and otherwise ignored:
    // without a limit the peer could go on until the login deadline.
    peer.send({0x00, 0x05, 0xA1, 0x03, 0x02, 0x01, 0x05});
    const std::vector<std::uint8_t> reject{0x00, 0x08, 0xA4, 0x06, 0x02, 0x01, 0x07, 0x80, 0x01, 0x00};
    for (int i = 0; i < 5; ++i) {
        try {
            peer.send(reject);
        } catch (const boost::system::system_error&) {
            break;  // already closed
        }
        std::this_thread::sleep_for(50ms);
    }
    CHECK(peer.closed_within(3s));
    CHECK_THAT(bridge.bridge().log(), Catch::Contains("bad frames before a login"));
}

// ---- item 4: login brute force

TEST_CASE("hardening: failed logins back off per address and per user, the right password waits too") {
    Options o;
    o.extra_general = "login-failures-free = 2\nlogin-backoff-max-seconds = 2\n";
    BridgeFixture bridge(o);
    for (int i = 0; i < 3; ++i) {
        CstaTestClient c(bridge.csta_port(), Enc::xml);
        CHECK_FALSE(c.login("crm", "wrong"));
    }
    // Third failure: blocked for 1 s; the right password is not even looked at meanwhile.
    {
        CstaTestClient c(bridge.csta_port(), Enc::xml);
        CHECK_FALSE(c.login("crm", "crmpass"));
    }
    std::this_thread::sleep_for(1200ms);
    CstaTestClient ok(bridge.csta_port(), Enc::xml);
    CHECK(ok.login("crm", "crmpass"));
    // Refusals are logged once a second per address; the next line says how many were not.
    CstaTestClient again(bridge.csta_port(), Enc::xml);
    CHECK_FALSE(again.login("crm", "wrong"));
    const auto log = bridge.bridge().log();
    CHECK_THAT(log, Catch::Contains("3 more login refusal(s) from 127.0.0.1 in the last second not logged"));
}

// ---- item 2: reading other users' calls

TEST_CASE("hardening: a call without the user's devices is invisible: SnapshotCall, MonitorStart on it, device lists") {
    BridgeFixture bridge;
    auto crm = bridge.client();
    auto limited = limited_client(bridge);  // devices = 1001
    bridge.pbx_action("SimCall", {{"From", "1002"}, {"To", "1003"}});
    REQUIRE(wait_device_state(*crm, "1003", State::connected));
    const auto call_id = call_of(*crm, "1002");

    CHECK(error_answer(*limited, csta::SnapshotCall{csta::ConnectionID(call_id, "1002"), {}}) ==
          csta::ErrorCode(csta::OperationError::invalidCallID));
    auto monitor = try_monitor_call(*limited, call_id);
    REQUIRE(monitor);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*monitor));
    CHECK(std::get<csta::ErrorCode>(*monitor) == csta::ErrorCode(csta::OperationError::invalidCallID));
    CHECK(error_answer(*limited, csta::SnapshotDevice{csta::DeviceID("1002"), {}}) ==
          csta::ErrorCode(csta::OperationError::privilegeViolationSpecifiedDevice));
    // crm may use 1002: it sees the call.
    auto snap = crm->call(csta::SnapshotCall{csta::ConnectionID(call_id, "1002"), {}});
    REQUIRE(snap);
    CHECK(std::holds_alternative<csta::SnapshotCallResponse>(*snap));

    // GetSwitchingFunctionDevices lists the user's devices only.
    auto g = limited->call(csta::GetSwitchingFunctionDevices{});
    REQUIRE(g);
    REQUIRE(std::holds_alternative<csta::GetSwitchingFunctionDevicesResponse>(*g));
    std::set<std::string> devices;
    for (bool last = false; !last;) {
        auto req = limited->next_server_request(5s);
        REQUIRE(req);
        auto* list = std::get_if<csta::SwitchingFunctionDevices>(&*req);
        if (!list) continue;
        for (const auto& d : list->deviceList) devices.insert(d.deviceID.value);
        last = list->lastSegment;
    }
    CHECK(devices == std::set<std::string>{"1001"});
}

TEST_CASE("hardening: a call monitor's events stop when the call leaves the user's devices") {
    BridgeFixture bridge;
    auto crm = bridge.client();
    auto limited = limited_client(bridge);  // devices = 1001
    bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(*crm, "1002", State::connected));
    const auto call_id = call_of(*crm, "1001");
    auto monitor = try_monitor_call(*limited, call_id);
    REQUIRE(monitor);
    REQUIRE(std::holds_alternative<csta::MonitorStartResponse>(*monitor));

    // 1001 transfers its call to 1003: 1002 and 1003 talk on in the same call, without 1001.
    csta::SingleStepTransferCall sst;
    sst.activeCall = csta::ConnectionID(call_id, "1001");
    sst.transferredTo = csta::DeviceID("1003");
    auto r = crm->call(sst);
    REQUIRE(r);
    REQUIRE(std::holds_alternative<csta::SingleStepTransferCallResponse>(*r));
    REQUIRE(wait_device_state(*crm, "1003", State::connected));
    bridge.pbx_action("SimHangup", {{"Exten", "1003"}});

    // The limited user sees 1001 leave (Transfered), nothing of 1003 answering and talking
    // (no Delivered, Established, ConnectionCleared of 1003), and the call's end (CallCleared
    // ends its monitor).
    auto events = collect(*limited, [](const Events&) { return false; }, 3s, 0ms);
    INFO(dump(events));
    const auto seen = names(events, std::get<csta::MonitorStartResponse>(*monitor).monitorCrossRefID);
    CHECK(seen == std::vector<std::string>{"TransferedEvent", "CallClearedEvent"});
}

// ---- item 3: channel-variable injection

TEST_CASE("hardening: MakeCall with a comma in correlatorData or a 60 kB number gets invalidParameterValue, nothing sent") {
    BridgeFixture bridge;
    auto c = bridge.client();
    csta::MakeCall mc;
    mc.callingDevice = csta::DeviceID("1001");
    mc.calledDirectoryNumber = csta::DeviceID("1002");
    mc.correlatorData = csta::CorrelatorData{csta::OpaqueData::Form::string, "x,CALLERID(num)=6666,__EVIL=1"};
    CHECK(error_answer(*c, mc) == csta::ErrorCode(csta::OperationError::invalidParameterValue));

    csta::MakeCall huge;
    huge.callingDevice = csta::DeviceID("1001");
    huge.calledDirectoryNumber = csta::DeviceID(std::string(60000, '5'));
    auto r = c->call(huge, 10s);
    REQUIRE(r);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*r));
    // The AMI link stayed up for everyone.
    CHECK(wait_link_up(*c, 2s));
    CHECK_THAT(bridge.logs(), !Catch::Contains("pbx-sim: action Originate"));
}

// ---- item 8: requests in progress per session and per user

namespace {
// pbx-sim frozen (SIGSTOP): actions sent to it stay unanswered, so requests stay in progress.
struct FrozenPbx {
    explicit FrozenPbx(BridgeFixture& b) : bridge(b) { bridge.pbx().signal(SIGSTOP); }
    ~FrozenPbx() { bridge.pbx().signal(SIGCONT); }
    BridgeFixture& bridge;
};

std::vector<std::uint8_t> xml_request(const csta::Request& request, std::uint16_t invoke_id) {
    const auto doc = csta::xml::Codec::encode(request, csta::xml::Edition::ed6);
    auto framed = csta::framing::encode_xml(doc, invoke_id);
    REQUIRE(framed);
    return *framed;
}

csta::GetDoNotDisturb dnd_of(const std::string& device) {
    csta::GetDoNotDisturb g;
    g.device = csta::DeviceID(device);
    return g;
}
}  // namespace

TEST_CASE("hardening: requests in progress beyond max-requests-per-session are answered resourceBusy at once") {
    Options o;
    o.extra_general = "max-requests-per-session = 1\n";
    BridgeFixture bridge(o);
    auto c = bridge.client();
    {
        FrozenPbx frozen(bridge);
        // Two DND lookups (DBGet each) in one write: the first waits for the frozen PBX.
        auto bytes = xml_request(dnd_of("1001"), 101);
        const auto second = xml_request(dnd_of("1002"), 102);
        bytes.insert(bytes.end(), second.begin(), second.end());
        c->send_raw(bytes);
        auto frame = c->next_frame(2s);
        REQUIRE(frame);
        const std::string answer(frame->begin(), frame->end());
        INFO(answer);
        CHECK_THAT(answer, Catch::Contains("resourceBusy"));
    }
    // Thawed: the first one is answered as usual (not busy).
    auto frame = c->next_frame(5s);
    REQUIRE(frame);
    CHECK_THAT(std::string(frame->begin(), frame->end()), !Catch::Contains("resourceBusy"));
}

TEST_CASE("hardening: requests in progress beyond max-requests-per-user are answered resourceBusy, other users go on") {
    Options o;
    o.extra_general = "max-requests-per-user = 1\n";
    BridgeFixture bridge(o);
    auto a = bridge.client();
    auto b = bridge.client();
    auto other = limited_client(bridge);
    {
        FrozenPbx frozen(bridge);
        a->send_raw(xml_request(dnd_of("1001"), 201));  // in progress while the PBX is frozen
        std::this_thread::sleep_for(300ms);
        auto busy = b->call(dnd_of("1002"), 2s);
        REQUIRE(busy);
        REQUIRE(std::holds_alternative<csta::ErrorCode>(*busy));
        CHECK(std::get<csta::ErrorCode>(*busy) == csta::ErrorCode(csta::SystemResourceAvailabilityError::resourceBusy));
        // Another user's request is not refused (it waits for the PBX like any other).
        other->send_raw(xml_request(dnd_of("1001"), 301));
        CHECK_FALSE(other->next_frame(500ms));
    }
    auto done = other->next_frame(5s);
    REQUIRE(done);
    CHECK_THAT(std::string(done->begin(), done->end()), !Catch::Contains("resourceBusy"));
}

// ---- item 12: a link that drops during the post-login resync

TEST_CASE("hardening: a link lost during the resync is not declared up (no SystemStatus enabled in between)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    // A client that logged in while the first resync was still running got that link's
    // "enabled" push; only the pushes caused by the drops below count.
    system_status_pushes(*c, 300ms);
    // The next reconnect's DeviceStateList (the resync's last step) drops the link again.
    bridge.pbx_action("SimDropLink", {{"Duration", "1500"}, {"OnAction", "DeviceStateList"}});
    bridge.pbx_action("SimDropLink", {{"Duration", "300"}});
    const auto pushes = system_status_pushes(*c, 9s);
    INFO(bridge.logs());
    REQUIRE_THAT(bridge.logs(), Catch::Contains("DeviceStateList received: dropping the AMI link"));
    // disabled (first drop), then enabled only once the link is really back.
    REQUIRE(pushes.size() >= 2);
    CHECK(pushes.front() == csta::SystemStatusValue::disabled);
    CHECK(pushes.back() == csta::SystemStatusValue::enabled);
    CHECK(std::count(pushes.begin(), pushes.end(), csta::SystemStatusValue::enabled) == 1);
    CHECK(wait_link_up(*c, 5s));
}

// ---- item 9: per-user caps (sessions, monitors, kept events in bytes)

TEST_CASE("hardening: max-monitors counts all sessions of a user, max-sessions per user refuses one more login") {
    Options o;
    o.users = "[user:crm]\nsecret = crmpass\ndevices = 1000-1999\nmax-monitors = 20\n"
              "[user:limited]\nsecret = limitedpass\ndevices = 1001\nmax-monitors = 2\nmax-sessions = 3\n";
    BridgeFixture bridge(o);
    auto a = limited_client(bridge);
    auto b = limited_client(bridge);
    auto c = limited_client(bridge);
    monitor_device(*a, "1001");
    monitor_device(*b, "1001");
    // The third monitor of the user, in a session that has none yet.
    csta::MonitorStart ms;
    ms.monitorObject = csta::DeviceID("1001");
    CHECK(error_answer(*c, ms) == csta::ErrorCode(csta::SystemResourceAvailabilityError::overallMonitorLimitExceeded));
    // A fourth session of the user is refused; another user logs in.
    CstaTestClient fourth(bridge.csta_port(), Enc::xml);
    std::string detail;
    CHECK_FALSE(fourth.login("limited", "limitedpass", &detail));
    auto crm = bridge.client();
    CHECK_THAT(bridge.bridge().log(), Catch::Contains("user 'limited' has too many sessions (max-sessions 3)"));
}

TEST_CASE("hardening: events kept for a user's lost sessions are capped in bytes (session-recovery-bytes)") {
    Options o;
    o.extra_general = "session-recovery = 30\n";
    o.users = "[user:crm]\nsecret = crmpass\ndevices = 1000-1999\nmax-monitors = 20\nsession-recovery-bytes = 2000\n";
    BridgeFixture bridge(o);
    std::string session_id;
    {
        auto first = bridge.client();
        monitor_device(*first, "1001");
        session_id = first->session_id();
    }
    std::this_thread::sleep_for(300ms);
    auto watcher = bridge.client();
    bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "1002"}});  // 4 events for 1001's monitor
    REQUIRE(wait_device_state(*watcher, "1002", State::connected));
    std::this_thread::sleep_for(200ms);
    CstaTestClient again(bridge.csta_port(), Enc::xml);
    std::string why;
    CHECK_FALSE(again.login("crm", "crmpass", &why, session_id));
    CHECK(why == "invalidSessionID");
    CHECK_THAT(bridge.bridge().log(), Catch::Contains("would pass session-recovery-bytes"));
}
