#include "csta/ber/codec.hpp"

#include <utility>

#include "csta/ber/spec_events.hpp"
#include "csta/ber/spec_requests.hpp"
#include "csta/ber/spec_responses.hpp"
#include "csta/ber/universal_failure.hpp"

namespace csta::ber {
namespace {

using namespace map;

template <class M>
Bytes encode_value(const M& m) {
    auto a = asn1::make<typename Spec<M>::Asn>(Spec<M>::td());
    Spec<M>::fields(ToAsn{}, m, *a);
    if constexpr (requires { Spec<M>::defaults; })
        return asn1::encode_without_defaults(Spec<M>::td(), a.get(), Spec<M>::defaults);
    else
        return asn1::encode(Spec<M>::td(), a.get());
}

template <class M>
M decode_value(std::span<const std::uint8_t> bytes) {
    auto r = asn1::decode(Spec<M>::td(), bytes);
    if (!r.error.empty()) throw MappingError(r.error);
    const auto a = asn1::adopt<typename Spec<M>::Asn>(Spec<M>::td(), r.value);
    M m{};
    Spec<M>::fields(FromAsn{}, m, std::as_const(*a));
    return m;
}

// Finds the alternative of Variant whose Spec has operation code `op` and decodes it.
template <class Variant, std::size_t... I>
std::optional<Variant> decode_by_op(long op, std::span<const std::uint8_t> bytes, std::index_sequence<I...>) {
    std::optional<Variant> out;
    auto try_one = [&]<class M>(M*) {
        if constexpr (HasSpec<M>)
            if (!out && Spec<M>::op == op) out = Variant{decode_value<M>(bytes)};
    };
    (try_one(static_cast<std::variant_alternative_t<I, Variant>*>(nullptr)), ...);
    return out;
}
template <class Variant>
std::optional<Variant> decode_by_op(long op, std::span<const std::uint8_t> bytes) {
    return decode_by_op<Variant>(op, bytes, std::make_index_sequence<std::variant_size_v<Variant>>{});
}

long request_opcode(long received) {
    return received == opcode::systemStatusPhase2 ? opcode::systemStatus : received;
}

Reject invoke_problem(long invoke_id, long problem) { return Reject{invoke_id, ProblemKind::invoke, problem}; }

std::variant<Apdu, DecodeError> decode_invoke(const RoseInvoke& i) {
    if (i.opcode == opcode::cSTAEventReport) {
        auto r = asn1::decode(asn_DEF_CSTAEventReportArgument, i.argument);
        if (!r.error.empty())
            return DecodeError{"cSTAEventReport: " + r.error, invoke_problem(i.invoke_id, problem::mistypedArgument)};
        const auto arg = asn1::adopt<CSTAEventReportArgument_t>(asn_DEF_CSTAEventReportArgument, r.value);
        std::optional<Event> event;
        try {
            auto try_one = [&]<class M>(M*) {
                if constexpr (HasSpec<M> && HasEventSlot<M>) {
                    if (const auto* slot = EventSlot<M>::get(*arg); slot && !event) {
                        M m{};
                        FromAsn{}(m.monitorCrossRefID, arg->crossRefIdentifier);
                        Spec<M>::fields(FromAsn{}, m, *slot);
                        event = Event{std::move(m)};
                    }
                }
            };
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                (try_one(static_cast<std::variant_alternative_t<I, Event>*>(nullptr)), ...);
            }(std::make_index_sequence<std::variant_size_v<Event>>{});
        } catch (const MappingError& e) {
            return DecodeError{std::string("cSTAEventReport: ") + e.what(), invoke_problem(i.invoke_id, problem::mistypedArgument)};
        }
        if (!event) return DecodeError{"cSTAEventReport: event not supported", invoke_problem(i.invoke_id, problem::mistypedArgument)};
        return Apdu{EventReport{i.invoke_id, std::move(*event)}};
    }
    const auto name = operation_name(i.opcode);
    try {
        if (auto request = decode_by_op<Request>(request_opcode(i.opcode), i.argument))
            return Apdu{Invoke{i.invoke_id, i.opcode, std::move(*request)}};
    } catch (const MappingError& e) {
        return DecodeError{std::string(name.value_or("operation")) + " argument: " + e.what(),
                           invoke_problem(i.invoke_id, problem::mistypedArgument)};
    }
    return DecodeError{"operation " + std::to_string(i.opcode) + (name ? " (" + std::string(*name) + ") is not supported" : " is unknown"),
                       invoke_problem(i.invoke_id, problem::unrecognizedOperation)};
}

constexpr long mistypedResult = 2;
constexpr long mistypedParameter = 4;
constexpr long unrecognizedError = 2;

std::variant<Apdu, DecodeError> decode_result(const RoseResult& r) {
    const Reject reject{r.invoke_id, ProblemKind::returnResult, mistypedResult};
    if (!r.opcode) return DecodeError{"ReturnResult without an operation code", reject};
    try {
        if (auto response = decode_by_op<Response>(request_opcode(*r.opcode), r.result))
            return Apdu{Result{r.invoke_id, std::move(*response)}};
    } catch (const MappingError& e) {
        return DecodeError{std::string("result: ") + e.what(), reject};
    }
    return DecodeError{"result of operation " + std::to_string(*r.opcode) + " is not supported", reject};
}

std::variant<Apdu, DecodeError> decode_error(const RoseError& e) {
    if (e.errcode != universal_failure_errcode)
        return DecodeError{"unknown ROSE error code " + std::to_string(e.errcode),
                           Reject{e.invoke_id, ProblemKind::returnError, unrecognizedError}};
    try {
        return Apdu{ReturnError{e.invoke_id, decode_universal_failure(e.parameter)}};
    } catch (const MappingError& x) {
        return DecodeError{std::string("universalFailure: ") + x.what(),
                           Reject{e.invoke_id, ProblemKind::returnError, mistypedParameter}};
    }
}

template <class Variant>
bool has_spec(const Variant& v) {
    return std::visit([]<class M>(const M&) { return HasSpec<M>; }, v);
}

struct Encoder {
    Bytes operator()(const Aarq& a) const { return encode_envelope(a); }
    Bytes operator()(const Aare& a) const { return encode_envelope(a); }
    Bytes operator()(const Rlrq& a) const { return encode_envelope(a); }
    Bytes operator()(const Rlre& a) const { return encode_envelope(a); }
    Bytes operator()(const Abrt& a) const { return encode_envelope(a); }
    Bytes operator()(const Reject& a) const { return encode_envelope(a); }
    Bytes operator()(const Invoke& i) const {
        return std::visit(
            [&]<class M>(const M& m) -> Bytes {
                if constexpr (HasSpec<M>) {
                    // Keep the client's dialect: a systemStatus received as 52 is answered as 52.
                    const long op = (Spec<M>::op == opcode::systemStatus && i.opcode == opcode::systemStatusPhase2) ? i.opcode : Spec<M>::op;
                    return encode_envelope(RoseInvoke{i.invoke_id, op, encode_value(m)});
                } else {
                    throw EncodeError(std::string(M::kName) + " has no BER mapping");
                }
            },
            i.request);
    }
    Bytes operator()(const Result& r) const {
        return std::visit(
            [&]<class M>(const M& m) -> Bytes {
                if constexpr (std::is_same_v<M, ErrorCode>) {
                    return (*this)(ReturnError{r.invoke_id, m});
                } else if constexpr (HasSpec<M>) {
                    return encode_envelope(RoseResult{r.invoke_id, Spec<M>::op, encode_value(m)});
                } else {
                    throw EncodeError(std::string(M::kName) + " has no BER mapping");
                }
            },
            r.response);
    }
    Bytes operator()(const ReturnError& e) const {
        return encode_envelope(RoseError{e.invoke_id, universal_failure_errcode, encode_universal_failure(e.error)});
    }
    Bytes operator()(const EventReport& r) const {
        return std::visit(
            [&]<class M>(const M& m) -> Bytes {
                if constexpr (HasSpec<M> && HasEventSlot<M>) {
                    auto arg = asn1::make<CSTAEventReportArgument_t>(asn_DEF_CSTAEventReportArgument);
                    ToAsn{}(m.monitorCrossRefID, arg->crossRefIdentifier);
                    Spec<M>::fields(ToAsn{}, m, EventSlot<M>::put(*arg));
                    return encode_envelope(RoseInvoke{r.invoke_id, opcode::cSTAEventReport,
                                                      asn1::encode(asn_DEF_CSTAEventReportArgument, arg.get())});
                } else {
                    throw EncodeError(std::string(name(Event{m})) + " has no BER mapping");
                }
            },
            r.event);
    }
};

}  // namespace

std::variant<Apdu, DecodeError> Codec::decode_apdu(std::span<const std::uint8_t> apdu) const {
    auto envelope = decode_envelope(apdu);
    if (auto* e = std::get_if<EnvelopeError>(&envelope)) return DecodeError{std::move(e->message), e->reject};
    return std::visit(
        [](auto&& v) -> std::variant<Apdu, DecodeError> {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, RoseInvoke>) return decode_invoke(v);
            else if constexpr (std::is_same_v<T, RoseResult>) return decode_result(v);
            else if constexpr (std::is_same_v<T, RoseError>) return decode_error(v);
            else return Apdu{std::move(v)};
        },
        std::move(std::get<Envelope>(envelope)));
}

Bytes Codec::encode(const Apdu& apdu) const {
    try {
        return std::visit(Encoder{}, apdu);
    } catch (const MappingError& e) {
        throw EncodeError(e.what());
    }
}

bool Codec::supported(const Request& r) { return has_spec(r); }
bool Codec::supported(const Response& r) { return std::holds_alternative<ErrorCode>(r) || has_spec(r); }
bool Codec::supported(const Event& e) {
    return std::visit([]<class M>(const M&) { return HasSpec<M> && HasEventSlot<M>; }, e);
}

}  // namespace csta::ber
