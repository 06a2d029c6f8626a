// AMI action tracker: the cost of one more action (add + next_deadline, as the client does on
// every send) and of its response, with N actions already pending. With ordered deadlines it
// grows as log N; the rescanning tracker it replaced grew as N (9000 pipelined requests cost
// 2.25 s of the event thread). Prints the fitted complexity.
#include <benchmark/benchmark.h>

#include "ami/action_tracker.hpp"

namespace {

void BM_SendWithPending(benchmark::State& state) {
    const auto pending = static_cast<int>(state.range(0));
    ami::ActionTracker t("b-");
    const auto now = ami::ActionTracker::clock::now();
    for (int i = 0; i < pending; ++i) t.add(t.next_id(), "Ping", std::chrono::seconds(10 + i % 7), now, [](ami::ActionResult) {});
    ami::Message response;
    response.add("Response", "Success");
    for (auto _ : state) {
        const auto id = t.next_id();
        t.add(id, "Originate", std::chrono::seconds(10), now, [](ami::ActionResult) {});
        benchmark::DoNotOptimize(t.next_deadline());
        response.set("ActionID", id);
        benchmark::DoNotOptimize(t.on_message(response));
    }
    state.SetComplexityN(pending);
}
BENCHMARK(BM_SendWithPending)->RangeMultiplier(4)->Range(16, 16384)->Complexity();

}  // namespace

BENCHMARK_MAIN();
