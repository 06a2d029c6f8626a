// What must not knock the bridge over: garbage, hostile XML, a lost AMI link, slow clients.
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <thread>

#include "tests/bridge/e2e/bridge_fixture.hpp"
#include "tests/bridge/e2e/event_helpers.hpp"

using namespace e2e;
using namespace std::chrono_literals;
using Enc = CstaTestClient::Encoding;

TEST_CASE("garbage on a new connection closes only that connection") {
    BridgeFixture bridge;
    auto good = bridge.client();
    CstaTestClient junk(bridge.csta_port(), Enc::xml, csta::xml::Edition::ed6);
    junk.send_raw({'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n', '\r', '\n'});
    CHECK(junk.wait_closed(5s));
    auto r = good->call(csta::RequestSystemStatus{});
    REQUIRE(r);
    CHECK(std::holds_alternative<csta::RequestSystemStatusResponse>(*r));
    CHECK_THAT(bridge.bridge().log(), Catch::Contains("neither CSTA XML framing nor a BER"));
}

TEST_CASE("an XXE document gets a CSTAErrorCode and the session goes on") {
    BridgeFixture bridge;
    auto c = bridge.client();
    std::string xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<MakeCall xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed6\">"
        "<callingDevice>&x;</callingDevice><calledDirectoryNumber>1002</calledDirectoryNumber></MakeCall>";
    auto framed = csta::framing::encode_xml(xxe, 17);
    REQUIRE(framed);
    c->send_raw(*framed);
    auto raw = c->next_frame();
    REQUIRE(raw);
    std::string answer(raw->begin(), raw->end());
    INFO(answer);
    CHECK_THAT(answer, Catch::Contains("<CSTAErrorCode"));
    CHECK_THAT(answer, !Catch::Contains("root:"));  // nothing of /etc/passwd came back
    auto r = c->call(csta::RequestSystemStatus{});
    REQUIRE(r);
    CHECK(std::holds_alternative<csta::RequestSystemStatusResponse>(*r));
}

namespace {
// The next SystemStatus push with that value; earlier pushes (the "enabled" of the bridge's own
// start-up, which may reach a client that logged in early) are skipped.
bool wait_system_status(CstaTestClient& c, csta::SystemStatusValue value, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto r = c.next_server_request(200ms);
        if (r && std::holds_alternative<csta::SystemStatus>(*r) && std::get<csta::SystemStatus>(*r).systemStatus == value)
            return true;
    }
    return false;
}
}  // namespace

TEST_CASE("AMI link loss: SystemStatus disabled and requests fail fast until enabled again") {
    BridgeFixture bridge;
    auto c = bridge.client();
    INFO(bridge.logs());
    bridge.pbx_action("SimDropLink", {{"Duration", "1500"}});
    REQUIRE(wait_system_status(*c, csta::SystemStatusValue::disabled, 5s));

    csta::MakeCall mc;
    mc.callingDevice = csta::DeviceID("1001");
    mc.calledDirectoryNumber = csta::DeviceID("1002");
    auto r = c->call(mc, 3s);
    REQUIRE(r);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*r));
    CHECK(std::get<csta::ErrorCode>(*r) == csta::ErrorCode(csta::SystemResourceAvailabilityError::resourceOutOfService));

    CHECK(wait_system_status(*c, csta::SystemStatusValue::enabled, 15s));
    CHECK(wait_link_up(*c, 5s));
}

TEST_CASE("AMI link lost with a MakeCall's Originate in flight: a precise error, and the Originate is never sent again") {
    BridgeFixture bridge;
    auto c = bridge.client();
    // The link drops when the Originate reaches the PBX, before Asterisk answers it: nobody
    // can tell whether it ran, so re-sending it could ring the phone twice.
    bridge.pbx_action("SimDropLink", {{"Duration", "1500"}, {"OnAction", "Originate"}});
    csta::MakeCall mc;
    mc.callingDevice = csta::DeviceID("1001");
    mc.calledDirectoryNumber = csta::DeviceID("1002");
    auto r = c->call(mc, 10s);
    INFO(bridge.logs());
    REQUIRE(r);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*r));
    CHECK(std::get<csta::ErrorCode>(*r) == csta::ErrorCode(csta::SystemResourceAvailabilityError::resourceOutOfService));
    REQUIRE(wait_system_status(*c, csta::SystemStatusValue::enabled, 15s));
    REQUIRE(wait_link_up(*c, 5s));
    std::this_thread::sleep_for(1s);  // time for a (wrong) replay to reach the PBX
    const auto log = bridge.logs();
    const auto pbx_log = log.substr(log.find("---- pbx-sim log ----"));
    std::size_t originates = 0;
    for (auto at = pbx_log.find("action Originate"); at != std::string::npos; at = pbx_log.find("action Originate", at + 1))
        ++originates;
    CHECK(originates == 1);
    CHECK_THAT(pbx_log, Catch::Contains("Originate received: dropping the AMI link"));
    // The link is back and works: a new MakeCall goes through.
    auto again = c->call(mc, 10s);
    REQUIRE(again);
    CHECK(std::holds_alternative<csta::MakeCallResponse>(*again));
}

