// The call model's channel tables: a channel's Uniqueid is looked up once per AMI event (by
// the header's view, no string built) and interned to a handle; from there on channels, their
// Local halves, their bridges and their connections refer to one another by handle. Handles
// are never reused: a reference left behind by a channel that is gone finds nothing.
#include <algorithm>

#include "bridge/core/call_model.hpp"

namespace bridge {

namespace {
// "Local/1003@test-00000002;1" -> "Local/1003@test-00000002"
std::string_view local_base(std::string_view name) {
    const auto semi = name.rfind(';');
    return semi == std::string_view::npos ? name : name.substr(0, semi);
}
}  // namespace

Channel* CallModel::channel(std::string_view uniqueid) {
    if (uniqueid.empty()) return nullptr;
    const auto it = channels_.find(uniqueid);
    return it == channels_.end() ? nullptr : &it->second;
}

Channel* CallModel::channel(ChannelHandle handle) {
    const auto it = channel_handles_.find(handle);
    return it == channel_handles_.end() ? nullptr : it->second;
}

const Channel* CallModel::channel(ChannelHandle handle) const {
    const auto it = channel_handles_.find(handle);
    return it == channel_handles_.end() ? nullptr : it->second;
}

Channel* CallModel::add_channel(std::string_view uniqueid) {
    if (uniqueid.empty()) return nullptr;
    const auto [it, added] = channels_.try_emplace(std::string(uniqueid));
    if (!added) return nullptr;
    auto& ch = it->second;
    ch.handle = ++next_channel_;
    ch.uniqueid = it->first;
    channel_handles_.emplace(ch.handle, &ch);
    return &ch;
}

void CallModel::forget_channel(const Channel& ch) {
    leave_bridge(ch.handle, ch.bridge);
    unfile_local_half(ch);
    channel_handles_.erase(ch.handle);
    channels_.erase(channels_.find(ch.uniqueid));  // ch (and its uniqueid's bytes) go here
}

void CallModel::file_local_half(Channel& ch, bool pair_up) {
    if (!ch.is_plumbing()) return;
    auto it = local_halves_.find(local_base(ch.name));
    if (it == local_halves_.end()) it = local_halves_.try_emplace(std::string(local_base(ch.name))).first;
    if (pair_up)
        for (const auto other_handle : it->second)
            if (auto* other = channel(other_handle); other && other->name != ch.name) {
                other->local_peer = ch.handle;
                ch.local_peer = other_handle;
            }
    it->second.push_back(ch.handle);
}

void CallModel::unfile_local_half(const Channel& ch) {
    if (!ch.is_plumbing()) return;
    const auto it = local_halves_.find(local_base(ch.name));
    if (it == local_halves_.end()) return;
    auto& halves = it->second;
    halves.erase(std::remove(halves.begin(), halves.end(), ch.handle), halves.end());
    if (halves.empty()) local_halves_.erase(it);
}

void CallModel::rename_channel(Channel& ch, std::string_view name) {
    if (ch.name == name) return;
    unfile_local_half(ch);
    ch.name = std::string(name);
    file_local_half(ch, false);
}

// ---------------------------------------------------------------- bridges

BridgeHandle CallModel::bridge_handle(std::string_view id) {
    if (id.empty()) return kNoBridge;
    if (const auto it = bridge_ids_.find(id); it != bridge_ids_.end()) return it->second;
    const auto handle = ++next_bridge_;
    const auto it = bridge_ids_.emplace(std::string(id), handle).first;
    bridges_[handle].id = it->first;
    return handle;
}

BridgeHandle CallModel::find_bridge(std::string_view id) const {
    const auto it = id.empty() ? bridge_ids_.end() : bridge_ids_.find(id);
    return it == bridge_ids_.end() ? kNoBridge : it->second;
}

const CallModel::Members* CallModel::members_of(BridgeHandle bridge) const {
    const auto it = bridges_.find(bridge);
    return it == bridges_.end() ? nullptr : &it->second.members;
}

void CallModel::join_bridge(Channel& ch, BridgeHandle bridge) {
    if (ch.bridge == bridge) {
        if (bridge != kNoBridge) bridges_[bridge].members.insert(ch.handle);
        return;
    }
    leave_bridge(ch.handle, ch.bridge);  // a channel is in one bridge at a time
    ch.bridge = bridge;
    if (bridge != kNoBridge) bridges_[bridge].members.insert(ch.handle);
}

void CallModel::leave_bridge(ChannelHandle channel, BridgeHandle bridge) {
    const auto it = bridges_.find(bridge);
    if (it == bridges_.end()) return;
    it->second.members.erase(channel);
    if (!it->second.members.empty()) return;
    bridge_ids_.erase(bridge_ids_.find(it->second.id));
    bridges_.erase(it);
}

// ---------------------------------------------------------------- invariants

std::string CallModel::channel_tables_problem() const {
    if (call_handles_.size() != calls_.size()) return "call handles and calls differ in number";
    for (const auto& [id, c] : calls_)
        if (c.id != id || call(c.handle) != &c) return "call " + id + " not found by its handle";
    if (channel_handles_.size() != channels_.size()) return "handles and channels differ in number";
    std::size_t plumbing = 0;
    for (const auto& [uid, ch] : channels_) {
        if (ch.uniqueid != uid || channel(ch.handle) != &ch) return "channel " + uid + " not found by its handle";
        if (ch.is_plumbing()) {
            ++plumbing;
            const auto it = local_halves_.find(local_base(ch.name));
            if (it == local_halves_.end() || std::count(it->second.begin(), it->second.end(), ch.handle) != 1)
                return "Local half " + ch.name + " not filed under its name";
        }
        if (ch.bridge != kNoBridge) {
            const auto* members = members_of(ch.bridge);
            if (!members || members->count(ch.handle) == 0) return "channel " + uid + " missing from its bridge";
        }
    }
    std::size_t filed = 0;
    for (const auto& [base, halves] : local_halves_) filed += halves.size();
    if (filed != plumbing) return "a Local half filed that is no live plumbing channel";
    if (bridge_ids_.size() != bridges_.size()) return "bridge ids and bridges differ in number";
    for (const auto& [handle, bridge] : bridges_) {
        const auto id = bridge_ids_.find(bridge.id);
        if (id == bridge_ids_.end() || id->second != handle) return "bridge not found by its id";
        if (bridge.members.empty()) return "an empty bridge kept";
        for (const auto member : bridge.members) {
            const auto* ch = channel(member);
            if (!ch || ch->bridge != handle) return "bridge " + std::string(bridge.id) + " lists a channel not in it";
        }
    }
    return {};
}

}  // namespace bridge
