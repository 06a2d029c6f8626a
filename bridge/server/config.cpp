#include "bridge/server/config.hpp"

#include "bridge/server/greeting.hpp"
#include "csta/ber/acse_login.hpp"

#include <boost/property_tree/ini_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace bridge {

namespace pt = boost::property_tree;

namespace {

// Collects errors that name the section and the key, the way an admin reads them.
struct Reporter {
    std::string source;
    std::vector<std::string> errors, warnings;
    void error(const std::string& section, const std::string& key, const std::string& what) {
        errors.push_back(source + ": [" + section + "]" + (key.empty() ? "" : " " + key) + ": " + what);
    }
    void warn(const std::string& section, const std::string& key, const std::string& what) {
        warnings.push_back(source + ": [" + section + "]" + (key.empty() ? "" : " " + key) + ": " + what);
    }
};

std::string trim(std::string s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
    return s;
}

std::vector<std::string> split_list(const std::string& value) {
    std::vector<std::string> out;
    std::stringstream ss(value);
    for (std::string item; std::getline(ss, item, ',');)
        if (auto t = trim(item); !t.empty()) out.push_back(t);
    return out;
}

bool parse_bool(const std::string& v, bool& out) {
    static const std::set<std::string> yes{"yes", "true", "on", "1"}, no{"no", "false", "off", "0"};
    std::string l;
    for (char c : v) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (yes.count(l)) { out = true; return true; }
    if (no.count(l)) { out = false; return true; }
    return false;
}

template <class Int>
bool parse_uint(const std::string& v, Int& out, unsigned long long max) {
    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos) return false;
    try {
        auto n = std::stoull(v);
        if (n > max) return false;
        out = static_cast<Int>(n);
        return true;
    } catch (...) {
        return false;
    }
}

// One handler per key; unknown keys are errors (a typo must not silently fall back to a default).
using Handler = std::function<std::string(const std::string& value)>;

void apply(const pt::ptree& section, const std::string& name, const std::map<std::string, Handler>& keys, Reporter& rep) {
    for (const auto& [key, node] : section) {
        auto it = keys.find(key);
        if (it == keys.end()) {
            std::string known;
            for (const auto& [k, h] : keys) known += (known.empty() ? "" : ", ") + k;
            rep.error(name, key, "unknown key (known: " + known + ")");
            continue;
        }
        if (auto err = it->second(trim(node.data())); !err.empty()) rep.error(name, key, err);
    }
}

Handler str(std::string& target) {
    return [&target](const std::string& v) { target = v; return std::string(); };
}
Handler boolean(bool& target) {
    return [&target](const std::string& v) {
        return parse_bool(v, target) ? std::string() : "'" + v + "' is not yes/no";
    };
}
Handler port(std::uint16_t& target) {
    return [&target](const std::string& v) {
        return parse_uint(v, target, 65535) && target != 0 ? std::string() : "'" + v + "' is not a port (1-65535)";
    };
}
Handler size(std::size_t& target, std::size_t min) {
    return [&target, min](const std::string& v) {
        return parse_uint(v, target, 1ull << 40) && target >= min
                   ? std::string()
                   : "'" + v + "' is not a whole number >= " + std::to_string(min);
    };
}
template <class Duration>
Handler millis(Duration& target) {
    return [&target](const std::string& v) {
        std::size_t n = 0;
        if (!parse_uint(v, n, 86400000) || n == 0) return "'" + v + "' is not a number of milliseconds (1-86400000)";
        target = std::chrono::duration_cast<Duration>(std::chrono::milliseconds(n));
        return std::string();
    };
}
Handler seconds(std::chrono::seconds& target) {
    return [&target](const std::string& v) {
        std::size_t n = 0;
        if (!parse_uint(v, n, 86400) || n == 0) return "'" + v + "' is not a number of seconds (1-86400)";
        target = std::chrono::seconds(n);
        return std::string();
    };
}
Handler seconds_or_zero(std::chrono::seconds& target) {
    return [&target](const std::string& v) {
        std::size_t n = 0;
        if (!parse_uint(v, n, 86400)) return "'" + v + "' is not a number of seconds (0-86400)";
        target = std::chrono::seconds(n);
        return std::string();
    };
}
Handler list(std::vector<std::string>& target) {
    return [&target](const std::string& v) { target = split_list(v); return std::string(); };
}
Handler one_of(std::string& target, std::set<std::string> allowed) {
    return [&target, allowed](const std::string& v) {
        if (allowed.count(v)) { target = v; return std::string(); }
        std::string a;
        for (const auto& x : allowed) a += (a.empty() ? "" : ", ") + x;
        return "'" + v + "' is not one of " + a;
    };
}
Handler acl(NetworkAcl& target, bool permit) {
    return [&target, permit](const std::string& v) {
        for (const auto& net : split_list(v))
            if (auto err = target.add(permit, net); !err.empty()) return err;
        return std::string();
    };
}

