#pragma once
// The AMI event stream the benchmarks parse: events Asterisk sent in the recorded
// transcripts (tests/data/ami), drawn at random with a fixed seed, back to back as on the wire.
#include <cstdint>
#include <string>
#include <vector>

namespace bench {

struct EventStream {
    std::string bytes;
    std::size_t events = 0;
};

// Every event message (wire bytes up to and including its blank line) in the transcripts
// under dir, in file and arrival order.
std::vector<std::string> recorded_events(const std::string& dir);

// `count` events drawn uniformly (std::mt19937_64 seeded with `seed`) from `pool`.
EventStream make_event_stream(const std::vector<std::string>& pool, std::size_t count, std::uint64_t seed);

}  // namespace bench
