// Calls the PBX answers itself (CALL-MODEL flow 13) and Originate Application=/Data= (flow 12),
// as recorded (call-to-application.ami, other-app-originate-application.ami): an application
// extension runs Answer() (Newexten, Newstate Up) and ~0.5 s later the application (Newexten);
// an Originate of an application runs it on the answered channel with no Newexten at all.
// Echo runs until the phone hangs up (HangupRequest, SoftHangupRequest 16, Hangup cause 0);
// Playback ends after a while and the PBX hangs the channel up (as the end of the dialplan).
#include "tools/pbx-sim/pbx.hpp"

namespace pbxsim {

namespace {
constexpr Millis kAnswerToApp{500};      // Answer(500) in the recorded dialplan
constexpr Millis kPlaybackLength{1500};  // a short prompt
}  // namespace

void Pbx::emit_newexten(const Channel& c, std::string_view app, std::string_view data) {
    auto m = event("Newexten", "dialplan,all");
    add_snapshot(m, c);
    m.add("Extension", c.exten);
    m.add("Application", app);
    m.add("AppData", data);
    emit(std::move(m));
}

bool Pbx::run_pbx_extension(const std::string& uid, const std::string& exten) {
    if (const auto app = cfg_.applications.find(exten); app != cfg_.applications.end()) {
        run_application(uid, app->second, true);
        return true;
    }
    if (is_park_extension(exten)) {
        auto* c = find(uid);
        if (!c) return true;
        emit_newexten(*c, "Answer");
        if (c->state != ChanState::up) set_state(*c, ChanState::up);
        update_device(c->device_ext);
        c->priority = 2;
        emit_newexten(*c, "Park");
        park(uid, "");
        return true;
    }
    if (const int slot = std::atoi(exten.c_str()); !exten.empty() && slot >= cfg_.park_first && slot <= cfg_.park_last) {
        retrieve_parked(uid, slot);
        return true;
    }
    return false;
}

void Pbx::run_application(const std::string& uid, const std::string& app, bool answer_first) {
    auto* c = find(uid);
    if (!c) return;
    c->app = app;
    auto start = [this, uid, app] {
        auto* x = find(uid);
        if (!x || x->app != app) return;
        if (!x->exten.empty() && x->runs_dialplan && x->priority > 0)
            emit_newexten(*x, app);
        if (app == "Playback")
            sched_.schedule(kPlaybackLength, [this, uid] {
                auto* y = find(uid);
                if (!y || y->app != "Playback") return;
                emit_channel_event("SoftHangupRequest", *y, {{"Cause", "16"}});
                emit_hangup(*y, 16);
                destroy(uid);
            });
    };
    if (!answer_first) {  // Originate Application=: already answered, no dialplan
        c->priority = 0;
        start();
        return;
    }
    c->priority = 1;
    emit_newexten(*c, "Answer");
    if (c->state != ChanState::up) set_state(*c, ChanState::up);
    update_device(c->device_ext);
    sched_.schedule(kAnswerToApp, [this, uid, start] {
        if (auto* x = find(uid)) x->priority = 2;
        start();
    });
}

void Pbx::application_hangup(const std::string& uid, HangupSource source) {
    auto* x = find(uid);
    if (!x) return;
    if (source != HangupSource::ami) emit_channel_event("HangupRequest", *x);
    // The dialplan's application ends with the dialplan (SoftHangupRequest); an Originate's
    // application runs without one (other-app-originate-application: no SoftHangupRequest).
    if (x->priority > 0) emit_channel_event("SoftHangupRequest", *x, {{"Cause", "16"}});
    emit_hangup(*x, 0);
    destroy(uid);
}

}  // namespace pbxsim