// trunk-endpoints: endpoint names with '*' / '?' wildcards (PJSIP endpoint names: letters,
// digits, '-', '_', '.', '+').
Handler endpoint_patterns(std::vector<std::string>& target) {
    return [&target](const std::string& v) {
        target = split_list(v);
        for (const auto& p : target) {
            const bool ok = !p.empty() && std::all_of(p.begin(), p.end(), [](char ch) {
                return std::isalnum(static_cast<unsigned char>(ch)) || std::string_view("-_.+*?").find(ch) != std::string_view::npos;
            });
            if (!ok) return "'" + p + "' is not an endpoint name pattern (letters, digits, - _ . + and the wildcards * ?)";
        }
        return std::string();
    };
}

void parse_general(const pt::ptree& s, Config& c, Reporter& rep) {
    auto& g = c.general;
    apply(s, "general",
          {{"log-level", one_of(g.log_level, {"trace", "debug", "info", "warn", "error", "critical", "off"})},
           {"mapping-tables", list(g.mapping_tables)},
           {"http-listen", str(g.http_listen)},
           {"session-timeout", seconds(g.session_timeout)},
           {"session-recovery", seconds_or_zero(g.session_recovery)},
           {"session-recovery-events", size(g.session_recovery_events, 0)},
           {"max-sessions", size(g.max_sessions, 1)},
           {"max-unauthenticated", size(g.max_unauthenticated, 1)},
           {"max-unauthenticated-per-address", size(g.max_unauthenticated_per_address, 1)},
           {"login-failures-free", size(g.login_failures_free, 0)},
           {"login-backoff-max-seconds", seconds(g.login_backoff_max)},
           {"max-requests-per-session", size(g.max_requests_per_session, 1)},
           {"max-requests-per-user", size(g.max_requests_per_user, 1)},
           {"session-recovery-bytes", size(g.session_recovery_bytes, 0)}},
          rep);
}

// A site setting, checked for what the table does with it: the context and the AstDB families
// go into AMI headers, the feature codes are keyed as DTMF, the timeout is milliseconds.
Handler site_variable(std::map<std::string, std::string>& target, const std::string& key, const std::string& variable) {
    return [&target, key, variable](const std::string& v) {
        if (key == "originate-timeout-ms") {
            std::size_t n = 0;
            if (!parse_uint(v, n, 86400000) || n == 0) return "'" + v + "' is not a number of milliseconds (1-86400000)";
            target[variable] = std::to_string(n);
            return std::string();
        }
        if (key.starts_with("atxfer-")) {
            if (v.empty() || v.size() > 16 || v.find_first_not_of("0123456789*#ABCD") != std::string::npos)
                return "'" + v + "' is not a feature code (DTMF digits 0-9 * # A-D, as in features.conf)";
        } else if (v.empty() || std::any_of(v.begin(), v.end(), [](unsigned char c) {
                       return c <= ' ' || c == 0x7f || c == ',' || c == ';' || c == '|' || c == '"' || c == '/';
                   })) {
            return "'" + v + "' is not " + (key == "context" ? "a dial-plan context" : "an AstDB family") +
                   " name (no spaces, , ; | \" / or control characters)";
        }
        target[variable] = v;
        return std::string();
    };
}

