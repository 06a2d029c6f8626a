#include "bridge/server/services.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include "bridge/server/connection_resolve.hpp"
#include "bridge/server/service_call.hpp"
#include "csta/xml/fields.hpp"

namespace bridge {

namespace {
using csta::ErrorCode;
using Op = csta::OperationError;
using Res = csta::SystemResourceAvailabilityError;
using State = csta::StateIncompatibilityError;

// A lookup that finds nothing is an answer, not a failure: DND off, no forwarding.
bool acceptable_miss(const csta::Request& request, const ami::ActionResult& r) {
    bool lookup = std::holds_alternative<csta::GetDoNotDisturb>(request) || std::holds_alternative<csta::GetForwarding>(request);
    return lookup && r.error == ami::ErrorCode::error_response &&
           r.response.get("Message").find("not found") != std::string_view::npos;
}
// RecipeParams keys the services fill with a CSTA device id (device_link, connection_link);
// a declared <param> says so by its field's type (add_declared_params).
bool is_device_param(const std::string& key) { return key == "device" || key.ends_with(".deviceID"); }

// The recipe's <param>s: the request's fields under the names the recipe uses. What the
// service itself derived (a connection's channel, ...) is not replaced; a field the request
// leaves out gives no value (the header is then missing, or left out when optional).
void add_declared_params(const AsteriskLink& link, const std::string& service, const csta::Request& request,
                         RecipeParams& params) {
    const auto* recipe = link.table->recipe(service);
    if (!recipe || recipe->params.empty()) return;
    const auto fields = csta::xml::request_fields(request);
    for (const auto& p : recipe->params) {
        const auto it = fields.find(p.field);
        if (it == fields.end()) continue;
        params.values.emplace(p.name, it->second.device ? link.model->asterisk_number(it->second.text) : it->second.text);
    }
}
}  // namespace

std::string make_uuid() {
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("no randomness for a UUID");
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        s += hex[b[i] >> 4];
        s += hex[b[i] & 15];
    }
    return s;
}

void ServiceRunner::Call::answer(const csta::Response& r) {
    if (answered) return;
    answered = true;
    if (user_load) {
        --*user_load;
        user_load.reset();
    }
    if (auto* e = std::get_if<csta::ErrorCode>(&r))
        spdlog::info("session {}: {} #{} -> error {}", session->id(), csta::name(request), invoke_id, csta::describe(*e));
    else
        spdlog::debug("session {}: {} #{} -> {}", session->id(), csta::name(request), invoke_id, csta::name(r));
    session->respond(invoke_id, r);
}

void ServiceRunner::run(const std::shared_ptr<Session>& session, InvokeId invoke_id, csta::Request request) {
    auto call = std::make_shared<Call>(Call{session, invoke_id, std::move(request), false, nullptr});
    spdlog::debug("session {}: {} #{}", session->id(), csta::name(call->request), invoke_id);
    if (!admit(call)) return;
    try {
        // A ConnectionID sent with only its deviceID or only its callID is completed first.
        if (auto refusal = complete_connections(call->request, connection_lookup(), session->user())) {
            spdlog::info("session {}: {} #{}: {}", session->id(), csta::name(call->request), invoke_id, refusal->reason);
            return call->answer(refusal->code);
        }
        std::visit([&](const auto& req) { serve(call, req); }, call->request);
    } catch (const std::exception& e) {
        spdlog::error("session {}: {} #{} failed inside the bridge: {}", session->id(), csta::name(call->request),
                      invoke_id, e.what());
        call->answer(ErrorCode(Res::generic));
    }
}

bool ServiceRunner::admit(const CallPtr& call) {
    // Requests in progress: the session's own count includes this one.
    const auto& g = host_.limits();
    if (call->session->pending_requests() > g.max_requests_per_session) {
        spdlog::warn("session {}: {} requests in progress (max-requests-per-session {}); {} #{} refused", call->session->id(),
                     call->session->pending_requests() - 1, g.max_requests_per_session, csta::name(call->request), call->invoke_id);
        call->answer(ErrorCode(Res::resourceBusy));
        return false;
    }
    if (const auto* user = call->session->user()) {
        auto& load = user_load_[user->name];
        if (!load) load = std::make_shared<std::size_t>(0);
        if (*load >= g.max_requests_per_user) {
            spdlog::warn("session {}: user '{}' has {} requests in progress (max-requests-per-user); {} #{} refused",
                         call->session->id(), user->name, *load, csta::name(call->request), call->invoke_id);
            call->answer(ErrorCode(Res::resourceBusy));
            return false;
        }
        ++*load;
        call->user_load = load;
    }
    return true;
}

