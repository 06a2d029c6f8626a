// Names and small helpers over the message variants.
#include "csta/model/messages.hpp"

namespace csta {

namespace {
template <class Variant>
std::string_view variant_name(const Variant& v) noexcept {
    return std::visit([](const auto& m) -> std::string_view { return std::decay_t<decltype(m)>::kName; }, v);
}
}  // namespace

std::string_view name(const Request& m) noexcept { return variant_name(m); }
std::string_view name(const Response& m) noexcept { return variant_name(m); }
std::string_view name(const Event& m) noexcept { return variant_name(m); }
std::string_view name(const SessionMessage& m) noexcept { return variant_name(m); }
std::string_view name(const Message& m) noexcept {
    return std::visit([](const auto& inner) { return name(inner); }, m);
}

const MonitorCrossRefID& cross_ref_id(const Event& e) noexcept {
    return std::visit([](const auto& ev) -> const MonitorCrossRefID& { return ev.monitorCrossRefID; }, e);
}

bool is_session_request(const SessionMessage& m) noexcept {
    return std::holds_alternative<StartApplicationSession>(m) ||
           std::holds_alternative<StopApplicationSession>(m) ||
           std::holds_alternative<ResetApplicationSessionTimer>(m);
}

}  // namespace csta