void parse_asterisk(const pt::ptree& s, const std::string& section, AsteriskServerConfig& a, Reporter& rep) {
    std::string transport;
    std::map<std::string, Handler> keys{
           {"transport", one_of(transport, {"tcp", "tls", "http", "https"})},
           {"host", str(a.host)},
           {"port", port(a.port)},
           {"tls", boolean(a.tls)},
           {"ca-file", str(a.ca_file)},
           {"verify", boolean(a.verify)},
           {"username", str(a.username)},
           {"secret", str(a.secret)},
           {"auth", one_of(a.auth, {"auto", "md5", "plain"})},
           {"mapping-overlays", list(a.mapping_overlays)},
           {"device-prefix", str(a.device_prefix)},
           {"trunk-endpoints", endpoint_patterns(a.trunk_endpoints)},
           {"connect-timeout-ms", millis(a.connect_timeout)},
           {"action-timeout-ms", millis(a.action_timeout)},
           {"ping-interval-ms", millis(a.ping_interval)},
           {"max-pending-actions", size(a.max_pending_actions, 1)},
           {"stable-after-ms", millis(a.stable_after)}};
    for (const auto& sv : site_variables()) keys[sv.key] = site_variable(a.table_variables, sv.key, sv.variable);
    apply(s, section, keys, rep);
    // transport names the protocol; the older tls = yes means transport = tls.
    if (transport.empty()) transport = a.tls ? "tls" : "tcp";
    else if (a.tls && (transport == "tcp" || transport == "http"))
        rep.error(section, "tls", "tls = yes contradicts transport = " + transport + " (use transport = tls or https)");
    a.transport = transport;
    a.tls = transport == "tls" || transport == "https";
    if (transport.starts_with("http") && s.find("port") == s.not_found())
        a.port = transport == "http" ? 8088 : 8089;  // Asterisk's http.conf defaults
    if (a.username.empty()) rep.error(section, "username", "missing: the AMI user of manager.conf is required");
    if (a.secret.empty()) rep.error(section, "secret", "missing: the AMI secret of manager.conf is required");
    if (a.tls && !a.verify) rep.warn(section, "verify", "TLS without certificate verification: anyone on the path can impersonate Asterisk");
}

void parse_listener(const pt::ptree& s, const std::string& section, ListenerConfig& l, Reporter& rep) {
    std::vector<std::string> encodings{"xml", "ber"};
    apply(s, section,
          {{"bind", str(l.bind)},
           {"port", port(l.port)},
           {"tls", boolean(l.tls)},
           {"cert-file", str(l.cert_file)},
           {"key-file", str(l.key_file)},
           {"ca-file", str(l.ca_file)},
           {"require-client-cert", boolean(l.require_client_cert)},
           {"encodings", list(encodings)},
           {"xml-edition", one_of(l.xml_edition, {"ed2", "ed3", "ed4", "ed5", "ed6"})},
           {"max-frame-bytes", size(l.max_frame_bytes, 512)},
           {"max-output-queue-bytes", size(l.max_output_queue_bytes, 4096)},
           {"heartbeat-seconds", size(l.heartbeat_seconds, 0)},
           {"heartbeat-misses", size(l.heartbeat_misses, 1)},
           {"greeting", one_of(l.greeting, {"none", "xml", "ber"})},
           {"permit", acl(l.acl, true)},
           {"deny", acl(l.acl, false)},
           {"unauthenticated-from", acl(l.unauthenticated, true)},
           {"login-timeout-seconds", seconds(l.login_timeout)},
           {"tls-ciphers", str(l.tls_ciphers)},
           {"tls-min-version", one_of(l.tls_min_version, {"1.2", "1.3"})}},
          rep);
    l.allow_xml = l.allow_ber = false;
    for (const auto& e : encodings) {
        if (e == "xml") l.allow_xml = true;
        else if (e == "ber") l.allow_ber = true;
        else rep.error(section, "encodings", "'" + e + "' is not xml or ber");
    }
    if (!l.allow_xml && !l.allow_ber) rep.error(section, "encodings", "no encoding left: give xml, ber or both");
    if (auto err = greeting_conflict(l); !err.empty()) rep.error(section, "greeting", err);
    boost::system::error_code ec;
    boost::asio::ip::make_address(l.bind, ec);
    if (ec) rep.error(section, "bind", "'" + l.bind + "' is not an IP address");
    if (l.tls && (l.cert_file.empty() || l.key_file.empty()))
        rep.error(section, "tls", "TLS needs cert-file and key-file");
    if (l.require_client_cert && l.ca_file.empty())
        rep.error(section, "require-client-cert", "needs ca-file to check client certificates against");
    if (l.max_frame_bytes > 65535 + 8 && l.allow_xml)
        rep.warn(section, "max-frame-bytes", "XML frames over 64 KiB need the 32-bit length header; not every client reads it");
}