ConnectionLookup ServiceRunner::connection_lookup() {
    ConnectionLookup lookup;
    lookup.calls_of_device = [this](const std::string& device) {
        std::vector<std::string> calls;
        if (auto* link = host_.link_for_device(device))
            for (const auto& item : link->model->snapshot_device(device)) calls.push_back(item.call_id);
        return calls;
    };
    lookup.devices_of_call = [this](const std::string& call_id) {
        std::vector<std::string> devices;
        for (const auto& l : host_.links())
            if (const auto* c = l->model->snapshot_call(call_id))
                for (const auto& conn : c->connections) devices.push_back(conn.device);
        return devices;
    };
    return lookup;
}

bool ServiceRunner::permitted(const CallPtr& call, const std::string& device) {
    const auto* user = call->session->user();
    if (!user || device_permitted(user->devices, device)) return true;
    spdlog::warn("session {}: user '{}' may not use device {}", call->session->id(), user->name, device);
    call->answer(ErrorCode(Op::privilegeViolationSpecifiedDevice));
    return false;
}

AsteriskLink* ServiceRunner::route(const CallPtr& call, const std::string& device, const std::string& call_id) {
    AsteriskLink* link = !call_id.empty() ? host_.link_for_call(call_id) : host_.link_for_device(device);
    if (!link) {
        call->answer(ErrorCode(call_id.empty() ? Op::invalidDeviceID : Op::invalidCallID));
        return nullptr;
    }
    if (!link->up) {
        call->answer(ErrorCode(Res::resourceOutOfService));  // the AMI link is down
        return nullptr;
    }
    return link;
}

bool ServiceRunner::add_connection(const CallPtr& call, AsteriskLink& link, const std::string& name,
                                   const csta::ConnectionID& connection, RecipeParams& params) {
    if (!connection.callID || !connection.deviceID) {
        call->answer(ErrorCode(Op::invalidConnectionID));
        return false;
    }
    if (!permitted(call, connection.deviceID->value)) return false;
    if (!link.model->snapshot_call(*connection.callID)) {
        call->answer(ErrorCode(Op::invalidCallID));
        return false;
    }
    auto channel = link.model->channel_of(*connection.callID, connection.deviceID->value);
    if (!channel) {
        call->answer(ErrorCode(Op::invalidConnectionID));
        return false;
    }
    params.values[name + ".channel"] = *channel;
    params.values[name + ".callID"] = *connection.callID;
    params.values[name + ".deviceID"] = connection.deviceID->value;
    return true;
}

AsteriskLink* ServiceRunner::connection_link(const CallPtr& call, const std::string& name,
                                             const csta::ConnectionID& connection, RecipeParams& params) {
    auto* link = route(call, connection.deviceID ? connection.deviceID->value : std::string(),
                       connection.callID.value_or(""));
    if (!link || !add_connection(call, *link, name, connection, params)) return nullptr;
    return link;
}

AsteriskLink* ServiceRunner::device_link(const CallPtr& call, const std::string& device, RecipeParams& params) {
    if (!permitted(call, device)) return nullptr;
    auto* link = route(call, device, "");
    if (link) params.values["device"] = device;
    return link;
}

void ServiceRunner::recipe_only(const CallPtr& call, const std::string& service, const std::string& name,
                                const csta::ConnectionID& connection, Complete complete) {
    const auto& links = host_.links();
    auto* link = links.size() == 1 ? links.front().get() : host_.link_for_call(connection.callID.value_or(""));
    if (!link) return call->answer(ErrorCode(Op::invalidCallID));
    const auto* recipe = link->table->recipe(service);
    if (!recipe || recipe->handling != ServiceRecipe::Handling::ami) return call->answer(ErrorCode(Op::serviceNotSupported));
    if (!route(call, "", connection.callID.value_or(""))) return;
    RecipeParams params;
    if (!add_connection(call, *link, name, connection, params)) return;
    via_ami(call, *link, service, std::move(params), std::move(complete));
}

csta::ErrorCode ServiceRunner::ami_error(AsteriskLink& link, const ami::ActionResult& r) const {
    switch (r.error) {
        case ami::ErrorCode::link_lost:
        case ami::ErrorCode::not_connected:
        case ami::ErrorCode::stopped: return ErrorCode(Res::resourceOutOfService);
        case ami::ErrorCode::timeout:
        case ami::ErrorCode::busy: return ErrorCode(Res::resourceBusy);
        case ami::ErrorCode::rejected_by_writer: return ErrorCode(Op::invalidParameterValue);
        default: return link.table->error_for(r.response.get("Message"));
    }
}