TEST_CASE("SystemStatus heartbeats: a client that answers stays, a silent one is closed") {
    Options o;
    o.extra_listener = "heartbeat-seconds = 1\nheartbeat-misses = 2\n";
    BridgeFixture bridge(o);
    auto alive = bridge.client();
    alive->auto_answer_heartbeats(true);
    auto silent = bridge.client(Enc::ber);
    // The silent client receives heartbeats (requests of the bridge) and answers none.
    auto hb = silent->next_server_request(3s);
    REQUIRE(hb);
    CHECK(std::holds_alternative<csta::SystemStatus>(*hb));
    bool silent_closed = false;
    auto deadline = std::chrono::steady_clock::now() + 8s;
    while (!silent_closed && std::chrono::steady_clock::now() < deadline) {
        alive->next_event(100ms);  // reads, and so answers, the heartbeats
        silent_closed = silent->wait_closed(100ms);
    }
    CHECK(silent_closed);
    // Meanwhile the answering client kept its session.
    auto r = alive->call(csta::RequestSystemStatus{});
    REQUIRE(r);
    CHECK(std::holds_alternative<csta::RequestSystemStatusResponse>(*r));
    CHECK_THAT(bridge.bridge().log(), Catch::Contains("SystemStatus heartbeats unanswered"));
}

TEST_CASE("a client that stops reading is disconnected at its output limit, the others are not slowed") {
    Options o;
    o.extra_listener = "max-output-queue-bytes = 4096\n";
    o.pbx_args = "--answer-ms 50 --extensions 1001-1010 --load-rate 40 --load-hold-ms 300";
    BridgeFixture bridge(o);
    auto reader = bridge.client();
    csta::MonitorStart on_1001;
    on_1001.monitorObject = csta::DeviceID("1001");
    auto started = reader->call(on_1001);
    REQUIRE(started);
    REQUIRE(std::holds_alternative<csta::MonitorStartResponse>(*started));

    // The stalled client: a socket with a tiny receive buffer that logs in, monitors every
    // phone, and then never reads again.
    namespace asio = boost::asio;
    asio::io_context io;
    asio::ip::tcp::socket stalled(io);
    stalled.open(asio::ip::tcp::v4());
    stalled.set_option(asio::socket_base::receive_buffer_size(2048));
    stalled.connect({asio::ip::make_address("127.0.0.1"), bridge.csta_port()});
    auto send_doc = [&](const std::string& doc, std::uint16_t invoke) {
        auto frame = csta::framing::encode_xml(doc, invoke);
        REQUIRE(frame);
        asio::write(stalled, asio::buffer(*frame));
    };
    csta::StartApplicationSession login;
    login.applicationID = "stalled";
    login.credentials = csta::SessionCredentials{"crm", "crmpass"};
    send_doc(csta::xml::Codec::encode(csta::SessionMessage(login)), 1);
    for (int d = 1001; d <= 1010; ++d) {
        csta::MonitorStart m;
        m.monitorObject = csta::DeviceID(std::to_string(d));
        send_doc(csta::xml::Codec::encode(csta::Request(m)), static_cast<std::uint16_t>(d - 999));
    }

    // pbx-sim's load (40 calls/s) fills the kernel buffers, then the 4 KiB queue.
    bool cut_off = false;
    std::size_t read_meanwhile = 0;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!cut_off && std::chrono::steady_clock::now() < deadline) {
        if (reader->next_event(200ms)) ++read_meanwhile;
        cut_off = bridge.bridge().log().find("slow consumer: output queue full") != std::string::npos;
    }
    INFO(bridge.logs());
    REQUIRE(cut_off);
    CHECK_THAT(bridge.bridge().log(), Catch::Contains("does not read fast enough"));
    CHECK(read_meanwhile > 0);  // the reading client got its events all along
    // ... and still does, and its requests are answered.
    std::size_t after = 0;
    for (auto until = std::chrono::steady_clock::now() + 2s; std::chrono::steady_clock::now() < until;)
        if (reader->next_event(200ms)) ++after;
    CHECK(after > 0);
    auto status = reader->call(csta::RequestSystemStatus{});
    REQUIRE(status);
    CHECK(std::holds_alternative<csta::RequestSystemStatusResponse>(*status));
}

