#pragma once
// Compiled regular expressions shared by every table load. std::regex compilation is the
// table loader's main cost (each load and reload compiles every pattern of the shipped table
// again, and the table-loader fuzzer did nothing else); a std::regex copy shares its compiled
// automaton, so handing out copies of a cached one is cheap and safe.
#include <regex>
#include <string>

namespace bridge {

// The ECMAScript regex for `text`, compiled once per process (throws std::regex_error as
// std::regex's constructor does). Thread-safe; bounded: past kMaxEntries the cache starts over.
std::regex compiled_regex(const std::string& text);

}  // namespace bridge
