#pragma once
// Waits for the call model to report a device's new call. ConsultationCall needs it: Atxfer
// starts the consultation leg asynchronously, so the new callID that ECMA-269 puts in
// ConsultationCallResponse is only known from the Originated event of the consulting device
// that follows. Pure bookkeeping: no I/O, owned by the io_context thread.
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
    void remove(std::uint64_t id);  // no-op when it fired already
    void observe(const Emitted& emitted);
    std::size_t size() const noexcept { return watches_.size(); }

private:
    struct Watch {
        std::string device;
        std::string not_call;
        Found found;
    };
    std::map<std::uint64_t, Watch> watches_;
    std::uint64_t next_ = 1;
};

}  // namespace bridge