void ServiceRunner::via_ami(const CallPtr& call, AsteriskLink& link, const std::string& service,
                            RecipeParams params, Complete complete) {
    // Asterisk knows its devices by number: the server's device prefix comes off every
    // device a recipe may substitute (a name without it, e.g. an external number, stays).
    for (auto& [key, value] : params.values)
        if (is_device_param(key)) value = link.model->asterisk_number(value);
    add_declared_params(link, service, call->request, params);
    auto rendered = render_actions(*link.table, service, params);
    switch (rendered.status) {
        case RenderedActions::Status::ok: break;
        case RenderedActions::Status::not_supported:
        case RenderedActions::Status::bridge_local:
            call->answer(ErrorCode(Op::serviceNotSupported));
            return;
        case RenderedActions::Status::missing_value:
            spdlog::warn("session {}: {}: {}", call->session->id(), service, rendered.error);
            call->answer(ErrorCode(Op::invalidParameterValue));
            return;
        case RenderedActions::Status::unsafe_value:
        case RenderedActions::Status::value_too_long:
            spdlog::warn("session {}: {} refused: {}", call->session->id(), service, rendered.error);
            call->answer(ErrorCode(Op::invalidParameterValue));
            return;
    }
    auto actions = std::make_shared<std::vector<ami::Message>>(std::move(rendered.actions));
    auto results = std::make_shared<std::vector<ami::ActionResult>>();
    send_next(call, link, actions, 0, results, std::move(params), rendered.recipe, std::move(complete));
}

void ServiceRunner::send_next(const CallPtr& call, AsteriskLink& link,
                              std::shared_ptr<std::vector<ami::Message>> actions, std::size_t index,
                              std::shared_ptr<std::vector<ami::ActionResult>> results, RecipeParams params,
                              const ServiceRecipe* recipe, Complete complete) {
    if (index == actions->size()) {
        std::map<std::string, std::string> result;
        if (recipe) result = render_result(*link.table, *recipe, params);
        if (auto response = complete(*results, result)) call->answer(*response);
        return;
    }
    auto& action = (*actions)[index];
    // The call model learns of the bridge's own actions (an Originate is a MakeCall, a DBPut
    // of a forwarding family is SetForwarding) and of their responses. The AMI client puts its
    // own ActionID on the wire, so the model sees ours on both the action and its response.
    const std::string model_id = "csta-" + std::to_string(++next_action_);
    action.set("ActionID", model_id);
    host_.fan_out(link.model->on_client(action));
    auto started = std::chrono::steady_clock::now();
    auto name = std::string(action.action_name());
    if (spdlog::should_log(spdlog::level::debug)) {
        // What the recipe made of the request, as sent: the log to read when adapting a table.
        std::string headers;
        for (const auto& h : action.headers()) {
            if (!headers.empty()) headers += ", ";
            headers += h.name.str() + ": " + h.value.str();
        }
        spdlog::debug("session {}: {} #{}: sends {}", call->session->id(), csta::name(call->request), call->invoke_id, headers);
    }
    host_.count("csta_bridge_ami_actions_total", 1, {{"server", link.config.name}, {"action", name}});
    auto* l = &link;
    link.client->send(action, [this, call, l, actions, index, results, params = std::move(params), recipe,
                               complete = std::move(complete), started, model_id](ami::ActionResult r) mutable {
        host_.count("csta_bridge_ami_action_seconds_total",
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                    {{"server", l->config.name}});
        if (!r.response.empty()) {
            ami::Message seen = r.response;
            seen.set("ActionID", model_id);
            host_.fan_out(l->model->on_asterisk(seen));
        }
        bool ok = r.ok();
        results->push_back(std::move(r));
        if (!ok && !acceptable_miss(call->request, results->back())) {
            auto err = ami_error(*l, results->back());
            spdlog::info("session {}: {} #{}: Asterisk answered {} ({})", call->session->id(), csta::name(call->request),
                         call->invoke_id, results->back().error_text, csta::describe(err));
            call->answer(err);
            return;
        }
        send_next(call, *l, actions, index + 1, results, std::move(params), recipe, std::move(complete));
    });
}

}  // namespace bridge
