#pragma once
// Small readers over csta::Event for the end-to-end assertions.
#include <optional>
#include <string>
#include <vector>

#include "csta/model/messages.hpp"

namespace e2e {

// The connection an event is about (Delivered: connection, Established: establishedConnection...).
inline std::optional<csta::ConnectionID> subject_connection(const csta::Event& e) {
    return std::visit(
        [](const auto& ev) -> std::optional<csta::ConnectionID> {
            using T = std::decay_t<decltype(ev)>;
            if constexpr (std::is_same_v<T, csta::ServiceInitiatedEvent>) return ev.initiatedConnection;
            else if constexpr (std::is_same_v<T, csta::OriginatedEvent>) return ev.originatedConnection;
            else if constexpr (std::is_same_v<T, csta::DeliveredEvent>) return ev.connection;
            else if constexpr (std::is_same_v<T, csta::EstablishedEvent>) return ev.establishedConnection;
            else if constexpr (std::is_same_v<T, csta::ConnectionClearedEvent>) return ev.droppedConnection;
            else if constexpr (std::is_same_v<T, csta::FailedEvent>) return ev.failedConnection;
            else if constexpr (std::is_same_v<T, csta::HeldEvent>) return ev.heldConnection;
            else if constexpr (std::is_same_v<T, csta::RetrievedEvent>) return ev.retrievedConnection;
            else return std::nullopt;
        },
        e);
}

inline std::string describe(const csta::Event& e) {
    std::string s(csta::name(e));
    if (auto c = subject_connection(e))
        s += " " + c->callID.value_or("-") + ":" + (c->deviceID ? c->deviceID->value : std::string("-"));
    return s;
}

// Events of one monitor, as "Name callID:device" lines.
inline std::vector<std::string> names_of(const std::vector<csta::Event>& events, const std::string& xref) {
    std::vector<std::string> out;
    for (const auto& e : events)
        if (csta::cross_ref_id(e) == xref) out.emplace_back(csta::name(e));
    return out;
}

}  // namespace e2e
