#include "tests/support/replay_server.hpp"

#include <array>
#include <deque>
#include <optional>
#include <stdexcept>
#include <utility>

#include <boost/asio/steady_timer.hpp>

#include "ami/parser.hpp"
#include "ami/stream.hpp"

namespace test_support {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using Direction = ami::TranscriptChunk::Direction;

namespace {

std::vector<ami::Message> parse_messages(const std::string& bytes) {
    ami::Parser p(false);
    p.feed(bytes);
    std::vector<ami::Message> out;
    while (auto o = p.next())
        if (auto* m = std::get_if<ami::Message>(&*o)) out.push_back(std::move(*m));
    return out;
}

bool is_banner_chunk(const ami::TranscriptChunk& c) { return c.bytes.rfind("Asterisk Call Manager/", 0) == 0; }

// Replaces the value of "ActionID:" lines found in the map, leaving every other byte as is.
std::string substitute_action_ids(const std::string& bytes, const std::map<std::string, std::string>& ids) {
    if (ids.empty()) return bytes;
    std::string out;
    out.reserve(bytes.size() + 16);
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        std::size_t nl = bytes.find('\n', pos);
        std::size_t end = nl == std::string::npos ? bytes.size() : nl + 1;
        std::string_view line(bytes.data() + pos, end - pos);
        constexpr std::string_view key = "ActionID:";
        if (line.size() > key.size() && ami::iequals(line.substr(0, key.size()), key)) {
            std::string_view rest = line.substr(key.size());
            std::size_t eol = rest.find_first_of("\r\n");
            std::string_view value = rest.substr(0, eol);
            std::string_view tail = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol);
            std::size_t lead = value.find_first_not_of(' ');
            std::string_view trimmed = lead == std::string_view::npos ? std::string_view{} : value.substr(lead);
            auto it = ids.find(std::string(trimmed));
            if (it != ids.end()) {
                out.append(line.substr(0, key.size()));
                out.append(" ");
                out.append(it->second);
                out.append(tail);
                pos = end;
                continue;
            }
        }
        out.append(line);
        pos = end;
    }
    return out;
}

}  // namespace

std::vector<ami::Message> server_messages(const ami::Transcript& t) {
    std::vector<ami::Message> out;
    for (const auto& c : t.chunks)
        if (c.direction == Direction::from_asterisk && !is_banner_chunk(c))
            for (auto& m : parse_messages(c.bytes)) out.push_back(std::move(m));
    return out;
}

std::vector<ami::Message> server_events(const ami::Transcript& t) {
    std::vector<ami::Message> out;
    for (auto& m : server_messages(t))
        if (m.kind() == ami::MessageKind::event) out.push_back(std::move(m));
    return out;
}

std::vector<ami::Message> client_actions(const ami::Transcript& t) {
    std::vector<ami::Message> out;
    for (const auto& c : t.chunks)
        if (c.direction == Direction::from_client)
            for (auto& m : parse_messages(c.bytes)) out.push_back(std::move(m));
    return out;
}

// One accepted connection replaying the transcript.
struct Session : std::enable_shared_from_this<Session> {
    Session(std::shared_ptr<ReplayServer::State> state, std::size_t i, asio::io_context& io)
        : owner(std::move(state)), server(*owner), index(i), stream(io), timer(io) {}

    void start();
    void step();
    void on_action(ami::Message action);
    void write(std::string bytes);
    void do_write();
    void read();
    void close();
    void fail(const std::string& what);
    ReplaySession& record();

    std::shared_ptr<ReplayServer::State> owner;  // keeps the server state alive for late handlers
    ReplayServer::State& server;
    std::size_t index;
    ami::Stream stream;
    asio::steady_timer timer;
    ami::Parser parser{false};
    std::array<char, 8192> buffer{};
    std::deque<std::string> out;
    bool writing = false;
    bool close_after_write = false;
    std::size_t next_chunk = 0;
    std::optional<ami::Message> expected;  // the action the transcript shows next
    int expected_line = 0;
    std::chrono::steady_clock::time_point started;
};

