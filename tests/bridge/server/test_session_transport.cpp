// Issue 17 item 4, sessions without fixed per-connection buffers: a plain-TCP session reads
// only once its socket is readable (into a per-thread buffer), a TLS session through an SSL
// stream only TLS listeners create, with a read buffer that grows for big input and shrinks
// back. Both must still take a login, a frame bigger than any one read, and many frames
// arriving in one segment, answering each request once, in the namespace it came in.
#include <catch2/catch.hpp>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <sstream>
#include <thread>

#include "bridge/server/app.hpp"
#include "csta/framing/framing.hpp"
#include "csta/xml/codec.hpp"
#include "tests/bridge/server/config_text.hpp"
#include "tests/support/csta_test_client.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/process.hpp"
#include "tests/support/replay_server.hpp"
#include "tests/support/tls_cert.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace fr = csta::framing;
using csta::xml::Edition;

using server_test::schema_file;
using server_test::table_file;

namespace {

using server_test::config_from;


std::vector<std::uint8_t> frame(const std::string& doc, std::uint16_t invoke) {
    auto f = fr::encode_xml(doc, invoke);
    if (!f) throw std::runtime_error("frame too large");  // runs on the client thread: no REQUIRE there
    return *f;
}

std::string login_doc() {
    csta::StartApplicationSession s;
    s.applicationID = "transport-test";
    s.credentials = csta::SessionCredentials{"crm", "s"};
    return csta::xml::Codec::encode(csta::SessionMessage(s));
}

// A RequestSystemStatus padded with an XML comment before its root element to `bytes`.
std::string padded_status_request(std::size_t bytes) {
    const auto doc = csta::xml::Codec::encode(csta::Request(csta::RequestSystemStatus{}), Edition::ed6);
    const auto root = doc.find("<RequestSystemStatus");
    if (root == std::string::npos) throw std::runtime_error("no <RequestSystemStatus> in " + doc);
    const std::size_t pad = bytes > doc.size() + 7 ? bytes - doc.size() - 7 : 0;
    return doc.substr(0, root) + "<!--" + std::string(pad, 'x') + "-->" + doc.substr(root);
}

// What the client saw: each answer's invoke id and document.
struct Answer {
    std::uint16_t invoke = 0;
    std::string doc;
};

// The conversation, on any blocking stream (a TCP socket or a TLS stream): login; one request
// of `big` bytes; `burst` small requests in one write; then ed3, ed6, ed3 requests one by one.
template <class Stream>
std::vector<Answer> converse(Stream& s, std::size_t big, std::size_t burst) {
    fr::Deframer deframer(fr::Kind::xml, fr::Limits{1 << 20, true});
    std::vector<Answer> answers;
    std::uint8_t buf[4096];
    auto read_answers = [&](std::size_t n) {
        while (answers.size() < n) {
            if (auto item = deframer.next()) {
                auto& f = std::get<fr::Frame>(*item);
                answers.push_back({f.invoke.value_or(0), std::string(f.payload.begin(), f.payload.end())});
                continue;
            }
            boost::system::error_code ec;
            const auto got = s.read_some(asio::buffer(buf), ec);
            if (ec) return;
            deframer.feed(std::span<const std::uint8_t>(buf, got));
        }
    };
    asio::write(s, asio::buffer(frame(login_doc(), 1)));
    read_answers(1);
    asio::write(s, asio::buffer(frame(padded_status_request(big), 2)));
    read_answers(2);
    std::vector<std::uint8_t> many;
    const auto small = csta::xml::Codec::encode(csta::Request(csta::RequestSystemStatus{}), Edition::ed6);
    for (std::size_t i = 0; i < burst; ++i) {
        const auto f = frame(small, static_cast<std::uint16_t>(100 + i));
        many.insert(many.end(), f.begin(), f.end());
    }
    asio::write(s, asio::buffer(many));
    read_answers(2 + burst);
    std::uint16_t invoke = 3;
    for (auto ed : {Edition::ed3, Edition::ed6, Edition::ed3}) {
        asio::write(s, asio::buffer(frame(csta::xml::Codec::encode(csta::Request(csta::RequestSystemStatus{}), ed), invoke)));
        read_answers(answers.size() + 1);
        ++invoke;
    }
    return answers;
}

void check_conversation(const std::vector<Answer>& a, std::size_t burst) {
    REQUIRE(a.size() == 2 + burst + 3);
    CHECK(a[0].invoke == 1);
    CHECK_THAT(a[0].doc, Catch::Contains("StartApplicationSessionPosResponse"));
    CHECK(a[1].invoke == 2);
    CHECK_THAT(a[1].doc, Catch::Contains("RequestSystemStatusResponse"));
    for (std::size_t i = 0; i < burst; ++i) {
        INFO("burst answer " << i);
        CHECK(a[2 + i].invoke == 100 + i);
        CHECK_THAT(a[2 + i].doc, Catch::Contains("RequestSystemStatusResponse"));
    }
    const std::string ed3 = csta::xml::csta_namespace(Edition::ed3), ed6 = csta::xml::csta_namespace(Edition::ed6);
    CHECK_THAT(a[2 + burst].doc, Catch::Contains(ed3));
    CHECK_THAT(a[3 + burst].doc, Catch::Contains(ed6));
    CHECK_THAT(a[4 + burst].doc, Catch::Contains(ed3));
}

std::string bridge_config(const std::string& listener_extra) {
    return "[asterisk:pbx]\nport = " + std::to_string(test_support::free_port()) +
           "\nusername = u\nsecret = s\n[listener:cti]\nbind = 127.0.0.1\nport = 4721\n" + listener_extra +
           "[user:crm]\nsecret = s\n";
}

// Runs the client's conversation in its own thread while the bridge's io_context runs here;
// a client-side exception fails the test with its text.
template <class Conversation>
std::vector<Answer> converse_in_thread(asio::io_context& io, Conversation conversation) {
    std::vector<Answer> answers;
    std::string error;
    std::atomic<bool> done{false};
    std::thread client([&] {
        asio::io_context cio;
        try {
            answers = conversation(cio);
        } catch (const std::exception& e) {
            error = e.what();
        }
        done = true;
    });
    test_support::run_until(io, [&] { return done.load(); }, 20000ms);
    client.join();
    CHECK(error.empty());
    return answers;
}

constexpr std::size_t kBig = 48 * 1024;  // three full reads of the old fixed 16 KiB buffer
constexpr std::size_t kBurst = 60;

}  // namespace

