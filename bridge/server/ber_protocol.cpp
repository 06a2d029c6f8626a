// CSTA BER sessions: ECMA-285 APDUs with a 2-byte length, ACSE association for login,
// ROSE for requests, responses and event reports.
#include <spdlog/spdlog.h>

#include "bridge/server/ber_event_sharing.hpp"
#include "bridge/server/wire.hpp"
#include "csta/ber/acse_login.hpp"
#include "csta/ber/codec.hpp"
#include "csta/framing/framing.hpp"

namespace bridge {

namespace {

namespace fr = csta::framing;
namespace ber = csta::ber;

constexpr long kAuthenticationFailure = 13;  // ACSE acse-service-user diagnostic

class BerWireProtocol final : public WireProtocol {
public:
    explicit BerWireProtocol(const WireOptions& o)
        : limits_{o.max_frame_bytes, false}, deframer_(fr::Kind::ber, limits_) {}

    Encoding encoding() const override { return Encoding::ber; }
    std::string dialect() const override { return "BER"; }

    void feed(std::span<const std::uint8_t> bytes) override { deframer_.feed(bytes); }

    std::optional<Inbound> next() override {
        if (broken_) return std::nullopt;
        auto item = deframer_.next();
        if (!item) return std::nullopt;
        if (auto* err = std::get_if<fr::Error>(&*item)) {
            broken_ = true;
            return BadInput{"broken BER framing: " + std::string(fr::to_string(*err)), frame(ber::Abrt{1, 2}).value_or(Bytes{}), true};
        }
        auto& payload = std::get<fr::Frame>(*item).payload;
        auto decoded = codec_.decode_apdu(payload);
        if (auto* err = std::get_if<ber::DecodeError>(&decoded)) {
            if (err->reject) return BadInput{err->message, frame(*err->reject).value_or(Bytes{}), false};
            broken_ = true;  // broken ACSE: abort the association (protocol-error)
            return BadInput{err->message, frame(ber::Abrt{1, 2}).value_or(Bytes{}), true};
        }
        return std::visit([&](auto&& apdu) -> std::optional<Inbound> { return inbound(std::move(apdu)); },
                          std::move(std::get<ber::Apdu>(decoded)));
    }

    std::optional<Bytes> login_accepted(const std::string&, long) override {
        return frame(ber::Aare{context_, ber::AssociateResult::accepted, 0});
    }
    std::optional<Bytes> login_refused(const std::string&, const std::string&) override {
        return frame(ber::Aare{context_, ber::AssociateResult::rejected_permanent, kAuthenticationFailure});
    }
    // ACSE has no session timer: BER clients keep alive with systemStatus instead.
    std::optional<Bytes> keepalive_accepted(long) override { return std::nullopt; }
    std::optional<Bytes> keepalive_refused(const std::string&) override { return std::nullopt; }
    std::optional<Bytes> logout_accepted() override { return frame(ber::Rlre{0}); }

