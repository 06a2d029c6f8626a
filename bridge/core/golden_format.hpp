#pragma once
// The text rendering of reported events used by tests/golden/*.csta.txt and by
// `csta-bridge replay --format text` (format: tests/golden/README.md): per monitored device,
// one line per event with the key fields, callIDs aliased C1, C2, ... in order of first
// appearance in the output.
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bridge/core/emitted.hpp"

namespace bridge {

// monitors: the devices with a device monitor; nullopt = every device that receives anything.
std::string render_golden(const std::vector<Emitted>& events,
                          const std::optional<std::set<std::string>>& monitors = std::nullopt);

// One event line without indentation ("DeliveredEvent connection=..."); `alias` maps callIDs.
std::string render_event_line(const csta::Event& e, const std::function<std::string(const std::string&)>& alias);

// The lines of a golden file that carry meaning: comments (#...) and blank lines dropped,
// trailing blanks trimmed.
std::vector<std::string> golden_lines(const std::string& text);

}  // namespace bridge
