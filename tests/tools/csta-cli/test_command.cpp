// The csta-cli command language: each command builds the ECMA-269 request a person means.
#include <catch2/catch.hpp>

#include "tools/csta-cli/command.hpp"

using csta_cli::Command;
using csta_cli::parse_command;

namespace {
template <class T>
T request_of(std::string_view line) {
    auto r = parse_command(line);
    INFO(line << " -> " << r.error);
    REQUIRE(r.command);
    REQUIRE(r.command->kind == Command::Kind::request);
    REQUIRE(std::holds_alternative<T>(*r.command->request));
    return std::get<T>(*r.command->request);
}
std::string error_of(std::string_view line) {
    auto r = parse_command(line);
    REQUIRE_FALSE(r.command);
    return r.error;
}
}  // namespace

TEST_CASE("makecall, monitor and unmonitor build their requests") {
    auto m = request_of<csta::MakeCall>("makecall 1001 1002");
    CHECK(m.callingDevice.value == "1001");
    CHECK(m.calledDirectoryNumber.value == "1002");
    CHECK(request_of<csta::MakeCall>("  makecall\t1001   0049301234  ").calledDirectoryNumber.value == "0049301234");
    auto mon = request_of<csta::MonitorStart>("monitor 1003");
    REQUIRE(std::holds_alternative<csta::DeviceID>(mon.monitorObject));
    CHECK(std::get<csta::DeviceID>(mon.monitorObject).value == "1003");
    CHECK(request_of<csta::MonitorStop>("unmonitor 17").monitorCrossRefID == "17");
}

TEST_CASE("call control commands address a connection as callID + device") {
    auto c = request_of<csta::ClearConnection>("clear C5 1001");
    CHECK(c.connectionToBeCleared.callID == "C5");
    REQUIRE(c.connectionToBeCleared.deviceID);
    CHECK(c.connectionToBeCleared.deviceID->value == "1001");

    auto cc = request_of<csta::ClearCall>("clearcall C5");
    CHECK(cc.callToBeCleared.callID == "C5");
    CHECK_FALSE(cc.callToBeCleared.deviceID);

    CHECK(request_of<csta::HoldCall>("hold C5 1001").callToBeHeld.deviceID->value == "1001");
    CHECK(request_of<csta::RetrieveCall>("retrieve C5 1002").callToBeRetrieved.deviceID->value == "1002");
    CHECK(request_of<csta::AnswerCall>("answer C9 1002").callToBeAnswered.callID == "C9");

    auto t = request_of<csta::SingleStepTransferCall>("transfer C5 1002 1003");
    CHECK(t.activeCall.callID == "C5");
    CHECK(t.activeCall.deviceID->value == "1002");
    CHECK(t.transferredTo.value == "1003");

    auto d = request_of<csta::DeflectCall>("deflect C6 1002 1004");
    CHECK(d.callToBeDiverted.callID == "C6");
    CHECK(d.newDestination.value == "1004");

    auto p = request_of<csta::ParkCall>("park C7 1001 700");
    CHECK(p.parking.callID == "C7");
    CHECK(p.parking.deviceID->value == "1001");
    CHECK(p.parkTo.value == "700");

    auto g = request_of<csta::GenerateDigits>("digits C5 1001 12#*");
    CHECK(g.connectionToSendDigits.deviceID->value == "1001");
    CHECK(g.charactersToSend == "12#*");
}

TEST_CASE("snapshots, devices and status") {
    CHECK(request_of<csta::SnapshotDevice>("snapshot 1001").snapshotObject.value == "1001");
    auto s = request_of<csta::SnapshotCall>("snapshotcall C7");
    CHECK(s.snapshotObject.callID == "C7");
    CHECK_FALSE(s.snapshotObject.deviceID);
    auto g = request_of<csta::GetSwitchingFunctionDevices>("devices");
    CHECK_FALSE(g.requestedDeviceID);
    request_of<csta::RequestSystemStatus>("status");
}

TEST_CASE("agent, dnd and forward map their words to ECMA values") {
    CHECK(request_of<csta::SetAgentState>("agent 1004 ready").requestedAgentState == csta::ReqAgentState::ready);
    CHECK(request_of<csta::SetAgentState>("agent 1004 notready").requestedAgentState == csta::ReqAgentState::notReady);
    auto login = request_of<csta::SetAgentState>("agent 1004 login 600");
    CHECK(login.device.value == "1004");
    CHECK(login.requestedAgentState == csta::ReqAgentState::loggedOn);
    REQUIRE(login.group);
    CHECK(login.group->value == "600");
    CHECK(request_of<csta::SetAgentState>("agent 1004 logout 600").requestedAgentState == csta::ReqAgentState::loggedOff);
    CHECK(error_of("agent 1004 login") == "usage: agent <device> ready|notready|login <queue>|logout <queue>");
    CHECK(error_of("agent 1004 sleepy") == "usage: agent <device> ready|notready|login <queue>|logout <queue>");

    CHECK(request_of<csta::SetDoNotDisturb>("dnd 1001 on").doNotDisturbOn);
    CHECK_FALSE(request_of<csta::SetDoNotDisturb>("dnd 1001 off").doNotDisturbOn);
    CHECK(error_of("dnd 1001 maybe") == "usage: dnd <device> on|off");

    auto f = request_of<csta::SetForwarding>("forward 1001 1003");
    CHECK(f.activateForward);
    CHECK(f.forwardingType == csta::ForwardingType::forwardImmediate);
    REQUIRE(f.forwardDN);
    CHECK(f.forwardDN->value == "1003");
    auto off = request_of<csta::SetForwarding>("forward 1001 off");
    CHECK_FALSE(off.activateForward);
    CHECK_FALSE(off.forwardDN);
}

