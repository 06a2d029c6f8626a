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
    index_connection(c.handle, c.connections.back().channel);
    return c.connections.back();
}

void CallModel::index_connection(CallHandle call, ChannelHandle channel) {
    if (channel == kNoChannel) return;
    auto& calls = calls_by_channel_[channel];
    if (std::find(calls.begin(), calls.end(), call) == calls.end()) calls.push_back(call);
    if (calls_by_channel_.size() > rebuild_index_at_) rebuild_channel_index();
}

void CallModel::rebuild_channel_index() {
    calls_by_channel_.clear();
    for (const auto& [id, c] : calls_)
        for (const auto& cn : c.connections)
            if (cn.channel != kNoChannel) {
                auto& calls = calls_by_channel_[cn.channel];
                if (std::find(calls.begin(), calls.end(), c.handle) == calls.end()) calls.push_back(c.handle);
            }
    rebuild_index_at_ = std::max<std::size_t>(256, 2 * calls_by_channel_.size());
}

std::vector<CallHandle> CallModel::calls_with_channel(ChannelHandle channel) {
    const auto it = prune_channel_index(channel);
    if (it == calls_by_channel_.end()) return {};
    std::vector<CallHandle> out(it->second.begin(), it->second.end());
    // In callID order: the order a walk of calls_ (a std::map) gave. Pruned: every one is live.
    if (out.size() > 1)
        std::sort(out.begin(), out.end(), [&](CallHandle a, CallHandle b) { return call(a)->id < call(b)->id; });
    return out;
}

CallModel::ChannelIndex::iterator CallModel::prune_channel_index(ChannelHandle channel) {
    const auto it = calls_by_channel_.find(channel);
    if (it == calls_by_channel_.end()) return it;
    auto& calls = it->second;
    calls.erase(std::remove_if(calls.begin(), calls.end(),
                               [&](CallHandle handle) {
                                   const auto* c = call(handle);
                                   return !c || std::none_of(c->connections.begin(), c->connections.end(),
                                                             [&](const Connection& cn) { return cn.channel == channel; });
                               }),
                calls.end());
    if (!calls.empty()) return it;
    calls_by_channel_.erase(it);
    return calls_by_channel_.end();
}

bool CallModel::channel_index_complete() const {
    for (const auto& [id, c] : calls_)
        for (const auto& cn : c.connections) {
            if (cn.channel == kNoChannel) continue;
            const auto it = calls_by_channel_.find(cn.channel);
            if (it == calls_by_channel_.end() || std::find(it->second.begin(), it->second.end(), c.handle) == it->second.end())
                return false;
        }
    return true;
}

std::size_t CallModel::channel_index_stale_entries() const {
    std::size_t stale = 0;
    for (const auto& [channel, calls] : calls_by_channel_)
        stale += std::none_of(calls.begin(), calls.end(), [&, &channel = channel](CallHandle handle) {
            const auto* c = call(handle);
            return c && std::any_of(c->connections.begin(), c->connections.end(),
                                    [&](const Connection& cn) { return cn.channel == channel; });
        });
    return stale;
}

}  // namespace bridge
