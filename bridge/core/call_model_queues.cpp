// Queues and agents (CALL-MODEL flows 9 and 10): a caller queued at an ACD group, the member that
// takes it, and the agent state events. Moved out of call_model.cpp unchanged.
#include <algorithm>

#include "bridge/core/call_model.hpp"
#include "bridge/core/call_model_detail.hpp"

namespace bridge {

using csta::EventCause;
using State = csta::LocalConnectionState;
using call_model_detail::conn;
using call_model_detail::dev;

// ---------------------------------------------------------------- queues and agents

void CallModel::queued(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(r.input(m, "uniqueid"));
    const std::string queue = device_id(r.input(m, "queue"));
    if (!ch || !ch->is_party() || queue.empty()) return;
    auto* c = call(ch->call);
    if (!c || c->find(queue)) return;
    c->called = queue;
    // A caller that dialled the queue's number: its call was originated to the ACD group.
    if (auto* caller = c->find(ch->device->id); caller && caller->state == State::initiated && !caller->originated)
        originated(out, *c, *caller, c->establish_cause);
    add_connection(*c, {queue, State::queued, kNoChannel, true, false});
    csta::QueuedEvent ev;
    ev.queuedConnection = conn(c->id, queue);
    ev.queue = dev(queue);
    ev.callingDevice = dev(c->calling);
    ev.calledDevice = dev(called_device(*c, queue));
    ev.cause = r.cause.value_or(EventCause::enteringDistribution);
    add_network_devices(*c, ev.networkCallingDevice, ev.networkCalledDevice);
    emit(out, *c, ev);
}

void CallModel::dequeued(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(r.input(m, "uniqueid"));
    const std::string queue = device_id(r.input(m, "queue"));
    if (!ch) return;
    if (auto* c = call(ch->call))
        clear_connection(out, *c, queue, r.cause.value_or(EventCause::callNotAnswered));
}

void CallModel::agent_connected(const EventRule& r, const ami::Message& m, Out& out) {
    auto* caller = channel(r.input(m, "uniqueid"));
    auto* agent = channel(r.input(m, "destUniqueid"));
    const std::string queue = device_id(r.input(m, "queue"));
    if (!caller || !agent || !agent->is_party()) return;
    auto* c = call(caller->call);
    if (!c) return;
    if (agent->call == c->handle) establish(out, *c, *agent);
    // The call left the queue for the agent: the ACD group's connection is cleared.
    clear_connection(out, *c, queue, r.cause.value_or(EventCause::distributed));
}

void CallModel::agent_event(const EventRule& r, const ami::Message& m, Out& out) {
    const std::string interface(r.input(m, "interface"));
    auto device = device_for_interface(interface);
    if (!device) return;
    const std::string agent_id(r.input(m, "agentID"));
    const std::string queue = device_id(r.input(m, "queue"));
    Emitted e;
    auto fill = [&](auto ev) {
        ev.agentDevice = dev(*device);
        if (!agent_id.empty()) ev.agentID = agent_id;
        if (!queue.empty()) ev.acdGroup = csta::DeviceID(queue);
        if (r.cause) ev.cause = *r.cause;
        e.event = ev;
    };
    switch (r.primitive) {
    case Primitive::agentLoggedOn: fill(csta::AgentLoggedOnEvent{}); break;
    case Primitive::agentLoggedOff: fill(csta::AgentLoggedOffEvent{}); break;
    case Primitive::agentReady: fill(csta::AgentReadyEvent{}); break;
    default: fill(csta::AgentNotReadyEvent{}); break;
    }
    e.recipients.push_back({*device, std::nullopt});
    out.push_back(std::move(e));
}

}  // namespace bridge
