#pragma once
// Compares an AMI stream produced by pbx-sim with one recorded from Asterisk.
//
// Normalisation: noise events are dropped (kNoiseEvents, see below); each remaining message
// becomes "Name key=value ..." over a fixed set of key headers, with channel names replaced
// by "<device>#<n>" (n-th channel of that device in the stream), and uniqueids / bridge ids
// by "uid#n" / "bridge#n" in order of first appearance.
//
// Ordering: Asterisk is multi-threaded, and the relative order of near-simultaneous events of
// different channels changes from run to run (compare DialState/Newstate in
// sip-call-answered-caller-hangs-up and sip-call-callee-hangs-up). So the streams are split
// into lanes — one per channel, bridge, device, queue member, plus one for the session's
// responses — and each lane is compared in order (LCS diff).
#include <string>
#include <vector>

#include "ami/message.hpp"
#include "ami/transcript.hpp"

namespace pbxsim_test {

// Events pbx-sim does not simulate (and the call model does not use).
extern const std::vector<std::string> kNoiseEvents;

struct NormalizedMessage {
    std::string lane;
    std::string text;
    bool matters = false;  // the call model depends on it: a difference fails the test
};

// Maps raw names and ids to stable aliases, in order of first appearance.
class Aliases {
public:
    std::string channel(const std::string& name);  // "PJSIP/1002-0000000c" -> "PJSIP/1002#1"
    std::string id(const std::string& value, const char* kind);
    // Every channel name seen so far, by alias (to translate recorded actions).
    const std::vector<std::pair<std::string, std::string>>& channels() const { return channels_; }
    std::string name_of(const std::string& alias) const;

private:
    std::vector<std::pair<std::string, std::string>> channels_;  // name, alias
    std::vector<std::pair<std::string, std::string>> ids_;
};

bool is_noise(const ami::Message& m);
std::vector<NormalizedMessage> normalize(const std::vector<ami::Message>& stream, Aliases& aliases);

// The messages Asterisk sent in a transcript (the banner is skipped).
std::vector<ami::Message> received_messages(const ami::Transcript& t);

struct Difference {
    std::string lane;
    std::string text;  // "- recorded only" or "+ simulated only"
    bool matters;
};
std::vector<Difference> compare(const std::vector<NormalizedMessage>& recorded,
                                const std::vector<NormalizedMessage>& simulated);

}  // namespace pbxsim_test
