#pragma once
// The service layer: every CSTA request of a session ends in exactly one response or
// CSTAErrorCode. Bridge-local services (monitors, snapshots, system status, device list) are
// answered from the registry and the call model; the others are carried out with the AMI
// actions of the mapping table's recipe. It reaches the rest of the bridge only through its
// ServiceHost.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "ami/action_result.hpp"
#include "bridge/core/service_recipe.hpp"
#include "bridge/server/service_host.hpp"
#include "bridge/server/session.hpp"

namespace bridge {

struct ConnectionLookup;

class ServiceRunner {
public:
    explicit ServiceRunner(ServiceHost& host) : host_(host) {}
    void run(const std::shared_ptr<Session>& session, InvokeId invoke_id, csta::Request request);

    // The AMI answer of a recipe, turned into the CSTA positive response; nullopt when the
    // completion has arranged to answer later itself (ConsultationCall waits for its callID).
    using Complete = std::function<std::optional<csta::Response>(
        const std::vector<ami::ActionResult>& results, const std::map<std::string, std::string>& recipe_result)>;

private:
    struct Call;  // one request in progress
    using CallPtr = std::shared_ptr<Call>;

    // One handler per request type. run() dispatches with std::visit over this overload set,
    // so a request type without a handler does not compile.
    // Answered by the bridge itself (services_local.cpp):
    void serve(const CallPtr& call, const csta::MonitorStart& req);
    void serve(const CallPtr& call, const csta::MonitorStop& req);
    void serve(const CallPtr& call, const csta::ChangeMonitorFilter& req);
    void serve(const CallPtr& call, const csta::SystemStatus& req);
    void serve(const CallPtr& call, const csta::SystemRegister& req);
    void serve(const CallPtr& call, const csta::RequestSystemStatus& req);
    void serve(const CallPtr& call, const csta::SnapshotDevice& req);
    void serve(const CallPtr& call, const csta::SnapshotCall& req);
    void serve(const CallPtr& call, const csta::GetSwitchingFunctionDevices& req);
    // Not supported, deliberately (serviceNotSupported): SwitchingFunctionDevices is what the
    // bridge sends after GetSwitchingFunctionDevices; it does not take it.
    void serve(const CallPtr& call, const csta::SwitchingFunctionDevices& req);
    // Call control by the table's recipes (services_ami.cpp). HoldCall,
    // RetrieveCall and AnswerCall have no recipe in the shipped table: serviceNotSupported
    // unless an overlay gives them one.
    void serve(const CallPtr& call, const csta::MakeCall& req);
    void serve(const CallPtr& call, const csta::ClearConnection& req);
    void serve(const CallPtr& call, const csta::ClearCall& req);
    void serve(const CallPtr& call, const csta::SingleStepTransferCall& req);
    void serve(const CallPtr& call, const csta::DeflectCall& req);
    void serve(const CallPtr& call, const csta::GenerateDigits& req);
    void serve(const CallPtr& call, const csta::HoldCall& req);
    void serve(const CallPtr& call, const csta::RetrieveCall& req);
    void serve(const CallPtr& call, const csta::AnswerCall& req);
    void serve(const CallPtr& call, const csta::TransferCall& req);
    void serve(const CallPtr& call, const csta::ConferenceCall& req);
    void serve(const CallPtr& call, const csta::AlternateCall& req);
    void serve(const CallPtr& call, const csta::ReconnectCall& req);
    void serve(const CallPtr& call, const csta::ConsultationCall& req);  // services_consultation.cpp
    void serve(const CallPtr& call, const csta::ParkCall& req);          // services_park.cpp
    // Device features by the table's recipes (services_ami.cpp); Escape only with a
    // recipe for it.
    void serve(const CallPtr& call, const csta::SetAgentState& req);
    void serve(const CallPtr& call, const csta::GetAgentState& req);
    void serve(const CallPtr& call, const csta::SetDoNotDisturb& req);
    void serve(const CallPtr& call, const csta::GetDoNotDisturb& req);
    void serve(const CallPtr& call, const csta::SetForwarding& req);
    void serve(const CallPtr& call, const csta::GetForwarding& req);
    void serve(const CallPtr& call, const csta::Escape& req);

    // A bridge-local service is offered when the table says handling="bridge" for it: the
    // table of the server it concerns (link), or of every server when it concerns none (null).
    // False (answered serviceNotSupported, logged) when an overlay took it away.
    bool offered(const CallPtr& call, const AsteriskLink* link);

    void via_ami(const CallPtr& call, AsteriskLink& link, const std::string& service, RecipeParams params,
                 Complete complete);
    void send_next(const CallPtr& call, AsteriskLink& link, std::shared_ptr<std::vector<ami::Message>> actions,
                   std::size_t index, std::shared_ptr<std::vector<ami::ActionResult>> results, RecipeParams params,
                   const ServiceRecipe* recipe, Complete complete);
    csta::ErrorCode ami_error(AsteriskLink& link, const ami::ActionResult& r) const;

    // Fills "<name>.channel" from a ConnectionID; false (and the error answered) when the
    // connection is not known.
    bool add_connection(const CallPtr& call, AsteriskLink& link, const std::string& name,
                        const csta::ConnectionID& connection, RecipeParams& params);
    // The link of a connection's call, with "<name>.channel" filled (null: answered).
    AsteriskLink* connection_link(const CallPtr& call, const std::string& name, const csta::ConnectionID& connection,
                                  RecipeParams& params);
    // The link of a device the user may use, with "device" filled (null: answered).
    AsteriskLink* device_link(const CallPtr& call, const std::string& device, RecipeParams& params);
    // A service whose shipped recipe is "not supported" still goes through the table, so an
    // overlay can give it one (a connection named after the request's own element).
    void recipe_only(const CallPtr& call, const std::string& service, const std::string& name,
                     const csta::ConnectionID& connection, Complete complete);
    bool permitted(const CallPtr& call, const std::string& device);
    // Caps on requests in progress per session and per user; false (answered resourceBusy) beyond.
    bool admit(const CallPtr& call);
    // The call model queries that complete a ConnectionID given by one part (connection_resolve).
    ConnectionLookup connection_lookup();
    AsteriskLink* route(const CallPtr& call, const std::string& device, const std::string& call_id);

    // TransferCall / ConferenceCall / AlternateCall / ReconnectCall: an attended-transfer
    // feature code keyed on the consulting device's channel, once the two calls are checked.
    void atxfer_feature(const CallPtr& call, const std::string& service, const csta::ConnectionID& held,
                        const csta::ConnectionID& active, Complete complete);

    ServiceHost& host_;
    std::uint64_t next_action_ = 0;
    std::uint64_t next_xref_ = 1;
    std::map<std::string, std::shared_ptr<std::size_t>> user_load_;  // by user name
};

// A random RFC 4122 version 4 UUID (Originate ChannelId / OtherChannelId).
std::string make_uuid();

}  // namespace bridge
