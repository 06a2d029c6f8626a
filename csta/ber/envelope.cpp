#include "csta/ber/envelope.hpp"

#include <Authentication-value.h>
#include <CSTA-APDU.h>
#include <Association-information.h>
#include <External.h>

#include <ber_tlv_length.h>
#include <ber_tlv_tag.h>

#include <stdexcept>

#include "csta/ber/asn1_support.hpp"

namespace csta::ber {
namespace {

using namespace asn1;

std::optional<long> invoke_id_of(const InvokeId_t& id) {
    if (id.present == InvokeId_PR_present) return id.choice.present;
    return std::nullopt;
}
void set_invoke_id(InvokeId_t& id, std::optional<long> value) {
    if (value) {
        id.present = InvokeId_PR_present;
        id.choice.present = *value;
    } else {
        id.present = InvokeId_PR_absent;
    }
}
void set_local(Code_t& code, long value) {
    code.present = Code_PR_local;
    code.choice.local = value;
}
Bytes bytes_of(const ANY_t* any) {
    return any && any->buf ? Bytes(any->buf, any->buf + any->size) : Bytes{};
}
ANY_t* new_any(const Bytes& b) {
    auto* any = alloc<ANY_t>();
    set(*any, b);
    return any;
}

// Classifies an APDU asn1c refused, for the Reject problem code (X.880 GeneralProblem):
// a TLV that does not hold together is badlyStructuredPDU, an unknown outer tag is
// unrecognizedPDU, a well-formed TLV with wrong contents is mistypedPDU.
struct Outer {
    bool well_formed = false;
    ber_tlv_tag_t tag = 0;
    std::size_t header = 0;
};
Outer outer_tlv(std::span<const std::uint8_t> in) {
    Outer o;
    const ssize_t tl = ber_fetch_tag(in.data(), in.size(), &o.tag);
    if (tl <= 0) return o;
    ber_tlv_len_t len = 0;
    const ssize_t ll = ber_fetch_length(BER_TLV_CONSTRUCTED(in.data()), in.data() + tl, in.size() - static_cast<std::size_t>(tl), &len);
    if (ll <= 0) return o;
    o.header = static_cast<std::size_t>(tl + ll);
    // Definite length must fill the APDU exactly; indefinite (-1) is checked by asn1c.
    o.well_formed = len == -1 || (len >= 0 && o.header + static_cast<std::size_t>(len) == in.size());
    return o;
}
bool is_rose_tag(ber_tlv_tag_t tag) {
    return BER_TAG_CLASS(tag) == ASN_TAG_CLASS_CONTEXT && BER_TAG_VALUE(tag) >= 1 && BER_TAG_VALUE(tag) <= 4;
}
bool is_acse_tag(ber_tlv_tag_t tag) {
    return BER_TAG_CLASS(tag) == ASN_TAG_CLASS_APPLICATION && BER_TAG_VALUE(tag) <= 4;
}
// Best effort: the invokeId INTEGER right inside a ROSE APDU, so the Reject can name it.
std::optional<long> peek_invoke_id(std::span<const std::uint8_t> in, std::size_t header) {
    if (in.size() < header + 3 || in[header] != 0x02) return std::nullopt;
    const std::size_t len = in[header + 1];
    if (len == 0 || len > 4 || in.size() < header + 2 + len) return std::nullopt;
    long v = (in[header + 2] & 0x80) ? -1 : 0;
    for (std::size_t i = 0; i < len; ++i) v = static_cast<long>((static_cast<unsigned long>(v) << 8) | in[header + 2 + i]);
    return v;
}

Envelope from_asn1(const CSTA_APDU_t& a) {
    switch (a.present) {
    case CSTA_APDU_PR_aarq: {
        const auto& q = a.choice.aarq;
        Aarq out{oid_to_string(q.application_context_name), std::nullopt, {}, {}};
        if (q.calling_authentication_value && q.calling_authentication_value->present == Authentication_value_PR_charstring)
            out.password = text(q.calling_authentication_value->choice.charstring);
        out.calling_ap_title = bytes_of(q.calling_AP_title);
        if (q.user_information)
            for (int i = 0; i < q.user_information->list.count; ++i) {
                const External_t* e = q.user_information->list.array[i];
                if (!e) continue;
                AcseExternal x;
                if (e->direct_reference) x.direct_reference = oid_to_string(*e->direct_reference);
                if (e->encoding.present == External__encoding_PR_single_ASN1_type) {
                    x.value = bytes_of(&e->encoding.choice.single_ASN1_type);
                    x.single_asn1_type = true;
                } else if (e->encoding.present == External__encoding_PR_octet_aligned) {
                    const auto& o = e->encoding.choice.octet_aligned;
                    if (o.buf) x.value.assign(o.buf, o.buf + o.size);
                }
                out.user_information.push_back(std::move(x));
            }
        return out;
    }
    case CSTA_APDU_PR_aare: {
        const auto& r = a.choice.aare;
        Aare out{oid_to_string(r.application_context_name), static_cast<AssociateResult>(r.result), 0};
        if (r.result_source_diagnostic.present == Associate_source_diagnostic_PR_acse_service_user)
            out.diagnostic = r.result_source_diagnostic.choice.acse_service_user;
        else if (r.result_source_diagnostic.present == Associate_source_diagnostic_PR_acse_service_provider)
            out.diagnostic = r.result_source_diagnostic.choice.acse_service_provider;
        return out;
    }
    case CSTA_APDU_PR_rlrq:
        return Rlrq{a.choice.rlrq.reason ? std::optional<long>(*a.choice.rlrq.reason) : std::nullopt};
    case CSTA_APDU_PR_rlre:
        return Rlre{a.choice.rlre.reason ? std::optional<long>(*a.choice.rlre.reason) : std::nullopt};
    case CSTA_APDU_PR_abrt:
        return Abrt{a.choice.abrt.abort_source,
                    a.choice.abrt.abort_diagnostic ? std::optional<long>(*a.choice.abrt.abort_diagnostic) : std::nullopt};
    case CSTA_APDU_PR_invoke: {
        const auto& i = a.choice.invoke;
        return RoseInvoke{invoke_id_of(i.invokeId).value_or(0), i.opcode.present == Code_PR_local ? i.opcode.choice.local : -1,
                          bytes_of(i.argument)};
    }
    case CSTA_APDU_PR_returnResult: {
        const auto& r = a.choice.returnResult;
        RoseResult out{invoke_id_of(r.invokeId).value_or(0), std::nullopt, {}};
        if (r.result) {
            out.opcode = r.result->opcode.present == Code_PR_local ? r.result->opcode.choice.local : -1;
            out.result = bytes_of(&r.result->result);
        }
        return out;
    }
    case CSTA_APDU_PR_returnError: {
        const auto& e = a.choice.returnError;
        return RoseError{invoke_id_of(e.invokeId).value_or(0), e.errcode.present == Code_PR_local ? e.errcode.choice.local : -1,
                         bytes_of(e.parameter)};
    }
    case CSTA_APDU_PR_reject: {
        const auto& r = a.choice.reject;
        Reject out{invoke_id_of(r.invokeId), ProblemKind::general, 0};
        switch (r.problem.present) {
        case Reject__problem_PR_general: out.kind = ProblemKind::general; out.problem = r.problem.choice.general; break;
        case Reject__problem_PR_invoke: out.kind = ProblemKind::invoke; out.problem = r.problem.choice.invoke; break;
        case Reject__problem_PR_returnResult: out.kind = ProblemKind::returnResult; out.problem = r.problem.choice.returnResult; break;
        case Reject__problem_PR_returnError: out.kind = ProblemKind::returnError; out.problem = r.problem.choice.returnError; break;
        case Reject__problem_PR_NOTHING: break;
        }
        return out;
    }
    case CSTA_APDU_PR_NOTHING: break;
    }
    return Abrt{};  // unreachable: ber_decode never returns an empty CHOICE
}

void set_context(OBJECT_IDENTIFIER_t& oid, const std::string& dotted) {
    if (!oid_from_string(oid, dotted)) throw std::invalid_argument("bad application context OID '" + dotted + "'");
}

struct ToAsn1 {
    CSTA_APDU_t& a;
    void operator()(const Aarq& q) {
        a.present = CSTA_APDU_PR_aarq;
        set_context(a.choice.aarq.application_context_name, q.application_context);
        if (q.password) {
            auto* auth = alloc<Authentication_value_t>();
            auth->present = Authentication_value_PR_charstring;
            set(auth->choice.charstring, *q.password);
            a.choice.aarq.calling_authentication_value = auth;
        }
    }
    void operator()(const Aare& r) {
        a.present = CSTA_APDU_PR_aare;
        auto& out = a.choice.aare;
        set_context(out.application_context_name, r.application_context);
        out.result = static_cast<long>(r.result);
        out.result_source_diagnostic.present = Associate_source_diagnostic_PR_acse_service_user;
        out.result_source_diagnostic.choice.acse_service_user = r.diagnostic;
    }
    void operator()(const Rlrq& r) {
        a.present = CSTA_APDU_PR_rlrq;
        if (r.reason) {
            a.choice.rlrq.reason = alloc<long>();
            *a.choice.rlrq.reason = *r.reason;
        }
    }
    void operator()(const Rlre& r) {
        a.present = CSTA_APDU_PR_rlre;
        if (r.reason) {
            a.choice.rlre.reason = alloc<long>();
            *a.choice.rlre.reason = *r.reason;
        }
    }
    void operator()(const Abrt& r) {
        a.present = CSTA_APDU_PR_abrt;
        a.choice.abrt.abort_source = r.source;
        if (r.diagnostic) {
            a.choice.abrt.abort_diagnostic = alloc<long>();
            *a.choice.abrt.abort_diagnostic = *r.diagnostic;
        }
    }
    void operator()(const RoseInvoke& i) {
        a.present = CSTA_APDU_PR_invoke;
        set_invoke_id(a.choice.invoke.invokeId, i.invoke_id);
        set_local(a.choice.invoke.opcode, i.opcode);
        if (!i.argument.empty()) a.choice.invoke.argument = new_any(i.argument);
    }
    void operator()(const RoseResult& r) {
        a.present = CSTA_APDU_PR_returnResult;
        set_invoke_id(a.choice.returnResult.invokeId, r.invoke_id);
        if (r.opcode) {
            auto* res = alloc<ReturnResult::ReturnResult__result>();
            set_local(res->opcode, *r.opcode);
            set(res->result, r.result);
            a.choice.returnResult.result = res;
        }
    }
    void operator()(const RoseError& e) {
        a.present = CSTA_APDU_PR_returnError;
        set_invoke_id(a.choice.returnError.invokeId, e.invoke_id);
        set_local(a.choice.returnError.errcode, e.errcode);
        if (!e.parameter.empty()) a.choice.returnError.parameter = new_any(e.parameter);
    }
    void operator()(const Reject& r) {
        a.present = CSTA_APDU_PR_reject;
        set_invoke_id(a.choice.reject.invokeId, r.invoke_id);
        auto& p = a.choice.reject.problem;
        switch (r.kind) {
        case ProblemKind::general: p.present = Reject__problem_PR_general; p.choice.general = r.problem; break;
        case ProblemKind::invoke: p.present = Reject__problem_PR_invoke; p.choice.invoke = r.problem; break;
        case ProblemKind::returnResult: p.present = Reject__problem_PR_returnResult; p.choice.returnResult = r.problem; break;
        case ProblemKind::returnError: p.present = Reject__problem_PR_returnError; p.choice.returnError = r.problem; break;
        }
    }
};

}  // namespace

std::variant<Envelope, EnvelopeError> decode_envelope(std::span<const std::uint8_t> apdu) {
    auto result = decode(asn_DEF_CSTA_APDU, apdu);
    if (result.error.empty()) {
        const auto owned = adopt<CSTA_APDU_t>(asn_DEF_CSTA_APDU, result.value);
        return from_asn1(*owned);
    }
    const Outer outer = outer_tlv(apdu);
    if (!outer.well_formed)
        return EnvelopeError{"badly structured APDU: " + result.error,
                             Reject{std::nullopt, ProblemKind::general, problem::badlyStructuredPDU}};
    if (is_acse_tag(outer.tag)) return EnvelopeError{"mistyped ACSE APDU: " + result.error, std::nullopt};
    if (!is_rose_tag(outer.tag))
        return EnvelopeError{"unrecognized APDU tag", Reject{std::nullopt, ProblemKind::general, problem::unrecognizedPDU}};
    return EnvelopeError{"mistyped ROSE APDU: " + result.error,
                         Reject{peek_invoke_id(apdu, outer.header), ProblemKind::general, problem::mistypedPDU}};
}

Bytes encode_envelope(const Envelope& envelope) {
    auto a = make<CSTA_APDU_t>(asn_DEF_CSTA_APDU);
    std::visit(ToAsn1{*a}, envelope);
    return encode(asn_DEF_CSTA_APDU, a.get());
}

}  // namespace csta::ber
