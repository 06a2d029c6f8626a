// Event lists streamed item by item (Client::send_list): each item reaches the owner as it is
// read, in its place among the live events Asterisk sent around it, and the list's end comes
// after all of them. The resync applies CoreShowChannel items to the call model this way, so
// an event Asterisk sent before an item must not be applied after it.
#include <catch2/catch.hpp>

#include <optional>

#include <boost/asio/io_context.hpp>

#include "ami/client.hpp"
#include "tests/ami/test_client_support.hpp"

using namespace client_test;
using test_support::ReplayServer;
using test_support::run_until;

namespace {
// Constructed, not recorded (no recording has live events inside a list): the login of the
// recordings, then a CoreShowChannels whose answer carries a live event before its item and
// another before its end, all in one write so that the client reads them together.
const char* kListWithLiveEvents = R"(#! ami-transcript 1
#! scenario: list-with-live-events
@0.000 <<<
Asterisk Call Manager/11.0.0
@0.000 >>>
Action: Login
ActionID: a1
Username: bridge
Secret: bridgepass
Events: on

@0.001 <<<
Response: Success
ActionID: a1
Message: Authentication accepted

@0.002 >>>
Action: CoreShowChannels
ActionID: a2

@0.003 <<<
Response: Success
ActionID: a2
EventList: start
Message: Channels will follow

Event: Newchannel
Channel: PJSIP/1003-00000003
Uniqueid: 1700000000.3

Event: CoreShowChannel
ActionID: a2
Channel: PJSIP/1001-00000001
Uniqueid: 1700000000.1

Event: Hangup
Channel: PJSIP/1002-00000002
Uniqueid: 1700000000.2

Event: CoreShowChannelsComplete
ActionID: a2
EventList: Complete
ListItems: 1

)";
}  // namespace

TEST_CASE("send_list: items arrive one by one, in their place among the live events", "[client][lists]") {
    boost::asio::io_context io;
    ReplayServer server(io, ami::parse_transcript(kListWithLiveEvents));
    auto cfg = config_for(server.port());
    cfg.delivery_batch = 1;  // live events wait in the client's queue: the case to get right
    ami::Client client(io, cfg);
    std::vector<std::string> seen;
    std::optional<ami::ActionResult> result;
    client.on_event([&](const ami::Message& m) { seen.push_back(std::string(m.event_name())); });
    client.on_logged_in([&] {
        client.send_list(
            ami::Message::action("CoreShowChannels"),
            [&](const ami::Message& item) { seen.push_back("item " + std::string(item.get("Channel"))); },
            [&](ami::ActionResult r) {
                seen.push_back("end");
                result = std::move(r);
            });
    });
    client.start();
    REQUIRE(run_until(io, [&] { return result.has_value(); }, 5000ms));
    INFO(join(seen));
    CHECK(result->ok());
    CHECK(result->items.empty());  // streamed, not kept
    CHECK(result->item_count == 1);
    CHECK(result->list_complete->get("ListItems") == "1");
    CHECK(seen == std::vector<std::string>{"Newchannel", "item PJSIP/1001-00000001", "Hangup", "end"});
    CHECK(server.mismatches().empty());
}
