#pragma once
// Scheduler on a Boost.Asio io_context: one steady_timer per task, "now" from steady_clock.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "tools/pbx-sim/scheduler.hpp"

namespace pbxsim {

class AsioScheduler final : public Scheduler {
public:
    explicit AsioScheduler(boost::asio::io_context& io)
        : io_(io), start_(std::chrono::steady_clock::now()) {}
    Millis now() const override {
        return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - start_);
    }
    void schedule(Millis delay, std::function<void()> task) override {
        auto timer = std::make_shared<boost::asio::steady_timer>(io_, delay);
        timer->async_wait([timer, task = std::move(task)](const boost::system::error_code& ec) {
            if (!ec) task();
        });
    }

private:
    boost::asio::io_context& io_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace pbxsim
