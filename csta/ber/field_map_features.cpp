// Field maps of the logical device feature services' list elements (GetAgentState,
// GetForwarding), written once for both directions.
#include "csta/ber/field_map.hpp"
#include "csta/ber/spec.hpp"

namespace csta::ber::map {
namespace {

template <class F, class M, class A>
void agent_info(const F& f, M& m, A& a) {
    f(m.acdGroup, a.acdGroup);
    required_as_mandatory(f, m.agentState, a.agentState);
    f(m.pendingAgentState, a.pendingAgentState);
    f(m.agentStateCondition, a.agentStateCondition);
}

template <class F, class M, class A>
void agent_state_entry(const F& f, M& m, A& a) {
    f(m.agentID, a.agentID);
    f(m.loggedOnState, a.loggedOn);
    f(m.agentInfo, a.agentInfo);
}

template <class F, class M, class A>
void forward_list_item(const F& f, M& m, A& a) {
    required_as_optional(f, m.forwardingType, a.forwardingType);
    f(m.forwardStatus, a.forwardStatus);
    f(m.forwardDN, a.forwardDN);
    f(m.forwardDefault, a.forwardDefault);
    f(m.ringCount, a.ringCount);
}

}  // namespace

void ToAsn::operator()(const AgentInfo& m, AgentInfo_t& a) const { agent_info(*this, m, a); }
void FromAsn::operator()(AgentInfo& m, const AgentInfo_t& a) const { agent_info(*this, m, a); }
void ToAsn::operator()(const AgentStateEntry& m, AgentStateEntry_t& a) const { agent_state_entry(*this, m, a); }
void FromAsn::operator()(AgentStateEntry& m, const AgentStateEntry_t& a) const { agent_state_entry(*this, m, a); }
void ToAsn::operator()(const ForwardListItem& m, ForwardListMember& a) const { forward_list_item(*this, m, a); }
void FromAsn::operator()(ForwardListItem& m, const ForwardListMember& a) const { forward_list_item(*this, m, a); }

}  // namespace csta::ber::map
