// Which calls hold a connection carried by a channel, without walking every call: a Hangup
// asks twice (release_begun, flush_clears), and with thousands of calls up those two walks
// were half of the bridge's work (bench/README.md, session 8).
//
// The index is a superset: every place that puts a channel into a call's connections goes
// through add_connection (or index_connection when it rebinds one), and each hit is checked
// against the call when asked, since connections move between calls and go away. A released
// channel's entry goes with its last clearing (flush_clears); whatever else is left behind
// (e.g. calls a resync dropped) goes in a rebuild from the calls once the index has doubled.
#include <algorithm>

#include "bridge/core/call_model.hpp"

namespace bridge {

Connection& CallModel::add_connection(Call& c, Connection cn) {
    c.connections.push_back(std::move(cn));
    index_connection(c.id, c.connections.back().channel);
    return c.connections.back();
}

void CallModel::index_connection(const std::string& call_id, ChannelHandle channel) {
    if (channel == kNoChannel) return;
    auto& ids = calls_by_channel_[channel];
    if (std::find(ids.begin(), ids.end(), call_id) == ids.end()) ids.push_back(call_id);
    if (calls_by_channel_.size() > rebuild_index_at_) rebuild_channel_index();
}

void CallModel::rebuild_channel_index() {
    calls_by_channel_.clear();
    for (const auto& [id, c] : calls_)
        for (const auto& cn : c.connections)
            if (cn.channel != kNoChannel) {
                auto& ids = calls_by_channel_[cn.channel];
                if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
            }
    rebuild_index_at_ = std::max<std::size_t>(256, 2 * calls_by_channel_.size());
}

std::vector<std::string> CallModel::calls_with_channel(ChannelHandle channel) {
    const auto it = prune_channel_index(channel);
    if (it == calls_by_channel_.end()) return {};
    std::vector<std::string> out(it->second.begin(), it->second.end());
    std::sort(out.begin(), out.end());  // the order a walk of calls_ (a std::map) gave
    return out;
}

CallModel::ChannelIndex::iterator CallModel::prune_channel_index(ChannelHandle channel) {
    const auto it = calls_by_channel_.find(channel);
    if (it == calls_by_channel_.end()) return it;
    auto& ids = it->second;
    ids.erase(std::remove_if(ids.begin(), ids.end(),
                             [&](const std::string& id) {
                                 const auto c = calls_.find(id);
                                 return c == calls_.end() ||
                                        std::none_of(c->second.connections.begin(), c->second.connections.end(),
                                                     [&](const Connection& cn) { return cn.channel == channel; });
                             }),
              ids.end());
    if (!ids.empty()) return it;
    calls_by_channel_.erase(it);
    return calls_by_channel_.end();
}

bool CallModel::channel_index_complete() const {
    for (const auto& [id, c] : calls_)
        for (const auto& cn : c.connections) {
            if (cn.channel == kNoChannel) continue;
            const auto it = calls_by_channel_.find(cn.channel);
            if (it == calls_by_channel_.end() || std::find(it->second.begin(), it->second.end(), id) == it->second.end())
                return false;
        }
    return true;
}

std::size_t CallModel::channel_index_stale_entries() const {
    std::size_t stale = 0;
    for (const auto& [handle, ids] : calls_by_channel_)
        stale += std::none_of(ids.begin(), ids.end(), [&, &handle = handle](const std::string& id) {
            const auto c = calls_.find(id);
            return c != calls_.end() && std::any_of(c->second.connections.begin(), c->second.connections.end(),
                                                    [&](const Connection& cn) { return cn.channel == handle; });
        });
    return stale;
}

}  // namespace bridge
