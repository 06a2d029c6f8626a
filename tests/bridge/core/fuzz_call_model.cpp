// libFuzzer: arbitrary AMI bytes through the parser and the call model (default table).
// The first byte picks, per message, whether it is replayed as Asterisk's or the client's.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ami/parser.hpp"
#include "bridge/core/call_model.hpp"
#include "bridge/core/replay.hpp"

namespace {
std::shared_ptr<const bridge::Table> table() {
    static const auto t = bridge::Table::load({bridge::default_table_path()},
                                              bridge::Table::default_schema_for(bridge::default_table_path())).table;
    return t;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1 || !table()) return 0;
    const std::uint8_t mask = data[0];
    bridge::CallModel model(table());
    ami::Parser parser(false);
    parser.feed(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
    unsigned i = 0;
    while (auto o = parser.next())
        if (const auto* m = std::get_if<ami::Message>(&*o)) {
            const bool client = (mask >> (i++ % 8)) & 1;
            (void)(client ? model.on_client(*m) : model.on_asterisk(*m));
            if (!model.channel_index_complete()) __builtin_trap();  // a Hangup would miss a call
            if (!model.channel_tables_problem().empty()) __builtin_trap();  // a handle names no live channel
        }
    model.begin_resync();
    ami::Message done;
    done.add("Event", "CoreShowChannelsComplete");
    (void)model.on_asterisk(done);
    if (model.channel_count() != 0 || !model.channel_tables_problem().empty()) __builtin_trap();
    return 0;
}
