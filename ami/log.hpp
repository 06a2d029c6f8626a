#pragma once
// The spdlog logger named "ami" used by the client. The owner may register its own logger
// under that name before the first client is created (sinks, level); otherwise one writing
// to stderr is created on first use.
#include <memory>

#include <spdlog/logger.h>

namespace ami {

std::shared_ptr<spdlog::logger> logger();

}  // namespace ami
