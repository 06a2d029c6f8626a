#pragma once
// Spec<M>: how one csta model message maps to its ECMA-285 ASN.1 type. Each specialization
// names the asn1c type, its descriptor, the ROSE operation code, and one `fields` function
// that lists the field correspondences for both directions (see field_map.hpp).
#include <optional>
#include <type_traits>
#include <utility>

#include "csta/ber/field_map.hpp"
#include "csta/ber/opcodes.hpp"

namespace csta::ber::map {

template <class M>
struct Spec;  // undefined: the message has no BER mapping (yet)

template <class M>
concept HasSpec = requires { typename Spec<M>::Asn; };

#define CSTA_BER_SPEC(Model, AsnType, Op)                                         \
    template <>                                                                   \
    struct Spec<Model> {                                                          \
        using Asn = AsnType##_t;                                                  \
        static asn_TYPE_descriptor_t& td() { return asn_DEF_##AsnType; }          \
        static constexpr long op = Op;                                            \
        template <class F, class M, class A>                                      \
        static void fields([[maybe_unused]] const F& f, [[maybe_unused]] M& m, [[maybe_unused]] A& a)

// Results that carry nothing: CHOICE { extensions CSTACommonArguments, noData NULL }.
#define CSTA_BER_NO_DATA_SPEC(Model, AsnType, Op)                                 \
    CSTA_BER_SPEC(Model, AsnType, Op) {                                           \
        if constexpr (std::is_same_v<F, ToAsn>) a.present = AsnType##_PR_noData;  \
    }                                                                             \
    }

template <class F>
inline constexpr bool encoding = std::is_same_v<F, ToAsn>;

// AutoOriginate has DEFAULT prompt in ECMA-285; the model leaves it empty for "not said".
template <class F, class M, class L>
void auto_originate(const F& f, M& m, L& a) {
    if constexpr (encoding<F>) {
        a = 0;
        if (m) f(*m, a);
    } else {
        if (a != 0) {
            AutoOriginate v{};
            f(v, a);
            m = v;
        }
    }
}

// A mandatory model value carried by an OPTIONAL ECMA-285 member: always sent; when absent on
// the wire the model keeps its default.
template <class F, class M, class A>
void required_as_optional(const F& f, M& m, A& a) {
    if constexpr (encoding<F>) {
        f(std::optional<std::remove_const_t<M>>(m), a);
    } else {
        std::optional<M> v;
        f(v, a);
        if (v) m = *v;
    }
}

// An optional model value carried by a mandatory ECMA-285 member (AgentInfo.agentState):
// encoding needs the value; decoding always sets it.
template <class F, class M, class A>
void required_as_mandatory(const F& f, M& m, A& a) {
    if constexpr (encoding<F>) {
        if (!m) throw MappingError("a mandatory ECMA-285 field is empty in the model");
        f(*m, a);
    } else {
        typename std::remove_cvref_t<M>::value_type v{};
        f(v, a);
        m = v;
    }
}

// Snapshot results: crossRefIDorSnapshotData CHOICE { serviceCrossRefID, snapshotData }. The
// model holds a serviceCrossRefID when the data follows in segments, else the data inline
// (possibly an empty list).
template <class F, class M, class A>
void cross_ref_or_data(const F& f, M& m, A& a) {
    using PR = decltype(a.present);
    constexpr PR cross_ref = PR(1), data = PR(2);  // the alternatives' order in both results
    if constexpr (encoding<F>) {
        if (m.serviceCrossRefID) {
            a.present = cross_ref;
            f(*m.serviceCrossRefID, a.choice.serviceCrossRefID);
        } else {
            a.present = data;
            f(m.snapshotData, a.choice.snapshotData);
        }
    } else {
        if (a.present == cross_ref) {
            m.serviceCrossRefID.emplace();
            f(*m.serviceCrossRefID, a.choice.serviceCrossRefID);
        } else if (a.present == data) {
            f(m.snapshotData, a.choice.snapshotData);
        } else {
            throw MappingError("empty crossRefIDorSnapshotData");
        }
    }
}

// An optional model value carried by a mandatory ECMA-285 member that has an empty value
// (SystemRegister requestTypes): sent empty when absent, always read back.
template <class F, class M, class A>
void optional_as_mandatory(const F& f, std::optional<M>& m, A& a) {
    if constexpr (encoding<F>) {
        f(m.value_or(M{}), a);
    } else {
        M v{};
        f(v, a);
        m = std::move(v);
    }
}
template <class F, class M, class A>
void optional_as_mandatory(const F& f, const std::optional<M>& m, A& a) {
    f(m.value_or(M{}), a);
}

}  // namespace csta::ber::map
