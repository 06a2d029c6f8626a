// The AMI actions pbx-sim answers (action_class, execute) and their handlers, except the
// transfer actions (pbx_transfers.cpp), the queue actions (pbx_queue.cpp) and the trunk
// actions (pbx_trunk.cpp): Originate, Hangup, Redirect, PJSIPNotify, PlayDTMF, DBPut/DBGet/
// DBDel, Command, CoreShowChannels/Status, DeviceStateList, ExtensionStateList,
// CoreSettings, CoreStatus, and the Sim* control actions.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "tools/pbx-sim/pbx.hpp"
#include "tools/pbx-sim/pbx_internal.hpp"

namespace pbxsim {

std::optional<std::string_view> Pbx::action_class(std::string_view action) {
    static const std::vector<std::pair<std::string_view, std::string_view>> table = {
        {"Ping", ""}, {"Login", ""}, {"Logoff", ""}, {"Challenge", ""}, {"Events", ""},
        {"ListCommands", ""}, {"QueueStatus", ""},
        {"Originate", "originate"}, {"Hangup", "system,call"}, {"Redirect", "call"},
        {"BlindTransfer", "call"}, {"Atxfer", "call"}, {"PlayDTMF", "call"}, {"PJSIPNotify", "system"},
        {"QueueAdd", "agent"}, {"QueueRemove", "agent"}, {"QueuePause", "agent"},
        {"DBPut", "system"}, {"DBDel", "system"}, {"DBGet", "system,reporting"},
        {"CoreShowChannels", "system,reporting"}, {"Status", "system,call,reporting"},
        {"DeviceStateList", "call,reporting"}, {"ExtensionStateList", "call,reporting"},
        {"Command", "command"}, {"CoreSettings", "system,reporting"},
        {"CoreStatus", "system,reporting"},
        // pbx-sim's own control actions (documented in tools/pbx-sim/README.md)
        {"SimCall", "system"}, {"SimHangup", "system"}, {"SimHold", "system"},
        {"SimUnhold", "system"}, {"SimAnswer", "system"}, {"SimEndpoint", "system"},
        {"SimShutdown", "system"}, {"SimDropLink", "system"}, {"SimLoad", "system"},
        {"SimTrunkCall", "system"},
        {"Park", "call"},  // pbx_parking.cpp
    };
    for (const auto& [name, cls] : table)
        if (ami::iequals(name, action)) return cls;
    return std::nullopt;
}

std::vector<ami::Message> Pbx::execute(const ami::Message& a) {
    const auto name = a.action_name();
    auto is = [&](std::string_view n) { return ami::iequals(name, n); };
    if (is("Ping")) {
        auto r = response(a, "Success", "");
        r.add("Ping", "Pong");
        r.add("Timestamp", timestamp());
        return {r};
    }
    if (is("Originate")) return originate(a);
    if (is("Hangup")) return ami_hangup(a);
    if (is("Redirect")) return redirect(a);
    if (is("BlindTransfer")) return blind_transfer(a);
    if (is("Atxfer")) return atxfer(a);
    if (is("PlayDTMF")) return play_dtmf(a);
    if (is("PJSIPNotify")) return pjsip_notify(a);
    if (is("QueueAdd") || is("QueueRemove") || is("QueuePause")) return queue_action(a);
    if (is("QueueStatus")) return queue_status(a);
    if (is("DBPut") || is("DBGet") || is("DBDel")) return db_action(a);
    if (is("Command")) return command(a);
    if (is("CoreShowChannels")) return list_channels(a, false);
    if (is("Status")) return list_channels(a, true);
    if (is("DeviceStateList")) return device_state_list(a);
    if (is("ExtensionStateList")) return extension_state_list(a);
    if (is("CoreSettings")) return core_settings(a);
    if (is("CoreStatus")) return core_status(a);
    if (auto r = parking_action(a)) return *r;  // Park (pbx_parking.cpp)
    // Phone-side control: deferred like every call action so the response goes first.
    auto deferred = [&](std::function<std::string()> fn, std::string_view ok) {
        sched_.schedule(Millis{0}, [fn = std::move(fn)] { (void)fn(); });
        return std::vector<ami::Message>{response(a, "Success", ok)};
    };
    if (auto r = trunk_action(a)) return *r;  // SimTrunkCall, SimHangup of a trunk (pbx_trunk.cpp)
    if (is("SimCall")) {
        const std::string from(a.get("From")), to(a.get("To"));
        if (!endpoint(from)) return {response(a, "Error", "Unknown extension in From")};
        return deferred([this, from, to] { return phone_call(from, to); }, "Call queued");
    }
    if (is("SimHangup") || is("SimHold") || is("SimUnhold") || is("SimAnswer")) {
        const std::string ext(a.get("Exten"));
        if (!endpoint(ext)) return {response(a, "Error", "Unknown extension")};
        if (is("SimHangup")) return deferred([this, ext] { return phone_hangup(ext); }, "Hangup queued");
        if (is("SimAnswer")) return deferred([this, ext] { return phone_answer(ext); }, "Answer queued");
        const bool hold = is("SimHold");
        return deferred([this, ext, hold] { return phone_hold(ext, hold); }, "Hold queued");
    }
    if (is("SimEndpoint")) {
        const std::string ext(a.get("Exten"));
        auto* b = endpoint(ext);
        if (!b) return {response(a, "Error", "Unknown extension")};
        EndpointBehaviour copy = *b;
        try {
            for (const auto& h : a.headers()) {
                if (ami::iequals(h.name, "Action") || ami::iequals(h.name, "ActionID") ||
                    ami::iequals(h.name, "Exten"))
                    continue;
                std::string key = h.name;
                std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
                apply_endpoint_key(copy, key, h.value);
            }
        } catch (const std::exception& e) {
            return {response(a, "Error", e.what())};
        }
        *b = copy;
        update_device(ext);
        return {response(a, "Success", "Endpoint updated")};
    }
    if (is("SimShutdown")) return deferred([this] { shutdown(); return std::string{}; }, "Shutting down");
    return {response(a, "Error", "Invalid/unknown command")};
}

std::vector<ami::Message> Pbx::originate(const ami::Message& a) {
    const std::string channel(a.get("Channel"));
    const std::string ext = pjsip_ext(channel);
    const bool async = truthy(a.get("Async"));
    if (channel.empty()) return {response(a, "Error", "Channel not specified")};
    if (!a.has("Exten") && !a.has("Application"))
        return {response(a, "Error", "Exten not specified")};
    // What this simulator can run: PJSIP/<ext> to a dialplan extension. Anything else (Local
    // channels, Application=) fails like an unreachable channel.
    const std::string action_id(a.action_id()), context(a.has("Context") ? a.get("Context") : cfg_.context),
        exten(a.get("Exten")), chan_id(a.get("ChannelId")), caller_id(a.get("CallerID")),
        app(a.get("Application")), data(a.get("Data"));
    auto start = [this, action_id, channel, ext, context, exten, chan_id, caller_id, app, data] {
        auto* b = endpoint(ext);
        if (ext.empty() || !b || !b->registered || (exten.empty() && app.empty()) || channels_.size() >= kMaxChannels) {
            auto m = event("OriginateResponse");
            if (!action_id.empty()) m.add("ActionID", action_id);
            m.add("Response", "Failure");
            m.add("Channel", channel);
            m.add("Context", context);
            m.add("Exten", exten);
            m.add("Reason", "0");
            m.add("Uniqueid", chan_id.empty() ? "<null>" : chan_id);
            m.add("CallerIDNum", caller_id.empty() ? "<unknown>" : caller_id);
            m.add("CallerIDName", "<unknown>");
            emit(std::move(m));
            return;
        }
        auto& c = new_channel(ext, ChanState::down, ext, "Ext " + ext, "s", "",
                              chan_id.empty() ? std::nullopt : std::optional<std::string>(chan_id));
        ++processed_calls_;
        c.originate.action_id = action_id;
        c.originate.context = context;
        c.originate.exten = exten;
        c.originate.app = app;
        c.originate.data = data;
        c.connected_num = caller_id.empty() ? "<unknown>" : caller_id;
        emit_channel_event("NewConnectedLine", c);
        emit_dial("DialBegin", nullptr, c, {{"DialString", ext}});
        const auto uid = c.uniqueid;
        if (b->mode == EndpointBehaviour::Mode::busy) {
            sched_.schedule(b->ring_delay, [this, uid] {
                auto* ch = find(uid);
                if (!ch) return;
                emit_channel_event("HangupRequest", *ch, {{"Cause", "17"}});
                emit_dial("DialEnd", nullptr, *ch, {{"DialStatus", "BUSY"}});
                originate_result(*ch, false, 5);
                emit_hangup(*ch, 17);
                destroy(uid);
            });
            return;
        }
        sched_.schedule(b->ring_delay, [this, uid] {
            auto* ch = find(uid);
            if (!ch || ch->state != ChanState::down) return;
            set_state(*ch, ChanState::ringing);
            update_device(ch->device_ext);
            emit_dial("DialState", nullptr, *ch, {{"DialStatus", "RINGING"}});
            auto* be = endpoint(ch->device_ext);
            if (be && be->mode == EndpointBehaviour::Mode::answer)
                sched_.schedule(be->answer_after, [this, uid] { callee_answers(uid); });
        });
    };
    sched_.schedule(Millis{0}, start);
    if (!async) {
        // Synchronous Originate answers after the outcome; the simulator answers at once and
        // still reports the outcome as OriginateResponse (documented difference).
    }
    return {response(a, "Success", "Originate successfully queued")};
}

void Pbx::originate_result(Channel& c, bool ok, int reason) {
    if (!c.originate.action_id) return;
    auto m = event("OriginateResponse");
    if (!c.originate.action_id->empty()) m.add("ActionID", *c.originate.action_id);
    m.add("Response", ok ? "Success" : "Failure");
    m.add("Channel", c.name);
    if (!c.originate.app.empty()) {  // as Asterisk's originate of an application reports it
        m.add("Application", c.originate.app);
        m.add("Data", c.originate.data);
    } else {
        m.add("Context", c.originate.context);
        m.add("Exten", c.originate.exten);
    }
    m.add("Reason", std::to_string(reason));
    m.add("Uniqueid", c.uniqueid);
    m.add("CallerIDNum", c.connected_num);
    m.add("CallerIDName", "<unknown>");
    c.originate.action_id.reset();
    emit(std::move(m));
}

std::vector<ami::Message> Pbx::ami_hangup(const ami::Message& a) {
    auto* c = find_by_name(a.get("Channel"));
    if (!c) return {response(a, "Error", "No such channel")};
    const auto uid = c->uniqueid;
    sched_.schedule(Millis{0}, [this, uid] { hangup(uid, HangupSource::ami); });
    return {response(a, "Success", "Channel Hungup")};
}

std::vector<ami::Message> Pbx::redirect(const ami::Message& a) {
    auto* c = find_by_name(a.get("Channel"));
    if (!c) return {response(a, "Error", "Channel specified does not exist")};
    if (!a.has("Exten")) return {response(a, "Error", "Exten not specified")};
    const std::string uid = c->uniqueid, context(a.has("Context") ? a.get("Context") : cfg_.context),
        exten(a.get("Exten"));
    sched_.schedule(Millis{0}, [this, uid, context, exten] {
        auto* x = find(uid);
        if (!x) return;
        auto* y = x->peer.empty() ? nullptr : find(x->peer);
        const std::string y_uid = y ? y->uniqueid : "";
        if (x->bridge.empty() && y && !y->runs_dialplan && y->state != ChanState::up) {
            // X's Dial() still rings Y: the async goto ends the Dial, app_dial cancels the leg
            // (DialEnd CANCEL, hanguptree with cause 16), then X runs the new extension. Not
            // recorded; written from app_dial.c / pbx.c.
            emit_dial("DialEnd", x, *y, {{"DialStatus", "CANCEL"}});
            emit_hangup(*y, 16);
            destroy(y_uid);
            x->peer.clear();
            run_dialplan(uid, context, exten);
            return;
        }
        // X leaves its bridge and runs the dialplan; the peer's Dial() ends and its dialplan
        // hangs it up (SoftHangupRequest, Hangup).
        const auto bridge_id = x->bridge;
        leave_bridge(*x);
        if (y) leave_bridge(*y);
        if (auto it = bridges_.find(bridge_id); it != bridges_.end()) {
            emit_bridge("BridgeDestroy", it->second, nullptr);
            bridges_.erase(it);
        }
        x->peer.clear();
        x->runs_dialplan = true;
        if (y) {
            emit_channel_event("SoftHangupRequest", *y, {{"Cause", "16"}});
            emit_hangup(*y, 16);
            destroy(y_uid);
        }
        run_dialplan(uid, context, exten);
    });
    return {response(a, "Success", "Redirect successful")};
}
// res_pjsip_notify: a NOTIFY to the endpoint's contact. Asterisk cannot know what the phone
// does with it; a phone with remote_control obeys "Event: talk" (answers a ringing call or
// resumes a held one) and "Event: hold", as BroadSoft-style remote control does.
std::vector<ami::Message> Pbx::pjsip_notify(const ami::Message& a) {
    const std::string ext(a.get("Endpoint"));
    if (ext.empty()) return {response(a, "Error", "PJSIPNotify requires either an endpoint or URI")};
    auto* b = endpoint(ext);
    if (!b) return {response(a, "Error", "Unable to retrieve endpoint " + ext)};
    if (!a.has("Variable") && !a.has("Option")) return {response(a, "Error", "PJSIPNotify requires either an Option or Variable(s)")};
    if (!b->registered) return {response(a, "Error", "Unable to send NOTIFY: no contact for endpoint " + ext)};
    std::string event;
    for (auto v : a.all("Variable"))
        if (v.substr(0, 6) == "Event=") event = std::string(v.substr(6));
    if (b->remote_control && (event == "talk" || event == "hold")) {
        sched_.schedule(Millis{50}, [this, ext, event] {
            if (event == "hold") phone_hold(ext, true);
            else if (!phone_answer(ext).empty()) phone_hold(ext, false);  // nothing rang: resume
        });
    }
    return {response(a, "Success", "NOTIFY sent")};
}

std::vector<ami::Message> Pbx::play_dtmf(const ami::Message& a) {
    auto* c = find_by_name(a.get("Channel"));
    if (!c) return {response(a, "Error", "No such channel")};
    const std::string digit(a.get("Digit"));
    if (digit.size() != 1 || std::string_view("0123456789*#ABCD").find(digit[0]) == std::string_view::npos)
        return {response(a, "Error", "No digit specified")};
    if (truthy(a.get("Receive"))) {
        const std::string uid = c->uniqueid;
        sched_.schedule(Millis{0}, [this, uid, digit] {
            auto* x = find(uid);
            if (!x) return;
            emit_channel_event("DTMFEnd", *x, {{"Digit", digit}, {"DurationMs", "0"}, {"Direction", "Received"}});
            if (!x->atxfer.consult_bridge.empty() &&
                (x->bridge == x->atxfer.consult_bridge || x->bridge == x->atxfer.orig_bridge))
                return atxfer_feature_digit(uid, digit[0]);
            // '#' starts the blind-transfer feature code #1: the bridge swallows it.
            if (digit == "#" || digit == "*" || x->bridge.empty()) return;
            auto* y = find(x->peer);
            if (!y) return;
            emit_channel_event("DTMFBegin", *y, {{"Digit", digit}, {"Direction", "Sent"}});
            const std::string y_uid = y->uniqueid;
            sched_.schedule(Millis{100}, [this, y_uid, digit] {
                if (auto* p = find(y_uid))
                    emit_channel_event("DTMFEnd", *p, {{"Digit", digit}, {"DurationMs", "100"}, {"Direction", "Sent"}});
            });
        });
    }
    return {response(a, "Success", "DTMF successfully queued")};
}
std::vector<ami::Message> Pbx::db_action(const ami::Message& a) {
    const std::string family(a.get("Family")), key(a.get("Key"));
    if (family.empty()) return {response(a, "Error", "No family specified")};
    if (key.empty()) return {response(a, "Error", "No key specified")};
    const auto k = family + "/" + key;
    if (ami::iequals(a.action_name(), "DBPut")) {
        if (db_.size() >= 100000 && !db_.count(k)) return {response(a, "Error", "Failed to update entry")};
        db_[k] = std::string(a.get("Val"));
        return {response(a, "Success", "Updated database successfully")};
    }
    auto it = db_.find(k);
    if (ami::iequals(a.action_name(), "DBDel")) {
        if (it == db_.end()) return {response(a, "Error", "Database entry not found")};
        db_.erase(it);
        return {response(a, "Success", "Key deleted successfully")};
    }
    if (it == db_.end()) return {response(a, "Error", "Database entry not found")};
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("EventList", "start");
    r.add("Message", "Result will follow");
    ami::Message e;
    e.add("Event", "DBGetResponse");
    e.add("Family", family);
    e.add("Key", key);
    e.add("Val", it->second);
    if (a.has("ActionID")) e.add("ActionID", a.action_id());
    ami::Message done;
    done.add("Event", "DBGetComplete");
    if (a.has("ActionID")) done.add("ActionID", a.action_id());
    done.add("EventList", "Complete");
    done.add("ListItems", "1");
    return {r, e, done};
}

std::vector<ami::Message> Pbx::command(const ami::Message& a) {
    const std::string cmd(a.get("Command"));
    auto r = response(a, "Success", "Command output follows");
    if (cmd == "core show version") {
        r.add("Output", "Asterisk " + cfg_.asterisk_version + " built by pbx-sim (simulated)");
        return {r};
    }
    if (cmd == "pjsip show endpoints") {
        for (const char* line :
             {"", " Endpoint:  <Endpoint/CID.....................................>  <State.....>  <Channels.>",
              "==========================================================================================", ""})
            r.add("Output", line);
        for (const auto& [ext, b] : cfg_.endpoints) {
            int chans = 0;
            for (const auto& [uid, c] : channels_) chans += c.device_ext == ext;
            const auto st = device_state(ext);
            std::string desc = st == "UNAVAILABLE" ? "Unavailable" : st == "NOT_INUSE" ? "Not in use" : "In use";
            char buf[160];
            std::snprintf(buf, sizeof buf, " Endpoint:  %-53s%-14s%d of inf", (ext + "/" + ext).c_str(), desc.c_str(), chans);
            r.add("Output", buf);
            r.add("Output", "");
        }
        r.add("Output", "");
        r.add("Output", "Objects found: " + std::to_string(cfg_.endpoints.size()));
        r.add("Output", "");
        return {r};
    }
    if (cmd == "core stop now" || cmd == "core stop gracefully") {
        sched_.schedule(Millis{0}, [this] { shutdown(); });
        return {r};
    }
    // Asterisk answers unknown CLI commands with Success and a "No such command" line.
    r.add("Output", "No such command '" + cmd + "' (type 'core show help " + cmd + "' for other possible commands)");
    return {r};
}

std::vector<ami::Message> Pbx::list_channels(const ami::Message& a, bool status_form) {
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("EventList", "start");
    r.add("Message", status_form ? "Channel status will follow" : "Channels will follow");
    std::vector<ami::Message> out{r};
    // Newest first, as the recorded Asterisk listed them.
    std::vector<const Channel*> order;
    for (const auto& [uid, c] : channels_) order.push_back(&c);
    std::sort(order.begin(), order.end(), [](const Channel* x, const Channel* y) { return x->seq > y->seq; });
    for (const Channel* cp : order) {
        const Channel& c = *cp;
        ami::Message e;
        e.add("Event", status_form ? "Status" : "CoreShowChannel");
        if (a.has("ActionID")) e.add("ActionID", a.action_id());
        add_snapshot(e, c);
        auto peer_it = c.peer.empty() ? channels_.end() : channels_.find(c.peer);
        const Channel* peer = peer_it == channels_.end() ? nullptr : &peer_it->second;
        e.add("BridgeId", c.bridge);
        e.add("Application", c.runs_dialplan ? "Dial" : "AppDial");
        e.add("ApplicationData", c.runs_dialplan ? "PJSIP/" + (peer ? peer->device_ext : std::string()) + ",30,tT" : "(Outgoing Line)");
        e.add("BridgedChannel", peer && !c.bridge.empty() ? peer->name : "");
        e.add("BridgedUniqueID", peer && !c.bridge.empty() ? peer->uniqueid : "");
        out.push_back(e);
    }
    ami::Message done;
    done.add("Event", status_form ? "StatusComplete" : "CoreShowChannelsComplete");
    if (a.has("ActionID")) done.add("ActionID", a.action_id());
    done.add("EventList", "Complete");
    done.add("ListItems", std::to_string(channels_.size()));
    if (status_form) done.add("Items", std::to_string(channels_.size()));
    out.push_back(done);
    return out;
}

std::vector<ami::Message> Pbx::device_state_list(const ami::Message& a) {
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("EventList", "start");
    r.add("Message", "Device State Changes will follow");
    std::vector<ami::Message> out{r};
    auto item = [&](const std::string& device, const std::string& state) {
        ami::Message e;
        e.add("Event", "DeviceStateChange");
        if (a.has("ActionID")) e.add("ActionID", a.action_id());
        e.add("Device", device);
        e.add("State", state);
        out.push_back(e);
    };
    for (const auto& [ext, b] : cfg_.endpoints) item("PJSIP/" + ext, device_state(ext));
    // app_queue's own custom devices: one pause state per member, one availability per queue.
    for (const auto& [qname, q] : queues_) {
        bool available = false;
        for (const auto& m : q.members) {
            item("Queue:" + qname + "_pause_" + m.interface, m.paused ? "INUSE" : "NOT_INUSE");
            const auto ext = pjsip_ext(m.interface);
            available = available || (!m.paused && device_state(ext) == "NOT_INUSE");
        }
        item("Queue:" + qname + "_avail", available ? "NOT_INUSE" : "INUSE");
    }
    ami::Message done;
    done.add("Event", "DeviceStateListComplete");
    if (a.has("ActionID")) done.add("ActionID", a.action_id());
    done.add("EventList", "Complete");
    done.add("ListItems", std::to_string(out.size() - 1));
    out.push_back(done);
    return out;
}

std::vector<ami::Message> Pbx::extension_state_list(const ami::Message& a) {
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("EventList", "start");
    r.add("Message", "Extension Statuses will follow");
    std::vector<ami::Message> out{r};
    for (const auto& [ext, b] : cfg_.endpoints) {
        const auto codes = codes_for(device_state(ext));
        ami::Message e;
        e.add("Event", "ExtensionStatus");
        if (a.has("ActionID")) e.add("ActionID", a.action_id());
        e.add("Exten", ext);
        e.add("Context", cfg_.context);
        e.add("Hint", "PJSIP/" + ext);
        e.add("Status", std::to_string(codes.ext_status));
        e.add("StatusText", codes.ext_text);
        out.push_back(e);
    }
    ami::Message done;
    done.add("Event", "ExtensionStateListComplete");
    if (a.has("ActionID")) done.add("ActionID", a.action_id());
    done.add("EventList", "Complete");
    done.add("ListItems", std::to_string(out.size() - 1));
    out.push_back(done);
    return out;
}

std::vector<ami::Message> Pbx::core_settings(const ami::Message& a) const {
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("AMIversion", "11.0.0");
    r.add("AsteriskVersion", cfg_.asterisk_version);
    r.add("SystemName", "");
    r.add("CoreMaxCalls", "0");
    r.add("CoreMaxLoadAvg", "0.000000");
    r.add("CoreRunUser", "");
    r.add("CoreRunGroup", "");
    r.add("CoreMaxFilehandles", "0");
    r.add("CoreRealTimeEnabled", "No");
    r.add("CoreCDRenabled", "No");
    r.add("CoreHTTPenabled", "No");
    r.add("SoundsSearchCustomDir", "No");
    return {r};
}

std::vector<ami::Message> Pbx::core_status(const ami::Message& a) const {
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("CoreStartupDate", "2026-11-26");
    r.add("CoreStartupTime", "06:50:11");
    r.add("CoreReloadDate", "2026-11-26");
    r.add("CoreReloadTime", "06:50:11");
    std::size_t calls = 0;
    for (const auto& [uid, c] : channels_) calls += c.runs_dialplan;
    r.add("CoreCurrentCalls", std::to_string(channels_.size()));
    r.add("CoreProcessedCalls", std::to_string(processed_calls_));
    (void)calls;
    return {r};
}

}  // namespace pbxsim
