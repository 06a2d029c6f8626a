// OpenScape Voice style CSTA XML clients, as pyssimist (github.com/skarcos/pyssimist, v1.0.0)
// talks: the server greets with SystemStatus, the client answers it, registers with
// SystemRegister and never logs in; then MonitorStart, MakeCall and ClearConnection from its
// csta/CstaPool templates. The documents in tests/data/compat/pyssimist are the bytes
// pyssimist's own builder produces from those templates (README.md there), framed the way it
// frames them; each is sent unchanged to the real csta-bridge in front of pbx-sim.
#include <catch2/catch.hpp>
#include <map>
#include <thread>

#include "csta/xml/codec.hpp"
#include "tests/bridge/compat/raw_link.hpp"
#include "tests/bridge/e2e/bridge_fixture.hpp"

using namespace compat;
using e2e::BridgeFixture;

namespace {

const std::string kEd4 = "http://www.ecma-international.org/standards/ecma-323/csta/ed4";

// The listener settings README.md gives for OpenScape Voice style clients.
e2e::Options openscape_listener() {
    e2e::Options o;
    o.extra_listener = "encodings = xml\nxml-edition = ed4\ngreeting = xml\nunauthenticated-from = 127.0.0.1/32\n";
    return o;
}

// Waits until the bridge's AMI link is up (a trusted client on the greeted listener asks
// RequestSystemStatus), so a slow start cannot fail a call with resourceOutOfService.
void wait_link_up(BridgeFixture& bridge) {
    test_support::CstaTestClient probe(bridge.csta_port(), test_support::CstaTestClient::Encoding::xml, csta::xml::Edition::ed4);
    REQUIRE(e2e::wait_link_up(probe, 20s));
}

std::string doc(const std::string& name) { return compat_file("pyssimist/" + name + ".xml"); }

std::string replaced(std::string s, const std::string& from, const std::string& to) {
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

struct Decoded {
    int invoke;
    std::string document;
    csta::Message message;
};
Decoded decoded(const Bytes& frame) {
    csta::xml::Codec codec;
    auto d = codec.decode(xml_document(frame));
    REQUIRE(d.ok());
    return {xml_invoke_id(frame), xml_document(frame), *d.message};
}
template <class T, class V>
struct holds;
template <class T, class... Ts>
struct holds<T, std::variant<Ts...>> : std::disjunction<std::is_same<T, Ts>...> {};

// The message as T, whichever of request, response or event it is; null when it is not a T.
template <class T>
const T* as(const Decoded& d) {
    const T* out = nullptr;
    std::visit(
        [&](const auto& group) {
            using G = std::decay_t<decltype(group)>;
            if constexpr (holds<T, G>::value) out = std::get_if<T>(&group);
        },
        d.message);
    return out;
}

// pyssimist's CstaApplication.connect(): wait for the server's first message, answer it with
// SystemStatusResponse under the same invokeID, send SystemRegister (invokeID 0) and require
// the next message to be SystemRegisterResponse.
void pyssimist_connect(RawLink& link) {
    auto greeting = link.frame(10s);
    REQUIRE(greeting);
    auto g = decoded(*greeting);
    auto* status = as<csta::SystemStatus>(g);
    REQUIRE(status);
    link.send(pyssimist_frame(doc("SystemStatusResponse"), g.invoke));
    link.send(pyssimist_frame(doc("SystemRegister"), 0));
    auto reg = link.frame();
    REQUIRE(reg);
    auto r = decoded(*reg);
    CHECK(r.invoke == 0);
    CHECK(as<csta::SystemRegisterResponse>(r));
}

// Frames until one matching `pick`, keeping the events seen meanwhile.
template <class Pick>
std::optional<Decoded> until(RawLink& link, std::vector<Decoded>& events, Pick pick, std::chrono::milliseconds timeout = 10s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto f = link.frame(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
        if (!f) break;
        auto d = decoded(*f);
        if (pick(d)) return d;
        if (std::holds_alternative<csta::Event>(d.message)) events.push_back(std::move(d));
    }
    return std::nullopt;
}

std::string monitor(RawLink& link, const std::string& device, int invoke, std::vector<Decoded>& events) {
    link.send(pyssimist_frame(replaced(doc("MonitorStart"), "<deviceObject>1001<", "<deviceObject>" + device + "<"), invoke));
    auto r = until(link, events, [&](const Decoded& d) { return d.invoke == invoke; });
    REQUIRE(r);
    auto* m = as<csta::MonitorStartResponse>(*r);
    REQUIRE(m);
    return m->monitorCrossRefID;
}

std::vector<std::string> names_for(const std::vector<Decoded>& events, const std::string& xref) {
    std::vector<std::string> out;
    for (const auto& e : events)
        if (csta::cross_ref_id(std::get<csta::Event>(e.message)) == xref) out.emplace_back(csta::name(std::get<csta::Event>(e.message)));
    return out;
}

}  // namespace

TEST_CASE("compat XML: without a greeting (the default) the bridge waits for the client to speak") {
    BridgeFixture bridge;
    RawLink link(bridge.csta_port(), RawLink::Framing::xml);
    CHECK(link.silent_for(1500ms));
}

TEST_CASE("compat XML: greeting = xml sends SystemStatus normal in ed4 right after connect, alone") {
    BridgeFixture bridge(openscape_listener());
    INFO(bridge.logs());
    RawLink link(bridge.csta_port(), RawLink::Framing::xml);
    auto f = link.frame(10s);
    REQUIRE(f);
    // ECMA-323 framing: 00 00, the 16-bit length of the whole frame, four invokeID digits.
    REQUIRE(f->size() > 8);
    CHECK((*f)[0] == 0);
    CHECK((*f)[1] == 0);
    CHECK(((std::size_t{(*f)[2]} << 8) | (*f)[3]) == f->size());
    CHECK(std::string(f->begin() + 4, f->begin() + 8) == "0001");
    const auto d = xml_document(*f);
    CHECK(d.find("<SystemStatus xmlns=\"" + kEd4 + "\">") != std::string::npos);
    CHECK(d.find("<systemStatus>normal</systemStatus>") != std::string::npos);
    // pyssimist reads the greeting with one recv() and parses what came: it must come alone.
    CHECK(link.silent_for(500ms));
}

TEST_CASE("compat XML: pyssimist's connect, monitor_start, make_call and hangup against a greeted listener") {
    BridgeFixture bridge(openscape_listener());
    INFO(bridge.logs());
    wait_link_up(bridge);
    RawLink link(bridge.csta_port(), RawLink::Framing::xml);
    pyssimist_connect(link);
    std::vector<Decoded> events;
    // Invoke ids as pyssimist's CstaUser.get_transaction_id() hands them out (README.md).
    const auto xref_a = monitor(link, "1001", 0, events);
    const auto xref_b = monitor(link, "1002", 1, events);
    link.send(pyssimist_frame(doc("MakeCall"), 2));
    auto made = until(link, events, [](const Decoded& d) { return d.invoke == 2; });
    REQUIRE(made);
    auto* mc = as<csta::MakeCallResponse>(*made);
    REQUIRE(mc);
    CHECK(made->document.find("xmlns=\"" + kEd4 + "\"") != std::string::npos);
    // make_call() then waits for these, per monitor (tests/Features/MockCSTATCP.py).
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while ((names_for(events, xref_a).size() < 4 || names_for(events, xref_b).size() < 2) &&
           std::chrono::steady_clock::now() < deadline)
        until(link, events, [](const Decoded&) { return false; }, 300ms);
    CHECK(names_for(events, xref_a) ==
          std::vector<std::string>{"ServiceInitiatedEvent", "OriginatedEvent", "DeliveredEvent", "EstablishedEvent"});
    CHECK(names_for(events, xref_b) == std::vector<std::string>{"DeliveredEvent", "EstablishedEvent"});
    for (const auto& e : events) CHECK(e.invoke == 9999);
    // MockCSTATCP.hangup() puts free text in <reason>, which ECMA-323 types as an EventCause:
    // refused with a precise error, nothing cleared.
    link.send(pyssimist_frame(doc("ClearConnection-freetext"), 3));
    auto refused = until(link, events, [](const Decoded& d) { return d.invoke == 3; });
    REQUIRE(refused);
    CHECK(as<csta::ErrorCode>(*refused));
    CHECK(bridge.bridge().log().find("'Because I wanted to hang up' is not a valid value of <reason>") != std::string::npos);
    // hangup() with an EventCause: ClearConnection with only the deviceID of the connection.
    events.clear();
    link.send(pyssimist_frame(doc("ClearConnection"), 4));
    auto cleared = until(link, events, [](const Decoded& d) { return d.invoke == 4; });
    REQUIRE(cleared);
    CHECK(as<csta::ClearConnectionResponse>(*cleared));
    deadline = std::chrono::steady_clock::now() + 10s;
    auto has_cleared = [&](const std::string& xref) {
        auto n = names_for(events, xref);
        return std::find(n.begin(), n.end(), "ConnectionClearedEvent") != n.end();
    };
    while ((!has_cleared(xref_a) || !has_cleared(xref_b)) && std::chrono::steady_clock::now() < deadline)
        until(link, events, [](const Decoded&) { return false; }, 300ms);
    CHECK(has_cleared(xref_a));
    CHECK(has_cleared(xref_b));
}

TEST_CASE("compat XML: a request in the www.ecma.ch ed2 namespace is answered in it, the next ed4 one in ed4") {
    BridgeFixture bridge(openscape_listener());
    INFO(bridge.logs());
    wait_link_up(bridge);
    RawLink link(bridge.csta_port(), RawLink::Framing::xml);
    pyssimist_connect(link);
    std::vector<Decoded> events;
    link.send(pyssimist_frame(doc("MakeCall"), 1));
    auto made = until(link, events, [](const Decoded& d) { return d.invoke == 1; });
    REQUIRE(made);
    auto* mc = as<csta::MakeCallResponse>(*made);
    REQUIRE(mc);
    REQUIRE(mc->callingDevice.callID);
    // The ClearConnection template of pyssimist's tests/Features/CstaEndpoint-Basic_CSTA_MakeCall.py.
    link.send(pyssimist_frame(replaced(doc("ClearConnection-ed2"), "CALLID", *mc->callingDevice.callID), 2));
    auto answer = until(link, events, [](const Decoded& d) { return d.invoke == 2; });
    REQUIRE(answer);
    CHECK(as<csta::ClearConnectionResponse>(*answer));
    CHECK(answer->document.find("<ClearConnectionResponse xmlns=\"http://www.ecma.ch/standards/ecma-323/csta/ed2\"") !=
          std::string::npos);
    link.send(pyssimist_frame(replaced(doc("MonitorStart"), "<deviceObject>1001<", "<deviceObject>1003<"), 3));
    auto started = until(link, events, [](const Decoded& d) { return d.invoke == 3; });
    REQUIRE(started);
    CHECK(as<csta::MonitorStartResponse>(*started));
    CHECK(started->document.find("<MonitorStartResponse xmlns=\"" + kEd4 + "\"") != std::string::npos);
}

TEST_CASE("compat XML: a request in a foreign namespace or in none is refused, never executed") {
    BridgeFixture bridge(openscape_listener());
    INFO(bridge.logs());
    wait_link_up(bridge);
    RawLink link(bridge.csta_port(), RawLink::Framing::xml);
    pyssimist_connect(link);
    std::vector<Decoded> events;
    const std::string ed4_ns = "xmlns=\"" + kEd4 + "\"";
    const auto make_call = doc("MakeCall");
    int invoke = 1;
    for (const std::string& ns : {std::string("xmlns=\"urn:example:not-csta\""), std::string("xmlns=\"\"")}) {
        INFO(ns);
        std::string foreign = make_call;
        // Every occurrence: the root's default namespace (the schemaLocation keeps its text).
        foreign = replaced(foreign, ed4_ns, ns);
        link.send(pyssimist_frame(foreign, invoke));
        auto answer = until(link, events, [&](const Decoded& d) { return d.invoke == invoke; });
        REQUIRE(answer);
        auto* error = as<csta::ErrorCode>(*answer);
        REQUIRE(error);
        CHECK(*error == csta::ErrorCode(csta::OperationError::serviceNotSupported));
        ++invoke;
    }
    CHECK(bridge.bridge().log().find("<MakeCall> is in the namespace 'urn:example:not-csta', not in an ECMA-323 namespace") !=
          std::string::npos);
    CHECK(bridge.bridge().log().find("<MakeCall> is in no namespace") != std::string::npos);
    // Nothing was dialled: 1001 has no call.
    std::this_thread::sleep_for(1s);
    link.send(pyssimist_frame(
        "<SnapshotDevice xmlns=\"" + kEd4 + "\"><snapshotObject>1001</snapshotObject></SnapshotDevice>", invoke));
    auto snap = until(link, events, [&](const Decoded& d) { return d.invoke == invoke; });
    REQUIRE(snap);
    auto* s = as<csta::SnapshotDeviceResponse>(*snap);
    REQUIRE(s);
    CHECK(s->snapshotData.empty());
}

TEST_CASE("compat XML: a userName with white space around it is refused, not trimmed") {
    BridgeFixture bridge;
    INFO(bridge.logs());
    auto login = [](const std::string& user) {
        return "<StartApplicationSession xmlns=\"http://www.ecma-international.org/standards/ecma-354/appl_session\">"
               "<applicationInfo><applicationID>compat</applicationID><applicationSpecificInfo>"
               "<ns1:SessionLoginInfo xmlns:ns1=\"http://www.avaya.com/csta\"><ns1:userName>" +
               user + "</ns1:userName><ns1:userPassword>crmpass</ns1:userPassword></ns1:SessionLoginInfo>"
                      "</applicationSpecificInfo></applicationInfo><requestedProtocolVersions><protocolVersion>" +
               kEd4 + "</protocolVersion></requestedProtocolVersions></StartApplicationSession>";
    };
    {
        RawLink link(bridge.csta_port(), RawLink::Framing::xml);
        link.send(pyssimist_frame(login(" crm "), 1));
        auto f = link.frame();
        REQUIRE(f);
        CHECK(xml_document(*f).find("StartApplicationSessionNegResponse") != std::string::npos);
        CHECK(link.closed());
        CHECK(bridge.bridge().log().find("the userName ' crm ' has white space before or after it") != std::string::npos);
    }
    RawLink link(bridge.csta_port(), RawLink::Framing::xml);
    link.send(pyssimist_frame(login("crm"), 1));
    auto f = link.frame();
    REQUIRE(f);
    CHECK(xml_document(*f).find("StartApplicationSessionPosResponse") != std::string::npos);
}