void parse_user(const pt::ptree& s, const std::string& section, UserConfig& u, Reporter& rep) {
    std::vector<std::string> devices;
    apply(s, section,
          {{"secret", str(u.secret)},
           {"devices", list(devices)},
           {"permit", acl(u.acl, true)},
           {"deny", acl(u.acl, false)},
           {"max-monitors", size(u.max_monitors, 1)},
           {"max-sessions", size(u.max_sessions, 1)},
           {"session-recovery-bytes", size(u.session_recovery_bytes, 0)},
           {"console", boolean(u.console)}},
          rep);
    for (const auto& d : devices) {
        DevicePattern p;
        std::string err;
        if (DevicePattern::parse(d, p, err)) u.devices.push_back(p);
        else rep.error(section, "devices", err);
    }
    if (u.secret.empty()) rep.error(section, "secret", "missing: a user needs a secret");
}

void parse_http(const pt::ptree& s, HttpConfig& h, Reporter& rep) {
    apply(s, "http",
          {{"tls", boolean(h.tls)}, {"cert-file", str(h.cert_file)}, {"key-file", str(h.key_file)},
           {"tls-ciphers", str(h.tls_ciphers)}, {"tls-min-version", one_of(h.tls_min_version, {"1.2", "1.3"})}},
          rep);
    if (h.tls && (h.cert_file.empty() || h.key_file.empty())) rep.error("http", "tls", "TLS needs cert-file and key-file");
}

}  // namespace

const std::vector<SiteVariable>& site_variables() {
    static const std::vector<SiteVariable> keys{
        {"context", "context"},
        {"originate-timeout-ms", "originateTimeout"},
        {"dnd-family", "dndFamily"},
        {"cf-family", "cfFamily"},
        {"cfb-family", "cfbFamily"},
        {"cfu-family", "cfuFamily"},
        {"atxfer-complete-code", "atxferCompleteCode"},
        {"atxfer-threeway-code", "atxferThreewayCode"},
        {"atxfer-swap-code", "atxferSwapCode"},
        {"atxfer-abort-code", "atxferAbortCode"},
    };
    return keys;
}

const UserConfig* Config::find_user(const std::string& name) const {
    for (const auto& u : users)
        if (u.name == name) return &u;
    return nullptr;
}

ConfigResult parse_config(std::istream& in, const std::string& source_name) {
    Reporter rep{source_name, {}, {}};
    ConfigResult result;
    pt::ptree tree;
    try {
        pt::read_ini(in, tree);
    } catch (const pt::ini_parser_error& e) {
        result.errors.push_back(source_name + ":" + std::to_string(e.line()) + ": " + e.message());
        return result;
    }
    Config c;
    std::set<std::string> names;
    for (const auto& [section, node] : tree) {
        if (!node.data().empty()) {  // a key outside any section
            rep.error("", section, "key outside a section: put it under [general]");
            continue;
        }
        auto colon = section.find(':');
        auto kind = section.substr(0, colon);
        auto name = colon == std::string::npos ? std::string() : section.substr(colon + 1);
        if (kind == "general" && colon == std::string::npos) {
            parse_general(node, c, rep);
        } else if (kind == "http" && colon == std::string::npos) {
            parse_http(node, c.http, rep);
        } else if ((kind == "asterisk" || kind == "listener" || kind == "user") && !name.empty()) {
            if (name.find_first_of(" \t") != std::string::npos) rep.error(section, "", "section names have no spaces");
            if (kind == "asterisk") {
                c.servers.push_back({});
                c.servers.back().name = name;
                parse_asterisk(node, section, c.servers.back(), rep);
            } else if (kind == "listener") {
                c.listeners.push_back({});
                c.listeners.back().name = name;
                parse_listener(node, section, c.listeners.back(), rep);
            } else {
                c.users.push_back({});
                c.users.back().name = name;
                parse_user(node, section, c.users.back(), rep);
            }
        } else {
            rep.error(section, "", "unknown section: expected [general], [http], [asterisk:NAME], [listener:NAME] or [user:NAME]");
        }
    }
    if (c.servers.empty()) rep.error("asterisk:NAME", "", "no Asterisk server configured (a section without keys counts as absent)");
    if (c.listeners.empty()) rep.error("listener:NAME", "", "no CSTA listener configured (a section without keys counts as absent: give at least its port)");
    if (c.servers.size() > 1) {
        std::set<std::string> prefixes;
        for (const auto& s : c.servers) {
            if (s.device_prefix.empty())
                rep.error("asterisk:" + s.name, "device-prefix", "required when several Asterisk servers share one bridge");
            else if (!prefixes.insert(s.device_prefix).second)
                rep.error("asterisk:" + s.name, "device-prefix", "'" + s.device_prefix + "' is used by another server");
        }
    }
    std::set<std::pair<std::string, int>> binds;
    for (const auto& l : c.listeners)
        if (!binds.insert({l.bind, l.port}).second)
            rep.error("listener:" + l.name, "port", l.bind + ":" + std::to_string(l.port) + " is used by another listener");
    bool open_login = false;
    for (const auto& l : c.listeners) open_login |= !l.unauthenticated.empty();
    if (c.users.empty() && !open_login)
        rep.warn("user:NAME", "", "no users and no unauthenticated-from network: no CTI client can log in");
    bool console_login = false;
    for (const auto& u : c.users) console_login |= u.console;
    if (!c.general.http_listen.empty() && !console_login)
        rep.warn("user:NAME", "console", "http-listen is set but no user has console = yes: nobody can open the web console");
    result.errors = std::move(rep.errors);
    result.warnings = std::move(rep.warnings);
    if (result.errors.empty()) result.config = std::move(c);
    return result;
}

