// CSTA XML sessions: ECMA-323 documents in the 8-byte header framing, ECMA-354 application
// sessions for login and keep-alive. Answers in the namespace (edition) the client used.
#include <cctype>
#include <map>
#include <spdlog/spdlog.h>

#include "bridge/server/wire.hpp"
#include "csta/framing/framing.hpp"
#include "csta/xml/codec.hpp"

namespace bridge {

namespace {

namespace fr = csta::framing;
using csta::xml::Edition;

class XmlWireProtocol final : public WireProtocol {
public:
    explicit XmlWireProtocol(const WireOptions& o)
        : limits_{o.max_frame_bytes, o.max_frame_bytes > 65535},
          deframer_(fr::Kind::xml, limits_),
          edition_(static_cast<Edition>(std::clamp(o.default_xml_edition, 2, 6))) {}

    Encoding encoding() const override { return Encoding::xml; }
    std::string dialect() const override { return "XML ed" + std::to_string(static_cast<int>(edition_)); }

    void feed(std::span<const std::uint8_t> bytes) override { deframer_.feed(bytes); }

    std::optional<Inbound> next() override {
        if (broken_) return std::nullopt;
        auto item = deframer_.next();
        if (!item) return std::nullopt;
        if (auto* err = std::get_if<fr::Error>(&*item)) {
            broken_ = true;  // an XML stream cannot be resynchronised after a bad header
            return BadInput{"broken XML framing: " + std::string(fr::to_string(*err)), {}, true};
        }
        auto& frame = std::get<fr::Frame>(*item);
        const InvokeId invoke = frame.invoke.value_or(0);
        std::string_view doc(reinterpret_cast<const char*>(frame.payload.data()), frame.payload.size());
        auto decoded = shared_codec().decode(doc);
        for (const auto& w : decoded.warnings) spdlog::debug("xml: {}", w);
        if (decoded.edition) {
            edition_ = *decoded.edition;
            host_ = decoded.host.value_or(Host::ecma_international);
        }
        if (!decoded.ok()) {
            auto reason = decoded.error ? decoded.error->reason : std::string("undecodable document");
            auto code = decoded.error ? decoded.error->code : csta::ErrorCode(csta::OperationError::generic);
            auto reply = frame_of(csta::xml::Codec::encode(csta::Response(code), edition_, host_), invoke);
            return BadInput{(decoded.root.empty() ? "" : "<" + decoded.root + ">: ") + reason, reply.value_or(Bytes{}), false};
        }
        if (auto refusal = foreign_namespace(decoded, invoke)) return refusal;
        // The answer to a request goes back in the namespace the request came in (kept until
        // it is answered: every request gets exactly one response()).
        if (std::holds_alternative<csta::Request>(*decoded.message)) answer_ns_[invoke % 10000] = {edition_, host_};
        return std::visit([&](auto&& m) -> std::optional<Inbound> { return inbound(std::move(m), invoke); },
                          std::move(*decoded.message));
    }

    std::optional<Bytes> login_accepted(const std::string& session_id, long duration) override {
        csta::StartApplicationSessionPosResponse r;
        r.sessionID = session_id;
        r.actualProtocolVersion = protocol_version_.empty() ? csta::xml::csta_namespace(edition_) : protocol_version_;
        r.actualSessionDuration = duration;
        return session_frame(r, login_invoke_);
    }
    std::optional<Bytes> login_refused(const std::string&, const std::string& session_error) override {
        return session_frame(csta::StartApplicationSessionNegResponse{{true, session_error}}, login_invoke_);
    }
    std::optional<Bytes> keepalive_accepted(long duration) override {
        return session_frame(csta::ResetApplicationSessionTimerPosResponse{duration}, keepalive_invoke_);
    }
    std::optional<Bytes> keepalive_refused(const std::string& reason) override {
        return session_frame(csta::ResetApplicationSessionTimerNegResponse{{true, reason}}, keepalive_invoke_);
    }
    std::optional<Bytes> logout_accepted() override {
        return session_frame(csta::StopApplicationSessionPosResponse{}, logout_invoke_);
    }
    std::optional<Bytes> response(InvokeId invoke_id, const csta::Response& r) override {
        auto ns = answer_ns_.find(invoke_id % 10000);
        if (ns == answer_ns_.end()) return frame_of(csta::xml::Codec::encode(r, edition_, host_), invoke_id);
        const auto [edition, host] = ns->second;
        answer_ns_.erase(ns);
        return frame_of(csta::xml::Codec::encode(r, edition, host), invoke_id);
    }
    std::optional<Bytes> event(const csta::Event& e) override {
        return frame_of(csta::xml::Codec::encode(e, edition_, host_), fr::xml_event_invoke_id);
    }
    std::optional<Bytes> shared_event(const csta::Event& e, SharedEncodings& shared) override {
        const auto& xref = std::visit([](const auto& ev) -> const std::string& { return ev.monitorCrossRefID; }, e);
        // The bridge's ids are digits; one that XML would escape is encoded the long way.
        const bool plain = xref.find_first_of("<>&\"'") == std::string::npos;
        const char dialect[] = {static_cast<char>(edition_), static_cast<char>(host_)};
        const std::string_view key(dialect, sizeof dialect);
        if (const auto* kept = plain ? shared.find(key) : nullptr)
            return frame_of(kept->with_id(xref), fr::xml_event_invoke_id);
        auto doc = csta::xml::Codec::encode(e, edition_, host_);
        auto frame = frame_of(doc, fr::xml_event_invoke_id);
        if (plain) shared.keep(key, std::move(doc), xref);
        return frame;
    }
    std::optional<Bytes> request(InvokeId invoke_id, const csta::Request& r) override {
        return frame_of(csta::xml::Codec::encode(r, edition_, host_), invoke_id);
    }

private:
    using Host = csta::xml::NamespaceHost;

