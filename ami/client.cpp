#include "ami/client.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <deque>
#include <exception>
#include <limits>
#include <random>
#include <set>
#include <stdexcept>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "ami/action_tracker.hpp"
#include "ami/http_transport.hpp"
#include "ami/log.hpp"
#include "ami/md5_login.hpp"
#include "ami/parser.hpp"
#include "ami/stream.hpp"
#include "ami/writer.hpp"

namespace ami {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using std::chrono::milliseconds;

std::string builtin_write_class(std::string_view action) {
    // From the registrations in Asterisk 22 (manager.c and the modules); when Asterisk lists
    // several classes, any one suffices, and the one a CTI bridge user is given is named.
    static const std::map<std::string, std::string, std::less<>> table = {
        {"originate", "originate"},     {"hangup", "call"},          {"redirect", "call"},
        {"blindtransfer", "call"},      {"atxfer", "call"},          {"playdtmf", "call"},
        {"setvar", "call"},             {"getvar", "call"},          {"status", "call"},
        {"devicestatelist", "call"},    {"extensionstatelist", "call"},
        {"queueadd", "agent"},          {"queueremove", "agent"},    {"queuepause", "agent"},
        {"coreshowchannels", "reporting"}, {"queuestatus", "reporting"},
        {"coresettings", "system"},     {"corestatus", "system"},    {"dbput", "system"},
        {"dbget", "system"},            {"dbdel", "system"},         {"command", "command"},
    };
    std::string key(action);
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    auto it = table.find(key);
    return it == table.end() ? std::string{} : it->second;
}

namespace {
std::atomic<unsigned> client_counter{0};

std::string ms_text(milliseconds d) { return std::to_string(d.count()) + " ms"; }
}  // namespace

// One TCP/TLS connection; replaced on every attempt so stale handlers can recognise
// themselves (conn != conn_) and do nothing.
struct Connection {
    explicit Connection(asio::io_context& io) : stream(io) {}
    Stream stream;
    Parser parser{true};
    std::array<char, 16384> buffer{};
    std::deque<std::string> out;
    bool writing = false;
    bool closed = false;
    std::shared_ptr<HttpTransport> http;  // AMI over HTTP: stands in for the stream
};

class ClientImpl : public std::enable_shared_from_this<ClientImpl> {
public:
    ClientImpl(asio::io_context& io, ClientConfig cfg)
        : io_(io),
          cfg_(std::move(cfg)),
          peer_(cfg_.name.empty() ? cfg_.host + ":" + std::to_string(cfg_.port) : cfg_.name),
          log_(logger()),
          tracker_(cfg_.action_id_prefix.empty() ? "ami" + std::to_string(++client_counter) + "-"
                                                 : cfg_.action_id_prefix,
                   cfg_.max_list_items),
          resolver_(io),
          connect_timer_(io),
          retry_timer_(io),
          deadline_timer_(io),
          keepalive_timer_(io),
          rng_(std::random_device{}()) {
        if (cfg_.tls) make_tls_context();
    }

    enum class State { idle, connecting, logging_in, up, stopping, stopped };

    // --- public API ---------------------------------------------------------------------
    void start() {
        if (state_ != State::idle && state_ != State::stopped) return;
        stop_requested_ = false;
        connect();
    }

    void stop(std::function<void()> done) {
        if (done) stop_done_.push_back(std::move(done));
        // Set first: stop() may be called from a link callback in the middle of drop(),
        // which must then not schedule a reconnect.
        stop_requested_ = true;
        if (state_ == State::stopping) return;  // Logoff already on its way
        if (state_ == State::up && conn_) {
            state_ = State::stopping;
            log_->info("[{}] logging off", peer_);
            send_internal(Message::action("Logoff"), cfg_.logoff_timeout,
                          [self = shared_from_this()](ActionResult) { self->finish_stop(); });
            return;
        }
        finish_stop();
    }

