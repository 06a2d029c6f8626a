#pragma once
// Runs pbx-sim in-process on a ManualScheduler and replays a recorded transcript against it:
// the client's chunks are sent at their recorded times (channel names translated from the
// recording's aliases to the simulator's, an MD5 Key recomputed for the simulator's
// challenge), and the phone-side story (register, call, hangup, hold...) is played at the
// times the recording shows. Everything the session receives is collected.
#include <functional>
#include <string>
#include <vector>

#include "ami/message.hpp"
#include "ami/parser.hpp"
#include "ami/transcript.hpp"
#include "tests/tools/pbx-sim/event_compare.hpp"
#include "tools/pbx-sim/ami_session.hpp"
#include "tools/pbx-sim/pbx.hpp"
#include "tools/pbx-sim/scheduler.hpp"

namespace pbxsim_test {

struct StoryStep {
    double time;  // seconds since connect, as in the transcript
    std::function<void(pbxsim::Pbx&)> act;
};

class SimHarness {
public:
    explicit SimHarness(pbxsim::SimConfig cfg);

    pbxsim::Pbx& pbx() { return pbx_; }
    // Replays the client side of t plus the story; returns what the simulator sent.
    std::vector<ami::Message> replay(const ami::Transcript& t, std::vector<StoryStep> story);
    bool session_finished() const { return session_.finished(); }

private:
    void collect(const std::string& bytes);
    std::string translate(const std::string& action_bytes);

    pbxsim::ManualScheduler sched_;
    pbxsim::Pbx pbx_;
    pbxsim::AmiSession session_;
    ami::Parser parser_{false};
    std::vector<ami::Message> received_;
    Aliases recorded_aliases_, sim_aliases_;
    std::string challenge_;
};

}  // namespace pbxsim_test
