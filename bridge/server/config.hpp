#pragma once
// The csta-bridge configuration: an INI file like Asterisk's own (Boost.PropertyTree).
// Sections: [general], [asterisk:NAME] per Asterisk server, [listener:NAME] per CSTA port,
// [user:NAME] per CTI login. conf/csta-bridge.conf documents every key.
#include <chrono>
#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bridge/server/access.hpp"

namespace bridge {

struct GeneralConfig {
    std::string log_level = "info";               // trace debug info warn error critical off
    std::vector<std::string> mapping_tables;      // default table first, overlays after
    std::string http_listen;                      // "" = off, else "ADDRESS:PORT" (/healthz, /metrics)
    std::chrono::seconds session_timeout{180};    // ECMA-354 session duration offered
    std::chrono::seconds session_recovery{60};    // how long a lost XML session keeps its monitors; 0 = no recovery
    std::size_t session_recovery_events = 1000;   // events kept for it meanwhile; one more ends it
    std::size_t max_sessions = 1000;              // logged-in sessions (checked at login)
    // Hardening limits (README "Security and limits").
    std::size_t max_unauthenticated = 100;          // connections not logged in yet, all together
    std::size_t max_unauthenticated_per_address = 10;  // ... from one source address
    std::size_t login_failures_free = 3;            // failed logins per address / user before back-off
    std::chrono::seconds login_backoff_max{60};     // longest back-off after failed logins
    std::size_t max_requests_per_session = 100;     // requests in progress (resourceBusy beyond)
    std::size_t max_requests_per_user = 500;        // ... for all sessions of one user together
    std::size_t session_recovery_bytes = 16 * 1024 * 1024;  // events kept for lost sessions, all together
};

struct AsteriskServerConfig {
    std::string name;
    std::string host = "127.0.0.1";
    std::uint16_t port = 5038;
    bool tls = false;                             // tls or https
    std::string transport = "tcp";                // tcp | tls | http | https (AMI over HTTP: /rawman)
    std::string ca_file;                          // TLS: CA bundle for the server certificate
    bool verify = true;                           // TLS: check the server certificate
    std::string username;
    std::string secret;
    std::string auth = "auto";                    // auto | md5 | plain
    std::vector<std::string> mapping_overlays;    // extra tables for this server only
    std::string device_prefix;                    // namespaces device ids when several servers
    std::vector<std::string> trunk_endpoints;     // endpoint name patterns of its trunks (carrier*, trunk-*)
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds action_timeout{10000};
    std::chrono::milliseconds ping_interval{20000};
    std::size_t max_pending_actions = 2000;       // AMI actions sent and unanswered; resourceBusy beyond
    std::chrono::milliseconds stable_after{10000};  // link up this long before the reconnect back-off resets
    // Site settings (context = from-internal, ...): mapping-table variable -> value for this
    // server, over the table's own value. site_variables() lists the keys.
    std::map<std::string, std::string> table_variables;
};

// An [asterisk:NAME] key that sets a variable of the mapping table (mappings/asterisk.xml
// <variables>) for that server only.
struct SiteVariable {
    std::string key;       // "context"
    std::string variable;  // "context"
};
const std::vector<SiteVariable>& site_variables();

struct ListenerConfig {
    std::string name;
    std::string bind = "0.0.0.0";
    std::uint16_t port = 4721;
    bool tls = false;
    std::string cert_file, key_file, ca_file;
    bool require_client_cert = false;
    bool allow_xml = true;
    bool allow_ber = true;
    std::string xml_edition = "ed6";              // default answer namespace before the client speaks
    std::size_t max_frame_bytes = 64 * 1024;
    std::size_t max_output_queue_bytes = 4 * 1024 * 1024;  // slow consumer cut-off
    std::size_t heartbeat_seconds = 30;  // SystemStatus to each logged-in client; 0 = none
    std::size_t heartbeat_misses = 3;    // unanswered heartbeats before the session is closed
    // SystemStatus sent right after connect, before the client speaks (OpenScape Voice does
    // so, and clients written for it wait for it): "none", "xml" or "ber". A greeting fixes
    // the encoding, so the listener must allow only that one (bridge/server/greeting.cpp).
    std::string greeting = "none";
    NetworkAcl acl;                               // who may connect at all
    NetworkAcl unauthenticated;                   // who may skip login (empty = nobody)
    std::chrono::seconds login_timeout{15};       // TLS handshake + login must be done by then
    std::string tls_ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20";  // TLS 1.2 cipher list (OpenSSL syntax)
    std::string tls_min_version = "1.2";          // 1.2 | 1.3
};

struct UserConfig {
    std::string name;
    std::string secret;
    std::vector<DevicePattern> devices;           // empty = every device
    NetworkAcl acl;
    std::size_t max_monitors = 200;               // for all sessions of this user together
    std::size_t max_sessions = 32;                // logged-in sessions of this user
    std::size_t session_recovery_bytes = 4 * 1024 * 1024;  // events kept for its lost sessions
    bool console = false;                         // may log in to the web console (read-only)
};

// [http]: transport of the http-listen endpoint (the web console, /api, /healthz, /metrics).
// TLS keys as in [listener:NAME].
struct HttpConfig {
    bool tls = false;
    std::string cert_file, key_file;
    std::string tls_ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20";  // as a listener's (tls_policy.hpp)
    std::string tls_min_version = "1.2";
};

struct Config {
    GeneralConfig general;
    std::vector<AsteriskServerConfig> servers;
    std::vector<ListenerConfig> listeners;
    std::vector<UserConfig> users;
    HttpConfig http;

    const UserConfig* find_user(const std::string& name) const;
};

struct ConfigResult {
    std::optional<Config> config;      // set when there are no errors
    std::vector<std::string> errors;   // "file:line: [section] key: what is wrong"
    std::vector<std::string> warnings;
};

ConfigResult load_config(const std::string& path);
ConfigResult parse_config(std::istream& in, const std::string& source_name);

// A human-readable account of what the configuration will do (csta-bridge --check-config).
std::string explain(const Config& config);

}  // namespace bridge
