#include "bridge/server/metrics.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace bridge {

namespace {
// Label values escape backslash, double quote and line feed (text format 0.0.4).
std::string escape_label(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}
std::string number(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    std::ostringstream o;
    o.precision(15);
    o << v;
    return o.str();
}
}  // namespace

void Metrics::declare_counter(const std::string& name, const std::string& help) {
    families_[name] = Family{help, true, {}};
}

void Metrics::declare_gauge(const std::string& name, const std::string& help) {
    families_[name] = Family{help, false, {}};
}

Metrics::Family& Metrics::family(const std::string& name) {
    auto it = families_.find(name);
    if (it == families_.end()) throw std::logic_error("metric '" + name + "' was not declared");
    return it->second;
}

std::string Metrics::render_labels(const Labels& labels) {
    if (labels.empty()) return {};
    std::string out = "{";
    for (size_t i = 0; i < labels.size(); ++i) {
        if (i) out += ',';
        out += labels[i].first + "=\"" + escape_label(labels[i].second) + "\"";
    }
    return out + "}";
}

void Metrics::add(const std::string& name, double v, const Labels& labels) {
    family(name).series[render_labels(labels)] += v;
}

double& Metrics::series(const std::string& name, const Labels& labels) {
    return family(name).series[render_labels(labels)];
}

void Metrics::set(const std::string& name, double v, const Labels& labels) {
    family(name).series[render_labels(labels)] = v;
}

double Metrics::value(const std::string& name, const Labels& labels) const {
    auto it = families_.find(name);
    if (it == families_.end()) return 0;
    auto s = it->second.series.find(render_labels(labels));
    return s == it->second.series.end() ? 0 : s->second;
}

std::string Metrics::render() const {
    std::string out;
    for (const auto& [name, f] : families_) {
        out += "# HELP " + name + " " + f.help + "\n";
        out += "# TYPE " + name + (f.counter ? " counter\n" : " gauge\n");
        if (f.series.empty() && f.counter) out += name + " 0\n";
        for (const auto& [labels, v] : f.series) out += name + labels + " " + number(v) + "\n";
    }
    return out;
}

Metrics Metrics::standard() {
    Metrics m;
    m.declare_gauge("csta_bridge_sessions", "CSTA client sessions open now, by encoding");
    m.declare_gauge("csta_bridge_monitors", "CSTA monitors active now");
    m.declare_gauge("csta_bridge_calls", "Calls the call model knows now, by Asterisk server");
    m.declare_gauge("csta_bridge_ami_link_up", "1 when the AMI session to the server is logged in");
    m.declare_gauge("csta_bridge_heap_in_use_bytes", "Heap bytes allocated now (glibc mallinfo2: in use, chunk headers included)");
    m.declare_gauge("csta_bridge_resident_bytes", "Resident set size of the process");
    m.declare_counter("csta_bridge_ami_events_total", "AMI events received, by server");
    m.declare_counter("csta_bridge_ami_actions_total", "AMI actions sent, by server and action");
    m.declare_counter("csta_bridge_ami_action_seconds_total", "Summed AMI action round-trip time, by server");
    m.declare_counter("csta_bridge_ami_reconnects_total", "AMI link losses, by server");
    m.declare_counter("csta_bridge_csta_requests_total", "CSTA requests received, by service");
    m.declare_counter("csta_bridge_csta_errors_total", "CSTA negative responses and rejects sent, by error value");
    m.declare_counter("csta_bridge_csta_events_total", "CSTA event reports sent, by event type");
    m.declare_counter("csta_bridge_queue_drops_total", "Sessions cut off because their output queue was full");
    m.declare_counter("csta_bridge_sessions_total", "CSTA sessions accepted, by encoding");
    m.declare_counter("csta_bridge_login_failures_total", "Refused CSTA logins, by reason");
    m.declare_counter("csta_bridge_sessions_recovered_total", "Lost XML sessions taken over again by their sessionID");
    m.declare_counter("csta_bridge_connections_refused_total", "Connections closed before their login by a limit, by limit");
    return m;
}

}  // namespace bridge
