#pragma once
// Gives freed heap memory back to the system now and then. glibc keeps the pages a transient
// peak freed (a resync's channel list, a recovered session's kept events, a burst in an output
// queue) inside its heap, so without this the daemon's RSS stays at its highest point for
// good although the memory is free: a long run cannot tell a leak from an old peak, and the
// operator's graphs say the same. Checked every 30 s; malloc_trim only runs when at least
// 256 KiB of the heap is free (it walks the heap: about a millisecond for tens of MB). A
// 1 MiB floor was too high: a resync after a one-second AMI outage at 200 calls/s leaves
// ~0.4 MB free in a 3.7 MB heap, which then stayed resident for good.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>

namespace bridge {

// Hands the heap's free pages back when at least min_free bytes of it are free. Returns the
// bytes the resident set shrank by (0 when nothing was done, or on a C library without
// malloc_trim).
std::size_t release_free_heap(std::size_t min_free = 256 * 1024);

// Keeps big blocks (>= kBigBlockBytes: a resync's list of events, a grown vector of a burst)
// out of the heap for good. glibc serves them by mmap, but after the first such block is
// freed it raises its threshold to that block's size, so from then on every resync's big
// vectors land in the heap, the heap grows by them, and the small long-lived objects (calls,
// channels) allocated beside them keep those pages resident after the burst: the soak's RSS
// grew at every AMI drop. Fixing the threshold ends that adjustment. Called once at start.
void keep_big_blocks_out_of_heap();
// Not glibc's 128 KiB: Xerces allocates one XMLReader (164,032 B, its buffers inline) for
// every document it parses, i.e. every XML request; mmapped, each cost an mmap, 41 page
// faults and a munmap (100,000 MonitorStarts: 1.7 s of CPU instead of 0.74 s).
inline constexpr std::size_t kBigBlockBytes = 256 * 1024;

// The resident set of this process, in bytes (/proc/self/statm; 0 if unreadable).
std::size_t resident_bytes();

// The heap bytes allocated now, mmapped blocks included (glibc mallinfo2; 0 elsewhere). Unlike
// the resident set it does not depend on when freed pages were last handed back.
std::size_t heap_in_use_bytes();

class MemoryTrimmer {
public:
    explicit MemoryTrimmer(boost::asio::io_context& io, std::chrono::seconds every = std::chrono::seconds(30));
    void start();
    void stop();

private:
    void arm();
    boost::asio::steady_timer timer_;
    std::chrono::seconds every_;
    bool stopped_ = false;
};

}  // namespace bridge