    void shutdown_now() {
        queue_.clear();  // the owner is going away: nobody to deliver to
        subscriber_ = nullptr;
        link_handler_ = nullptr;
        resync_ = nullptr;
        stop_requested_ = true;
        stop_done_.clear();
        finish_stop();
    }

    void send(Message action, ActionCallback callback, std::optional<milliseconds> timeout, ItemCallback on_item = {}) {
        if (!callback) callback = [](ActionResult) {};
        if (state_ != State::up) {
            ActionResult r;
            r.error = ErrorCode::not_connected;
            r.error_text = std::string(action.action_name()) + ": not logged in to " + peer_;
            asio::post(io_, [cb = std::move(callback), r = std::move(r)]() mutable { cb(std::move(r)); });
            return;
        }
        if (cfg_.max_pending_actions && tracker_.pending() >= cfg_.max_pending_actions) {
            ActionResult r;
            r.error = ErrorCode::busy;
            r.error_text = std::string(action.action_name()) + ": " + std::to_string(tracker_.pending()) +
                           " actions already wait for an answer from " + peer_ + " (max_pending_actions)";
            asio::post(io_, [cb = std::move(callback), r = std::move(r)]() mutable { cb(std::move(r)); });
            return;
        }
        std::string name(action.action_name());
        const bool streamed = static_cast<bool>(on_item);
        if (streamed)
            on_item = [self = shared_from_this(), f = std::move(on_item)](const Message& item) {
                self->flush_events();  // what Asterisk sent before this item comes first
                f(item);
            };
        send_internal(std::move(action), timeout.value_or(cfg_.action_timeout),
                      [self = shared_from_this(), name, streamed, cb = std::move(callback)](ActionResult r) {
                          if (r.error == ErrorCode::permission_denied) self->note_permission_denied(name, r);
                          if (streamed) self->flush_events();
                          cb(std::move(r));
                      },
                      std::move(on_item));
    }

    // --- state that the facade exposes --------------------------------------------------
    asio::io_context& io_;
    ClientConfig cfg_;
    std::string peer_;
    std::string banner_;
    std::string version_;
    std::set<std::string> missing_classes_;
    ClientStats stats_;
    State state_ = State::idle;
    std::function<void(const Message&)> subscriber_;
    std::function<void(const LinkStatus&)> link_handler_;
    std::function<void()> resync_;

private:
    // --- connection set-up --------------------------------------------------------------
    void make_tls_context() {
        tls_ctx_.emplace(asio::ssl::context::tls_client);
        tls_ctx_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                              asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                              asio::ssl::context::no_tlsv1_1);
        if (!cfg_.verify) {
            tls_ctx_->set_verify_mode(asio::ssl::verify_none);
            return;
        }
        tls_ctx_->set_verify_mode(asio::ssl::verify_peer);
        error_code ec;
        if (cfg_.ca_file.empty()) tls_ctx_->set_default_verify_paths(ec);
        else tls_ctx_->load_verify_file(cfg_.ca_file, ec);
        if (ec)
            throw std::runtime_error("AMI client " + peer_ + ": cannot load CA " +
                                     (cfg_.ca_file.empty() ? std::string("store") : "file " + cfg_.ca_file) +
                                     ": " + ec.message());
    }

    void connect() {
        state_ = State::connecting;
        reading_paused_ = false;
        resume_posted_ = false;
        auto conn = std::make_shared<Connection>(io_);
        conn_ = conn;
        log_->debug("[{}] connecting{}{}", peer_, cfg_.http ? " (AMI over HTTP)" : "", cfg_.tls ? " (TLS)" : "");
        connect_timer_.expires_after(cfg_.connect_timeout);
        connect_timer_.async_wait([self = shared_from_this(), conn](const error_code& ec) {
            if (ec || conn != self->conn_ || self->state_ != State::connecting) return;
            self->drop(ErrorCode::connect_timeout,
                       "no connection to " + self->peer_ + " within " + ms_text(self->cfg_.connect_timeout) +
                           (self->banner_seen_ ? "" : " (TCP connect, TLS handshake and banner)"));
        });
        banner_seen_ = false;
        if (cfg_.http) return start_http(conn);
        resolver_.async_resolve(cfg_.host, std::to_string(cfg_.port),
                                [self = shared_from_this(), conn](const error_code& ec, tcp::resolver::results_type results) {
                                    if (conn != self->conn_ || self->state_ != State::connecting) return;
                                    if (ec) {
                                        self->drop(ErrorCode::connect_failed,
                                                   "cannot resolve " + self->cfg_.host + ": " + ec.message());
                                        return;
                                    }
                                    self->on_resolved(conn, std::move(results));
                                });
    }

