// Services the bridge answers itself: monitors, snapshots, system status, the device list.
#include <spdlog/spdlog.h>

#include "bridge/server/service_call.hpp"
#include "bridge/server/visibility.hpp"

namespace bridge {

namespace {
using csta::ErrorCode;
using Op = csta::OperationError;
}  // namespace

bool ServiceRunner::offered(const CallPtr& call, const AsteriskLink* link) {
    const std::string service(csta::name(call->request));
    const auto offers = [&](const AsteriskLink& l) {
        const auto* recipe = l.table->recipe(service);
        return recipe && recipe->handling == ServiceRecipe::Handling::bridge;
    };
    bool ok = true;
    if (link) ok = offers(*link);
    else
        for (const auto& l : host_.links()) ok = ok && offers(*l);
    if (ok) return true;
    spdlog::info("session {}: {} #{}: not offered: the mapping table does not say handling=\"bridge\" for it",
                 call->session->id(), service, call->invoke_id);
    call->answer(ErrorCode(Op::serviceNotSupported));
    return false;
}

void ServiceRunner::serve(const CallPtr& call, const csta::MonitorStop& req) {
    if (!offered(call, nullptr)) return;
    auto err = host_.monitors().stop(call->session->id(), req.monitorCrossRefID);
    return err ? call->answer(*err) : call->answer(csta::MonitorStopResponse{});
}

void ServiceRunner::serve(const CallPtr& call, const csta::ChangeMonitorFilter& req) {
    if (!offered(call, nullptr)) return;
    auto err = host_.monitors().change_filter(call->session->id(), req.monitorCrossRefID, req.requestedFilterList);
    if (err) return call->answer(*err);
    csta::ChangeMonitorFilterResponse resp;
    resp.actualFilterList = req.requestedFilterList;
    call->answer(resp);
}

void ServiceRunner::serve(const CallPtr& call, const csta::SystemStatus&) {
    if (!offered(call, nullptr)) return;
    call->answer(csta::SystemStatusResponse{});
}

void ServiceRunner::serve(const CallPtr& call, const csta::SystemRegister&) {
    if (!offered(call, nullptr)) return;
    csta::SystemRegisterResponse resp;
    resp.sysStatRegisterID = "sys" + std::to_string(call->session->id());
    call->answer(resp);
}

void ServiceRunner::serve(const CallPtr& call, const csta::RequestSystemStatus&) {
    if (!offered(call, nullptr)) return;
    csta::RequestSystemStatusResponse resp;
    auto s = host_.system_status();
    resp.systemStatus = s == csta::SystemStatusValue::enabled ? csta::SystemStatusValue::normal : s;
    call->answer(resp);
}

void ServiceRunner::serve(const CallPtr& call, const csta::SwitchingFunctionDevices&) {
    call->answer(ErrorCode(Op::serviceNotSupported));  // the bridge sends these, it does not take them
}

void ServiceRunner::serve(const CallPtr& call, const csta::MonitorStart& req) {
    {
        const auto* d = std::get_if<csta::DeviceID>(&req.monitorObject);
        const auto* c = std::get_if<csta::ConnectionID>(&req.monitorObject);
        const auto* concerned = d ? host_.link_for_device(d->value)
                                  : c && c->callID ? host_.link_for_call(*c->callID) : nullptr;
        if (!offered(call, concerned)) return;
    }
    MonitorTarget target;
    if (auto* d = std::get_if<csta::DeviceID>(&req.monitorObject)) {
        target.device = d->value;
        // Permission first: a user learns nothing about devices outside its own.
        if (!permitted(call, target.device)) return;
        auto* link = host_.link_for_device(target.device);
        bool known = link && (link->devices.count(target.device) ||
                              (link->devices.empty() && link->table->dial_string(link->model->asterisk_number(target.device))) ||
                              link->table->is_parking_slot(link->model->asterisk_number(target.device)));
        if (!known) return call->answer(ErrorCode(Op::invalidDeviceID));
    } else {
        const auto& c = std::get<csta::ConnectionID>(req.monitorObject);
        auto* link = c.callID ? host_.link_for_call(*c.callID) : nullptr;
        const auto* known = link ? link->model->snapshot_call(*c.callID) : nullptr;
        const auto* user = call->session->user();
        // A call of other users' devices is answered like an unknown one: a guessed callID
        // must not tell that the call exists. A MakeCall still pending is visible through its
        // calling device.
        const bool visible = known ? call_visible(user, *known)
                                   : link && link->model->call_pending(*c.callID) &&
                                         (!user || device_permitted(user->devices, link->model->pending_calling(*c.callID)));
        if (!visible) {
            if (known) spdlog::warn("session {}: call {} has no device of user '{}'; monitor refused", call->session->id(), *c.callID, user->name);
            return call->answer(ErrorCode(Op::invalidCallID));
        }
        target.call_id = *c.callID;
    }
    std::size_t max = call->session->user() ? call->session->user()->max_monitors : 200;
    if (const auto* user = call->session->user(); user && host_.monitors_of_user(*user) >= user->max_monitors) {
        spdlog::warn("session {}: user '{}' has {} monitors in all its sessions (max-monitors)", call->session->id(),
                     user->name, host_.monitors_of_user(*user));
        return call->answer(ErrorCode(csta::SystemResourceAvailabilityError::overallMonitorLimitExceeded));
    }
    auto filter = req.requestedMonitorFilter.value_or(csta::MonitorFilter{});
    auto result = host_.monitors().start(call->session->id(), target, filter, max);
    if (auto* err = std::get_if<csta::ErrorCode>(&result)) return call->answer(*err);
    csta::MonitorStartResponse resp;
    resp.monitorCrossRefID = std::get<csta::MonitorCrossRefID>(result);
    resp.actualMonitorFilter = filter;
    spdlog::info("session {}: monitor {} on {} {}", call->session->id(), resp.monitorCrossRefID,
                 target.is_call() ? "call" : "device", target.is_call() ? target.call_id : target.device);
    call->answer(resp);
}

void ServiceRunner::serve(const CallPtr& call, const csta::SnapshotDevice& req) {
    if (!offered(call, host_.link_for_device(req.snapshotObject.value))) return;
    const auto& device = req.snapshotObject.value;
    if (!permitted(call, device)) return;  // first: nothing about other devices, not even unknown
    auto* link = host_.link_for_device(device);
    if (!link) return call->answer(ErrorCode(Op::invalidDeviceID));
    csta::SnapshotDeviceResponse resp;
    for (const auto& item : link->model->snapshot_device(device)) {
        csta::SnapshotDeviceResponseInfo info;
        info.connectionIdentifier = csta::ConnectionID(item.call_id, device);
        info.localCallState = csta::CallState{{item.state}};
        resp.snapshotData.push_back(std::move(info));
    }
    call->answer(resp);
}

void ServiceRunner::serve(const CallPtr& call, const csta::SnapshotCall& req) {
    if (!offered(call, req.snapshotObject.callID ? host_.link_for_call(*req.snapshotObject.callID) : nullptr)) return;
    if (!req.snapshotObject.callID) return call->answer(ErrorCode(Op::invalidCallID));
    auto* link = host_.link_for_call(*req.snapshotObject.callID);
    const auto* c = link ? link->model->snapshot_call(*req.snapshotObject.callID) : nullptr;
    if (c && !call_visible(call->session->user(), *c)) {
        spdlog::warn("session {}: call {} has no device of user '{}'; snapshot refused", call->session->id(), c->id,
                     call->session->user()->name);
        c = nullptr;  // answered like an unknown call
    }
    if (!c) return call->answer(ErrorCode(Op::invalidCallID));
    csta::SnapshotCallResponse resp;
    for (const auto& conn : c->connections) {
        csta::SnapshotCallResponseInfo info;
        info.deviceOnCall = csta::DeviceID(conn.device);
        info.callIdentifier = csta::ConnectionID(c->id, conn.device);
        info.localConnectionInfo = conn.state;
        resp.snapshotData.push_back(std::move(info));
    }
    if (!c->calling.empty()) resp.callingDevice = csta::DeviceID(c->calling);
    // calledDevice: the number dialled (DNIS, CALL-MODEL flow 15) as in the call's events.
    const std::string& called = c->dialled.empty() ? c->called : c->dialled;
    if (!called.empty()) resp.calledDevice = csta::DeviceID(called);
    call->answer(resp);
}

void ServiceRunner::serve(const CallPtr& call, const csta::GetSwitchingFunctionDevices& req) {
    if (!offered(call, nullptr)) return;
    // The list comes after the response, in segments of at most 100 devices (ECMA-269 12.2.6).
    csta::GetSwitchingFunctionDevicesResponse resp;
    resp.serviceCrossRefID = "sfd" + std::to_string(next_xref_++);
    std::vector<std::string> devices;
    // Asked for the park category: the table's parking slots (CALL-MODEL flow 14).
    const bool park = req.requestedDeviceCategory == csta::ReqDeviceCategory::park;
    for (const auto& link : host_.links()) {
        if (park) {
            for (const auto& slot : link->table->parking_slots())
                if (const auto d = link->model->device_id(slot); !req.requestedDeviceID || req.requestedDeviceID->value == d)
                    devices.push_back(d);
            continue;
        }
        for (const auto& d : link->devices)
            if (!req.requestedDeviceID || req.requestedDeviceID->value == d) devices.push_back(d);
    }
    if (const auto* user = call->session->user())
        std::erase_if(devices, [&](const std::string& d) { return !device_permitted(user->devices, d); });
    call->answer(resp);
    constexpr std::size_t segment = 100;
    for (std::size_t i = 0, n = 0; i < devices.size() || i == 0; i += segment, ++n) {
        csta::SwitchingFunctionDevices list;
        list.serviceCrossRefID = resp.serviceCrossRefID;
        list.segmentID = static_cast<long>(n);
        list.lastSegment = i + segment >= devices.size();
        for (std::size_t k = i; k < std::min(devices.size(), i + segment); ++k) {
            csta::DeviceListDevice d;
            d.deviceID = csta::DeviceID(devices[k]);
            if (park) d.deviceCategory = csta::DeviceCategory::park;
            list.deviceList.push_back(std::move(d));
        }
        call->session->push_request(list);
        if (devices.empty()) break;
    }
}

}  // namespace bridge