TEST_CASE("at a high call rate a client that reads keeps up and is never cut off, a stalled one still is") {
    // Issue 17: frames were written one async_write at a time, so output drained far slower
    // than AMI produced it and a client that did read was cut off as a slow consumer. Now
    // every queued frame goes out in one gathered write; only a socket that does not drain
    // fills the queue.
    Options o;
    o.extra_listener = "max-output-queue-bytes = 262144\n";
    o.users = "[user:crm]\nsecret = crmpass\ndevices = 1000-1999\nmax-monitors = 1000\n";
    o.pbx_args = "--answer-ms 20 --extensions 1001-1200 --load-rate 300 --load-hold-ms 200";
    BridgeFixture bridge(o);
    auto reader = bridge.client();
    for (int d = 1001; d <= 1200; ++d) {
        csta::MonitorStart m;
        m.monitorObject = csta::DeviceID(std::to_string(d));
        auto r = reader->call(m);
        REQUIRE(r);
        REQUIRE(std::holds_alternative<csta::MonitorStartResponse>(*r));
    }

    namespace asio = boost::asio;
    asio::io_context io;
    asio::ip::tcp::socket stalled(io);
    stalled.open(asio::ip::tcp::v4());
    stalled.set_option(asio::socket_base::receive_buffer_size(2048));
    stalled.connect({asio::ip::make_address("127.0.0.1"), bridge.csta_port()});
    auto send_doc = [&](const std::string& doc, std::uint16_t invoke) {
        auto frame = csta::framing::encode_xml(doc, invoke);
        REQUIRE(frame);
        asio::write(stalled, asio::buffer(*frame));
    };
    csta::StartApplicationSession login;
    login.applicationID = "stalled";
    login.credentials = csta::SessionCredentials{"crm", "crmpass"};
    send_doc(csta::xml::Codec::encode(csta::SessionMessage(login)), 1);
    for (int d = 1001; d <= 1200; ++d) {
        csta::MonitorStart m;
        m.monitorObject = csta::DeviceID(std::to_string(d));
        send_doc(csta::xml::Codec::encode(csta::Request(m)), static_cast<std::uint16_t>(d - 999));
    }

    // The reader takes frames as they come (no decoding: it must not be the slow one) for
    // 8 s while pbx-sim places 300 calls/s, each seen by both sessions' monitors.
    std::size_t frames = 0;
    const auto until = std::chrono::steady_clock::now() + 8s;
    while (std::chrono::steady_clock::now() < until)
        if (reader->next_frame(500ms)) ++frames;
    INFO(bridge.logs());
    INFO("frames read: " << frames);
    const auto log = bridge.bridge().log();
    // Exactly one session was cut off as a slow consumer: the stalled one.
    const auto first = log.find("slow consumer: output queue full");
    REQUIRE(first != std::string::npos);
    CHECK(log.find("slow consumer: output queue full", first + 1) == std::string::npos);
    CHECK(frames > 5000);  // the load really was high
    // The reader is still connected and answered.
    auto status = reader->call(csta::RequestSystemStatus{});
    REQUIRE(status);
    CHECK(std::holds_alternative<csta::RequestSystemStatusResponse>(*status));
}

