#include "tools/csta-cli/repl.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <optional>
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include "tools/csta-cli/command.hpp"

namespace csta_cli {

namespace {

// readline's callback interface takes plain functions: these statics are the REPL's state.
std::deque<std::optional<std::string>> g_lines;  // nullopt = end of input (Ctrl-D)
std::vector<std::string> g_matches;

void on_line(char* line) {
    if (!line) {
        g_lines.emplace_back(std::nullopt);
        return;
    }
    if (*line) add_history(line);
    g_lines.emplace_back(std::string(line));
    std::free(line);
}

char* match_generator(const char*, int state) {
    static std::size_t next;
    if (state == 0) next = 0;
    if (next >= g_matches.size()) return nullptr;
    return strdup(g_matches[next++].c_str());
}

char** completion(const char* text, int start, int) {
    rl_attempted_completion_over = 1;  // no file name completion
    g_matches = complete(std::string_view(rl_line_buffer, static_cast<std::size_t>(start)), text);
    return rl_completion_matches(text, match_generator);
}

}  // namespace

int run_repl(boost::asio::io_context& io, Runner& runner, Output& out) {
    rl_readline_name = "csta-cli";
    rl_attempted_completion_function = completion;
    out.line("connected; type 'help' for the commands, Tab completes, Ctrl-D or 'quit' leaves");
    rl_callback_handler_install("csta> ", on_line);
    out.set_prompt_active(true);

    boost::asio::posix::stream_descriptor input(io, ::dup(STDIN_FILENO));
    std::function<void()> arm = [&] {
        input.async_wait(boost::asio::posix::stream_descriptor::wait_read, [&](const boost::system::error_code& ec) {
            if (ec) return;
            rl_callback_read_char();
            arm();
        });
    };
    arm();

    bool quit = false;
    while (!quit) {
        runner.session().run_until([] { return !g_lines.empty(); }, std::chrono::steady_clock::now() + std::chrono::hours(24 * 365));
        if (runner.session().closed() && g_lines.empty()) {
            out.set_prompt_active(false);
            rl_callback_handler_remove();
            std::fputc('\n', stdout);
            out.line("error: connection lost: " + runner.session().close_reason());
            return 2;
        }
        while (!g_lines.empty() && !quit) {
            auto line = std::move(g_lines.front());
            g_lines.pop_front();
            if (!line) {
                std::fputc('\n', stdout);
                quit = true;
                break;
            }
            // The prompt stays installed: the command's output prints above it, and what the
            // user types meanwhile becomes the next line.
            const auto step = runner.execute(*line);
            quit = step == Runner::Step::quit || runner.session().closed();
        }
    }
    out.set_prompt_active(false);
    rl_callback_handler_remove();
    input.cancel();
    const int status = runner.finish();
    // At the prompt, refused requests are part of the conversation, not a failure of the tool.
    return status == 2 ? 2 : 0;
}

}  // namespace csta_cli
