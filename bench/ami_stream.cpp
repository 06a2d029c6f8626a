#include "bench/ami_stream.hpp"

#include <algorithm>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "ami/transcript.hpp"

namespace bench {

std::vector<std::string> recorded_events(const std::string& dir) {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".ami") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    std::vector<std::string> events;
    for (const auto& f : files) {
        std::string received;
        for (const auto& c : ami::load_transcript(f).chunks)
            if (c.direction == ami::TranscriptChunk::Direction::from_asterisk) received += c.bytes;
        // Messages end with an empty line; only events (first header "Event:") are kept, so
        // the banner and legacy command bodies (which may hold empty lines) never mix in.
        std::size_t pos = 0;
        while (pos < received.size()) {
            auto end = received.find("\r\n\r\n", pos);
            if (end == std::string::npos) break;
            std::string_view message(received.data() + pos, end + 4 - pos);
            if (message.starts_with("Event: ")) events.emplace_back(message);
            pos = end + 4;
        }
    }
    if (events.empty()) throw std::runtime_error("no recorded events under " + dir);
    return events;
}

EventStream make_event_stream(const std::vector<std::string>& pool, std::size_t count, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
    EventStream s;
    s.bytes.reserve(count * 400);
    for (std::size_t i = 0; i < count; ++i) s.bytes += pool[pick(rng)];
    s.events = count;
    return s;
}

}  // namespace bench