TEST_CASE("plain TCP session: login, a 48 KiB frame, 60 frames in one write, answers in the request's namespace",
          "[session][transport]") {
    asio::io_context io;
    auto cfg = config_from(bridge_config(""));
    bridge::BridgeApp app(io, cfg, bridge::Table::load({table_file()}, schema_file()).table, {table_file()}, schema_file());
    REQUIRE(app.start().empty());
    const auto port = app.listener_port(0);
    const auto answers = converse_in_thread(io, [port](asio::io_context& cio) {
        asio::ip::tcp::socket s(cio);
        s.connect({asio::ip::make_address("127.0.0.1"), port});
        return converse(s, kBig, kBurst);
    });
    check_conversation(answers, kBurst);
    app.stop({});
    io.run_for(100ms);
}

TEST_CASE("TLS session: login, a 48 KiB frame, 60 frames in one write, answers in the request's namespace",
          "[session][transport][tls]") {
    const auto cert = test_support::make_self_signed_cert("localhost");
    asio::io_context io;
    auto cfg = config_from(bridge_config("tls = yes\ncert-file = " + cert.cert_file + "\nkey-file = " + cert.key_file + "\n"));
    bridge::BridgeApp app(io, cfg, bridge::Table::load({table_file()}, schema_file()).table, {table_file()}, schema_file());
    REQUIRE(app.start().empty());
    const auto port = app.listener_port(0);
    const auto answers = converse_in_thread(io, [port](asio::io_context& cio) {
        asio::ssl::context ctx(asio::ssl::context::tls_client);
        ctx.set_verify_mode(asio::ssl::verify_none);
        asio::ssl::stream<asio::ip::tcp::socket> s(cio, ctx);
        s.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
        s.handshake(asio::ssl::stream_base::client);
        return converse(s, kBig, kBurst);
    });
    check_conversation(answers, kBurst);
    app.stop({});
    io.run_for(100ms);
}
