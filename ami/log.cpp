#include "ami/log.hpp"

#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace ami {

std::shared_ptr<spdlog::logger> logger() {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    if (auto existing = spdlog::get("ami")) return existing;
    return spdlog::stderr_color_mt("ami");
}

}  // namespace ami