    std::optional<Bytes> response(InvokeId invoke_id, const csta::Response& r) override {
        if (auto* e = std::get_if<csta::ErrorCode>(&r)) return frame(ber::ReturnError{static_cast<long>(invoke_id), *e});
        if (!ber::Codec::supported(r)) {
            spdlog::warn("ber: {} has no BER mapping; answering serviceNotSupported", csta::name(r));
            return frame(ber::ReturnError{static_cast<long>(invoke_id),
                                          csta::ErrorCode(csta::OperationError::serviceNotSupported)});
        }
        return frame(ber::Result{static_cast<long>(invoke_id), r});
    }
    std::optional<Bytes> event(const csta::Event& e) override {
        if (!ber::Codec::supported(e)) {
            spdlog::debug("ber: {} has no BER mapping; not sent", csta::name(e));
            return std::nullopt;
        }
        return frame(ber::EventReport{own_invoke(), e});
    }
    // Every BER session numbers its own reports, so a copy differs from the kept frame in its
    // invoke id as well as in its cross reference id: both are written over when their sizes
    // match the kept frame's (ber_event_sharing.cpp); else the copy is encoded and kept too.
    std::optional<Bytes> shared_event(const csta::Event& e, SharedEncodings& shared) override {
        if (!ber::Codec::supported(e)) return event(e);
        const auto invoke = own_invoke();
        const auto& xref = std::visit([](const auto& ev) -> const std::string& { return ev.monitorCrossRefID; }, e);
        const auto invoke_size = ber_sharing::integer_octets(invoke).size();
        if (const auto* kept = shared.find_frame(kDialect, invoke_size, xref.size()))
            if (auto patched = ber_sharing::with_ids(*kept, invoke, xref)) return patched;
        auto bytes = frame(ber::EventReport{invoke, e});
        if (bytes)
            if (auto kept = ber_sharing::locate(*bytes, invoke, xref)) shared.keep_frame(kDialect, std::move(*kept));
        return bytes;
    }
    std::optional<Bytes> request(InvokeId, const csta::Request& r) override {
        if (!ber::Codec::supported(r)) return std::nullopt;
        return frame(ber::Invoke{own_invoke(), 0, r});
    }

private:
    std::optional<Inbound> inbound(ber::Aarq&& a) {
        context_ = a.application_context;
        LoginRequest login;
        login.application = a.application_context;
        // The user and password in any of the forms of csta/ber/acse_login.hpp. One that tries
        // to log in but cannot be read is refused exactly as wrong credentials are.
        auto named = ber::login_from_aarq(a);
        if (!named.error.empty()) {
            broken_ = true;
            return BadInput{"login refused: " + named.error, login_refused("", "").value_or(Bytes{}), true};
        }
        if (named.has_credentials) {
            spdlog::debug("ber: AARQ names user '{}' by {}", named.user, named.form);
            login.has_credentials = true;
            login.user = std::move(named.user);
            login.password = std::move(named.password);
        }
        return login;
    }
    std::optional<Inbound> inbound(ber::Invoke&& i) {
        if (i.invoke_id < 0) return BadInput{"negative invoke id", frame(ber::Reject{i.invoke_id, ber::ProblemKind::general, ber::problem::mistypedPDU}).value_or(Bytes{}), false};
        return RequestIn{static_cast<InvokeId>(i.invoke_id), std::move(i.request)};
    }
    std::optional<Inbound> inbound(ber::Result&& r) {
        return ResponseIn{static_cast<InvokeId>(r.invoke_id), std::move(r.response)};
    }
    std::optional<Inbound> inbound(ber::ReturnError&& r) {
        return ResponseIn{static_cast<InvokeId>(r.invoke_id), csta::Response(r.error)};
    }
    std::optional<Inbound> inbound(ber::Rlrq&&) { return LogoutRequest{}; }
    std::optional<Inbound> inbound(ber::Abrt&&) {
        broken_ = true;
        return BadInput{"client aborted the association", {}, true};
    }
    std::optional<Inbound> inbound(ber::Reject&& r) {
        return BadInput{"client rejected our APDU (problem " + std::to_string(r.problem) + ")", {}, false};
    }
    // APDUs only a server sends. Named one by one (no catch-all template): clang 14 left a
    // template overload used from the generic lambda in next() uninstantiated in the fuzz
    // build (undefined reference at link), and an APDU added to ber::Apdu must be decided here.
    std::optional<Inbound> inbound(ber::Aare&&) { return unexpected(); }
    std::optional<Inbound> inbound(ber::Rlre&&) { return unexpected(); }
    std::optional<Inbound> inbound(ber::EventReport&&) { return unexpected(); }
    static std::optional<Inbound> unexpected() {
        return BadInput{"unexpected APDU from a client; ignored", {}, false};
    }

    static constexpr std::string_view kDialect = "BER";

    long own_invoke() {
        next_invoke_ = next_invoke_ % 32767 + 1;
        return next_invoke_;
    }
    std::optional<Bytes> frame(const ber::Apdu& apdu) const {
        try {
            auto bytes = codec_.encode(apdu);
            return fr::encode_ber(bytes, limits_);
        } catch (const ber::EncodeError& e) {
            spdlog::error("ber: cannot encode: {}", e.what());
            return std::nullopt;
        }
    }

    fr::Limits limits_;
    fr::Deframer deframer_;
    ber::Codec codec_;
    std::string context_ = "1.3.12.0.218.200";
    long next_invoke_ = 0;
    bool broken_ = false;
};

}  // namespace

std::unique_ptr<WireProtocol> make_ber_protocol(const WireOptions& options) {
    return std::make_unique<BerWireProtocol>(options);
}

}  // namespace bridge
