#pragma once
// The interactive prompt: GNU readline (line editing, history, tab completion of commands and
// event names) in callback mode, so events keep arriving and printing while the user types.
#include <boost/asio/io_context.hpp>

#include "tools/csta-cli/output.hpp"
#include "tools/csta-cli/runner.hpp"

namespace csta_cli {

// Returns the exit status (see Runner).
int run_repl(boost::asio::io_context& io, Runner& runner, Output& out);

}  // namespace csta_cli