TEST_CASE("client-side commands: wait, wait-event, raw, help, quit") {
    auto w = parse_command("wait 2.5");
    REQUIRE(w.command);
    CHECK(w.command->kind == Command::Kind::wait);
    CHECK(w.command->seconds == 2.5);

    auto e = parse_command("wait-event EstablishedEvent");
    REQUIRE(e.command);
    CHECK(e.command->kind == Command::Kind::wait_event);
    CHECK(e.command->text == "EstablishedEvent");
    CHECK(e.command->seconds == 10);
    CHECK(parse_command("wait-event CallClearedEvent 3").command->seconds == 3);
    CHECK(error_of("wait-event EstablishdEvent") == "unknown event 'EstablishdEvent' (Tab after wait-event lists them)");
    CHECK(error_of("wait-event EstablishedEvent soon") == "usage: wait-event <EventName> [seconds]");
    CHECK(error_of("wait -1") == "usage: wait <seconds>");

    auto r = parse_command("raw  <MonitorStart xmlns=\"x\"> <monitorObject/></MonitorStart>");
    REQUIRE(r.command);
    CHECK(r.command->kind == Command::Kind::raw);
    CHECK(r.command->text == "<MonitorStart xmlns=\"x\"> <monitorObject/></MonitorStart>");
    CHECK(error_of("raw") == "usage: raw <xml document>");

    CHECK(parse_command("help").command->kind == Command::Kind::help);
    CHECK(parse_command("quit").command->kind == Command::Kind::quit);
    CHECK(parse_command("exit").command->kind == Command::Kind::quit);
}

TEST_CASE("blank lines and comments are nothing, mistakes say what is expected") {
    CHECK_FALSE(parse_command("").command);
    CHECK(parse_command("   ").error.empty());
    CHECK(parse_command("# monitor 1001").error.empty());
    CHECK_FALSE(parse_command("# monitor 1001").command);
    CHECK(error_of("makecall 1001") == "usage: makecall <from> <to>");
    CHECK(error_of("clear C1") == "usage: clear <callID> <device>");
    CHECK(error_of("status now") == "usage: status");
    CHECK(error_of("dial 1001") == "unknown command 'dial' (try help)");
}

TEST_CASE("scripts split on semicolons and newlines, empty pieces dropped") {
    auto lines = csta_cli::split_script("monitor 1001; monitor 1002;;\n makecall 1001 1002 ;  \nquit");
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "monitor 1001");
    CHECK(lines[1] == " monitor 1002");
    CHECK(lines[2] == " makecall 1001 1002 ");
    CHECK(lines[3] == "quit");
    CHECK(csta_cli::split_script(" ; \n").empty());
}

TEST_CASE("$call and $xref expand to the last answers") {
    csta_cli::Variables v;
    std::string out;
    CHECK(v.expand("clear $call 1001", out) == std::optional<std::string>("$call is not set yet (makecall sets it)"));
    CHECK(v.expand("unmonitor $xref", out) == std::optional<std::string>("$xref is not set yet (monitor sets it)"));
    CHECK_FALSE(v.expand("makecall 1001 1002", out));
    CHECK(out == "makecall 1001 1002");

    csta::MakeCallResponse made;
    made.callingDevice = csta::ConnectionID("1700000000.12", "1001");
    v.remember(made);
    csta::MonitorStartResponse mon;
    mon.monitorCrossRefID = "4";
    v.remember(mon);
    v.remember(csta::Response(csta::ErrorCode(csta::OperationError::invalidDeviceID)));  // changes nothing
    CHECK_FALSE(v.expand("clear $call 1001; unmonitor $xref", out));
    CHECK(out == "clear 1700000000.12 1001; unmonitor 4");
}

TEST_CASE("tab completion: commands, then event names and keywords") {
    using V = std::vector<std::string>;
    CHECK(csta_cli::complete("", "mo") == V{"monitor"});
    CHECK(csta_cli::complete("", "clear") == V{"clear", "clearcall"});
    CHECK(csta_cli::complete("wait-event ", "Est") == V{"EstablishedEvent"});
    CHECK(csta_cli::complete("wait-event ", "Agent").size() == 6);
    CHECK(csta_cli::complete("agent 1004 ", "lo") == V{"login", "logout"});
    CHECK(csta_cli::complete("dnd 1001 ", "") == V{"on", "off"});
    CHECK(csta_cli::complete("makecall 1001 ", "10").empty());
}

TEST_CASE("help lists every command with its arguments") {
    const auto help = csta_cli::help_text();
    for (const char* line : {"  makecall <from> <to>", "  clear <callID> <device>", "  wait-event <EventName> [seconds]",
                             "  agent <device> ready|notready|login <queue>|logout <queue>", "  devices", "  quit"})
        CHECK(help.find(line) != std::string::npos);
}
