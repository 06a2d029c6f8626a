// The heap policy of memory_trim.hpp, against glibc itself. Freed heap pages go back to the
// system: after a peak of small blocks is freed (the last block kept, so glibc's own trimming
// of the heap's top cannot do it), the resident set stays high until release_free_heap()
// runs, and then shrinks by most of the peak. Big blocks stay mmapped. The heap-in-use gauge
// follows allocations. Not built with CSTA_SANITIZE (ASan replaces glibc's allocator;
// tests/bridge/server/CMakeLists.txt).
#include <catch2/catch.hpp>
#include <xercesc/internal/XMLReader.hpp>

#include <cstring>
#include <malloc.h>
#include <memory>
#include <vector>

#include "bridge/server/memory_trim.hpp"

TEST_CASE("release_free_heap gives the pages of a freed peak back to the system", "[memory]") {
    constexpr std::size_t blocks = 40000, block = 1000;  // ~40 MB in small blocks (the heap, not mmap)
    std::vector<std::unique_ptr<char[]>> peak;
    peak.reserve(blocks);
    for (std::size_t i = 0; i < blocks; ++i) {
        peak.emplace_back(new char[block]);
        std::memset(peak.back().get(), 1, block);  // resident, not just reserved
    }
    auto pin = std::make_unique<char[]>(block);  // above the peak: the heap's top stays in use
    std::memset(pin.get(), 1, block);
    const auto at_peak = bridge::resident_bytes();
    peak.clear();
    peak.shrink_to_fit();
    const auto freed = bridge::resident_bytes();
    INFO("resident at the peak " << at_peak << " B, after free " << freed << " B");
    REQUIRE(freed + 10'000'000 > at_peak);  // free() alone kept (nearly) all of it
    const auto released = bridge::release_free_heap();
    const auto after = bridge::resident_bytes();
    INFO("released " << released << " B, resident now " << after << " B");
    CHECK(released > 30'000'000);
    CHECK(after + 30'000'000 < freed);
    CHECK(bridge::release_free_heap(std::size_t{1} << 40) == 0);  // less free than asked: nothing done
}

TEST_CASE("release_free_heap's default gives back a peak the size a resync leaves (~0.4 MB)", "[memory]") {
    // The soak's first AMI outage (1 s at 200 calls/s) left ~0.4 MB free inside a 3.7 MB heap;
    // the trimmer's old 1 MiB floor kept those pages resident for the rest of the run.
    constexpr std::size_t blocks = 450, block = 1000;
    std::vector<std::unique_ptr<char[]>> peak;
    peak.reserve(blocks);
    for (std::size_t i = 0; i < blocks; ++i) {
        peak.emplace_back(new char[block]);
        std::memset(peak.back().get(), 1, block);
    }
    auto pin = std::make_unique<char[]>(block);  // the heap's top stays in use
    std::memset(pin.get(), 1, block);
    bridge::release_free_heap(0);  // whatever was free before the peak is handed back first
    peak.clear();
    peak.shrink_to_fit();
    const auto released = bridge::release_free_heap();
    INFO("released " << released << " B");
    CHECK(released >= 300'000);
}

TEST_CASE("heap_in_use_bytes follows what is allocated, not what is resident", "[memory]") {
    const auto before = bridge::heap_in_use_bytes();
    REQUIRE(before > 0);
    {
        std::vector<std::unique_ptr<char[]>> held;
        for (int i = 0; i < 8000; ++i) held.emplace_back(new char[1000]);  // never touched: not resident
        const auto holding = bridge::heap_in_use_bytes();
        INFO("before " << before << " B, holding " << holding << " B");
        CHECK(holding >= before + 8'000'000);
        CHECK(holding < before + 8'500'000);  // chunk headers and the vector, not more
    }
    CHECK(bridge::heap_in_use_bytes() < before + 100'000);
}

TEST_CASE("keep_big_blocks_out_of_heap: a big block is mmapped even after a bigger one was freed", "[memory]") {
    bridge::keep_big_blocks_out_of_heap();
    // glibc's default would now raise its mmap threshold to 4 MiB and serve the next 512 KiB
    // from the heap (a resync's vectors then grow the heap at every AMI drop).
    {
        auto big = std::make_unique<char[]>(4 << 20);
        asm volatile("" : : "g"(big.get()) : "memory");  // allocated for real, not elided
    }
    const auto mmapped_before = ::mallinfo2().hblkhd;
    auto block = std::make_unique<char[]>(512 << 10);
    CHECK(::mallinfo2().hblkhd >= mmapped_before + (512 << 10));
}

TEST_CASE("keep_big_blocks_out_of_heap: the reader Xerces allocates for every XML document stays in the heap", "[memory]") {
    // One XMLReader per parsed request: mmapped, every request would cost an mmap, its page
    // faults and a munmap.
    bridge::keep_big_blocks_out_of_heap();
    CHECK(sizeof(xercesc::XMLReader) < bridge::kBigBlockBytes);
    const auto mmapped_before = ::mallinfo2().hblkhd;
    auto reader_sized = std::make_unique<char[]>(sizeof(xercesc::XMLReader));
    asm volatile("" : : "g"(reader_sized.get()) : "memory");
    CHECK(::mallinfo2().hblkhd == mmapped_before);
}
