#include "bridge/server/memory_trim.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace bridge {

std::size_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    if (!(statm >> pages >> resident)) return 0;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

void keep_big_blocks_out_of_heap() {
#if defined(__GLIBC__)
    // Setting it is what turns the adjustment off; the trim threshold keeps its default.
    ::mallopt(M_MMAP_THRESHOLD, static_cast<int>(kBigBlockBytes));
#endif
}

std::size_t heap_in_use_bytes() {
#if defined(__GLIBC__)
    const auto info = ::mallinfo2();
    return info.uordblks + info.hblkhd;
#else
    return 0;
#endif
}

std::size_t release_free_heap(std::size_t min_free) {
#if defined(__GLIBC__)
    const auto info = ::mallinfo2();
    if (info.fordblks < min_free) return 0;
    const auto before = resident_bytes();
    ::malloc_trim(0);
    const auto after = resident_bytes();
    return before > after ? before - after : 0;
#else
    (void)min_free;
    return 0;
#endif
}

MemoryTrimmer::MemoryTrimmer(boost::asio::io_context& io, std::chrono::seconds every) : timer_(io), every_(every) {}

void MemoryTrimmer::start() {
    stopped_ = false;
    arm();
}

void MemoryTrimmer::stop() {
    stopped_ = true;
    timer_.cancel();
}

void MemoryTrimmer::arm() {
    timer_.expires_after(every_);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (ec || stopped_) return;
        if (const auto released = release_free_heap())
            spdlog::debug("memory: {} kB of freed heap given back to the system", released / 1024);
        arm();
    });
}

}  // namespace bridge
