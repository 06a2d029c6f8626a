// The model's literal tables are exactly the ECMA-323 ed6 literals, in schema order: read from
// tests/data/ecma-323/ed6-elements.txt here, independently of the generator that wrote the
// tables.
#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "csta/model/messages.hpp"
#include "tests/support/fixtures.hpp"

using namespace csta;

namespace {

struct Ed6 {
    std::map<std::string, std::vector<std::string>> enums;      // enum -> literals
    std::map<std::string, std::vector<std::string>> bool_kids;  // class -> bool children (first occurrence)
};

const Ed6& ed6() {
    static const Ed6 data = [] {
        Ed6 d;
        std::istringstream in(test_support::read_file(test_support::ed6_elements()));
        std::string line, current_enum, current_class;
        const std::regex enum_re(R"(^enum (\w+).*$)"), class_re(R"(^class (\w+).*$)");
        const std::regex bool_re(R"(^    (\w+)\s+bool\s*$)");
        std::smatch m;
        bool skip_class = false;
        while (std::getline(in, line)) {
            if (std::regex_match(line, m, enum_re)) {
                current_enum = m[1];
                current_class.clear();
            } else if (std::regex_match(line, m, class_re)) {
                current_class = m[1];
                current_enum.clear();
                skip_class = d.bool_kids.count(current_class) > 0;
            } else if (!current_enum.empty() && line.rfind("    values: ", 0) == 0) {
                std::istringstream values(line.substr(12));
                std::string v;
                while (std::getline(values, v, ',')) d.enums[current_enum].push_back(v.substr(v.find_first_not_of(' ')));
            } else if (!current_class.empty() && !skip_class && std::regex_match(line, m, bool_re)) {
                d.bool_kids[current_class].push_back(m[1]);
            } else if (line.empty()) {
                current_enum.clear();
                current_class.clear();
            }
        }
        return d;
    }();
    return data;
}

template <class E>
std::vector<std::string> table() {
    std::vector<std::string> out;
    for (auto s : literals<E>()) out.emplace_back(s);
    return out;
}

template <class E>
void check_round_trip() {
    for (std::size_t i = 0; i < literals<E>().size(); ++i) {
        const auto e = static_cast<E>(i);
        CHECK(from_string<E>(to_string(e)) == e);
    }
}

}  // namespace

TEST_CASE("EventCause has every ed6 literal, in order, and converts both ways") {
    REQUIRE(ed6().enums.count("EventCause"));
    CHECK(table<EventCause>() == ed6().enums.at("EventCause"));
    CHECK(table<EventCause>().size() == 119);
    check_round_trip<EventCause>();
    CHECK(to_string(EventCause::normalClearing) == "normalClearing");
    CHECK(from_string<EventCause>("dTMFDigitDetected") == EventCause::dTMFDigitDetected);
    CHECK_FALSE(from_string<EventCause>("NormalClearing").has_value());  // case matters
    CHECK_FALSE(from_string<EventCause>("").has_value());
}

TEST_CASE("error value tables match the ed6 *Errors enums") {
    CHECK(table<OperationError>() == ed6().enums.at("OperationErrors"));
    CHECK(table<SecurityError>() == ed6().enums.at("SecurityErrors"));
    CHECK(table<StateIncompatibilityError>() == ed6().enums.at("StateIncompatibilityErrors"));
    CHECK(table<SystemResourceAvailabilityError>() == ed6().enums.at("SystemResourceAvailabilityErrors"));
    CHECK(table<SubscribedResourceAvailabilityError>() == ed6().enums.at("SubscribedResourceAvailabilityErrors"));
    CHECK(table<PerformanceManagementError>() == ed6().enums.at("PerformanceManagementErrors"));
    CHECK(table<PrivateDataInfoError>() == ed6().enums.at("PrivateDataInfoErrors"));
    check_round_trip<OperationError>();
    check_round_trip<StateIncompatibilityError>();
}

TEST_CASE("small enums match their ed6 enums") {
    CHECK(table<SystemStatusValue>() == ed6().enums.at("SystemStatusValue"));
    CHECK(table<ReqAgentState>() == ed6().enums.at("ReqAgentState"));
    CHECK(table<AgentState>() == ed6().enums.at("AgentState"));
    CHECK(table<PendingAgentState>() == ed6().enums.at("PendingAgentState"));
    CHECK(table<WorkingAfterCallPendingState>() == ed6().enums.at("AgentWorkingAfterCallEventPendingAgentState"));
    CHECK(table<ForwardingType>() == ed6().enums.at("ForwardingType"));
    CHECK(table<ForwardDefault>() == ed6().enums.at("ForwardDefault"));
    CHECK(table<DeviceCategory>() == ed6().enums.at("DeviceCategory"));
    CHECK(table<ReqDeviceCategory>() == ed6().enums.at("ReqDeviceCategory"));
    CHECK(table<DigitMode>() == ed6().enums.at("DigitMode"));
    CHECK(table<AutoOriginate>() == ed6().enums.at("AutoOriginate"));
    CHECK(table<MonitorType>() == ed6().enums.at("MonitorType"));
    CHECK(table<TypeOfNumber>() == ed6().enums.at("LocalDeviceIDTypeOfNumber"));
    CHECK(to_string(TypeOfNumber::explicitPrivate_localNumber) == "explicitPrivate:localNumber");
}

