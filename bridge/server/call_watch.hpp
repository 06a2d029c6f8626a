#pragma once
// Waits for the call model to report a device's new call. ConsultationCall needs it: Atxfer
// starts the consultation leg asynchronously, so the new callID that ECMA-269 puts in
// ConsultationCallResponse is only known from the Originated event of the consulting device
// that follows. MakeCall waits for its calling connection (services_make_call.cpp). Pure
// bookkeeping: no I/O, owned by the io_context thread.
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "bridge/core/emitted.hpp"

namespace bridge {

class NewCallWatches {
public:
    using Found = std::function<void(const std::string& call_id)>;

    // Fires once, with the callID of the first call other than `not_call` in which `device`
    // is reported originating; then the watch is gone.
    std::uint64_t add(std::string device, std::string not_call, Found found);
    // Fires once, when `device` is first reported in the call `call_id` (its ServiceInitiated
    // or Originated): MakeCall answers once the connection it names exists in the model.
    std::uint64_t add_in_call(std::string device, std::string call_id, Found found);
    void remove(std::uint64_t id);  // no-op when it fired already
    void observe(const Emitted& emitted);
    std::size_t size() const noexcept { return watches_.size(); }

private:
    struct Watch {
        std::string device;
        std::string not_call;  // add(): any call but this one, on Originated
        std::string in_call;   // add_in_call(): this call, on ServiceInitiated or Originated
        Found found;
    };
    std::map<std::uint64_t, Watch> watches_;
    std::uint64_t next_ = 1;
};

}  // namespace bridge
