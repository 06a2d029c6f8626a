// TreeParser objects are per thread, but creating the first ones in several threads at once
// must work: Xerces's process-wide Initialize/Terminate count is not thread-safe by itself
// (csta-soak's four client threads crashed in Xerces's transcoder lookup before the bridge's
// XercesInit serialised it).
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "csta/xml/tree.hpp"

TEST_CASE("parsers created and destroyed in several threads at once all work") {
    constexpr int rounds = 200;
    constexpr int threads = 4;
    std::atomic<int> parsed{0};
    for (int round = 0; round < rounds; ++round) {
        // No parser is alive between rounds, so every round starts Xerces from nothing.
        std::atomic<int> ready{0};
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&] {
                ready.fetch_add(1);
                while (ready.load() < threads) std::this_thread::yield();
                csta::xml::TreeParser parser;
                if (parser.parse("<a xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed6\"><b>x</b></a>").ok)
                    parsed.fetch_add(1);
            });
        for (auto& w : workers) w.join();
    }
    CHECK(parsed.load() == rounds * threads);
}