TEST_CASE("LocalConnectionState is ECMA-269's list: null plus the ed6 literals") {
    auto expected = ed6().enums.at("LocalConnectionState");
    expected.insert(expected.begin(), "null");
    CHECK(table<LocalConnectionState>() == expected);
    check_round_trip<LocalConnectionState>();
}

TEST_CASE("flag names are the boolean children of the ed6 classes, in order") {
    CHECK(table<CallControlEvent>() == ed6().bool_kids.at("CallControlEvents"));
    CHECK(table<CallAssociatedEvent>() == ed6().bool_kids.at("CallAssociatedEvents"));
    CHECK(table<MediaAttachmentEvent>() == ed6().bool_kids.at("MediaAttachmentEvents"));
    CHECK(table<PhysicalDeviceFeatureEvent>() == ed6().bool_kids.at("PhysicalDeviceFeatureEvents"));
    CHECK(table<LogicalDeviceFeatureEvent>() == ed6().bool_kids.at("LogicalDeviceFeatureEvents"));
    CHECK(table<DeviceMaintenanceEvent>() == ed6().bool_kids.at("DeviceMaintenanceEvents"));
    CHECK(table<VoiceEvent>() == ed6().bool_kids.at("VoiceEvents"));
    CHECK(table<MonitorMediaClassFlag>() == ed6().bool_kids.at("MonitorMediaClass"));
    CHECK(table<CallControlService>() == ed6().bool_kids.at("CallControlServices"));
    CHECK(table<RequestType>() == ed6().bool_kids.at("RequestTypes"));
    CHECK(table<StatusFilterFlag>() == ed6().bool_kids.at("StatusFilter"));
    CHECK(table<DeviceAttribute>() == ed6().bool_kids.at("DeviceAttributes"));
}

TEST_CASE("error categories use the schema's element names") {
    const std::vector<std::string> expected = {"operation", "security", "stateIncompatibility",
                                               "systemResourceAvailibility", "subscribedResourceAvailability",
                                               "performanceManagement", "privateData", "unspecified"};
    CHECK(table<ErrorCategory>() == expected);
    // Every category name is a choice of ed6 UniversalFailure (which also has privateErrorCode).
    const std::string failure = test_support::read_file(test_support::ed6_elements());
    for (const auto& c : expected) CHECK(failure.find("Element(" + c + ")") != std::string::npos);
}

TEST_CASE("ErrorCode: typed construction, category, known values, description") {
    const ErrorCode e = OperationError::invalidDeviceID;
    CHECK(e.category == ErrorCategory::operation);
    CHECK(e.value == "invalidDeviceID");
    CHECK(e.known_value());
    CHECK(describe(e) == "operation/invalidDeviceID");
    const ErrorCode s = SystemResourceAvailabilityError::resourceOutOfService;
    CHECK(describe(s) == "systemResourceAvailibility/resourceOutOfService");
    CHECK(ErrorCode(StateIncompatibilityError::noActiveCall).category == ErrorCategory::stateIncompatibility);
    CHECK_FALSE(ErrorCode(ErrorCategory::operation, "noSuchThing").known_value());
    CHECK(ErrorCode(ErrorCategory::unspecified, "").known_value());
    CHECK(error_values(ErrorCategory::unspecified).empty());
    CHECK(e != s);
}

TEST_CASE("FlagSet sets, clears and compares flags") {
    FlagSet<CallControlEvent> f{CallControlEvent::delivered};
    CHECK(f.test(CallControlEvent::delivered));
    CHECK_FALSE(f.test(CallControlEvent::held));
    f.set(CallControlEvent::held).set(CallControlEvent::delivered, false);
    CHECK(f == FlagSet<CallControlEvent>{CallControlEvent::held});
    CHECK(FlagSet<VoiceEvent>::all().bits == (1u << literals<VoiceEvent>().size()) - 1);
    CHECK(FlagSet<CallControlEvent>{}.empty());
}

TEST_CASE("messages know their ECMA names and events their cross reference") {
    CHECK(name(Request{MakeCall{}}) == "MakeCall");
    CHECK(name(Event{TransferredEvent{}}) == "TransferedEvent");
    CHECK(name(Response{ErrorCode{}}) == "CSTAErrorCode");
    CHECK(name(Message{SessionMessage{StartApplicationSession{}}}) == "StartApplicationSession");
    Event e = HeldEvent{};
    std::get<HeldEvent>(e).monitorCrossRefID = "17";
    CHECK(cross_ref_id(e) == "17");
    CHECK(is_session_request(SessionMessage{ResetApplicationSessionTimer{}}));
    CHECK_FALSE(is_session_request(SessionMessage{ResetApplicationSessionTimerPosResponse{}}));
}

TEST_CASE("ConnectionID and ExtendedDeviceID semantics") {
    CHECK_FALSE(ConnectionID{}.valid());
    CHECK(ConnectionID("1", DeviceID("1001")).valid());
    const auto nk = ExtendedDeviceID::with_status(DeviceIDStatus::notKnown);
    CHECK_FALSE(nk.known());
    CHECK(ExtendedDeviceID("1001").known());
    CHECK(ExtendedDeviceID("1001") != ExtendedDeviceID("1002"));
}
