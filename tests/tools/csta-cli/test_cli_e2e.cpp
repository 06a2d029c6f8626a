// The real csta-cli binary, scripted with -c (and stdin), against the real csta-bridge in front
// of pbx-sim: exit status and the lines it prints, in XML and in BER.
#include <catch2/catch.hpp>
#include <memory>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/support/csta_test_client.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/process.hpp"
#include "tests/support/tls_cert.hpp"

namespace {

using namespace std::chrono_literals;

struct CliResult {
    int status = -1;
    std::string output;
};

class Stack {
public:
    // extra_listener: more lines of the [listener:cti] section; ready_args: what csta-cli needs
    // to reach it while the constructor waits for the PBX link (e.g. --tls --insecure).
    explicit Stack(const std::string& extra_listener = "", std::vector<std::string> ready_args = {})
        : ami_port_(test_support::free_port()), cti_port_(test_support::free_port()) {
        pbx_ = std::make_unique<test_support::ChildProcess>(
            PBX_SIM_BIN, std::vector<std::string>{"--port", std::to_string(ami_port_), "--answer-ms", "500"},
            dir_.path() + "/pbx-sim.log");
        REQUIRE(test_support::wait_for_port(ami_port_, 10s));
        auto conf = dir_.file("csta-bridge.conf",
                              "[general]\nmapping-tables = " + test_support::source_dir() + "/mappings/asterisk.xml\n"
                              "[asterisk:pbx]\nhost = 127.0.0.1\nport = " + std::to_string(ami_port_) +
                              "\nusername = bridge\nsecret = bridgepass\n"
                              "[listener:cti]\nbind = 127.0.0.1\nport = " + std::to_string(cti_port_) + "\n" + extra_listener +
                              "[user:crm]\nsecret = crmpass\ndevices = 1001-1004\n");
        bridge_ = std::make_unique<test_support::ChildProcess>(CSTA_BRIDGE_BIN, std::vector<std::string>{"--config", conf},
                                                               dir_.path() + "/csta-bridge.log");
        REQUIRE(test_support::wait_for_port(cti_port_, 10s));
        // The bridge takes clients at once but needs a moment to log in to the PBX.
        ready_args.insert(ready_args.end(), {"-c", "status"});
        for (int i = 0; i < 50; ++i) {
            if (cli(ready_args).output.find("status=normal") != std::string::npos) return;
            std::this_thread::sleep_for(200ms);
        }
        FAIL("the bridge never reported status=normal\n" << logs());
    }

    // Runs csta-cli with the login arguments plus `args`; waits for it to exit.
    CliResult cli(std::vector<std::string> args, const std::string& user = "crm", const std::string& password = "crmpass") {
        std::vector<std::string> all{"--port", std::to_string(cti_port_), "--user", user, "--password", password};
        all.insert(all.end(), args.begin(), args.end());
        return run(CSTA_CLI_BIN, all);
    }
    // Runs a shell command line (for stdin redirection), $CLI standing for csta-cli and its login.
    CliResult shell(const std::string& command) {
        std::string cli = std::string(CSTA_CLI_BIN) + " --port " + std::to_string(cti_port_) + " --user crm --password crmpass";
        std::string line = std::regex_replace(command, std::regex("\\$CLI"), cli);
        return run("/bin/sh", {"-c", line});
    }
    unsigned short cti_port() const { return cti_port_; }
    std::string logs() const {
        return "---- csta-bridge ----\n" + bridge_->log() + "\n---- pbx-sim ----\n" + pbx_->log();
    }

private:
    CliResult run(const std::string& program, const std::vector<std::string>& args) {
        const std::string log = dir_.path() + "/cli-" + std::to_string(++runs_) + ".log";
        test_support::ChildProcess p(program, args, log);
        CliResult r;
        r.status = p.stop(0, 60s);  // signal 0: no signal, just wait for the exit
        r.output = p.log();
        return r;
    }

