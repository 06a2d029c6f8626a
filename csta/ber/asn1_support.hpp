#pragma once
// Thin C++ helpers over the asn1c 0.9.28 runtime: ownership of generated structs, bounded
// BER decoding, DER encoding into a byte vector, strings, OIDs and enumeration names.
#include <asn_application.h>
#include <INTEGER.h>
#include <OBJECT_IDENTIFIER.h>
#include <OCTET_STRING.h>
#include <ANY.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace csta::ber {

using Bytes = std::vector<std::uint8_t>;

namespace asn1 {

// Bound on the C stack asn1c's recursive decoder may use; deeper nesting is refused.
inline constexpr std::size_t max_decoder_stack = 32 * 1024;

template <class T>
struct Free {
    asn_TYPE_descriptor_t* td;
    void operator()(T* p) const { ASN_STRUCT_FREE(*td, p); }
};
template <class T>
using Owned = std::unique_ptr<T, Free<T>>;

// A zeroed struct owned with asn1c's own free routine (members must be malloc'd).
template <class T>
Owned<T> make(asn_TYPE_descriptor_t& td) {
    return Owned<T>(static_cast<T*>(std::calloc(1, sizeof(T))), Free<T>{&td});
}
// calloc a member that asn1c will free.
template <class T>
T* alloc() {
    return static_cast<T*>(std::calloc(1, sizeof(T)));
}

struct DecodeResult {
    void* value = nullptr;  // owned by the caller (use adopt<T>)
    std::string error;      // empty on success
};
// Decodes exactly one value of type td that must fill `in` completely.
DecodeResult decode(asn_TYPE_descriptor_t& td, std::span<const std::uint8_t> in);

template <class T>
Owned<T> adopt(asn_TYPE_descriptor_t& td, void* p) {
    return Owned<T>(static_cast<T*>(p), Free<T>{&td});
}

// DER-encodes; throws std::runtime_error naming the type if the struct is incomplete (a bug).
Bytes encode(asn_TYPE_descriptor_t& td, const void* value);

// asn1c 0.9.28's DER encoder writes a DEFAULT member even when it holds its default value,
// which DER forbids. encode_without_defaults() encodes through a copy of the SEQUENCE's
// descriptor that leaves out the listed (long/ENUMERATED) members while they hold `value`.
struct DefaultLong {
    const char* member;
    long value;
};
Bytes encode_without_defaults(asn_TYPE_descriptor_t& td, const void* value, std::span<const DefaultLong> defaults);

std::string text(const OCTET_STRING_t& s);
std::string text(const ANY_t& s);
void set(OCTET_STRING_t& s, std::string_view value);
void set(ANY_t& s, std::span<const std::uint8_t> value);
OCTET_STRING_t* new_string(std::string_view value);

std::string oid_to_string(const OBJECT_IDENTIFIER_t& oid);  // "1.3.12.0.180.1", "" if invalid
bool oid_from_string(OBJECT_IDENTIFIER_t& oid, std::string_view dotted);

// ENUMERATED / named INTEGER values by their ASN.1 identifier (td is the enumerated type).
std::optional<std::string_view> enum_name(asn_TYPE_descriptor_t& td, long value);
std::optional<long> enum_value(asn_TYPE_descriptor_t& td, std::string_view name);

}  // namespace asn1
}  // namespace csta::ber
