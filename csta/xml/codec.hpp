#pragma once
// ECMA-323 (CSTA XML) and ECMA-354 (application session) codec: XML document bytes <->
// csta::Message. The 8-byte transport header is not handled here (csta/framing).
//
//   csta::xml::Codec codec;                       // one per session / thread (reuses its parser)
//   auto r = codec.decode(bytes);
//   if (!r.ok()) answer(r.error->code, ...);      // CSTAErrorCode to send back, plus r.error->reason
//   for (auto& w : r.warnings) log(w);            // unknown/ignored elements
//   std::string out = codec.encode(response, r.edition.value_or(Edition::ed6));
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csta/model/messages.hpp"
#include "csta/xml/edition.hpp"
#include "csta/xml/tree.hpp"

namespace csta::xml {

struct DecodeError {
    // What to answer (CSTAErrorCode) — the most precise ECMA value for the problem, e.g.
    // operation/invalidCallingDeviceID for a MakeCall without <callingDevice>.
    ErrorCode code;
    std::string reason;  // human readable, for logs
    // True when the document could not be read as XML at all (or was refused: DOCTYPE, size,
    // depth); the root element name is then unknown.
    bool malformed = false;
};

struct DecodeResult {
    std::optional<Message> message;
    std::optional<DecodeError> error;
    // Edition of the CSTA namespace the peer used; nullopt for ECMA-354 session messages and
    // documents without a (known) CSTA namespace.
    std::optional<Edition> edition;
    // Which host that namespace was under (www.ecma-international.org or www.ecma.ch): the
    // answer goes back in the same namespace.
    std::optional<NamespaceHost> host;
    std::string root;  // local name of the root element ("" when malformed)
    std::string root_ns;  // its namespace URI ("" when none)
    std::vector<std::string> warnings;

    bool ok() const noexcept { return message.has_value(); }
};

class Codec {
public:
    explicit Codec(Limits limits = {});

    DecodeResult decode(std::string_view document);

    // Encoding never fails: every model value has an XML form. Text is escaped; private data
    // (OpaqueData::Form::private_) is written verbatim and must be well-formed XML content.
    static std::string encode(const Message& m, Edition edition = Edition::ed6,
                              NamespaceHost host = NamespaceHost::ecma_international);
    static std::string encode(const Request& m, Edition edition = Edition::ed6,
                              NamespaceHost host = NamespaceHost::ecma_international);
    static std::string encode(const Response& m, Edition edition = Edition::ed6,
                              NamespaceHost host = NamespaceHost::ecma_international);
    static std::string encode(const Event& m, Edition edition = Edition::ed6,
                              NamespaceHost host = NamespaceHost::ecma_international);
    static std::string encode(const SessionMessage& m);

private:
    TreeParser parser_;
};

}  // namespace csta::xml
