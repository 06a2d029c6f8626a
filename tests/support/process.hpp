#pragma once
// Runs a program of the build (pbx-sim, csta-bridge) as a child process for end-to-end tests.
// Its stdout and stderr go to a log file; the destructor stops it (SIGTERM, then SIGKILL), so
// no test leaves a process behind.
#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace test_support {

class ChildProcess {
public:
    ChildProcess(const std::string& program, const std::vector<std::string>& args, const std::string& log_file);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // Sends a signal (SIGTERM by default); then waits up to `timeout` for the exit.
    // Returns the exit status, or -1 if it did not exit in time.
    int stop(int signal_number = 15, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void signal(int signal_number) const;
    bool running();
    pid_t pid() const { return pid_; }
    std::string log() const;  // what it printed so far

private:
    pid_t pid_ = -1;
    int status_ = -1;
    std::string log_file_;
};

// Waits until something accepts TCP connections on 127.0.0.1:port.
bool wait_for_port(unsigned short port, std::chrono::milliseconds timeout);
// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }
    std::string file(const std::string& name, const std::string& content) const;  // writes it, returns its path

private:
    std::string path_;
};

}  // namespace test_support
