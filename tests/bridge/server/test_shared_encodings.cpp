// Encode-once fan-out: every monitor's frame, patched from a shared encoding, is byte for
// byte the frame its own copy of the event encodes to; copies of different forms (another
// device's localConnectionInfo) or dialects are never shared.
#include <catch2/catch.hpp>

#include <map>

#include "bridge/server/ber_event_sharing.hpp"
#include "bridge/server/monitors.hpp"
#include "bridge/server/wire.hpp"

using csta::LocalConnectionState;
using namespace std::string_literals;

namespace {
csta::Event alerting_at_1002() {
    csta::DeliveredEvent e;
    e.connection = csta::ConnectionID("1733220000.17", "1002");
    e.alertingDevice = csta::DeviceID("1002");
    e.callingDevice = csta::DeviceID("1001");
    e.calledDevice = csta::DeviceID("1002");
    e.cause = csta::EventCause::newCall;
    return e;
}
std::unique_ptr<bridge::WireProtocol> xml_of_edition(int edition) {
    bridge::WireOptions o;
    o.default_xml_edition = edition;
    return bridge::make_xml_protocol(o);
}
}  // namespace

TEST_CASE("frames patched from a shared encoding equal the frames encoded one by one") {
    bridge::MonitorRegistry reg;
    // Three sessions on 1002, one on 1001, two call monitors: three forms, 1001's with one copy.
    for (bridge::SessionId s = 1; s <= 3; ++s) REQUIRE(reg.start(s, {"1002", ""}, {}, 10).index() == 0);
    REQUIRE(reg.start(4, {"1001", ""}, {}, 10).index() == 0);
    REQUIRE(reg.start(5, {"", "1733220000.17"}, {}, 10).index() == 0);
    REQUIRE(reg.start(6, {"", "1733220000.17"}, {}, 10).index() == 0);
    // Monitor ids of different lengths: the patch must not assume the first one's size.
    for (int i = 0; i < 120; ++i) REQUIRE(reg.start(7, {"1999", ""}, {}, 200).index() == 0);
    REQUIRE(reg.start(8, {"1002", ""}, {}, 10).index() == 0);

    const bridge::EventAudience audience{
        "1733220000.17", {{"1001", LocalConnectionState::connected}, {"1002", LocalConnectionState::alerting}}};
    // Two rounds: 7 copies, then 16 (more than 8 copies take the registry's other way of
    // finding the forms that repeat).
    for (const int round : {1, 2})
    for (const int edition : {6, 3}) {
        INFO("round " << round << ", edition " << edition);
        if (round == 2 && edition == 6)
            for (int i = 0; i < 9; ++i) REQUIRE(reg.start(9, {"1002", ""}, {}, 10).index() == 0);
        auto sharing = xml_of_edition(edition), alone = xml_of_edition(edition);
        bridge::SharedEncodings shared;
        std::size_t copies = 0, alone_copies = 0;
        reg.deliver(alerting_at_1002(), audience, [&](const bridge::Monitor&, csta::Event e, const void* form) {
            // As BridgeApp::fan_out: a copy whose form no other copy has is encoded alone.
            if (form) shared.select(form);
            const auto patched = form ? sharing->shared_event(e, shared) : sharing->event(e);
            if (!form) ++alone_copies;
            const auto own = alone->event(e);
            REQUIRE(patched.has_value());
            REQUIRE(own.has_value());
            CHECK(*patched == *own);
            ++copies;
        });
        CHECK(copies == (round == 1 ? 7u : 16u));
        CHECK(alone_copies == 1);   // 1001's only monitor
        CHECK(shared.kept() == 2);  // one encoding per shared form (1002, the call), four copies patched
    }
}

TEST_CASE("a shared encoding is kept per dialect and only around the real cross reference id") {
    bridge::SharedEncodings shared;
    int form = 0;
    shared.select(&form);
    const std::string doc = "<X><monitorCrossRefID>42</monitorCrossRefID><a>42</a></X>";
    CHECK_FALSE(shared.keep("d", std::string(doc), "4"));  // "4" is not the whole id
    CHECK_FALSE(shared.keep("d", std::string(doc), "7"));
    CHECK_FALSE(shared.keep("d", "<X><a>42</a></X>", "42"));
    REQUIRE(shared.keep("d", std::string(doc), "42"));
    const auto* kept = shared.find("d");
    REQUIRE(kept != nullptr);
    CHECK(kept->with_id("42") == doc);
    CHECK(kept->with_id("1234") == "<X><monitorCrossRefID>1234</monitorCrossRefID><a>42</a></X>");
    CHECK(shared.find("other dialect") == nullptr);
    int other_form = 0;
    shared.select(&other_form);
    CHECK(shared.find("d") == nullptr);
}

// ---- BER (ber_event_sharing.cpp): each session numbers its own reports, so a copy differs in
// its ROSE invoke id too; both ids are written over when their sizes match a kept frame.