    void on_resolved(const std::shared_ptr<Connection>& conn, tcp::resolver::results_type results) {
        asio::async_connect(conn->stream.socket(), results,
                            [self = shared_from_this(), conn](const error_code& ec, const tcp::endpoint&) {
                                if (conn != self->conn_ || self->state_ != State::connecting) return;
                                if (ec) {
                                    self->drop(ErrorCode::connect_failed,
                                               "cannot connect to " + self->peer_ + ": " + ec.message());
                                    return;
                                }
                                self->on_connected(conn);
                            });
    }

    void on_connected(const std::shared_ptr<Connection>& conn) {
        if (!cfg_.tls) {
            log_->debug("[{}] TCP connected, waiting for the banner", peer_);
            read(conn);
            return;
        }
        conn->stream.start_tls(*tls_ctx_);
        const std::string& name = cfg_.server_name.empty() ? cfg_.host : cfg_.server_name;
        // SNI, so a TLS front end can pick the certificate; then the name check itself.
        SSL_set_tlsext_host_name(conn->stream.tls().native_handle(), name.c_str());
        // OpenSSL's own name check (RFC 6125): a mismatch reads "hostname mismatch" in the
        // error, where a verify callback would only leave "unspecified" behind.
        if (cfg_.verify) {
            X509_VERIFY_PARAM* param = SSL_get0_param(conn->stream.tls().native_handle());
            error_code ip_ec;
            asio::ip::make_address(name, ip_ec);
            if (!ip_ec) X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str());
            else SSL_set1_host(conn->stream.tls().native_handle(), name.c_str());
        }
        conn->stream.tls().async_handshake(
            asio::ssl::stream_base::client, [self = shared_from_this(), conn](const error_code& ec) {
                if (conn != self->conn_ || self->state_ != State::connecting) return;
                if (ec) {
                    self->drop(ErrorCode::tls_failed, "TLS handshake with " + self->peer_ + " failed: " +
                                                          ec.message() + self->tls_verify_detail(conn));
                    return;
                }
                self->log_->debug("[{}] TLS established, waiting for the banner", self->peer_);
                self->read(conn);
            });
    }

    // AMI over HTTP: the transport's bytes go to the parser as the socket's would; its end
    // is a lost link (or the end of a stop).
    void start_http(const std::shared_ptr<Connection>& conn) {
        HttpTransportSettings h{cfg_.host, cfg_.port, cfg_.http_path, tls_ctx_ ? &*tls_ctx_ : nullptr, cfg_.verify,
                                cfg_.server_name, cfg_.http_wait_event, cfg_.action_timeout, peer_};
        std::weak_ptr<ClientImpl> weak = shared_from_this();
        conn->http = HttpTransport::create(
            io_, std::move(h),
            [weak, conn](std::string_view bytes) {
                auto self = weak.lock();
                if (!self || conn != self->conn_ || conn->closed) return;
                conn->parser.feed(bytes);
                self->pump(conn);  // pauses the WaitEvent loop while the subscriber is behind
            },
            [weak, conn](ErrorCode code, const std::string& why) {
                auto self = weak.lock();
                if (!self || conn != self->conn_ || conn->closed) return;
                if (self->state_ == State::stopping) self->finish_stop();
                else self->drop(self->state_ == State::connecting ? code : ErrorCode::link_lost, why);
            });
        conn->http->start();
    }

    // OpenSSL's reason for a failed chain/name check ("self-signed certificate", "hostname
    // mismatch"), which the handshake error alone does not say.
    std::string tls_verify_detail(const std::shared_ptr<Connection>& conn) {
        const long v = SSL_get_verify_result(conn->stream.tls().native_handle());
        if (v == X509_V_OK) return {};
        return " (certificate verification: " + std::string(X509_verify_cert_error_string(v)) + ")";
    }

    // --- reading --------------------------------------------------------------------------
    void read(const std::shared_ptr<Connection>& conn) {
        conn->stream.async_read_some(
            asio::buffer(conn->buffer), [self = shared_from_this(), conn](const error_code& ec, std::size_t n) {
                if (conn != self->conn_ || conn->closed) return;
                if (ec) {
                    self->on_read_error(ec);
                    return;
                }
                conn->parser.feed(std::string_view(conn->buffer.data(), n));
                self->pump(conn);
            });
    }

    // Hands parsed messages on while the subscriber keeps up. With max_queued_events waiting
    // for it, reading stops (the rest stays in the parser and in the socket, and TCP pushes
    // back to Asterisk) until the queue is half empty: no event is ever dropped. Should
    // Asterisk then give up on the bridge and close the link, the owner's resync after the
    // reconnect rebuilds its state.
    void pump(const std::shared_ptr<Connection>& conn) {
        while (conn == conn_ && !conn->closed) {
            if (queue_.size() >= std::max<std::size_t>(cfg_.max_queued_events, 1)) {
                if (!reading_paused_) {
                    ++stats_.read_pauses;
                    log_->log(stats_.read_pauses == 1 || stats_.read_pauses % 1000 == 0 ? spdlog::level::warn
                                                                                       : spdlog::level::debug,
                              "[{}] {} events wait for the subscriber: reading paused until it catches up ({} pauses)",
                              peer_, queue_.size(), stats_.read_pauses);
                }
                reading_paused_ = true;
                break;
            }
            auto out = conn->parser.next();
            if (!out) break;
            on_output(conn, std::move(*out));
        }
        drain_events();
        if (conn != conn_ || conn->closed) return;
        if (conn->http) conn->http->set_paused(reading_paused_);
        else if (!reading_paused_) read(conn);
    }

    // Posted, never from inside pump(): while paused no read is outstanding, and the flag
    // stays set until this handler runs, so there is never a second read on the socket.
    void resume_reading() {
        if (!reading_paused_ || resume_posted_ || queue_.size() > cfg_.max_queued_events / 2) return;
        resume_posted_ = true;
        asio::post(io_, [self = shared_from_this(), conn = conn_] {
            self->resume_posted_ = false;
            if (!self->reading_paused_ || !conn || conn != self->conn_ || conn->closed) return;
            self->reading_paused_ = false;
            self->log_->info("[{}] subscriber caught up: reading again", self->peer_);
            self->pump(conn);
        });
    }

    void on_read_error(const error_code& ec) {
        const bool eof = ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
        const std::string why = eof ? "connection closed by " + peer_ : "read from " + peer_ + " failed: " + ec.message();
        if (state_ == State::stopping) {
            finish_stop();
            return;
        }
        if (state_ == State::connecting)
            drop(ErrorCode::connect_failed, why + " before the banner");
        else if (state_ == State::logging_in)
            drop(ErrorCode::link_lost, why + " during login");
        else
            drop(ErrorCode::link_lost, why);
    }

    void on_output(const std::shared_ptr<Connection>& conn, ParserOutput out) {
        if (auto* b = std::get_if<Banner>(&out)) {
            on_banner(conn, *b);
        } else if (auto* e = std::get_if<ParseError>(&out)) {
            if (e->code == ParseError::Code::bad_banner && !banner_seen_) {
                drop(ErrorCode::bad_banner, peer_ + " is not an Asterisk Call Manager: " + e->detail);
                return;
            }
            ++stats_.parse_errors;
            log_->warn("[{}] AMI parse error ({}): {}; session continues", peer_, to_string(e->code), e->detail);
        } else {
            on_message(std::get<Message>(std::move(out)));
        }
    }

    void on_banner(const std::shared_ptr<Connection>&, const Banner& b) {
        banner_seen_ = true;
        connect_timer_.cancel();
        banner_ = b.text;
        version_ = b.version;
        log_->info("[{}] connected{}: {}", peer_, cfg_.tls ? " (TLS)" : "", banner_);
        begin_login();
    }

    void on_message(Message m) {
        if (m.invalid_utf8) log_->debug("[{}] message with invalid UTF-8: {}", peer_, to_debug_string(m));
        if (tracker_.on_message(m)) {
            rearm_deadline();
            return;
        }
        if (m.kind() == MessageKind::event) {
            enqueue_event(std::move(m));
            return;
        }
        log_->debug("[{}] unmatched message (late answer to a timed-out action?): {}", peer_, to_debug_string(m));
    }

    // --- events -------------------------------------------------------------------------
    // Events go through a bounded queue drained at most delivery_batch per io_context turn,
    // so a burst never starves the socket reads, Pong handling and timers. Normally the
    // queue is empty and each read's events are delivered within the same handler.
    void enqueue_event(Message m) {
        ++stats_.events_received;
        queue_.push_back(std::move(m));  // bounded by pump(), which stops reading when full
    }

    // Events read before the link went down (or before Goodbye) happened: deliver them
    // all, before the link report, so the owner sees them in order.
    void flush_events() { drain_events(std::numeric_limits<std::size_t>::max()); }

    void drain_events() { drain_events(cfg_.delivery_batch); }

    void drain_events(std::size_t batch) {
        std::size_t n = 0;
        while (!queue_.empty() && n < batch) {
            Message m = std::move(queue_.front());
            queue_.pop_front();
            ++n;
            ++stats_.events_delivered;
            if (!subscriber_) continue;
            try {
                subscriber_(m);
            } catch (const std::exception& ex) {
                log_->error("[{}] event subscriber threw on {}: {}", peer_, m.event_name(), ex.what());
            }
        }
        resume_reading();
        if (!queue_.empty() && !drain_posted_) {
            drain_posted_ = true;
            asio::post(io_, [self = shared_from_this()] {
                self->drain_posted_ = false;
                self->drain_events();
            });
        }
    }

    // --- login --------------------------------------------------------------------------
    void begin_login() {
        state_ = State::logging_in;
        if (cfg_.auth == AuthMode::plain) {
            login_plain();
            return;
        }
        Message challenge = Message::action("Challenge");
        challenge.add("AuthType", "MD5");
        send_internal(std::move(challenge), cfg_.action_timeout, [self = shared_from_this()](ActionResult r) {
            if (self->state_ != State::logging_in) return;
            if (r.ok() && r.response.has("Challenge")) {
                self->login_md5(std::string(r.response.get("Challenge")));
            } else if (r.error == ErrorCode::error_response && self->cfg_.auth == AuthMode::automatic) {
                self->log_->info("[{}] MD5 challenge refused ({}), using plain Login", self->peer_, r.error_text);
                self->login_plain();
            } else {
                self->login_failed(std::move(r));
            }
        });
    }

    void login_md5(const std::string& challenge) {
        Message login = Message::action("Login");
        login.add("AuthType", "MD5");
        login.add("Username", cfg_.username);
        login.add("Key", md5_login_key(challenge, cfg_.secret));
        login.add("Events", cfg_.events);
        send_login(std::move(login), "MD5");
    }

    void login_plain() {
        Message login = Message::action("Login");
        login.add("Username", cfg_.username);
        login.add("Secret", cfg_.secret);
        login.add("Events", cfg_.events);
        send_login(std::move(login), "plain");
    }

    void send_login(Message login, const char* how) {
        send_internal(std::move(login), cfg_.action_timeout, [self = shared_from_this(), how](ActionResult r) {
            if (self->state_ != State::logging_in) return;
            if (!r.ok()) {
                self->login_failed(std::move(r));
                return;
            }
            self->log_->info("[{}] logged in as '{}' ({} login, Events: {})", self->peer_, self->cfg_.username, how,
                             self->cfg_.events);
            self->on_logged_in();
        });
    }

    void login_failed(ActionResult r) {
        if (r.error == ErrorCode::link_lost || r.error == ErrorCode::stopped) return;  // already reported
        if (iequals(r.response.get("Message"), "Authentication failed"))
            drop(ErrorCode::auth_failed, "login as '" + cfg_.username + "' on " + peer_ +
                                             " refused: Authentication failed (check username/secret)");
        else
            drop(r.error == ErrorCode::timeout ? ErrorCode::timeout : ErrorCode::auth_failed,
                 "login as '" + cfg_.username + "' on " + peer_ + " failed: " + r.error_text);
    }

    void on_logged_in() {
        state_ = State::up;
        up_since_ = ActionTracker::clock::now();  // attempt_ resets only once the link proved stable (drop())
        ++stats_.logins;
        arm_keepalive();
        report({LinkState::up, ErrorCode::ok, "logged in to " + peer_ + " (" + banner_ + ")"});
        if (resync_ && state_ == State::up) resync_();
    }

    // --- capabilities -------------------------------------------------------------------
    void note_permission_denied(const std::string& action, const ActionResult& r) {
        auto it = cfg_.action_write_class.find(action);
        std::string cls = it != cfg_.action_write_class.end() ? it->second : builtin_write_class(action);
        if (cls.empty()) {
            log_->warn("[{}] {} answered Permission denied (ActionID {}); its write class is unknown", peer_, action,
                       r.response.action_id());
            return;
        }
        if (!missing_classes_.insert(cls).second) return;
        const bool required = std::find(cfg_.required_write_classes.begin(), cfg_.required_write_classes.end(),
                                        cls) != cfg_.required_write_classes.end();
        log_->warn("[{}] AMI user '{}' lacks the write class '{}'{}: {} (ActionID {}) answered Permission denied; "
                   "add it to the user's write= line in manager.conf",
                   peer_, cfg_.username, cls, required ? " the bridge needs" : "", action, r.response.action_id());
    }

    // --- keepalive ----------------------------------------------------------------------
    void arm_keepalive() {
        if (cfg_.keepalive_interval.count() <= 0) return;
        keepalive_timer_.expires_after(cfg_.keepalive_interval);
        keepalive_timer_.async_wait([self = shared_from_this(), conn = conn_](const error_code& ec) {
            if (ec || conn != self->conn_ || self->state_ != State::up) return;
            self->send_internal(Message::action("Ping"), self->cfg_.pong_timeout, [self, conn](ActionResult r) {
                if (conn != self->conn_ || self->state_ != State::up) return;
                if (r.error == ErrorCode::timeout) {
                    self->drop(ErrorCode::link_lost, "no Pong from " + self->peer_ + " within " +
                                                         ms_text(self->cfg_.pong_timeout) + ": link considered lost");
                    return;
                }
                if (!r.ok()) self->log_->warn("[{}] Ping: {}", self->peer_, r.error_text);
                self->arm_keepalive();
            });
        });
    }

    // --- writing ------------------------------------------------------------------------
    void send_internal(Message action, milliseconds timeout, ActionCallback cb, ItemCallback on_item = {}) {
        const std::string id = tracker_.next_id();
        action.set("ActionID", id);
        Serialized s = serialize_action(action);
        std::string name(action.action_name());
        if (!s.ok()) {
            ActionResult r;
            r.error = ErrorCode::rejected_by_writer;
            r.error_text = (name.empty() ? std::string("action") : name) + " (ActionID " + id + ") refused: " + s.error;
            log_->warn("[{}] {}", peer_, r.error_text);
            asio::post(io_, [cb = std::move(cb), r = std::move(r)]() mutable { cb(std::move(r)); });
            return;
        }
        log_->debug("[{}] -> {} ActionID {}", peer_, name, id);
        tracker_.add(id, name, timeout, ActionTracker::clock::now(), std::move(cb), std::move(on_item));
        rearm_deadline();
        ++stats_.actions_sent;
        if (conn_ && conn_->http) conn_->http->send(action);
        else write(conn_, std::move(s.bytes));
    }

    void write(const std::shared_ptr<Connection>& conn, std::string bytes) {
        if (!conn || conn->closed) return;
        conn->out.push_back(std::move(bytes));
        if (!conn->writing) do_write(conn);
    }

    void do_write(const std::shared_ptr<Connection>& conn) {
        conn->writing = true;
        conn->stream.async_write(asio::buffer(conn->out.front()),
                                 [self = shared_from_this(), conn](const error_code& ec, std::size_t) {
                                     conn->writing = false;
                                     if (conn != self->conn_ || conn->closed) return;
                                     if (ec) {
                                         if (self->state_ == State::stopping) self->finish_stop();
                                         else self->drop(ErrorCode::link_lost, "write to " + self->peer_ +
                                                                                   " failed: " + ec.message());
                                         return;
                                     }
                                     conn->out.pop_front();
                                     if (!conn->out.empty()) self->do_write(conn);
                                 });
    }

    // --- timeouts -----------------------------------------------------------------------
    void rearm_deadline() {
        auto next = tracker_.next_deadline();
        if (!next) {
            if (deadline_armed_) deadline_timer_.cancel();
            deadline_armed_ = false;
            return;
        }
        if (deadline_armed_ && armed_at_ <= *next) return;
        deadline_armed_ = true;
        armed_at_ = *next;
        deadline_timer_.expires_at(*next);
        deadline_timer_.async_wait([self = shared_from_this(), at = *next](const error_code& ec) {
            if (ec || self->armed_at_ != at || !self->deadline_armed_) return;
            self->deadline_armed_ = false;
            self->tracker_.expire(ActionTracker::clock::now());
            if (self->state_ != State::stopped) self->rearm_deadline();
        });
    }

    // --- link loss, reconnect, stop -----------------------------------------------------
    void close_connection() {
        connect_timer_.cancel();
        keepalive_timer_.cancel();
        resolver_.cancel();
        if (conn_) {
            conn_->closed = true;
            conn_->stream.close();
            if (conn_->http) conn_->http->close();
        }
        conn_.reset();
    }

    // The connection (or the attempt) is over: fail what is pending, report, retry later.
    void drop(ErrorCode code, const std::string& why) {
        const bool was_up = state_ == State::up;
        state_ = State::idle;
        close_connection();
        flush_events();
        if (was_up) {
            ++stats_.link_losses;
            const auto up_for = ActionTracker::clock::now() - up_since_;
            if (up_for >= cfg_.stable_after) attempt_ = 0;
            log_->warn("[{}] link lost after {}: {}", peer_,
                       ms_text(std::chrono::duration_cast<milliseconds>(up_for)), why);
        } else {
            log_->warn("[{}] {}", peer_, why);
        }
        tracker_.fail_all(ErrorCode::link_lost, "link to " + peer_ + " lost (" + why + "); not re-sent");
        rearm_deadline();
        report({LinkState::down, code, why});
        if (stop_requested_) {
            finish_stop();
            return;
        }
        schedule_reconnect();
    }

    void schedule_reconnect() {
        if (!cfg_.reconnect) {
            state_ = State::idle;
            return;
        }
        // Exponential back-off with "equal jitter": a delay in [d/2, d] so that a fleet of
        // bridges does not reconnect in lock-step after an Asterisk restart.
        const auto min = std::max<long long>(1, cfg_.backoff_min.count());
        const auto max = std::max<long long>(min, cfg_.backoff_max.count());
        long long d = min;
        for (unsigned i = 0; i < attempt_ && d < max; ++i) d *= 2;
        d = std::min(d, max);
        std::uniform_int_distribution<long long> jitter(d / 2, d);
        const milliseconds delay{jitter(rng_)};
        ++attempt_;
        state_ = State::idle;
        waiting_retry_ = true;
        log_->info("[{}] reconnecting in {}", peer_, ms_text(delay));
        retry_timer_.expires_after(delay);
        retry_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
            if (ec || !self->waiting_retry_ || self->stop_requested_) return;
            self->waiting_retry_ = false;
            self->connect();
        });
    }

    void finish_stop() {
        const bool was_up = state_ == State::up || state_ == State::stopping;
        waiting_retry_ = false;
        retry_timer_.cancel();
        close_connection();
        flush_events();
        state_ = State::stopped;
        tracker_.fail_all(ErrorCode::stopped, "client stopped");
        deadline_timer_.cancel();
        deadline_armed_ = false;
        if (was_up) {
            log_->info("[{}] stopped", peer_);
            report({LinkState::down, ErrorCode::stopped, "client stopped"});
        }
        auto done = std::move(stop_done_);
        stop_done_.clear();
        for (auto& d : done) asio::post(io_, std::move(d));
    }

    void report(const LinkStatus& status) {
        if (link_handler_) link_handler_(status);
    }

    std::shared_ptr<spdlog::logger> log_;
    ActionTracker tracker_;
    std::optional<asio::ssl::context> tls_ctx_;
    tcp::resolver resolver_;
    asio::steady_timer connect_timer_;
    asio::steady_timer retry_timer_;
    asio::steady_timer deadline_timer_;
    asio::steady_timer keepalive_timer_;
    std::shared_ptr<Connection> conn_;
    std::deque<Message> queue_;
    bool drain_posted_ = false;
    bool reading_paused_ = false;  // the subscriber is behind (pump())
    bool resume_posted_ = false;
    ActionTracker::clock::time_point up_since_{};
    bool banner_seen_ = false;
    bool stop_requested_ = false;
    bool waiting_retry_ = false;
    bool deadline_armed_ = false;
    ActionTracker::clock::time_point armed_at_{};
    unsigned attempt_ = 0;
    std::mt19937 rng_;
    std::vector<std::function<void()>> stop_done_;
};