struct ReplayServer::State : std::enable_shared_from_this<ReplayServer::State> {
    State(asio::io_context& io_, ami::Transcript t, ReplayOptions o)
        : io(io_), transcript(std::move(t)), options(std::move(o)), acceptor(io_) {}

    void accept();

    asio::io_context& io;
    ami::Transcript transcript;
    ReplayOptions options;
    tcp::acceptor acceptor;
    std::vector<std::string> mismatches;
    std::vector<ReplaySession> sessions;
    std::vector<std::shared_ptr<Session>> live;
    bool stopped = false;
};

void ReplayServer::State::accept() {
    if (stopped || static_cast<int>(sessions.size()) >= options.sessions) return;
    auto session = std::make_shared<Session>(shared_from_this(), sessions.size(), io);
    acceptor.async_accept(session->stream.socket(), [self = shared_from_this(), session](const error_code& ec) {
        if (ec || self->stopped) return;
        self->sessions.emplace_back();
        self->live.push_back(session);
        session->start();
        self->accept();
    });
}

ReplaySession& Session::record() { return server.sessions.at(index); }

void Session::fail(const std::string& what) {
    server.mismatches.push_back("session " + std::to_string(index + 1) + ": " + what);
}

void Session::start() {
    started = std::chrono::steady_clock::now();
    if (server.options.tls) {
        stream.start_tls(*server.options.tls);
        stream.tls().async_handshake(asio::ssl::stream_base::server, [self = shared_from_this()](const error_code& ec) {
            if (ec) {
                // A client refusing our certificate ends here; that is the client's business.
                self->close();
                return;
            }
            self->read();
            self->step();
        });
        return;
    }
    read();
    step();
}

void Session::step() {
    auto& chunks = server.transcript.chunks;
    std::string burst;
    while (next_chunk < chunks.size() && !record().closed) {
        const auto& c = chunks[next_chunk];
        if (c.direction == Direction::from_client) {
            auto msgs = parse_messages(c.bytes);
            if (msgs.empty()) {
                ++next_chunk;
                continue;
            }
            if (!burst.empty()) write(std::move(burst));
            expected = std::move(msgs.front());
            expected_line = c.line;
            timer.expires_after(server.options.expect_timeout);
            timer.async_wait([self = shared_from_this(), chunk = next_chunk](const error_code& ec) {
                if (ec || !self->expected || self->next_chunk != chunk || self->record().closed) return;
                self->fail("waited " + std::to_string(self->server.options.expect_timeout.count()) +
                           " ms for the client's " + std::string(self->expected->action_name()) +
                           " (transcript line " + std::to_string(self->expected_line) + "), got nothing");
                self->close();
            });
            return;  // on_action() resumes
        }
        if (server.options.time_scale > 0) {
            auto due = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                     std::chrono::duration<double>(c.time * server.options.time_scale));
            if (due > std::chrono::steady_clock::now()) {
                if (!burst.empty()) write(std::move(burst));
                timer.expires_at(due);
                timer.async_wait([self = shared_from_this(), chunk = next_chunk](const error_code& ec) {
                    if (ec || self->next_chunk != chunk || self->record().closed) return;
                    self->write(substitute_action_ids(self->server.transcript.chunks[chunk].bytes,
                                                      self->record().action_ids));
                    ++self->next_chunk;
                    self->step();
                });
                return;
            }
        }
        // Consecutive server chunks go out in one write, as Asterisk's bursts did.
        burst += substitute_action_ids(c.bytes, record().action_ids);
        ++next_chunk;
    }
    if (!burst.empty()) write(std::move(burst));
    if (next_chunk >= chunks.size() && !record().completed) {
        record().completed = true;
        if (server.options.close_at_end) {
            close_after_write = true;
            if (!writing) close();
        }
    }
}

