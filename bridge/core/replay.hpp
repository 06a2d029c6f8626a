#pragma once
// Replaying a recorded AMI session through the call model: the `csta-bridge replay`
// subcommand and the golden tests share this code.
#include <ostream>
#include <string>
#include <vector>

#include "ami/transcript.hpp"
#include "bridge/core/call_model.hpp"

namespace bridge {

// Feeds every chunk in order: messages from Asterisk to on_asterisk(), the client's own
// actions to on_client(). Returns everything the model emitted, in order. AMI parse errors
// are written to `log` (if given) and skipped.
std::vector<Emitted> replay_transcript(const ami::Transcript& t, CallModel& model, std::ostream* log = nullptr);

// The installation's default table (asterisk.xml of installed_mappings_dir(), data_dir.hpp).
std::string default_table_path();

// `csta-bridge replay FILE.ami [--table FILE.xml ...] [--monitor DEVICE|all ...]
//  [--format text|xml]`; args are what follows "replay". Returns the exit status.
int replay_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int replay_main(const std::vector<std::string>& args);

}  // namespace bridge