// --- facade -----------------------------------------------------------------------------
Client::Client(asio::io_context& io, ClientConfig config)
    : impl_(std::make_shared<ClientImpl>(io, std::move(config))) {}
Client::~Client() { impl_->shutdown_now(); }
void Client::start() { impl_->start(); }
void Client::stop(std::function<void()> done) { impl_->stop(std::move(done)); }
void Client::send(Message action, ActionCallback callback, std::optional<milliseconds> timeout) {
    impl_->send(std::move(action), std::move(callback), timeout);
}
void Client::send_list(Message action, ItemCallback on_item, ActionCallback callback, std::optional<milliseconds> timeout) {
    impl_->send(std::move(action), std::move(callback), timeout, std::move(on_item));
}
void Client::on_event(std::function<void(const Message&)> s) { impl_->subscriber_ = std::move(s); }
void Client::on_link(std::function<void(const LinkStatus&)> h) { impl_->link_handler_ = std::move(h); }
void Client::on_logged_in(std::function<void()> r) { impl_->resync_ = std::move(r); }
bool Client::logged_in() const { return impl_->state_ == ClientImpl::State::up; }
const std::string& Client::banner() const { return impl_->banner_; }
const std::string& Client::version() const { return impl_->version_; }
std::vector<std::string> Client::missing_write_classes() const {
    return {impl_->missing_classes_.begin(), impl_->missing_classes_.end()};
}
ClientStats Client::stats() const { return impl_->stats_; }
const ClientConfig& Client::config() const { return impl_->cfg_; }
const std::string& Client::peer() const { return impl_->peer_; }

}  // namespace ami
