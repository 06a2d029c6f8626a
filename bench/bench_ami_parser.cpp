// AMI parser throughput on the recorded Asterisk 22 stream: all shared transcripts'
// received bytes, fed in realistic read sizes (1500-byte segments) and in 64 KiB reads.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "ami/parser.hpp"
#include "ami/transcript.hpp"

namespace {

const std::string& recorded_stream() {
    static const std::string bytes = [] {
        std::string all;
        std::vector<std::string> files;
        for (const auto& e : std::filesystem::directory_iterator(std::string(CSTA_TRANSCRIPT_DIR)))
            if (e.path().extension() == ".ami") files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
            for (const auto& c : ami::load_transcript(f).chunks)
                if (c.direction == ami::TranscriptChunk::Direction::from_asterisk &&
                    !c.bytes.starts_with("Asterisk Call Manager/"))
                    all += c.bytes;
        return all;
    }();
    return bytes;
}

void BM_ParseRecordedStream(benchmark::State& state) {
    const auto& bytes = recorded_stream();
    const auto piece = static_cast<size_t>(state.range(0));
    size_t messages = 0;
    for (auto _ : state) {
        ami::Parser p(false);
        for (size_t pos = 0; pos < bytes.size(); pos += piece) {
            p.feed(std::string_view(bytes).substr(pos, piece));
            while (auto o = p.next()) {
                benchmark::DoNotOptimize(o);
                ++messages;
            }
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
    state.counters["messages/s"] = benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseRecordedStream)->Arg(1500)->Arg(65536);

}  // namespace

BENCHMARK_MAIN();
