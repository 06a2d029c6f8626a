#include "tools/csta-cli/output.hpp"

#include <cstdio>
#include <cstdlib>
#include <readline/readline.h>

namespace csta_cli {

void Output::line(const std::string& text) {
    const bool newline = text.empty() || text.back() != '\n';
    if (!interactive_ || !prompt_active_) {
        std::fputs(text.c_str(), stdout);
        if (newline) std::fputc('\n', stdout);
        std::fflush(stdout);
        return;
    }
    char* saved_line = rl_copy_text(0, rl_end);
    const int saved_point = rl_point;
    rl_save_prompt();
    rl_replace_line("", 0);
    rl_redisplay();
    std::fputs("\r", stdout);
    std::fputs(text.c_str(), stdout);
    if (newline) std::fputc('\n', stdout);
    std::fflush(stdout);
    rl_restore_prompt();
    rl_replace_line(saved_line, 0);
    rl_point = saved_point;
    rl_forced_update_display();
    std::free(saved_line);
}

}  // namespace csta_cli
