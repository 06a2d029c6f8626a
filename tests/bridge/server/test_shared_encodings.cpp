// Encode-once fan-out: every monitor's frame, patched from a shared encoding, is byte for
// byte the frame its own copy of the event encodes to; copies of different forms (another
// device's localConnectionInfo) or dialects are never shared.
#include <catch2/catch.hpp>

#include "bridge/server/monitors.hpp"
#include "bridge/server/wire.hpp"

using csta::LocalConnectionState;

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
