#pragma once
// Where csta-cli writes its lines. At the interactive prompt an event can arrive while the user
// types: the line being edited is taken off the screen, the event printed, and the prompt and
// the half-typed line put back (readline's documented way for asynchronous output).
#include <string>

namespace csta_cli {

class Output {
public:
    explicit Output(bool interactive) : interactive_(interactive) {}
    void line(const std::string& text);
    // Set by the REPL while readline owns the terminal line.
    void set_prompt_active(bool on) { prompt_active_ = on; }

private:
    bool interactive_;
    bool prompt_active_ = false;
};

}  // namespace csta_cli
