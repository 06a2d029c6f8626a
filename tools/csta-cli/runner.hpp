#pragma once
// Runs csta-cli commands against a Session and keeps the score for the exit status:
// 0 every request answered positively and every wait-event satisfied, 1 something failed,
// 2 the connection or the login failed, or the connection was lost.
#include <chrono>
#include <istream>
#include <string>
#include <vector>

#include "tools/csta-cli/command.hpp"
#include "tools/csta-cli/output.hpp"
#include "tools/csta-cli/session.hpp"

namespace csta_cli {

class Runner {
public:
    enum class Step { ok, failed, quit };

    Runner(boost::asio::io_context& io, const SessionOptions& options, Output& out, std::chrono::milliseconds timeout);

    // Print each command ("> makecall 1001 1002") before running it: scripts read like a log.
    void set_echo(bool on) { echo_ = on; }

    bool open();                            // connect + login; prints why not on stderr
    Step execute(const std::string& line);  // one command
    int run_script(const std::vector<std::string>& lines);  // runs them, logs out, exit status
    int run_stream(std::istream& in);                        // a line at a time, the same
    int finish();                           // logs out; the exit status
    Session& session() { return session_; }

private:
    Step request(const csta::Request& r);
    Step await_answer(long invoke_id, std::string_view what, bool expect_device_list);
    Step lost();

    Output& out_;
    Session session_;
    std::chrono::milliseconds timeout_;
    Variables variables_;
    bool echo_ = false;
    bool failed_ = false;
    bool connection_lost_ = false;
};

}  // namespace csta_cli