ConfigResult load_config(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        ConfigResult r;
        r.errors.push_back(path + ": cannot open the configuration file");
        return r;
    }
    return parse_config(in, path);
}

std::string explain(const Config& c) {
    std::ostringstream o;
    o << "log level " << c.general.log_level << "; HTTP status endpoint "
      << (c.general.http_listen.empty() ? "off" : (c.http.tls ? "https://" : "http://") + c.general.http_listen +
                                                     " (/healthz, /metrics, web console for users with console = yes)")
      << "\n";
    for (const auto& s : c.servers) {
        const std::string transport = s.transport == "http" ? "AMI over HTTP " : s.transport == "https" ? "AMI over HTTPS " : s.tls ? "TLS " : "TCP ";
        o << "Asterisk '" << s.name << "': " << transport << s.host << ":" << s.port << " as user "
          << s.username << " (" << s.auth << " login" << (s.tls ? std::string(", certificate ") + (s.verify ? "verified" : "NOT verified") : "")
          << ")";
        if (!s.device_prefix.empty()) o << ", devices named " << s.device_prefix << "<number>";
        if (!s.trunk_endpoints.empty()) {
            o << ", trunks";
            for (const auto& t : s.trunk_endpoints) o << " " << t;
        }
        for (const auto& sv : site_variables())  // its mapping tables and variables: server_tables.hpp
            if (const auto it = s.table_variables.find(sv.variable); it != s.table_variables.end())
                o << ", " << sv.key << " " << it->second;
        o << "\n";
    }
    for (const auto& l : c.listeners) {
        o << "CSTA listener '" << l.name << "': " << (l.tls ? "TLS " : "TCP ") << l.bind << ":" << l.port << ", "
          << (l.allow_xml && l.allow_ber ? "XML and BER (detected per connection)" : l.allow_xml ? "XML only" : "BER only")
          << ", answers XML in " << l.xml_edition << " until the client shows its namespace; clients: " << l.acl.describe()
          << "; without login: " << (l.unauthenticated.empty() ? "nobody" : l.unauthenticated.describe()) << "\n";
        o << greeting_explained(l);
        if (l.allow_ber) o << "  BER logins accepted as: " << csta::ber::describe_login_forms() << "\n";
    }
    for (const auto& u : c.users) {
        o << "user '" << u.name << "': devices ";
        if (u.devices.empty()) o << "all";
        for (const auto& d : u.devices) o << d.text() << " ";
        o << "; from " << u.acl.describe() << "; at most " << u.max_monitors << " monitors"
          << (u.console ? "; may open the web console" : "") << "\n";
    }
    return o.str();
}

}  // namespace bridge
