// Root messages whose children are not a plain sequence: CSTAErrorCode (a CHOICE of category
// elements), the snapshot responses (crossRefIDorSnapshotData CHOICE), ECMA-354 sessions.
#include "csta/xml/detail/schemas.hpp"

namespace csta::xml::detail {

namespace {
void warn_unknown(const Node& parent, const Node& child, const DecodeCtx& c) {
    c.warn("ignored unknown element <" + child.local_name + "> in <" + parent.local_name + ">");
}
[[noreturn]] void missing(std::string_view what, const Node& n) {
    fail(OperationError::invalidParameterValue,
         "missing mandatory element <" + std::string(what) + "> in <" + n.local_name + ">");
}
}  // namespace

// ---------- CSTAErrorCode ----------
void write_children(XmlWriter& w, const ErrorCode& v, const EncodeCtx&) {
    w.leaf(to_string(v.category), v.value);
}

void read_children(const Node& n, ErrorCode& v, const DecodeCtx& c) {
    for (const auto& child : n.children) {
        if (auto cat = from_string<ErrorCategory>(child.local_name)) {
            v.category = *cat;
            v.value = std::string(trim(child.text));
            if (!v.known_value()) c.warn("unknown " + child.local_name + " error value '" + v.value + "'");
            return;
        }
        // privateErrorCode and anything newer.
        warn_unknown(n, child, c);
    }
    fail(OperationError::invalidParameterValue, "<" + n.local_name + "> names no error category");
}

// ---------- snapshots ----------
namespace {
template <class Info, class Response>
void write_snapshot_choice(XmlWriter& w, const Response& v, std::string_view item, const EncodeCtx& c) {
    w.open("crossRefIDorSnapshotData");
    if (v.serviceCrossRefID) {
        w.leaf("serviceCrossRefID", *v.serviceCrossRefID);
    } else {
        w.open("snapshotData");
        for (const Info& i : v.snapshotData) write_value(w, item, i, c);
        w.close();
    }
    w.close();
}

template <class Info, class Response>
void read_snapshot_choice(const Node& n, Response& v, std::string_view item, const DecodeCtx& c) {
    for (const auto& child : n.children) {
        if (child.local_name == "serviceCrossRefID") {
            v.serviceCrossRefID = std::string(trim(child.text));
        } else if (child.local_name == "snapshotData") {
            for (const auto& i : child.children) {
                if (i.local_name == item) read_value(i, v.snapshotData.emplace_back(), c);
                else warn_unknown(child, i, c);
            }
        } else {
            warn_unknown(n, child, c);
        }
    }
}
}  // namespace

void write_children(XmlWriter& w, const SnapshotDeviceResponse& v, const EncodeCtx& c) {
    write_snapshot_choice<SnapshotDeviceResponseInfo>(w, v, "snapshotDeviceResponseInfo", c);
    if (v.extensions) write_value(w, "extensions", *v.extensions, c);
}

void read_children(const Node& n, SnapshotDeviceResponse& v, const DecodeCtx& c) {
    bool choice = false;
    for (const auto& child : n.children) {
        if (child.local_name == "crossRefIDorSnapshotData") {
            read_snapshot_choice<SnapshotDeviceResponseInfo>(child, v, "snapshotDeviceResponseInfo", c);
            choice = true;
        } else if (child.local_name == "extensions") {
            read_value(child, v.extensions.emplace(), c);
        } else {
            warn_unknown(n, child, c);
        }
    }
    if (!choice) missing("crossRefIDorSnapshotData", n);
}

void write_children(XmlWriter& w, const SnapshotCallResponse& v, const EncodeCtx& c) {
    write_snapshot_choice<SnapshotCallResponseInfo>(w, v, "snapshotCallResponseInfo", c);
    if (v.callingDevice) write_value(w, "callingDevice", *v.callingDevice, c);
    if (v.calledDevice) write_value(w, "calledDevice", *v.calledDevice, c);
    if (v.correlatorData) write_value(w, "correlatorData", *v.correlatorData, c);
    if (v.extensions) write_value(w, "extensions", *v.extensions, c);
}

void read_children(const Node& n, SnapshotCallResponse& v, const DecodeCtx& c) {
    bool choice = false;
    for (const auto& child : n.children) {
        const auto& ln = child.local_name;
        if (ln == "crossRefIDorSnapshotData") {
            read_snapshot_choice<SnapshotCallResponseInfo>(child, v, "snapshotCallResponseInfo", c);
            choice = true;
        } else if (ln == "callingDevice") read_value(child, v.callingDevice.emplace(), c);
        else if (ln == "calledDevice") read_value(child, v.calledDevice.emplace(), c);
        else if (ln == "correlatorData") read_value(child, v.correlatorData.emplace(), c);
        else if (ln == "extensions") read_value(child, v.extensions.emplace(), c);
        else warn_unknown(n, child, c);
    }
    if (!choice) missing("crossRefIDorSnapshotData", n);
}

// ---------- ECMA-354 application sessions ----------
namespace {
constexpr std::string_view kAvayaNamespace = "http://www.avaya.com/csta";

void write_session_error(XmlWriter& w, std::string_view name, const SessionErrorCode& e, std::string_view defined,
                         std::string_view free_text) {
    w.open(name);
    w.leaf(e.defined ? defined : free_text, e.value);
    w.close();
}

void read_session_error(const Node& n, SessionErrorCode& e, std::string_view defined, std::string_view free_text,
                        const DecodeCtx& c) {
    for (const auto& child : n.children) {
        if (child.local_name == defined || child.local_name == free_text) {
            e.defined = child.local_name == defined;
            e.value = std::string(trim(child.text));
            return;
        }
        warn_unknown(n, child, c);
    }
    missing(std::string(defined) + "> or <" + std::string(free_text), n);
}

// Credentials anywhere below applicationSpecificInfo: userName/userPassword (Avaya) or
// user/password; and DMCC's session recovery elements sessionID / sessionCleanupDelay.
void find_credentials(const Node& n, SessionCredentials& out, bool& found) {
    for (const auto& child : n.children) {
        const auto& ln = child.local_name;
        if (ln == "userName" || ln == "user") {
            // Kept as sent: a name with white space around it is not the configured user's
            // name, and the bridge refuses it with a reason rather than guessing.
            out.userName = child.text;
            found = true;
        } else if (ln == "userPassword" || ln == "password") {
            out.password = child.text;
            found = true;
        } else if (ln == "sessionID") {
            out.sessionID = std::string(trim(child.text));
            found = true;
        } else if (ln == "sessionCleanupDelay") {
            out.sessionCleanupDelay = parse_long(child);
            found = true;
        } else {
            find_credentials(child, out, found);
        }
    }
}

long parse_duration(const Node& n) { return parse_long(n); }
}  // namespace

void write_children(XmlWriter& w, const StartApplicationSession& v, const EncodeCtx&) {
    w.open("applicationInfo");
    w.leaf("applicationID", v.applicationID);
    if (v.credentials) {
        w.open("applicationSpecificInfo");
        w.open("SessionLoginInfo");
        w.attribute("xmlns", kAvayaNamespace);
        w.leaf("userName", v.credentials->userName);
        w.leaf("userPassword", v.credentials->password);
        if (v.credentials->sessionCleanupDelay)
            w.leaf("sessionCleanupDelay", std::to_string(*v.credentials->sessionCleanupDelay));
        if (v.credentials->sessionID) w.leaf("sessionID", *v.credentials->sessionID);
        w.close();
        w.close();
    }
    w.close();
    w.open("requestedProtocolVersions");
    for (const auto& p : v.requestedProtocolVersions) w.leaf("protocolVersion", p);
    w.close();
    if (v.requestedSessionDuration) w.leaf("requestedSessionDuration", std::to_string(*v.requestedSessionDuration));
}

void read_children(const Node& n, StartApplicationSession& v, const DecodeCtx& c) {
    bool info = false;
    for (const auto& child : n.children) {
        const auto& ln = child.local_name;
        if (ln == "applicationInfo") {
            info = true;
            const Node* id = child.child("applicationID");
            if (!id) missing("applicationID", child);
            v.applicationID = std::string(trim(id->text));
            if (const Node* specific = child.child("applicationSpecificInfo")) {
                SessionCredentials cred;
                bool found = false;
                find_credentials(*specific, cred, found);
                if (found) v.credentials = std::move(cred);
                else c.warn("no credentials found in <applicationSpecificInfo>");
            }
        } else if (ln == "requestedProtocolVersions") {
            for (const auto& p : child.children) {
                if (p.local_name == "protocolVersion") v.requestedProtocolVersions.emplace_back(trim(p.text));
                else warn_unknown(child, p, c);
            }
        } else if (ln == "requestedSessionDuration") {
            v.requestedSessionDuration = parse_duration(child);
        } else if (ln != "extensions") {
            warn_unknown(n, child, c);
        }
    }
    if (!info) missing("applicationInfo", n);
}

void write_children(XmlWriter& w, const StartApplicationSessionPosResponse& v, const EncodeCtx&) {
    w.leaf("sessionID", v.sessionID);
    w.leaf("actualProtocolVersion", v.actualProtocolVersion);
    w.leaf("actualSessionDuration", std::to_string(v.actualSessionDuration));
}

void read_children(const Node& n, StartApplicationSessionPosResponse& v, const DecodeCtx& c) {
    bool id = false;
    for (const auto& child : n.children) {
        const auto& ln = child.local_name;
        if (ln == "sessionID") {
            v.sessionID = std::string(trim(child.text));
            id = true;
        } else if (ln == "actualProtocolVersion") v.actualProtocolVersion = std::string(trim(child.text));
        else if (ln == "actualSessionDuration") v.actualSessionDuration = parse_duration(child);
        else if (ln != "extensions") warn_unknown(n, child, c);
    }
    if (!id) missing("sessionID", n);
}

void write_children(XmlWriter& w, const StartApplicationSessionNegResponse& v, const EncodeCtx&) {
    write_session_error(w, "errorCode", v.errorCode, "definedError", "applError");
}
void read_children(const Node& n, StartApplicationSessionNegResponse& v, const DecodeCtx& c) {
    const Node* e = n.child("errorCode");
    if (!e) missing("errorCode", n);
    read_session_error(*e, v.errorCode, "definedError", "applError", c);
}

void write_children(XmlWriter& w, const StopApplicationSession& v, const EncodeCtx&) {
    w.leaf("sessionID", v.sessionID);
    if (v.sessionEndReason)
        write_session_error(w, "sessionEndReason", *v.sessionEndReason, "definedEndReason", "appEndReason");
}
void read_children(const Node& n, StopApplicationSession& v, const DecodeCtx& c) {
    bool id = false;
    for (const auto& child : n.children) {
        if (child.local_name == "sessionID") {
            v.sessionID = std::string(trim(child.text));
            id = true;
        } else if (child.local_name == "sessionEndReason") {
            read_session_error(child, v.sessionEndReason.emplace(), "definedEndReason", "appEndReason", c);
        } else if (child.local_name != "extensions") {
            warn_unknown(n, child, c);
        }
    }
    if (!id) missing("sessionID", n);
}

void write_children(XmlWriter&, const StopApplicationSessionPosResponse&, const EncodeCtx&) {}
void read_children(const Node& n, StopApplicationSessionPosResponse&, const DecodeCtx& c) {
    for (const auto& child : n.children)
        if (child.local_name != "extensions") warn_unknown(n, child, c);
}

void write_children(XmlWriter& w, const StopApplicationSessionNegResponse& v, const EncodeCtx&) {
    write_session_error(w, "errorCode", v.errorCode, "definedError", "applError");
}
void read_children(const Node& n, StopApplicationSessionNegResponse& v, const DecodeCtx& c) {
    const Node* e = n.child("errorCode");
    if (!e) missing("errorCode", n);
    read_session_error(*e, v.errorCode, "definedError", "applError", c);
}

void write_children(XmlWriter& w, const ResetApplicationSessionTimer& v, const EncodeCtx&) {
    w.leaf("sessionID", v.sessionID);
    if (v.requestedSessionDuration) w.leaf("requestedSessionDuration", std::to_string(*v.requestedSessionDuration));
}
void read_children(const Node& n, ResetApplicationSessionTimer& v, const DecodeCtx& c) {
    bool id = false;
    for (const auto& child : n.children) {
        if (child.local_name == "sessionID") {
            v.sessionID = std::string(trim(child.text));
            id = true;
        } else if (child.local_name == "requestedSessionDuration") {
            v.requestedSessionDuration = parse_duration(child);
        } else if (child.local_name != "extensions") {
            warn_unknown(n, child, c);
        }
    }
    if (!id) missing("sessionID", n);
}

void write_children(XmlWriter& w, const ResetApplicationSessionTimerPosResponse& v, const EncodeCtx&) {
    w.leaf("actualSessionDuration", std::to_string(v.actualSessionDuration));
}
void read_children(const Node& n, ResetApplicationSessionTimerPosResponse& v, const DecodeCtx& c) {
    for (const auto& child : n.children) {
        if (child.local_name == "actualSessionDuration") v.actualSessionDuration = parse_duration(child);
        else if (child.local_name != "extensions") warn_unknown(n, child, c);
    }
}

void write_children(XmlWriter& w, const ResetApplicationSessionTimerNegResponse& v, const EncodeCtx&) {
    write_session_error(w, "errorCode", v.errorCode, "definedError", "applError");
}
void read_children(const Node& n, ResetApplicationSessionTimerNegResponse& v, const DecodeCtx& c) {
    const Node* e = n.child("errorCode");
    if (!e) missing("errorCode", n);
    read_session_error(*e, v.errorCode, "definedError", "applError", c);
}

}  // namespace csta::xml::detail