void Session::on_action(ami::Message action) {
    record().actions.push_back(action);
    const auto& opt = server.options;
    if (expected && ami::iequals(expected->action_name(), action.action_name())) {
        const std::string where = std::string(action.action_name()) + " (transcript line " +
                                  std::to_string(expected_line) + ")";
        for (const auto& h : expected->headers()) {
            if (ami::iequals(h.name, "ActionID")) {
                if (action.action_id().empty()) fail(where + ": the client sent no ActionID");
                record().action_ids[h.value] = std::string(action.action_id());
                continue;
            }
            if (ami::iequals(h.name, "Action") || opt.ignored_headers.count(h.name)) continue;
            auto got = action.find(h.name);
            if (!got) fail(where + ": header " + h.name + " missing, transcript has '" + h.value + "'");
            else if (*got != h.value)
                fail(where + ": header " + h.name + " is '" + std::string(*got) + "', transcript has '" + h.value + "'");
        }
        expected.reset();
        timer.cancel();
        ++next_chunk;
        step();
        return;
    }
    record().unexpected.push_back(action);
    const bool tolerated = opt.tolerated_actions.count(std::string(action.action_name())) != 0;
    const bool ping = opt.answer_pings && ami::iequals(action.action_name(), "Ping");
    if (ping) {
        write("Response: Success\r\nActionID: " + std::string(action.action_id()) + "\r\nPing: Pong\r\n\r\n");
        return;
    }
    if (!tolerated)
        fail("unexpected action " + ami::to_debug_string(action) +
             (expected ? "; the transcript expects " + std::string(expected->action_name()) + " (line " +
                             std::to_string(expected_line) + ")"
                       : std::string("; the transcript expects nothing more")));
}

void Session::write(std::string bytes) {
    if (record().closed) return;
    out.push_back(std::move(bytes));
    if (!writing) do_write();
}

void Session::do_write() {
    writing = true;
    stream.async_write(asio::buffer(out.front()), [self = shared_from_this()](const error_code& ec, std::size_t) {
        self->writing = false;
        if (ec) {
            self->close();
            return;
        }
        self->out.pop_front();
        if (!self->out.empty()) self->do_write();
        else if (self->close_after_write) self->close();
    });
}

void Session::read() {
    stream.async_read_some(asio::buffer(buffer), [self = shared_from_this()](const error_code& ec, std::size_t n) {
        if (self->record().closed) return;
        if (ec) {
            self->record().client_closed = true;
            self->close();
            return;
        }
        self->parser.feed(std::string_view(self->buffer.data(), n));
        while (auto o = self->parser.next()) {
            if (auto* m = std::get_if<ami::Message>(&*o)) self->on_action(std::move(*m));
            else if (auto* e = std::get_if<ami::ParseError>(&*o)) self->fail("unparsable client bytes: " + e->detail);
            if (self->record().closed) return;
        }
        self->read();
    });
}

void Session::close() {
    if (record().closed) return;
    record().closed = true;
    timer.cancel();
    stream.close();
}

ReplayServer::ReplayServer(asio::io_context& io, ami::Transcript transcript, ReplayOptions options)
    : state_(std::make_shared<State>(io, std::move(transcript), std::move(options))) {
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
    state_->acceptor.open(ep.protocol());
    state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    state_->acceptor.bind(ep);
    state_->acceptor.listen();
    state_->sessions.reserve(static_cast<std::size_t>(std::max(state_->options.sessions, 0)));
    state_->accept();
}

ReplayServer::~ReplayServer() { stop(); }

unsigned short ReplayServer::port() const { return state_->acceptor.local_endpoint().port(); }
const ami::Transcript& ReplayServer::transcript() const { return state_->transcript; }
const std::vector<std::string>& ReplayServer::mismatches() const { return state_->mismatches; }
const std::vector<ReplaySession>& ReplayServer::sessions() const { return state_->sessions; }

bool ReplayServer::done() const {
    if (static_cast<int>(state_->sessions.size()) < state_->options.sessions) return false;
    for (const auto& s : state_->sessions)
        if (!s.closed) return false;
    return true;
}

void ReplayServer::stop() {
    if (state_->stopped) return;
    state_->stopped = true;
    error_code ignored;
    state_->acceptor.close(ignored);
    for (auto& s : state_->live) s->close();
    state_->live.clear();
}

bool run_until(asio::io_context& io, const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
        if (std::chrono::steady_clock::now() >= end) return false;
        if (io.stopped()) io.restart();
        io.run_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace test_support
