#pragma once
// The running bridge: one AMI link + call model per [asterisk:NAME], the CSTA listeners and
// their sessions, the monitor registry, and the service layer between them. Everything runs
// on one io_context thread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "ami/client.hpp"
#include "bridge/core/call_model.hpp"
#include "bridge/core/table.hpp"
#include "bridge/server/asterisk_link.hpp"
#include "bridge/server/call_watch.hpp"
#include "bridge/server/config.hpp"
#include "bridge/server/console_source.hpp"
#include "bridge/server/http_status.hpp"
#include "bridge/server/listener.hpp"
#include "bridge/server/login_guard.hpp"
#include "bridge/server/metrics.hpp"
#include "bridge/server/monitors.hpp"
#include "bridge/server/service_host.hpp"
#include "bridge/server/session.hpp"
#include "bridge/server/session_recovery.hpp"

namespace bridge {

// Services and the web console see the app only through their interfaces (ServiceHost,
// ConsoleSource), implemented here privately.
class BridgeApp : public SessionHost, private ServiceHost, private ConsoleSource {
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
    const Metrics& metrics() const override { return metrics_; }
    const Config& config() const { return config_; }

    // SessionHost
    LoginDecision login(Session& session, const LoginRequest& request) override;
    void request(const std::shared_ptr<Session>& session, InvokeId invoke_id, csta::Request request) override;
    void closed(Session& session) override;
    std::chrono::seconds session_timeout() const override { return config_.general.session_timeout; }
    void slow_consumer(Session& session) override;
    std::chrono::seconds session_recovery() const override { return config_.general.session_recovery; }

private:
    // ServiceHost
    boost::asio::io_context& io() override { return io_; }
    const GeneralConfig& limits() const override { return config_.general; }
    AsteriskLink* link_for_device(const std::string& device) const override;
    AsteriskLink* link_for_call(const std::string& call_id) const override;
    const AsteriskLinks& links() const override { return links_; }
    csta::SystemStatusValue system_status() const override;
    void fan_out(const std::vector<Emitted>& emitted) override;
    MonitorRegistry& monitors() override { return monitors_; }
    std::size_t monitors_of_user(const UserConfig& user) const override;
    NewCallWatches& new_calls() override { return new_calls_; }
    void count(const std::string& metric, double value, const Metrics::Labels& labels) override {
        metrics_.add(metric, value, labels);
    }
    // ConsoleSource (also links(), link_for_device() and the public metrics())
    const std::map<SessionId, std::weak_ptr<Session>>& sessions() const override { return sessions_; }
    const MonitorRegistry& monitors() const override { return monitors_; }

    void start_link(AsteriskLink& link);
    void on_ami_event(AsteriskLink& link, const ami::Message& m);
    void on_link(AsteriskLink& link, const ami::LinkStatus& status);
    void on_logged_in(AsteriskLink& link);
    void broadcast_system_status(csta::SystemStatusValue value);
    HealthReport health() const;
    void refresh_gauges();

    boost::asio::io_context& io_;
    Config config_;
    std::shared_ptr<const Table> base_table_;
    std::vector<std::string> table_files_;
    std::string schema_;
    AsteriskLinks links_;
    std::vector<std::unique_ptr<Listener>> listeners_;
    std::unique_ptr<HttpStatusServer> http_;
    std::unique_ptr<class ConsoleApi> console_api_;    // with http-listen and a console user: the web console
    std::unique_ptr<class ConsoleHttp> console_http_;
    std::map<SessionId, std::weak_ptr<Session>> sessions_;
    MonitorRegistry monitors_;
    NewCallWatches new_calls_;
    LoginDecision authenticate(Session& session, const LoginRequest& request);
    // Hands a lost session's monitors and kept events over to the new connection new_id.
    void finish_recovery(const std::string& session_id, SessionId old_id, SessionId new_id);
    Metrics metrics_ = Metrics::standard();
    // csta_bridge_csta_events_total per event type, looked up once (by variant index).
    std::array<double*, std::variant_size_v<csta::Event>> events_sent_by_type_{};
    double& events_sent_counter(const csta::Event& e);
    // XML sessions whose connection was lost, waiting for their recovery (session_recovery.hpp).
    SessionRecovery recovery_{io_, config_, monitors_, metrics_};
    std::unique_ptr<class ServiceRunner> services_;
    bool stopping_ = false;

    // Hardening (admission.cpp): "" when a new connection may stay, else why not.
    std::string admit(const Session& session);
    // "" when one more logged-in session (of that user) is allowed, else why not.
    std::string session_limit(const Session& session, const UserConfig* user) const;
    LoginGuard login_guard_{config_.general.login_failures_free, config_.general.login_backoff_max};
};

}  // namespace bridge
