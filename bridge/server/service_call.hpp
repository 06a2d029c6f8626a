#pragma once
// One CSTA request in progress inside the service layer (shared by the services_*.cpp files).
#include <memory>

#include "bridge/server/services.hpp"

namespace bridge {

struct ServiceRunner::Call {
    std::shared_ptr<Session> session;
    InvokeId invoke_id = 0;
    csta::Request request;
    bool answered = false;
    std::shared_ptr<std::size_t> user_load;  // the user's requests in progress, this one counted
    // Sends the one answer of this request; later calls are ignored.
    void answer(const csta::Response& r);
};

}  // namespace bridge
