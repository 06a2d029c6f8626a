#include "bridge/core/emitted.hpp"

#include <type_traits>
#include <variant>

namespace bridge {

namespace {
template <class T>
concept HasLocalInfo = requires(T t) { t.localConnectionInfo; };
}  // namespace

void set_local_connection_info(csta::Event& e, std::optional<csta::LocalConnectionState> s) {
    std::visit([&](auto& ev) {
        if constexpr (HasLocalInfo<std::decay_t<decltype(ev)>>) ev.localConnectionInfo = s;
    }, e);
}

csta::Event for_recipient(const Emitted& e, const Recipient& r, const csta::MonitorCrossRefID& xref) {
    csta::Event out = e.event;
    std::visit([&](auto& ev) { ev.monitorCrossRefID = xref; }, out);
    set_local_connection_info(out, r.state);
    return out;
}

}  // namespace bridge