    test_support::TempDir dir_;
    unsigned short ami_port_, cti_port_;
    std::unique_ptr<test_support::ChildProcess> pbx_, bridge_;
    int runs_ = 0;
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// Index of the first line matching `pattern` at or after `from`; -1 if none.
long find_line(const std::vector<std::string>& lines, const std::string& pattern, long from = 0) {
    const std::regex re(pattern);
    for (long i = from; i < static_cast<long>(lines.size()); ++i)
        if (std::regex_search(lines[static_cast<std::size_t>(i)], re)) return i;
    return -1;
}

const char* kCallScript =
    "monitor 1001; monitor 1002; makecall 1001 1002; wait-event EstablishedEvent 15; wait-event EstablishedEvent 15;"
    "clear $call 1001; wait-event ConnectionClearedEvent 10; wait-event ConnectionClearedEvent 10; quit";

void check_call_flow(const CliResult& r, const Stack& stack) {
    INFO(r.output << stack.logs());
    CHECK(r.status == 0);
    const auto lines = lines_of(r.output);
    const long mon1 = find_line(lines, "^response MonitorStartResponse xref=\\S+");
    const long made = find_line(lines, "^response MakeCallResponse calling=\\S+:1001$");
    REQUIRE(mon1 >= 0);
    REQUIRE(made > mon1);
    // The ECMA-269 sequence for a MakeCall, as seen by the calling device's monitor and the
    // called one: initiated, delivered (alerting 1002), established (answered by 1002), cleared.
    const long initiated = find_line(lines, "^event \\S+ ServiceInitiatedEvent conn=\\S+:1001 initiating=1001 ");
    REQUIRE(initiated >= 0);
    const long delivered = find_line(lines, "^event \\S+ DeliveredEvent conn=\\S+:1002 alerting=1002 calling=1001 called=1002 ", initiated);
    REQUIRE(delivered > initiated);
    const long established = find_line(lines, "^event \\S+ EstablishedEvent conn=\\S+:1002 answering=1002 calling=1001 called=1002 ", delivered);
    REQUIRE(established > delivered);
    CHECK(find_line(lines, "^event \\S+ EstablishedEvent ", established + 1) > established);  // both monitors
    CHECK(find_line(lines, "^response ClearConnectionResponse$", established) > established);
    const long cleared = find_line(lines, "^event \\S+ ConnectionClearedEvent conn=\\S+:100[12] releasing=100[12] ", established);
    CHECK(cleared > established);
    CHECK(find_line(lines, "^error") == -1);
}

}  // namespace

TEST_CASE("csta-cli -c: makecall, events until established, clear (XML ed6)") {
    Stack stack;
    check_call_flow(stack.cli({"-c", kCallScript}), stack);
}

TEST_CASE("csta-cli -c: the same call over BER") {
    Stack stack;
    check_call_flow(stack.cli({"--ber", "-c", kCallScript}), stack);
}

TEST_CASE("csta-cli reads commands from stdin when it is not a terminal (XML ed3)") {
    Stack stack;
    auto r = stack.shell("printf 'status\\nsnapshot 1001\\nquit\\n' | $CLI --edition ed3");
    INFO(r.output << stack.logs());
    CHECK(r.status == 0);
    CHECK(find_line(lines_of(r.output), "^response RequestSystemStatusResponse status=normal$") >= 0);
    CHECK(find_line(lines_of(r.output), "^response SnapshotDeviceResponse") >= 0);
}

TEST_CASE("csta-cli --echo prints each command before its answer") {
    Stack stack;
    auto r = stack.cli({"--echo", "-c", "status"});
    INFO(r.output);
    CHECK(r.status == 0);
    const auto lines = lines_of(r.output);
    REQUIRE(lines.size() >= 2);
    CHECK(lines[0] == "> status");
    CHECK(lines[1] == "response RequestSystemStatusResponse status=normal");
}

TEST_CASE("csta-cli exit status 1: a refused request, an unknown command, a wait-event that times out") {
    Stack stack;
    auto refused = stack.cli({"-c", "monitor 1999; status"});  // 1999 is not one of crm's devices
    INFO(refused.output << stack.logs());
    CHECK(refused.status == 1);
    CHECK(find_line(lines_of(refused.output), "^error [A-Za-z]+/[A-Za-z]+$") >= 0);
    CHECK(find_line(lines_of(refused.output), "^response RequestSystemStatusResponse") >= 0);  // the script goes on

    auto typo = stack.cli({"-c", "makecal 1001 1002"});
    CHECK(typo.status == 1);
    CHECK(typo.output.find("error: unknown command 'makecal' (try help)") != std::string::npos);

    auto waited = stack.cli({"-c", "monitor 1003; wait-event CallClearedEvent 1"});
    CHECK(waited.status == 1);
    CHECK(waited.output.find("error: no CallClearedEvent within 1 s") != std::string::npos);

    auto unset = stack.cli({"-c", "clear $call 1001"});
    CHECK(unset.status == 1);
    CHECK(unset.output.find("error: $call is not set yet (makecall sets it)") != std::string::npos);
}

TEST_CASE("csta-cli exit status 2: connection refused, login refused (XML and BER)") {
    Stack stack;
    auto bad_xml = stack.cli({"-c", "status"}, "crm", "wrong");
    INFO(bad_xml.output);
    CHECK(bad_xml.status == 2);
    CHECK(bad_xml.output.find("csta-cli: login refused: ") != std::string::npos);

    auto bad_ber = stack.cli({"--ber", "-c", "status"}, "nobody", "x");
    INFO(bad_ber.output);
    CHECK(bad_ber.status == 2);
    CHECK(bad_ber.output.find("csta-cli: login refused: association rejected") != std::string::npos);

    const auto closed_port = test_support::free_port();
    auto refused = stack.shell(std::string(CSTA_CLI_BIN) + " --port " + std::to_string(closed_port) + " -c status");
    INFO(refused.output);
    CHECK(refused.status == 2);
    CHECK(refused.output.find("connection refused") != std::string::npos);
}

TEST_CASE("csta-cli answers the bridge's SystemStatus heartbeats, so a quiet session stays up") {
    // The bridge closes a session after 2 unanswered heartbeats, one a second.
    Stack stack("heartbeat-seconds = 1\nheartbeat-misses = 2\n");
    auto r = stack.cli({"-c", "monitor 1001; wait 4; status"});
    INFO(r.output << stack.logs());
    CHECK(r.status == 0);
    CHECK(find_line(lines_of(r.output), "^request SystemStatus status=normal$") >= 0);
    CHECK(find_line(lines_of(r.output), "^response RequestSystemStatusResponse status=normal$") >= 0);
}

TEST_CASE("csta-cli over TLS: verified with --ca, refused without it, --insecure skips the check") {
    const auto cert = test_support::make_self_signed_cert("localhost");
    const std::string listener = "tls = yes\ncert-file = " + cert.cert_file + "\nkey-file = " + cert.key_file + "\n";
    Stack stack(listener, {"--tls", "--insecure"});
    const std::vector<std::string> tls{"--tls", "--host", "localhost"};
    auto args = [&](std::vector<std::string> more) {
        more.insert(more.begin(), tls.begin(), tls.end());
        return more;
    };
    auto verified = stack.cli(args({"--ca", cert.cert_file, "--ber", "-c", "monitor 1001; status"}));
    INFO(verified.output << stack.logs());
    CHECK(verified.status == 0);
    CHECK(find_line(lines_of(verified.output), "^response MonitorStartResponse xref=") >= 0);

    auto untrusted = stack.cli(args({"-c", "status"}));  // the system's CAs do not know this certificate
    INFO(untrusted.output);
    CHECK(untrusted.status == 2);
    CHECK(untrusted.output.find("csta-cli: TLS handshake failed: ") != std::string::npos);

    auto insecure = stack.cli(args({"--insecure", "-c", "status"}));
    INFO(insecure.output);
    CHECK(insecure.status == 0);
    CHECK(find_line(lines_of(insecure.output), "^response RequestSystemStatusResponse status=normal$") >= 0);
}
