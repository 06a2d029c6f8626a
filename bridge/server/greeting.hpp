#pragma once
// The optional greeting of a listener ([listener:NAME] greeting = none | xml | ber): a
// SystemStatus (normal) request sent right after connect, before the client speaks, as
// Unify OpenScape Voice does on its CSTA links. Clients written for it (pyssimist's
// CstaApplication.connect(), OpenScape-style XML clients) wait for that request and answer
// it before they send anything. XML: an ordinary request frame with an invokeID; BER: a
// systemStatus invoke. The client may answer it or not; nothing else depends on it.
#include <string>

#include "bridge/server/config.hpp"

namespace bridge {

// Why this listener's greeting setting cannot work ("" when it can): the greeting is sent in
// one encoding before the client shows its own, so the listener must allow only that one.
std::string greeting_conflict(const ListenerConfig& listener);
// One line for --check-config ("" when there is no greeting).
std::string greeting_explained(const ListenerConfig& listener);

}  // namespace bridge
