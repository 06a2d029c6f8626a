#include "tests/bridge/e2e/bridge_fixture.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <thread>

#include "tests/support/fixtures.hpp"

namespace e2e {

BridgeFixture::BridgeFixture(Options o) : ami_port_(test_support::free_port()), csta_port_(test_support::free_port()) {
    std::vector<std::string> pbx_args{"--port", std::to_string(ami_port_), "--bind", "127.0.0.1", "--log-level", "debug"};
    std::istringstream extra(o.pbx_args);
    for (std::string a; extra >> a;) pbx_args.push_back(a);
    const unsigned short http_port = o.ami_over_http ? test_support::free_port() : 0;
    if (o.ami_over_http) {
        pbx_args.push_back("--http-port");
        pbx_args.push_back(std::to_string(http_port));
    }
    pbx_ = std::make_unique<test_support::ChildProcess>(PBX_SIM_BIN, pbx_args, dir_.path() + "/pbx-sim.log");
    REQUIRE(test_support::wait_for_port(ami_port_, std::chrono::seconds(10)));
    if (o.ami_over_http) REQUIRE(test_support::wait_for_port(http_port, std::chrono::seconds(10)));
    std::string second;
    if (o.second_pbx) {
        ami_port_b_ = test_support::free_port();
        auto args_b = pbx_args;
        args_b[1] = std::to_string(ami_port_b_);  // "--port" <port>
        pbx_b_ = std::make_unique<test_support::ChildProcess>(PBX_SIM_BIN, args_b, dir_.path() + "/pbx-sim-b.log");
        REQUIRE(test_support::wait_for_port(ami_port_b_, std::chrono::seconds(10)));
        second = "[asterisk:b]\nhost = 127.0.0.1\nport = " + std::to_string(ami_port_b_) +
                 "\nusername = bridge\nsecret = bridgepass\nping-interval-ms = 1000\n" + o.second_asterisk_extra;
    }
    auto conf = dir_.file("csta-bridge.conf",
                          "[general]\nlog-level = debug\nmapping-tables = " + test_support::source_dir() +
                              "/mappings/asterisk.xml\n" + o.extra_general +
                              "[asterisk:pbx]\nhost = 127.0.0.1\nport = " +
                              (o.ami_over_http ? std::to_string(http_port) + "\ntransport = http" : std::to_string(ami_port_)) +
                              "\nusername = bridge\nsecret = bridgepass\nping-interval-ms = 1000\n" + o.asterisk_extra +
                              second + "[listener:cti]\nbind = 127.0.0.1\nport = " + std::to_string(csta_port_) + "\n" +
                              o.extra_listener + o.users);
    bridge_ = std::make_unique<test_support::ChildProcess>(CSTA_BRIDGE_BIN, std::vector<std::string>{"--config", conf},
                                                           dir_.path() + "/csta-bridge.log");
    REQUIRE(test_support::wait_for_port(csta_port_, std::chrono::seconds(10)));
}

BridgeFixture::~BridgeFixture() {
    int status = bridge_->stop();
    pbx_->stop();
    if (pbx_b_) pbx_b_->stop();
    if (status != 0) UNSCOPED_INFO("csta-bridge exit status " << status);
}

std::string BridgeFixture::logs() const {
    return "---- csta-bridge log ----\n" + bridge_->log() + "\n---- pbx-sim log ----\n" + pbx_->log() +
           (pbx_b_ ? "\n---- second pbx-sim log ----\n" + pbx_b_->log() : std::string());
}

std::unique_ptr<CstaTestClient> BridgeFixture::client(CstaTestClient::Encoding e, csta::xml::Edition ed, bool login) {
    auto c = std::make_unique<CstaTestClient>(csta_port_, e, ed);
    if (login) {
        std::string detail;
        INFO(logs());
        REQUIRE(c->login("crm", "crmpass", &detail));
        REQUIRE(wait_link_up(*c, std::chrono::seconds(10)));
    }
    return c;
}

bool wait_link_up(CstaTestClient& c, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto r = c.call(csta::RequestSystemStatus{});
        if (r)
            if (auto* s = std::get_if<csta::RequestSystemStatusResponse>(&*r); s && s->systemStatus == csta::SystemStatusValue::normal)
                return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

namespace {
// A plain AMI session of our own: login, the action, logoff.
void send_ami_action(unsigned short port, const std::string& action,
                     const std::vector<std::pair<std::string, std::string>>& headers) {
    namespace asio = boost::asio;
    asio::io_context io;
    asio::ip::tcp::socket s(io);
    s.connect({asio::ip::make_address("127.0.0.1"), port});
    std::string req = "Action: Login\r\nUsername: bridge\r\nSecret: bridgepass\r\nEvents: off\r\n\r\nAction: " + action + "\r\n";
    for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
    req += "\r\nAction: Logoff\r\n\r\n";
    asio::write(s, asio::buffer(req));
    asio::streambuf buf;
    boost::system::error_code ec;
    asio::read_until(s, buf, "Goodbye", ec);  // or the close of SimDropLink
}

}  // namespace

void BridgeFixture::pbx_action(const std::string& action, const std::vector<std::pair<std::string, std::string>>& headers) {
    send_ami_action(ami_port_, action, headers);
}

void BridgeFixture::pbx_b_action(const std::string& action, const std::vector<std::pair<std::string, std::string>>& headers) {
    REQUIRE(pbx_b_);
    send_ami_action(ami_port_b_, action, headers);
}

}  // namespace e2e