TEST_CASE("SystemRegister is answered with a registration id, SystemStatus then reaches the client") {
    BridgeFixture bridge;
    auto c = bridge.client(Enc::ber);
    auto r = c->call(csta::SystemRegister{});
    REQUIRE(r);
    REQUIRE(std::holds_alternative<csta::SystemRegisterResponse>(*r));
    CHECK_FALSE(std::get<csta::SystemRegisterResponse>(*r).sysStatRegisterID.empty());
    bridge.pbx_action("SimDropLink", {{"Duration", "1000"}});
    CHECK(wait_system_status(*c, csta::SystemStatusValue::disabled, 5s));
    CHECK(wait_system_status(*c, csta::SystemStatusValue::enabled, 15s));
}

TEST_CASE("AMI link loss during a call: the call that ended meanwhile is reported cleared after the resync") {
    BridgeFixture bridge;
    auto c = bridge.client();
    csta::MonitorStart m1, m2;
    m1.monitorObject = csta::DeviceID("1001");
    m2.monitorObject = csta::DeviceID("1002");
    auto r1 = c->call(m1), r2 = c->call(m2);
    REQUIRE(r1);
    REQUIRE(r2);
    const auto x1001 = std::get<csta::MonitorStartResponse>(*r1).monitorCrossRefID;
    const auto x1002 = std::get<csta::MonitorStartResponse>(*r2).monitorCrossRefID;
    // 1002 answers after 300 ms and hangs up 2.5 s later, while the bridge cannot see it.
    bridge.pbx_action("SimEndpoint", {{"Exten", "1002"}, {"hangup_ms", "2500"}});
    bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "1002"}});
    std::vector<csta::Event> before;
    for (auto until = std::chrono::steady_clock::now() + 5s; std::chrono::steady_clock::now() < until;) {
        if (auto e = c->next_event(100ms)) before.push_back(*e);
        if (std::count_if(before.begin(), before.end(), [](const csta::Event& e) {
                return std::holds_alternative<csta::EstablishedEvent>(e);
            }) >= 2)
            break;
    }
    REQUIRE(std::count_if(before.begin(), before.end(),
                          [](const csta::Event& e) { return std::holds_alternative<csta::EstablishedEvent>(e); }) == 2);
    const auto call_id = subject_connection(before.back())->callID;
    REQUIRE(call_id);

    bridge.pbx_action("SimDropLink", {{"Duration", "4000"}});
    REQUIRE(wait_system_status(*c, csta::SystemStatusValue::disabled, 5s));
    // Back up (the call ended meanwhile): both parties' monitors learn it from the resync.
    std::vector<csta::Event> after;
    bool enabled = false;
    for (auto until = std::chrono::steady_clock::now() + 20s; std::chrono::steady_clock::now() < until;) {
        if (auto e = c->next_event(100ms)) after.push_back(*e);
        if (auto req = c->next_server_request(10ms); req && std::holds_alternative<csta::SystemStatus>(*req) &&
                                                     std::get<csta::SystemStatus>(*req).systemStatus ==
                                                         csta::SystemStatusValue::enabled)
            enabled = true;
        if (enabled && std::count_if(after.begin(), after.end(), [](const csta::Event& e) {
                           return std::holds_alternative<csta::ConnectionClearedEvent>(e);
                       }) >= 3)
            break;
    }
    CHECK(enabled);
    std::string seen;
    for (const auto& e : after) seen += csta::cross_ref_id(e) + " " + describe(e) + "\n";
    INFO(seen);
    INFO(bridge.logs());
    auto cleared_at = [&](const std::string& xref) {
        std::vector<std::string> out;
        for (const auto& e : after)
            if (const auto* cc = std::get_if<csta::ConnectionClearedEvent>(&e); cc && cc->monitorCrossRefID == xref) {
                CHECK(cc->droppedConnection.callID == call_id);
                CHECK(cc->cause == csta::EventCause::normalClearing);
                out.push_back(cc->droppedConnection.deviceID->value);
            }
        return out;
    };
    // As in flow 1: 1001's monitor ends with its own connection; 1002's sees 1001 go, then itself.
    CHECK(cleared_at(x1001) == std::vector<std::string>{"1001"});
    CHECK(cleared_at(x1002) == std::vector<std::string>{"1001", "1002"});
    auto snap = c->call(csta::SnapshotDevice{csta::DeviceID("1001"), {}});
    REQUIRE(snap);
    REQUIRE(std::holds_alternative<csta::SnapshotDeviceResponse>(*snap));
    CHECK(std::get<csta::SnapshotDeviceResponse>(*snap).snapshotData.empty());
}