    // One decoder per thread, shared by every session of that thread: its Xerces reader,
    // scanner and transcoder buffers cost tens of KB, and decoding is synchronous (nothing
    // of a document is kept in the decoder once decode() returns), so one session's parser
    // per connection was pure overhead (issue 17: memory per session). Same limits as before.
    static csta::xml::Codec& shared_codec() {
        static thread_local csta::xml::Codec codec;
        return codec;
    }

    // A document must be in the namespace of what it claims to be: CSTA messages in an
    // ECMA-323 namespace (either host), session messages in ECMA-354's. One in another
    // namespace, or in none, is not the message its root element's name suggests, so it is
    // refused, never executed: a request or session request gets serviceNotSupported (no
    // service has that qualified name); anything else is logged and dropped.
    std::optional<Inbound> foreign_namespace(const csta::xml::DecodeResult& d, InvokeId invoke) const {
        const bool session = std::holds_alternative<csta::SessionMessage>(*d.message);
        if (session ? d.root_ns == csta::xml::kSessionNamespace : d.edition.has_value()) return std::nullopt;
        const std::string expected = session ? "the ECMA-354 namespace " + std::string(csta::xml::kSessionNamespace)
                                             : std::string("an ECMA-323 namespace (http://www.ecma-international.org/"
                                                           "standards/ecma-323/csta/edN or http://www.ecma.ch/...)");
        const std::string reason = "<" + d.root + "> is in " +
                                   (d.root_ns.empty() ? std::string("no namespace") : "the namespace '" + d.root_ns + "'") +
                                   ", not in " + expected + "; refused";
        if (!session && !std::holds_alternative<csta::Request>(*d.message)) return BadInput{reason, {}, false};
        auto reply = frame_of(csta::xml::Codec::encode(csta::Response(csta::ErrorCode(csta::OperationError::serviceNotSupported)),
                                                       edition_, host_),
                              invoke);
        return BadInput{reason, reply.value_or(Bytes{}), false};
    }

    std::optional<Inbound> inbound(csta::Request&& r, InvokeId invoke) { return RequestIn{invoke, std::move(r)}; }
    std::optional<Inbound> inbound(csta::Response&& r, InvokeId invoke) { return ResponseIn{invoke, std::move(r)}; }
    std::optional<Inbound> inbound(csta::Event&& e, InvokeId) {
        return BadInput{"a client sent an event (" + std::string(csta::name(e)) + "); ignored", {}, false};
    }
    std::optional<Inbound> inbound(csta::SessionMessage&& m, InvokeId invoke) {
        if (auto* s = std::get_if<csta::StartApplicationSession>(&m)) {
            login_invoke_ = invoke;
            for (const auto& v : s->requestedProtocolVersions)
                if (auto ed = csta::xml::edition_from_protocol_version(v)) {
                    protocol_version_ = v;  // echoed as actualProtocolVersion (e.g. Avaya's .../ed3/priv2)
                    edition_ = *ed;
                    break;
                }
            LoginRequest login;
            login.application = s->applicationID;
            login.requested_duration = s->requestedSessionDuration;
            if (s->credentials) {
                const auto& name = s->credentials->userName;
                if (!name.empty() && (std::isspace(static_cast<unsigned char>(name.front())) ||
                                      std::isspace(static_cast<unsigned char>(name.back())))) {
                    broken_ = true;  // a refused login ends the session, as for a wrong password
                    return BadInput{"login refused: the userName '" + name +
                                        "' has white space before or after it (user names are compared exactly)",
                                    login_refused("", "invalidApplicationInfo").value_or(Bytes{}), true};
                }
                login.has_credentials = true;
                login.user = s->credentials->userName;
                login.password = s->credentials->password;
                login.recover_session_id = s->credentials->sessionID.value_or("");
                login.cleanup_delay = s->credentials->sessionCleanupDelay;
            }
            return login;
        }
        if (auto* k = std::get_if<csta::ResetApplicationSessionTimer>(&m)) {
            keepalive_invoke_ = invoke;
            return KeepAlive{k->sessionID, k->requestedSessionDuration};
        }
        if (std::holds_alternative<csta::StopApplicationSession>(m)) {
            logout_invoke_ = invoke;
            return LogoutRequest{};
        }
        return BadInput{"unexpected session message " + std::string(csta::name(m)) + "; ignored", {}, false};
    }

    std::optional<Bytes> frame_of(const std::string& doc, InvokeId invoke) const {
        return fr::encode_xml(doc, static_cast<std::uint16_t>(invoke % 10000), limits_);
    }
    std::optional<Bytes> session_frame(const csta::SessionMessage& m, InvokeId invoke) const {
        return frame_of(csta::xml::Codec::encode(m), invoke);
    }

    fr::Limits limits_;
    fr::Deframer deframer_;
    Edition edition_;
    Host host_ = Host::ecma_international;
    std::map<InvokeId, std::pair<Edition, Host>> answer_ns_;  // requests not answered yet, by invoke id
    std::string protocol_version_;
    InvokeId login_invoke_ = 0, keepalive_invoke_ = 0, logout_invoke_ = 0;
    bool broken_ = false;
};

}  // namespace

std::unique_ptr<WireProtocol> make_xml_protocol(const WireOptions& options) {
    return std::make_unique<XmlWireProtocol>(options);
}

}  // namespace bridge
