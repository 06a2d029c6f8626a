#include "csta/ber/asn1_support.hpp"

#include <charconv>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace csta::ber::asn1 {

namespace {
// asn1c's BER decoder can spin forever on malformed end-of-contents inside indefinite lengths
// (found by fuzz_csta_ber). So every TLV is walked first: lengths within their enclosing TLV,
// indefinite lengths only on constructed values and closed by a proper 00 00, tag 0 nowhere
// else. Iterative, so any nesting depth costs a vector, not the C stack.
std::string check_tlvs(std::span<const std::uint8_t> in) {
    struct Open {
        bool indefinite;
        std::size_t end;  // definite: where it ends; indefinite: the nearest definite bound
    };
    std::vector<Open> open;
    std::size_t i = 0;
    for (;;) {
        const std::size_t bound = open.empty() ? in.size() : open.back().end;
        if (!open.empty() && open.back().indefinite) {
            if (i + 1 < bound && in[i] == 0 && in[i + 1] == 0) {  // end-of-contents
                i += 2;
                open.pop_back();
                continue;
            }
            if (i >= bound) return "indefinite length without end-of-contents";
        } else if (i == bound) {
            if (open.empty()) return {};
            open.pop_back();
            continue;
        }
        const std::uint8_t tag = in[i++];
        // Universal tag 0 is end-of-contents only (X.690 8.1.5); asn1c's CHOICE decoder loops
        // forever on a 00 that does not begin a proper 00 00.
        if (tag == 0) return "tag 0 outside an end-of-contents";
        if ((tag & 0x1f) == 0x1f) {  // high tag number: base-128 octets
            std::size_t octets = 0;
            do {
                if (i >= bound) return "truncated tag";
                if (++octets > 4) return "tag number too long";
            } while (in[i++] & 0x80);
        }
        if (i >= bound) return "truncated length";
        const std::uint8_t first = in[i++];
        if (first == 0x80) {
            if (!(tag & 0x20)) return "indefinite length on a primitive value";
            open.push_back({true, bound});
            continue;
        }
        std::size_t length = first;
        if (first & 0x80) {
            const std::size_t octets = first & 0x7f;
            if (octets > 4) return "length field of more than 4 octets";
            if (octets > bound - i) return "truncated length";
            length = 0;
            for (std::size_t k = 0; k < octets; ++k) length = (length << 8) | in[i++];
        }
        if (length > bound - i) return "a length runs past the end";
        if (tag & 0x20) open.push_back({false, i + length});  // constructed: walk its contents
        else i += length;
    }
}
}  // namespace

DecodeResult decode(asn_TYPE_descriptor_t& td, std::span<const std::uint8_t> in) {
    if (auto error = check_tlvs(in); !error.empty())
        return {nullptr, "cannot decode " + std::string(td.name) + ": " + error};
    asn_codec_ctx_t ctx{};
    ctx.max_stack_size = max_decoder_stack;
    void* value = nullptr;
    const asn_dec_rval_t rv = ber_decode(&ctx, &td, &value, in.data(), in.size());
    std::string error;
    if (rv.code == RC_WMORE)
        error = "truncated " + std::string(td.name) + " (a length runs past the end)";
    else if (rv.code != RC_OK)
        error = "cannot decode " + std::string(td.name) + " at byte " + std::to_string(rv.consumed);
    else if (rv.consumed != in.size())
        error = std::to_string(in.size() - rv.consumed) + " bytes after " + std::string(td.name);
    if (!error.empty()) {
        ASN_STRUCT_FREE(td, value);
        return {nullptr, std::move(error)};
    }
    return {value, {}};
}

namespace {
int append(const void* buffer, size_t size, void* key) {
    auto* out = static_cast<Bytes*>(key);
    const auto* p = static_cast<const std::uint8_t*>(buffer);
    out->insert(out->end(), p, p + size);
    return 0;
}
}  // namespace

Bytes encode(asn_TYPE_descriptor_t& td, const void* value) {
    Bytes out;
    const asn_enc_rval_t rv = der_encode(&td, const_cast<void*>(value), append, &out);
    if (rv.encoded < 0)
        throw std::runtime_error("DER encoding of " + std::string(td.name) + " failed at " +
                                 (rv.failed_type ? rv.failed_type->name : "?"));
    return out;
}

