#pragma once
// Configuration of one AMI client connection.
#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace ami {

enum class AuthMode {
    automatic,  // MD5 challenge; plain Login only if Asterisk refuses the Challenge action
    md5,        // Challenge AuthType=MD5, then Login with Key = md5(challenge + secret)
    plain,      // Login with Secret in clear text
};

struct ClientConfig {
    std::string host = "127.0.0.1";
    unsigned short port = 5038;
    std::string name;  // peer name in logs; empty = "host:port"

    bool tls = false;
    bool verify = true;        // verify the server certificate (chain + host name)
    std::string ca_file;       // PEM trust anchors; empty = the system store
    std::string server_name;   // SNI and the name checked in the certificate; empty = host

    // AMI over HTTP instead of the TCP stream (with tls: https): actions to http_path, events
    // by a WaitEvent long poll of http_wait_event (ami/http_transport.hpp).
    bool http = false;
    std::string http_path = "/rawman";
    std::chrono::seconds http_wait_event{20};

    std::string username;
    std::string secret;
    AuthMode auth = AuthMode::automatic;
    std::string events = "on";  // the Login "Events:" value: "on", "off" or a class mask

    std::string action_id_prefix;  // empty = "ami<N>-", N unique per client in this process

    std::chrono::milliseconds connect_timeout{5000};  // TCP connect + TLS handshake + banner
    std::chrono::milliseconds action_timeout{10000};  // default per action (whole event list)
    std::chrono::milliseconds keepalive_interval{20000};  // Ping period when up; 0 = no Ping
    std::chrono::milliseconds pong_timeout{5000};     // no Pong in time = link lost
    std::chrono::milliseconds logoff_timeout{1000};   // stop(): wait this long for Goodbye

    bool reconnect = true;
    std::chrono::milliseconds backoff_min{500};   // first retry delay
    std::chrono::milliseconds backoff_max{30000}; // doubling stops here; jitter in [d/2, d]

    std::size_t max_queued_events = 10000;  // events waiting for the subscriber; at it, reading pauses
    std::size_t delivery_batch = 256;       // events delivered per io_context turn
    std::size_t max_list_items = 100000;    // items of one event list
    // Actions sent and not yet answered (each also bounds the write queue: an action waits
    // there until written); send() beyond it fails at once with ErrorCode::busy. 0 = no cap.
    std::size_t max_pending_actions = 0;
    // The back-off of reconnects starts again from backoff_min only once a link stayed up
    // this long: a PBX that accepts the login and then drops is not retried every 0.5 s.
    std::chrono::milliseconds stable_after{10000};

    // Write classes the owner needs; a "Permission denied" on an action of one of these
    // classes is logged as a missing capability (see Client::missing_write_classes()).
    std::vector<std::string> required_write_classes{"call", "originate", "agent", "system", "reporting"};
    // Action name -> write class, added to / overriding the built-in table.
    std::map<std::string, std::string> action_write_class;
};

}  // namespace ami
