#pragma once
// Back-off after failed logins, per source address and per user name: the first
// `free_failures` failures cost nothing, each further one doubles the wait (1 s, 2 s, 4 s ...
// up to max_backoff) before that address or user may try again. A login tried while blocked is
// refused without looking at the password. Also rate-limits the refusal log lines (one per
// address per second, with the number left out), so a password guesser cannot flood the log.
#include <chrono>
#include <cstddef>
#include <map>
#include <string>

namespace bridge {

class LoginGuard {
public:
    using clock = std::chrono::steady_clock;

    LoginGuard(std::size_t free_failures, std::chrono::seconds max_backoff)
        : free_failures_(free_failures), max_backoff_(max_backoff) {}

    // How long this address / user must still wait before a login is looked at (zero: go on).
    clock::duration blocked_for(const std::string& address, const std::string& user, clock::time_point now) const;
    void failed(const std::string& address, const std::string& user, clock::time_point now);
    void succeeded(const std::string& address, const std::string& user);

    // True when a refusal for this address may be logged now; `suppressed` is then the number
    // of refusals not logged since the last line.
    bool may_log(const std::string& address, clock::time_point now, std::size_t& suppressed);

    std::size_t tracked() const noexcept { return by_address_.size() + by_user_.size(); }

private:
    struct Failures {
        std::size_t count = 0;
        clock::time_point last{};
    };
    struct LogWindow {
        clock::time_point last{};
        std::size_t suppressed = 0;
    };
    clock::duration wait(const Failures& f) const;
    clock::duration remaining(const std::map<std::string, Failures>& records, const std::string& key,
                              clock::time_point now) const;
    void forget_old(clock::time_point now);  // bounds the maps under a flood of addresses

    std::size_t free_failures_;
    std::chrono::seconds max_backoff_;
    std::map<std::string, Failures> by_address_;
    std::map<std::string, Failures> by_user_;
    std::map<std::string, LogWindow> log_;
};

}  // namespace bridge