Bytes encode_without_defaults(asn_TYPE_descriptor_t& td, const void* value, std::span<const DefaultLong> defaults) {
    std::vector<asn_TYPE_member_t> kept;
    for (int i = 0; i < td.elements_count; ++i) {
        const asn_TYPE_member_t& m = td.elements[i];
        bool at_default = false;
        for (const auto& d : defaults)
            if (std::strcmp(m.name, d.member) == 0 && !(m.flags & ATF_POINTER))
                at_default = *reinterpret_cast<const long*>(static_cast<const char*>(value) + m.memb_offset) == d.value;
        if (!at_default) kept.push_back(m);
    }
    asn_TYPE_descriptor_t copy = td;
    copy.elements = kept.data();
    copy.elements_count = static_cast<int>(kept.size());
    return encode(copy, value);
}

std::string text(const OCTET_STRING_t& s) {
    return s.buf ? std::string(reinterpret_cast<const char*>(s.buf), static_cast<std::size_t>(s.size)) : std::string();
}
std::string text(const ANY_t& s) {
    return s.buf ? std::string(reinterpret_cast<const char*>(s.buf), static_cast<std::size_t>(s.size)) : std::string();
}

namespace {
void assign(std::uint8_t*& buf, int& size, const void* data, std::size_t n) {
    std::free(buf);
    buf = static_cast<std::uint8_t*>(std::malloc(n + 1));  // asn1c keeps strings NUL-terminated
    if (!buf) throw std::bad_alloc();
    if (n) std::memcpy(buf, data, n);
    buf[n] = 0;
    size = static_cast<int>(n);
}
}  // namespace

void set(OCTET_STRING_t& s, std::string_view value) { assign(s.buf, s.size, value.data(), value.size()); }
void set(ANY_t& s, std::span<const std::uint8_t> value) { assign(s.buf, s.size, value.data(), value.size()); }

OCTET_STRING_t* new_string(std::string_view value) {
    auto* s = alloc<OCTET_STRING_t>();
    set(*s, value);
    return s;
}

std::string oid_to_string(const OBJECT_IDENTIFIER_t& oid) {
    unsigned long arcs[32];
    const int n = OBJECT_IDENTIFIER_get_arcs(&oid, arcs, sizeof(arcs[0]), 32);
    if (n <= 0 || n > 32) return {};
    std::string out;
    for (int i = 0; i < n; ++i) {
        if (i) out += '.';
        out += std::to_string(arcs[i]);
    }
    return out;
}

bool oid_from_string(OBJECT_IDENTIFIER_t& oid, std::string_view dotted) {
    unsigned long arcs[32];
    unsigned count = 0;
    const char* p = dotted.data();
    const char* end = p + dotted.size();
    while (p < end && count < 32) {
        const auto [next, ec] = std::from_chars(p, end, arcs[count]);
        if (ec != std::errc{} || (next < end && *next != '.')) return false;
        ++count;
        p = next < end ? next + 1 : next;
    }
    if (p != end || count < 2) return false;
    return OBJECT_IDENTIFIER_set_arcs(&oid, arcs, sizeof(arcs[0]), count) == 0;
}

std::optional<std::string_view> enum_name(asn_TYPE_descriptor_t& td, long value) {
    auto* specs = static_cast<asn_INTEGER_specifics_t*>(td.specifics);
    if (!specs) return std::nullopt;
    const asn_INTEGER_enum_map_t* m = INTEGER_map_value2enum(specs, value);
    if (!m) return std::nullopt;
    return std::string_view(m->enum_name, m->enum_len);
}

std::optional<long> enum_value(asn_TYPE_descriptor_t& td, std::string_view name) {
    auto* specs = static_cast<asn_INTEGER_specifics_t*>(td.specifics);
    if (!specs) return std::nullopt;
    for (int i = 0; i < specs->map_count; ++i)
        if (name == std::string_view(specs->value2enum[i].enum_name, specs->value2enum[i].enum_len))
            return specs->value2enum[i].nat_value;
    return std::nullopt;
}

}  // namespace csta::ber::asn1
