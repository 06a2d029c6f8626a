#pragma once
// One AMI connection as Asterisk's manager.c handles it, without sockets: bytes in, bytes out.
// Banner, Challenge/Login (plain and MD5) against SimConfig::users, read/write class checks
// ("Permission denied"), Events on/off, Logoff, and event delivery filtered by the user's
// read classes. Actions are run by the Pbx; a few need the server (SimDropLink, SimLoad)
// and go through the optional hooks.
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "ami/md5_login.hpp"
#include "ami/message.hpp"
#include "ami/parser.hpp"
#include "tools/pbx-sim/pbx.hpp"

namespace pbxsim {

// hex(md5(challenge + secret)): the Key an MD5 Login must carry (the client's own helper).
using ami::md5_login_key;

class AmiSession {
public:
    struct Hooks {
        // SimDropLink Duration=<ms>: close every session and stop listening that long.
        // With OnAction=<name>: not now, but when the next such action arrives (from any
        // session), before it is run or answered — an action lost in flight.
        std::function<std::string(Millis, const std::string& on_action)> drop_link;
        // Asked before every action is run: true when the link drops for it instead.
        std::function<bool(std::string_view action)> drop_before;
        // SimLoad Rate=<calls/s> HoldMs=<ms> Duration=<ms>: start the load generator.
        std::function<std::string(const ami::Message&)> load;
    };

    AmiSession(Pbx& pbx, Hooks hooks = {}, std::uint32_t challenge_seed = std::random_device{}());

    static constexpr std::string_view banner = "Asterisk Call Manager/11.0.0\r\n";

    // Bytes from the client; returns the bytes to send back (may be empty).
    std::string on_bytes(std::string_view bytes);
    // An event from the Pbx; returns the wire bytes if this session should get it.
    std::string on_event(const ami::Message& event) const;

    // The session has ended (Logoff or failed login): flush the output, then close.
    bool finished() const noexcept { return finished_; }
    bool authenticated() const noexcept { return authenticated_; }
    const std::string& username() const noexcept { return username_; }

    // Class-list helpers (exposed for tests): "call,all" vs the user's classes.
    static bool classes_intersect(const std::vector<std::string>& have, std::string_view wanted);

private:
    std::string handle(const ami::Message& action);
    std::string login(const ami::Message& action);
    static std::string write(const ami::Message& m);

    Pbx& pbx_;
    Hooks hooks_;
    ami::Parser parser_{false};
    std::mt19937 rng_;
    std::string challenge_;
    bool authenticated_ = false;
    bool events_on_ = true;
    bool finished_ = false;
    std::string username_;
    std::vector<std::string> read_, write_;
};

}  // namespace pbxsim
