// MakeCall: Originate with ChannelId / OtherChannelId from the table's recipe. Asterisk
// answers an asynchronous Originate ("successfully queued") before the calling device's
// channel exists (originate-answered.ami: the Response, then Newchannel), yet the
// MakeCallResponse hands the client a ConnectionID it may use at once (ClearConnection right
// after it, as pyssimist's scripts do). So the response waits until the call model has that
// connection (its ServiceInitiated or Originated), for at most kWaitForConnection; without it
// the response goes out all the same, with a log line.
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "bridge/server/service_call.hpp"

namespace bridge {

namespace {
constexpr auto kWaitForConnection = std::chrono::seconds(2);

struct ConnectionWait {
    explicit ConnectionWait(boost::asio::io_context& io) : timer(io) {}
    boost::asio::steady_timer timer;
    std::uint64_t watch = 0;
    bool answered = false;
};
}  // namespace

void ServiceRunner::serve(const CallPtr& call, const csta::MakeCall& req) {
    using csta::ErrorCode;
    using Op = csta::OperationError;
    RecipeParams params;
    if (!permitted(call, req.callingDevice.value)) return;
    auto* link = route(call, req.callingDevice.value, "");
    if (!link) return;
    if (!link->table->dial_string(link->model->asterisk_number(req.callingDevice.value)))
        return call->answer(ErrorCode(Op::invalidCallingDeviceID));
    if (req.calledDirectoryNumber.value.empty()) return call->answer(ErrorCode(Op::invalidDestination));
    params.values["channelId"] = make_uuid();
    params.values["otherChannelId"] = make_uuid();
    if (req.correlatorData && req.correlatorData->form == csta::OpaqueData::Form::string)
        params.lists["variables"].push_back("CSTA_CORRELATOR=" + req.correlatorData->bytes);
    const auto calling = req.callingDevice.value;
    const auto* model = link->model.get();
    via_ami(call, *link, "MakeCall", std::move(params),
            [this, call, calling, model](const std::vector<ami::ActionResult>&,
                                         const std::map<std::string, std::string>& result)
                -> std::optional<csta::Response> {
                const auto id = result.count("callID") ? model->call_id_for(result.at("callID")) : std::string();
                csta::MakeCallResponse resp;
                resp.callingDevice = csta::ConnectionID(id, csta::DeviceID(calling));
                if (id.empty() || model->channel_of(id, calling)) return resp;
                auto wait = std::make_shared<ConnectionWait>(host_.io());
                wait->watch = host_.new_calls().add_in_call(calling, id, [wait, call, resp](const std::string&) {
                    if (std::exchange(wait->answered, true)) return;
                    wait->timer.cancel();
                    call->answer(resp);
                });
                wait->timer.expires_after(kWaitForConnection);
                wait->timer.async_wait([this, wait, call, resp, id](boost::system::error_code) {
                    host_.new_calls().remove(wait->watch);
                    if (std::exchange(wait->answered, true)) return;
                    spdlog::warn("session {}: MakeCall #{}: call {} not reported at {} within {} s; answered all the same",
                                 call->session->id(), call->invoke_id, id, resp.callingDevice.deviceID->value,
                                 kWaitForConnection.count());
                    call->answer(resp);
                });
                return std::nullopt;
            });
}

}  // namespace bridge
