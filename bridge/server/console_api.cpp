#include "bridge/server/console_api.hpp"

#include <set>

#include "bridge/server/session.hpp"
#include "bridge/server/console_json.hpp"

namespace bridge {

namespace {

// One word for a device: its most telling connection (ECMA-269 LocalConnectionState).
std::string summary_state(const std::vector<DeviceSnapshotItem>& items) {
    using S = csta::LocalConnectionState;
    for (auto wanted : {S::connected, S::alerting, S::initiated, S::queued, S::hold, S::fail})
        for (const auto& i : items)
            if (i.state == wanted) return std::string(csta::to_string(wanted));
    return "idle";
}

}  // namespace

ConsoleApi::ConsoleApi(boost::asio::io_context& io, const ConsoleSource& app) : app_(app), ping_timer_(io) {}

std::string ConsoleApi::links() {
    json::Array out;
    for (const auto& l : app_.links()) {
        const auto& name = l->config.name;
        const auto& probe = probes_[name];
        const double actions = app_.metrics().value("csta_bridge_ami_actions_total", {{"server", name}});
        json::Object o;
        o.add("name", name)
            .add("host", l->config.host)
            .add("port", static_cast<std::int64_t>(l->config.port))
            .add("tls", l->config.tls)
            .add("state", l->up ? "up" : l->last_error.empty() ? "connecting" : "down")
            .add("asterisk_version", probe.asterisk_version)
            .add("ami_version", l->client->version());
        if (probe.round_trip_ms) o.add("round_trip_ms", *probe.round_trip_ms);
        else o.raw("round_trip_ms", "null");
        if (actions > 0)
            o.add("mean_action_ms",
                  1000 * app_.metrics().value("csta_bridge_ami_action_seconds_total", {{"server", name}}) / actions);
        else o.raw("mean_action_ms", "null");
        o.add("reconnects",
              static_cast<std::uint64_t>(app_.metrics().value("csta_bridge_ami_reconnects_total", {{"server", name}})))
            .add("last_error", l->last_error)
            .add("ami_events", static_cast<std::uint64_t>(l->client->stats().events_received))
            .add("calls", static_cast<std::uint64_t>(l->model->call_count()))
            .add("devices", static_cast<std::uint64_t>(l->devices.size()));
        out.raw(o.str());
    }
    return out.str();
}

std::string ConsoleApi::sessions() {
    json::Array out;
    for (const auto& [id, weak] : app_.sessions()) {
        const auto s = weak.lock();
        if (!s || !s->open()) continue;
        out.raw(json::Object()
                    .add("id", static_cast<std::uint64_t>(id))
                    .add("user", s->user() ? s->user()->name : std::string())
                    .add("logged_in", s->logged_in())
                    .add("address", s->peer())
                    .add("listener", s->listener().name)
                    .add("encoding", s->dialect())
                    .add("tls", s->listener().tls)
                    .add("monitors", static_cast<std::uint64_t>(app_.monitors().count(id)))
                    .add("events_out", feed_.events_out(id))
                    .add("queue_bytes", static_cast<std::uint64_t>(s->queued_bytes()))
                    .add("pending_requests", static_cast<std::uint64_t>(s->pending_requests()))
                    .str());
    }
    return out.str();
}

std::string ConsoleApi::devices() {
    json::Array out;
    for (const auto& l : app_.links()) {
        std::set<std::string> ids(l->devices.begin(), l->devices.end());
        for (const auto& d : l->model->devices()) ids.insert(d);
        for (const auto& [device, extras] : feed_.extras())
            if (app_.link_for_device(device) == l.get()) ids.insert(device);
        for (const auto& device : ids) {
            const auto items = l->model->snapshot_device(device);
            json::Array calls;
            for (const auto& i : items)
                calls.raw(json::Object().add("call", i.call_id).add("state", std::string(csta::to_string(i.state))).str());
            json::Object o;
            o.add("device", device).add("server", l->config.name).add("state", summary_state(items)).raw("calls", calls.str());
            o.add("monitored", app_.monitors().device_monitored(device));
            const auto ex = feed_.extras().find(device);
            if (ex != feed_.extras().end() && ex->second.do_not_disturb) o.add("dnd", *ex->second.do_not_disturb);
            else o.raw("dnd", "null");
            json::Object fwd;
            if (ex != feed_.extras().end())
                for (const auto& [type, to] : ex->second.forwarding) fwd.add(type, to);
            o.raw("forwarding", fwd.str());
            o.add("agent", ex != feed_.extras().end() ? ex->second.agent_state : std::string());
            out.raw(o.str());
        }
    }
    return out.str();
}

std::string ConsoleApi::calls() {
    json::Array out;
    std::vector<std::string> live;
    const auto now = std::chrono::system_clock::now();
    for (const auto& l : app_.links()) {
        for (const auto& id : l->model->call_ids()) {
            const auto* c = l->model->snapshot_call(id);
            if (!c) continue;
            live.push_back(id);
            const auto seen = feed_.call_seen(id);
            json::Array connections;
            for (const auto& conn : c->connections)
                connections.raw(json::Object()
                                    .add("device", conn.device)
                                    .add("state", std::string(csta::to_string(conn.state)))
                                    .str());
            out.raw(json::Object()
                        .add("call", id)
                        .add("server", l->config.name)
                        .add("calling", c->calling)
                        .add("called", c->called)
                        .add("started_by", c->make_call ? "MakeCall" : "phone")
                        .add("consultation", c->consultation)
                        .add("answered", c->answered)
                        .add("since", json::unix_ms(seen))
                        .add("duration_s", std::chrono::duration<double>(now - seen).count())
                        .raw("connections", connections.str())
                        .str());
        }
    }
    feed_.keep_calls(live);
    return out.str();
}

std::string ConsoleApi::events(const std::string& device) {
    json::Array out;
    for (const auto& e : feed_.tail(device))
        out.raw(json::Object().add("time", e.time_ms).add("call", e.call_id).add("line", e.line).str());
    return out.str();
}

void ConsoleApi::measure(AsteriskLink& link, const char* action) {
    const auto started = std::chrono::steady_clock::now();
    const auto name = link.config.name;
    link.client->send(ami::Message::action(action), [this, name, started](ami::ActionResult r) {
        if (stopped_ || !r.ok()) return;
        auto& probe = probes_[name];
        probe.round_trip_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        if (auto v = r.response.get("AsteriskVersion"); !v.empty()) probe.asterisk_version = std::string(v);
    });
}

void ConsoleApi::link_ready(AsteriskLink& link) {
    if (stopped_) return;
    measure(link, "CoreSettings");
    ping_timer_.expires_after(kPingInterval);
    ping_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) ping_all();
    });
}

void ConsoleApi::ping_all() {
    if (stopped_) return;
    for (auto& l : app_.links())
        if (l->up) measure(*l, "Ping");
    ping_timer_.expires_after(kPingInterval);
    ping_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) ping_all();
    });
}

void ConsoleApi::stop() {
    stopped_ = true;
    ping_timer_.cancel();
    feed_.close_all();
}

}  // namespace bridge