TEST_CASE("BER frames patched from a shared encoding equal the frames encoded one by one") {
    bridge::MonitorRegistry reg;
    // Sessions 1-6 on 1002 with cross reference ids of one, two and three digits; a call monitor.
    for (bridge::SessionId s = 1; s <= 3; ++s) REQUIRE(reg.start(s, {"1002", ""}, {}, 10).index() == 0);
    for (int i = 0; i < 120; ++i) REQUIRE(reg.start(9, {"1999", ""}, {}, 200).index() == 0);
    for (bridge::SessionId s = 4; s <= 6; ++s) REQUIRE(reg.start(s, {"1002", ""}, {}, 10).index() == 0);
    REQUIRE(reg.start(7, {"", "1733220000.17"}, {}, 10).index() == 0);
    REQUIRE(reg.start(8, {"", "1733220000.17"}, {}, 10).index() == 0);
    const bridge::EventAudience audience{
        "1733220000.17", {{"1001", LocalConnectionState::connected}, {"1002", LocalConnectionState::alerting}}};

    // Each session's own pair of protocols, their invoke counters moved on alike: sessions whose
    // next invoke id takes one octet (< 128) and two (128 and up, 256 and up).
    std::map<bridge::SessionId, std::pair<std::unique_ptr<bridge::WireProtocol>, std::unique_ptr<bridge::WireProtocol>>> wire;
    const std::map<bridge::SessionId, int> reports_before{{1, 0}, {2, 126}, {3, 127}, {4, 300}, {5, 5}, {6, 254}, {7, 0}, {8, 32800}};
    for (const auto& [session, before] : reports_before) {
        auto& [sharing, alone] = wire[session];
        sharing = bridge::make_ber_protocol({});
        alone = bridge::make_ber_protocol({});
        for (int i = 0; i < before; ++i) {
            (void)sharing->event(alerting_at_1002());
            (void)alone->event(alerting_at_1002());
        }
    }
    for (const int round : {1, 2, 3}) {
        INFO("round " << round);
        bridge::SharedEncodings shared;
        std::size_t copies = 0;
        reg.deliver(alerting_at_1002(), audience, [&](const bridge::Monitor& m, csta::Event e, const void* form) {
            auto& [sharing, alone] = wire.at(m.session);
            if (form) shared.select(form);
            const auto patched = form ? sharing->shared_event(e, shared) : sharing->event(e);
            const auto own = alone->event(e);
            REQUIRE(patched.has_value());
            REQUIRE(own.has_value());
            CHECK(*patched == *own);
            ++copies;
        });
        CHECK(copies == 8);
        // Two forms (1002, the call); 1002's six copies have invoke ids of one and two octets
        // and cross reference ids of one and three digits: fewer frames kept than copies.
        CHECK(shared.kept_frames() >= 2);
        CHECK(shared.kept_frames() < 8);
    }
}

TEST_CASE("a BER report is shared only where its ids are where they should be, and only at their sizes") {
    using bridge::ber_sharing::integer_octets;
    CHECK(integer_octets(0) == std::string("\x00", 1));
    CHECK(integer_octets(1) == "\x01");
    CHECK(integer_octets(127) == "\x7f");
    CHECK(integer_octets(128) == std::string("\x00\x80", 2));
    CHECK(integer_octets(255) == std::string("\x00\xff", 2));
    CHECK(integer_octets(256) == "\x01\x00"s);
    CHECK(integer_octets(32767) == "\x7f\xff");
    CHECK(integer_octets(-1) == "\xff");
    CHECK(integer_octets(-129) == "\xff\x7f");

    auto wire = bridge::make_ber_protocol({});
    csta::Event e = alerting_at_1002();
    std::visit([](auto& ev) { ev.monitorCrossRefID = "42"; }, e);
    const auto frame = wire->event(e);  // invoke id 1
    REQUIRE(frame.has_value());
    const auto kept = bridge::ber_sharing::locate(*frame, 1, "42");
    REQUIRE(kept.has_value());
    CHECK(kept->invoke_size == 1);
    CHECK(kept->xref_size == 2);
    CHECK_FALSE(bridge::ber_sharing::locate(*frame, 2, "42"));   // not the invoke id it was encoded with
    CHECK_FALSE(bridge::ber_sharing::locate(*frame, 1, "4"));    // nor the cross reference id
    CHECK_FALSE(bridge::ber_sharing::locate(bridge::Bytes(frame->begin(), frame->begin() + 8), 1, "42"));  // cut short
    auto response = wire->response(7, csta::Response(csta::ErrorCode(csta::OperationError::invalidCallID)));
    REQUIRE(response.has_value());
    CHECK_FALSE(bridge::ber_sharing::locate(*response, 7, "42"));  // a ReturnError, not an invoke
    // Same sizes: written over; other sizes: refused.
    const auto again = bridge::ber_sharing::with_ids(*kept, 9, "77");
    REQUIRE(again.has_value());
    CHECK(bridge::ber_sharing::locate(*again, 9, "77").has_value());
    CHECK_FALSE(bridge::ber_sharing::with_ids(*kept, 200, "77"));
    CHECK_FALSE(bridge::ber_sharing::with_ids(*kept, 9, "777"));
}
