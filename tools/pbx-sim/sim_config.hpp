#pragma once
// What the simulated PBX looks like: manager users, extensions and how each phone behaves,
// queues. Loaded from an INI file (Boost.PropertyTree) and/or command-line flags; the defaults
// reproduce the PBX the shared transcripts were recorded on (tests/data/asterisk-conf).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tools/pbx-sim/scheduler.hpp"

namespace pbxsim {

// How a simulated phone answers an incoming call.
struct EndpointBehaviour {
    enum class Mode { answer, busy, no_answer, forward };
    Mode mode = Mode::answer;
    bool registered = true;           // false = unavailable (no contact): Dial -> CHANUNAVAIL
    Millis ring_delay{2};             // INVITE -> 180 Ringing
    Millis answer_after{1500};        // 180 -> 200 OK (mode answer)
    std::optional<Millis> hangup_after;  // after answering, the phone hangs up (BYE)
    std::string forward_to;           // mode forward: 302 to this extension
    bool remote_control = false;      // obeys NOTIFY Event talk/hold (PJSIPNotify)
};

struct ManagerUser {
    std::string secret;
    std::vector<std::string> read;   // class names, "all" = every class
    std::vector<std::string> write;
};

struct QueueConfig {
    std::string strategy = "ringall";
    std::vector<std::string> static_members;  // interfaces, e.g. PJSIP/1002
    std::string exten;  // the extension that runs Answer() + Queue(name) ("" = none)
};

// A carrier trunk (CALL-MODEL flow 15): calls from PJSIP endpoint NAME run `context`, where
// each DID reaches an extension: a phone's (NoOp, Dial) or a queue's (Answer, Queue), like
// [from-trunk] of the recorded PBX (tests/data/asterisk-conf/extensions.conf).
struct TrunkConfig {
    std::string context = "from-trunk";
    std::map<std::string, std::string> dids;  // DID -> the extension it reaches
};

struct SimConfig {
    std::map<std::string, ManagerUser> users;
    std::map<std::string, EndpointBehaviour> endpoints;  // by extension
    std::map<std::string, QueueConfig> queues;
    // Extensions that run Answer() + ConfBridge(room): exten -> room (the recorded PBX: 900).
    std::map<std::string, std::string> conferences;
    // Extensions whose dialplan answers with an application (Answer(), Echo()...): exten ->
    // application (the recorded PBX: 300 Echo). pbx_apps.cpp.
    std::map<std::string, std::string> applications;
    // res_parking's default lot (the recorded PBX): parkext 700, Answer()+Park() on 800,
    // slots 701-720, parkingtime 45 s, comebacktoorigin. pbx_parking.cpp.
    std::vector<std::string> park_extensions;
    int park_first = 701, park_last = 720;
    Millis parking_timeout{45000};
    // Trunks by endpoint name (the recorded PBX: trunk-carrier, DIDs 5551000 -> 1002 and
    // 5551750 -> 750, the queue q-test).
    std::map<std::string, TrunkConfig> trunks;
    std::string context = "test";
    std::string asterisk_version = "22.11.0-rc1";
    double epoch_base = 1795675800.0;   // wall-clock seconds at simulation time 0
    bool varset_noise = false;          // emit the VarSet events Asterisk sends around Dial
    Millis dial_timeout{30000};         // Dial(PJSIP/x,30)

    // Users bridge/bridgepass (all/all) and limited/limitedpass (call/call), endpoints
    // 1001-1004 like the recorded PBX (1004 unregistered), queue q-test with 1002 and 1003,
    // conference room1 on extension 900.
    static SimConfig defaults();
};

// "1001-1010" or "1001,1002,1005-1007": the extensions, in order. Throws std::invalid_argument.
std::vector<std::string> parse_extension_range(const std::string& spec);
// Splits "call,system" into class names.
std::vector<std::string> parse_classes(const std::string& list);

// Reads an INI file over cfg. Sections:
//   [sim] extensions=1001-1010  context=test  varset=no  epoch=...
//   [user NAME] secret=... read=... write=...
//   [endpoint 1002] mode=answer|busy|noanswer|unavailable|forward answer_ms=1500
//                   hangup_ms=3000 forward=1003 ring_ms=2
//   [queue NAME] strategy=ringall members=PJSIP/1002,PJSIP/1003 exten=750
//   [conference 900] room=room1
//   [trunk trunk-carrier] context=from-trunk dids=5551000:1002,5551750:750
// Throws std::runtime_error naming the section/key on bad values.
void load_ini(const std::string& path, SimConfig& cfg);
// Applies one endpoint key (shared by the INI reader and the SimEndpoint action).
void apply_endpoint_key(EndpointBehaviour& b, const std::string& key, const std::string& value);

}  // namespace pbxsim
