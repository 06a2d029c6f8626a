#pragma once
// The running bridge: one AMI link + call model per [asterisk:NAME], the CSTA listeners and
// their sessions, the monitor registry, and the service layer between them. Everything runs
// on one io_context thread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ami/client.hpp"
#include "bridge/core/call_model.hpp"
#include "bridge/core/table.hpp"
#include "bridge/server/call_watch.hpp"
#include "bridge/server/config.hpp"
#include "bridge/server/http_status.hpp"
#include "bridge/server/listener.hpp"
#include "bridge/server/login_guard.hpp"
#include "bridge/server/metrics.hpp"
#include "bridge/server/monitors.hpp"
#include "bridge/server/session.hpp"

namespace bridge {

struct AsteriskLink {
    AsteriskServerConfig config;
    std::shared_ptr<const Table> table;
    // The model before the client: members die in reverse order, and ~Client completes the
    // pending actions (ErrorCode::stopped) whose callbacks may still use the model.
    std::unique_ptr<CallModel> model;
    std::unique_ptr<ami::Client> client;
    bool up = false;
    std::string last_error;
    std::set<std::string> devices;  // known device ids (DeviceStateList / ExtensionStateList)
    // Counts the link's losses: a resync started before the last loss must not declare the
    // link up (its actions failed with link_lost, or went to the next connection).
    std::uint64_t losses = 0;
};

class BridgeApp : public SessionHost {
public:
    // tables: the loaded base table (+ overlays of [general]); per-server overlays are
    // loaded by start().
    BridgeApp(boost::asio::io_context& io, Config config, std::shared_ptr<const Table> table,
              std::vector<std::string> table_files, std::string schema);
    ~BridgeApp() override;

    // Opens listeners and the HTTP endpoint, starts the AMI links. Returns an error or "".
    std::string start();
    // Stops accepting, closes sessions, logs off from Asterisk; done runs when all is closed.
    void stop(std::function<void()> done);
    // Reloads the mapping tables (SIGHUP); calls and monitors are kept. Error or "".
    std::string reload_tables();

    unsigned short listener_port(std::size_t index) const;
    unsigned short http_port() const;
    // The mapping table a server works with now (null: no such server); for tests and status.
    std::shared_ptr<const Table> table_of(const std::string& server) const;
    const Metrics& metrics() const { return metrics_; }
    const Config& config() const { return config_; }

    // SessionHost
    LoginDecision login(Session& session, const LoginRequest& request) override;
    void request(const std::shared_ptr<Session>& session, InvokeId invoke_id, csta::Request request) override;
    void closed(Session& session) override;
    std::chrono::seconds session_timeout() const override { return config_.general.session_timeout; }
    void slow_consumer(Session& session) override;
    std::chrono::seconds session_recovery() const override { return config_.general.session_recovery; }

private:
    friend class ServiceRunner;
    friend class ConsoleApi;  // the web console reads links, sessions and monitors
    void start_link(AsteriskLink& link);
    void on_ami_event(AsteriskLink& link, const ami::Message& m);
    void on_link(AsteriskLink& link, const ami::LinkStatus& status);
    void on_logged_in(AsteriskLink& link);
    void fan_out(const std::vector<Emitted>& emitted);
    void broadcast_system_status(csta::SystemStatusValue value);
    csta::SystemStatusValue system_status() const;
    HealthReport health() const;
    void refresh_gauges();

    // Routing of a device or call to the Asterisk link that owns it.
    AsteriskLink* link_for_device(const std::string& device);
    AsteriskLink* link_for_call(const std::string& call_id);

    boost::asio::io_context& io_;
    Config config_;
    std::shared_ptr<const Table> base_table_;
    std::vector<std::string> table_files_;
    std::string schema_;
    std::vector<std::unique_ptr<AsteriskLink>> links_;
    std::vector<std::unique_ptr<Listener>> listeners_;
    std::unique_ptr<HttpStatusServer> http_;
    std::unique_ptr<class ConsoleApi> console_api_;    // with http-listen: the web console
    std::unique_ptr<class ConsoleHttp> console_http_;
    std::map<SessionId, std::weak_ptr<Session>> sessions_;
    MonitorRegistry monitors_;
    NewCallWatches new_calls_;
    // XML sessions whose connection was lost, by sessionID: their monitors wait (events for
    // them are dropped) until the client logs in again with that sessionID, or the timer ends.
    struct ParkedSession {
        SessionId id;
        std::string user;  // "" for an unauthenticated trusted peer
        std::unique_ptr<boost::asio::steady_timer> expiry;
        std::vector<csta::Event> events;  // for its monitors meanwhile, in order
        bool overflowed = false;          // too many events: it ends (no recovery with a gap)
        bool recovering = false;          // a login took it over; the hand-over is under way
    };
    std::map<std::string, ParkedSession> parked_;
    // Events kept for all lost sessions together: a network failure that drops every client
    // at once must not let them take unbounded memory (~1 KB each).
    static constexpr std::size_t kParkedEventsTotal = 200000;
    std::size_t parked_events_ = 0;
    bool park(Session& session);
    LoginDecision authenticate(Session& session, const LoginRequest& request);
    // Marks a lost session as being recovered; its id, or nullopt when it cannot be.
    std::optional<SessionId> claim_parked(const std::string& session_id, const std::string& user);
    // Hands the lost session's monitors and kept events over to the new connection.
    void finish_recovery(const std::string& session_id, SessionId old_id, SessionId new_id);
    // Keeps an event for a lost session waiting for recovery (false: no such session).
    bool keep_for_parked(SessionId id, const csta::Event& event);
    const UserConfig* parked_user(SessionId id) const;  // the user of a lost session (null: none)
    void end_parked(std::map<std::string, ParkedSession>::iterator it, const std::string& why);
    Metrics metrics_ = Metrics::standard();
    std::unique_ptr<class ServiceRunner> services_;
    bool stopping_ = false;

    // Hardening (admission.cpp): "" when a new connection may stay, else why not.
    std::string admit(const Session& session);
    // "" when one more logged-in session (of that user) is allowed, else why not.
    std::string session_limit(const Session& session, const UserConfig* user) const;
    // Monitors of all the user's sessions, live and lost (max-monitors is per user).
    std::size_t monitors_of_user(const UserConfig& user) const;
    LoginGuard login_guard_{config_.general.login_failures_free, config_.general.login_backoff_max};
};

}  // namespace bridge
