#include "bridge/server/app.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include "bridge/server/console_api.hpp"
#include "bridge/server/console_http.hpp"
#include "bridge/server/memory_trim.hpp"
#include "bridge/server/server_tables.hpp"
#include "bridge/server/services.hpp"
#include "bridge/server/visibility.hpp"

namespace bridge {

namespace {

ami::ClientConfig client_config(const AsteriskServerConfig& s) {
    ami::ClientConfig c;
    c.host = s.host;
    c.port = s.port;
    c.name = s.name;
    c.tls = s.tls;
    c.http = s.transport == "http" || s.transport == "https";
    c.verify = s.verify;
    c.ca_file = s.ca_file;
    c.username = s.username;
    c.secret = s.secret;
    c.auth = s.auth == "md5" ? ami::AuthMode::md5 : s.auth == "plain" ? ami::AuthMode::plain : ami::AuthMode::automatic;
    c.connect_timeout = s.connect_timeout;
    c.action_timeout = s.action_timeout;
    c.keepalive_interval = s.ping_interval;
    c.action_id_prefix = "csta-" + s.name + "-";
    c.max_pending_actions = s.max_pending_actions;
    c.stable_after = s.stable_after;
    return c;
}

// Compares secrets in time independent of where they differ.
bool same_secret(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

double& BridgeApp::events_sent_counter(const csta::Event& e) {
    auto& slot = events_sent_by_type_[e.index()];
    if (!slot) slot = &metrics_.series("csta_bridge_csta_events_total", {{"type", std::string(csta::name(e))}});
    return *slot;
}

BridgeApp::BridgeApp(boost::asio::io_context& io, Config config, std::shared_ptr<const Table> table,
                     std::vector<std::string> table_files, std::string schema)
    : io_(io), config_(std::move(config)), base_table_(std::move(table)), table_files_(std::move(table_files)),
      schema_(std::move(schema)) {
    services_ = std::make_unique<ServiceRunner>(static_cast<ServiceHost&>(*this));
}

BridgeApp::~BridgeApp() {
    // The AMI clients go first, whatever order the members have: ~Client completes every
    // pending action with ErrorCode::stopped, and those callbacks answer sessions, feed the
    // call models and count metrics, all of which must still exist. A callback never sends
    // anything further once the client stopped (see on_logged_in's lost()).
    stopping_ = true;
    for (auto& l : links_) l->client.reset();
}

std::shared_ptr<const Table> BridgeApp::table_of(const std::string& server) const {
    for (const auto& l : links_)
        if (l->config.name == server) return l->table;
    return nullptr;
}

std::string BridgeApp::start() {
    for (const auto& server : config_.servers) {
        auto link = std::make_unique<AsteriskLink>();
        link->config = server;
        auto loaded = load_tables_for(server, table_files_, base_table_, schema_);  // overlays, site settings
        if (!loaded.ok()) return loaded.error;
        link->table = loaded.table;
        link->model = std::make_unique<CallModel>(link->table, link->config.device_prefix);
        link->model->set_trunk_endpoints(server.trunk_endpoints);  // the table's siteTrunks rules
        link->model->set_spill([this](std::vector<Emitted>&& part) { fan_out(part); });
        link->client = std::make_unique<ami::Client>(io_, client_config(server));
        links_.push_back(std::move(link));
    }
    for (const auto& l : config_.listeners) {
        auto listener = std::make_unique<Listener>(io_, l, *this, [this](const std::shared_ptr<Session>& s) {
            sessions_[s->id()] = s;
            metrics_.add("csta_bridge_sessions_total");
            if (auto why = admit(*s); !why.empty()) s->close(why);
        });
        if (auto err = listener->start(); !err.empty()) return err;
        listeners_.push_back(std::move(listener));
    }
    if (!config_.general.http_listen.empty()) {
        http_ = std::make_unique<HttpStatusServer>(
            io_, [this] { return health(); },
            [this] {
                refresh_gauges();
                return metrics_.render();
            });
        // The console keeps a tail of every device's events (up to ConsoleFeed::kTailBytes):
        // only worth its memory and its per-event work when somebody may log in to it.
        const bool console_users =
            std::any_of(config_.users.begin(), config_.users.end(), [](const UserConfig& u) { return u.console; });
        if (console_users) {
            console_api_ = std::make_unique<ConsoleApi>(io_, static_cast<const ConsoleSource&>(*this));
            console_http_ = std::make_unique<ConsoleHttp>(config_, *console_api_);
            http_->set_console(console_http_.get());
        }
        if (config_.http.tls)
            if (auto err = http_->use_tls(config_.http.cert_file, config_.http.key_file, config_.http.tls_min_version,
                                          config_.http.tls_ciphers); !err.empty()) return "[http] " + err;
        if (auto err = http_->listen(config_.general.http_listen); !err.empty()) return "[general] http-listen: " + err;
    }
    for (auto& link : links_) start_link(*link);
    return {};
}

void BridgeApp::start_link(AsteriskLink& link) {
    auto* l = &link;
    link.client->on_event([this, l](const ami::Message& m) { on_ami_event(*l, m); });
    link.client->on_link([this, l](const ami::LinkStatus& s) { on_link(*l, s); });
    link.client->on_logged_in([this, l] { on_logged_in(*l); });
    metrics_.set("csta_bridge_ami_link_up", 0, {{"server", link.config.name}});
    link.events_received = &metrics_.series("csta_bridge_ami_events_total", {{"server", link.config.name}});
    link.client->start();
}

void BridgeApp::on_ami_event(AsteriskLink& link, const ami::Message& m) {
    ++*link.events_received;
    fan_out(link.model->on_asterisk(m));
}

void BridgeApp::on_link(AsteriskLink& link, const ami::LinkStatus& status) {
    if (status.state == ami::LinkState::up) return;  // "up" is handled after resync (on_logged_in)
    ++link.losses;
    link.last_error = std::string(ami::to_string(status.error)) + (status.detail.empty() ? "" : ": " + status.detail);
    metrics_.set("csta_bridge_ami_link_up", 0, {{"server", link.config.name}});
    if (!link.up) {
        spdlog::warn("asterisk '{}': not connected ({})", link.config.name, link.last_error);
        return;
    }
    link.up = false;
    metrics_.add("csta_bridge_ami_reconnects_total", 1, {{"server", link.config.name}});
    spdlog::error("asterisk '{}': AMI link lost ({}); CSTA clients get SystemStatus disabled", link.config.name,
                  link.last_error);
    broadcast_system_status(csta::SystemStatusValue::disabled);
}

void BridgeApp::on_logged_in(AsteriskLink& link) {
    spdlog::info("asterisk '{}': logged in ({}), rebuilding the call state", link.config.name, link.client->banner());
    link.model->begin_resync();
    auto* l = &link;
    // The resync belongs to this connection: when the link drops meanwhile, the link stays
    // down (no SystemStatus enabled); the next login resyncs again.
    const auto losses = link.losses;
    auto lost = [l, losses](const char* step) {
        if (l->client && l->losses == losses && l->client->logged_in()) return false;
        spdlog::warn("asterisk '{}': AMI link lost during the resync ({}); it stays down", l->config.name, step);
        return true;
    };
    // Each list item is applied as it is read, never collected: a list of thousands of
    // channels or devices is not held in memory whole. Items of a list the link loses halfway
    // are harmless: the model stays resyncing, and the next login's list settles every channel.
    auto channel_item = [this, l](const ami::Message& item) { fan_out(l->model->on_asterisk(item)); };
    auto device_item = [l](const ami::Message& item) {
        if (auto dev = l->table->device_for_interface(std::string(item.get("Device"))))
            l->devices.insert(l->model->device_id(*dev));
    };
    auto channels_done = [this, l, lost, device_item](ami::ActionResult r) {
        if (lost("CoreShowChannels")) return;
        if (!r.ok()) spdlog::warn("asterisk '{}': CoreShowChannels failed: {}", l->config.name, r.error_text);
        if (r.list_complete) fan_out(l->model->on_asterisk(*r.list_complete));
        l->client->send_list(ami::Message::action("DeviceStateList"), device_item, [this, l, lost](ami::ActionResult d) {
            if (lost("DeviceStateList")) return;
            if (!d.ok()) spdlog::warn("asterisk '{}': DeviceStateList failed: {}", l->config.name, d.error_text);
            bool was_down = !l->up;
            l->up = true;
            l->last_error.clear();
            metrics_.set("csta_bridge_ami_link_up", 1, {{"server", l->config.name}});
            spdlog::info("asterisk '{}': ready, {} calls, {} known devices", l->config.name, l->model->call_count(),
                         l->devices.size());
            if (was_down) broadcast_system_status(system_status());
            if (console_api_) console_api_->link_ready(*l);
        });
    };
    link.client->send_list(ami::Message::action("CoreShowChannels"), channel_item, channels_done);
}

void BridgeApp::fan_out(const std::vector<Emitted>& emitted) {
    for (const auto& e : emitted) {
        new_calls_.observe(e);
        if (console_api_) console_api_->feed().observe(e);
        for (const auto& merged : e.merged_calls)
            if (const auto n = monitors_.move_call(merged, e.call_id))
                spdlog::info("call {}: merged into call {}, {} call monitor(s) follow it", merged, e.call_id, n);
        EventAudience audience;
        audience.call_id = e.call_id;
        for (const auto& r : e.recipients) audience.devices.emplace_back(r.device, r.state);
        const bool call_cleared = std::holds_alternative<csta::CallClearedEvent>(e.event);
        SharedEncodings shared;
        monitors_.deliver(e.event, audience, [&](const Monitor& m, csta::Event ev, const void* form) {
            auto it = sessions_.find(m.session);
            auto s = it == sessions_.end() ? nullptr : it->second.lock();
            // A call monitor sees its call only while the call has a device of its user
            // (CallCleared, which has no connection left, ends the monitor).
            if (m.is_call() && !call_cleared && !event_visible(s ? s->user() : recovery_.user_of(m.session), audience))
                return;
            if (s) {
                if (form) {
                    shared.select(form);
                    s->push_event(ev, shared);
                } else {
                    s->push_event(ev);
                }
                if (console_api_) console_api_->feed().count_event_out(m.session);
                ++events_sent_counter(ev);
            } else {
                recovery_.keep_event(m.session, ev);
            }
        });
        if (std::holds_alternative<csta::CallClearedEvent>(e.event))
            if (const auto n = monitors_.end_call(e.call_id))
                spdlog::info("call {}: cleared, {} call monitor(s) ended", e.call_id, n);
    }
}

csta::SystemStatusValue BridgeApp::system_status() const {
    std::size_t up = 0;
    for (const auto& l : links_) up += l->up ? 1 : 0;
    if (up == links_.size()) return csta::SystemStatusValue::enabled;
    return up == 0 ? csta::SystemStatusValue::disabled : csta::SystemStatusValue::partiallyDisabled;
}

void BridgeApp::broadcast_system_status(csta::SystemStatusValue value) {
    csta::SystemStatus status;
    status.systemStatus = links_.size() > 1 && value == csta::SystemStatusValue::disabled ? system_status() : value;
    for (auto& [id, weak] : sessions_)
        if (auto s = weak.lock()) s->push_request(status);
}

HealthReport BridgeApp::health() const {
    HealthReport h;
    h.healthy = !links_.empty();
    for (const auto& l : links_) {
        h.healthy = h.healthy && l->up;
        h.text += l->config.name + (l->up ? " up" : " down: " + (l->last_error.empty() ? "connecting" : l->last_error)) + "\n";
    }
    return h;
}

void BridgeApp::refresh_gauges() {
    std::map<std::string, double> by_encoding{{"XML", 0}, {"BER", 0}};
    for (const auto& [id, weak] : sessions_)
        if (auto s = weak.lock(); s && s->open()) by_encoding[s->dialect().substr(0, 3)] += 1;
    for (const auto& [enc, n] : by_encoding)
        if (enc == "XML" || enc == "BER") metrics_.set("csta_bridge_sessions", n, {{"encoding", enc}});
    metrics_.set("csta_bridge_monitors", static_cast<double>(monitors_.size()));
    for (const auto& l : links_)
        metrics_.set("csta_bridge_calls", static_cast<double>(l->model->call_count()), {{"server", l->config.name}});
    metrics_.set("csta_bridge_heap_in_use_bytes", static_cast<double>(heap_in_use_bytes()));
    metrics_.set("csta_bridge_resident_bytes", static_cast<double>(resident_bytes()));
}

namespace {
LoginDecision accepted(const UserConfig* user) {
    LoginDecision d;
    d.accepted = true;
    d.user = user;
    return d;
}
LoginDecision refused(std::string reason, std::string session_error = "invalidApplicationInfo") {
    LoginDecision d;
    d.reason = std::move(reason);
    d.session_error = std::move(session_error);
    return d;
}
}  // namespace

LoginDecision BridgeApp::login(Session& session, const LoginRequest& request) {
    auto decision = authenticate(session, request);
    if (!decision.accepted || request.recover_session_id.empty()) return decision;
    const std::string user = decision.user ? decision.user->name : std::string();
    // The client may notice a dead connection before the bridge does: its old session, still
    // open here, is closed now and so waits for this very recovery.
    std::shared_ptr<Session> still_open;
    for (const auto& [id, weak] : sessions_)
        if (auto s = weak.lock(); s && s.get() != &session && s->open() && s->session_id() == request.recover_session_id &&
                                  (s->user() ? s->user()->name : std::string()) == user)
            still_open = s;
    if (still_open) still_open->close("its sessionID is being recovered by session " + std::to_string(session.id()));
    const auto old = recovery_.claim(request.recover_session_id, user);
    if (!old) {
        metrics_.add("csta_bridge_login_failures_total", 1, {{"reason", "session not recoverable"}});
        return refused("no lost session '" + request.recover_session_id + "' of this user to recover (unknown, expired or ended)",
                       "invalidSessionID");
    }
    // The session answers the login when this returns; the kept events must follow that
    // answer and come before any newer event: the lost session keeps collecting them until
    // the hand-over, posted behind the answer on the same loop.
    boost::asio::post(io_, [this, sid = request.recover_session_id, old_id = *old, id = session.id()] {
        finish_recovery(sid, old_id, id);
    });
    decision.recovered_session_id = request.recover_session_id;
    return decision;
}

LoginDecision BridgeApp::authenticate(Session& session, const LoginRequest& request) {
    const auto& listener = session.listener();
    const auto address = session.peer_address().to_string();
    const auto now = LoginGuard::clock::now();
    auto refuse = [&](std::string reason, const char* metric) {
        metrics_.add("csta_bridge_login_failures_total", 1, {{"reason", metric}});
        auto d = refused(std::move(reason));
        std::size_t suppressed = 0;
        d.log_refusal = login_guard_.may_log(address, now, suppressed);
        if (d.log_refusal && suppressed)
            spdlog::warn("{} more login refusal(s) from {} in the last second not logged", suppressed, address);
        return d;
    };
    if (!request.has_credentials || request.user.empty()) {
        if (!listener.unauthenticated.empty() && listener.unauthenticated.allows(session.peer_address())) {
            if (auto why = session_limit(session, nullptr); !why.empty()) return refuse(why, "session limit");
            return accepted(nullptr);
        }
        return refuse("credentials required", "no credentials");
    }
    // Checked before the password: a guess made while blocked tells nothing.
    if (const auto wait = login_guard_.blocked_for(address, request.user, now); wait > LoginGuard::clock::duration::zero()) {
        const auto s = std::chrono::ceil<std::chrono::seconds>(wait).count();
        return refuse("too many failed logins from this address or for this user; retry in " + std::to_string(s) + " s",
                      "back-off");
    }
    const auto* user = config_.find_user(request.user);
    if (!user || !same_secret(user->secret, request.password)) {
        login_guard_.failed(address, request.user, now);
        return refuse("invalid user name or password", "bad credentials");
    }
    if (!user->acl.allows(session.peer_address()))
        return refuse("user '" + user->name + "' may not log in from " + address, "network not permitted");
    if (auto why = session_limit(session, user); !why.empty()) return refuse(why, "session limit");
    login_guard_.succeeded(address, request.user);
    return accepted(user);
}

void BridgeApp::request(const std::shared_ptr<Session>& session, InvokeId invoke_id, csta::Request request) {
    metrics_.add("csta_bridge_csta_requests_total", 1, {{"service", std::string(csta::name(request))}});
    services_->run(session, invoke_id, std::move(request));
}

void BridgeApp::closed(Session& session) {
    sessions_.erase(session.id());
    if (console_api_) console_api_->feed().session_closed(session.id());
    if (!stopping_ && session.logged_in() &&
        recovery_.keep_lost(session.id(), session.session_id(), session.user() ? session.user()->name : std::string(),
                            session.recovery_window()))
        return;
    auto n = monitors_.drop_session(session.id());
    if (n) spdlog::info("session {}: {} monitors stopped", session.id(), n);
}

void BridgeApp::finish_recovery(const std::string& session_id, SessionId old_id, SessionId new_id) {
    const auto live = sessions_.find(new_id);
    auto session = live == sessions_.end() ? nullptr : live->second.lock();
    std::function<void(const csta::Event&)> deliver;
    if (session) deliver = [&session](const csta::Event& ev) { session->push_event(ev); };
    if (recovery_.hand_over(session_id, old_id, new_id, deliver) == SessionRecovery::Handover::lost_session_ended && session)
        session->close("its lost session " + std::to_string(old_id) + " ended before the recovery completed");
}

void BridgeApp::slow_consumer(Session&) { metrics_.add("csta_bridge_queue_drops_total"); }

AsteriskLink* BridgeApp::link_for_device(const std::string& device) const {
    if (links_.size() == 1) return links_.front().get();
    for (auto& l : links_)
        if (!l->config.device_prefix.empty() && device.starts_with(l->config.device_prefix)) return l.get();
    return nullptr;
}

AsteriskLink* BridgeApp::link_for_call(const std::string& call_id) const {
    for (auto& l : links_)
        if (l->model->snapshot_call(call_id)) return l.get();
    return links_.size() == 1 ? links_.front().get() : nullptr;
}

std::string BridgeApp::reload_tables() {
    // All or nothing: every server's table is loaded before any is given out, so a broken
    // overlay of one server leaves every server on its old tables.
    auto loaded = load_tables(config_.servers, table_files_, schema_);
    if (!loaded.ok()) return loaded.failed_server.empty() ? loaded.error : loaded.error + " (no server got new tables)";
    for (std::size_t i = 0; i < links_.size(); ++i) {
        links_[i]->table = loaded.servers[i];
        links_[i]->model->set_table(loaded.servers[i]);
    }
    base_table_ = loaded.general;
    spdlog::info("mapping tables reloaded; calls and monitors kept");
    return {};
}

void BridgeApp::stop(std::function<void()> done) {
    if (stopping_) return;
    stopping_ = true;
    for (auto& l : listeners_) l->stop();
    if (http_) http_->stop();
    if (console_api_) console_api_->stop();
    std::vector<std::shared_ptr<Session>> open;
    for (auto& [id, weak] : sessions_)
        if (auto s = weak.lock()) open.push_back(s);
    for (auto& s : open) s->close("bridge shutting down");
    recovery_.clear();
    auto remaining = std::make_shared<std::size_t>(links_.size());
    if (*remaining == 0) {
        if (done) done();
        return;
    }
    for (auto& l : links_)
        l->client->stop([remaining, done] {
            if (--*remaining == 0 && done) done();
        });
}

unsigned short BridgeApp::listener_port(std::size_t index) const {
    return index < listeners_.size() ? listeners_[index]->port() : 0;
}

unsigned short BridgeApp::http_port() const { return http_ ? http_->port() : 0; }

}  // namespace bridge
