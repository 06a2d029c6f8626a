#pragma once
// One pbx-sim and one csta-bridge process per test, on free loopback ports, with a generated
// configuration. The destructor stops both; their logs are printed when a test fails.
#include <memory>
#include <string>

#include "tests/support/csta_test_client.hpp"
#include "tests/support/process.hpp"

namespace e2e {

using test_support::CstaTestClient;

struct Options {
    std::string extra_listener;  // lines added to [listener:cti]
    std::string extra_general;   // lines added to [general]
    std::string users = "[user:crm]\nsecret = crmpass\ndevices = 1000-1999\nmax-monitors = 20\n"
                        "[user:limited]\nsecret = limitedpass\ndevices = 1001\nmax-monitors = 2\n";
    std::string pbx_args = "--answer-ms 300";
    // Lines added to [asterisk:pbx] (e.g. device-prefix when there is a second server).
    std::string asterisk_extra;
    // A second pbx-sim behind the same bridge as [asterisk:b], with these lines (at least a
    // device-prefix: the bridge requires one per server when there are several).
    bool second_pbx = false;
    std::string second_asterisk_extra = "device-prefix = b\n";
    // [asterisk:pbx] over HTTP (transport = http, pbx-sim --http-port); pbx_action() still
    // reaches pbx-sim over its TCP AMI port.
    bool ami_over_http = false;
};

class BridgeFixture {
public:
    explicit BridgeFixture(Options options = {});
    ~BridgeFixture();

    unsigned short csta_port() const { return csta_port_; }
    unsigned short ami_port() const { return ami_port_; }
    std::unique_ptr<CstaTestClient> client(CstaTestClient::Encoding e = CstaTestClient::Encoding::xml,
                                           csta::xml::Edition ed = csta::xml::Edition::ed6, bool login = true);
    // Sends an AMI action straight to pbx-sim as its admin (SimCall, SimDropLink, ...).
    void pbx_action(const std::string& action, const std::vector<std::pair<std::string, std::string>>& headers);
    // The same to the second pbx-sim (Options::second_pbx).
    void pbx_b_action(const std::string& action, const std::vector<std::pair<std::string, std::string>>& headers);
    std::string logs() const;
    test_support::ChildProcess& bridge() { return *bridge_; }
    test_support::ChildProcess& pbx() { return *pbx_; }

private:
    test_support::TempDir dir_;
    unsigned short ami_port_, csta_port_;
    unsigned short ami_port_b_ = 0;
    std::unique_ptr<test_support::ChildProcess> pbx_, pbx_b_, bridge_;
};

// Waits until the bridge reports the AMI link up (RequestSystemStatus = normal).
bool wait_link_up(CstaTestClient& c, std::chrono::milliseconds timeout);

}  // namespace e2e
