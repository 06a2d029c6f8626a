#include "csta/model/connection.hpp"

namespace csta {

static constexpr std::string_view kLocalConnectionState[] = {
    "null", "initiated", "alerting", "connected", "hold", "queued", "fail"};
template <>
std::span<const std::string_view> literals<LocalConnectionState>() noexcept {
    return kLocalConnectionState;
}

}  // namespace csta
