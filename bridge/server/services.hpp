#pragma once
// The service layer: every CSTA request of a session ends in exactly one response or
// CSTAErrorCode. Bridge-local services (monitors, snapshots, system status, device list) are
// answered from the registry and the call model; the others are carried out with the AMI
// actions of the mapping table's recipe.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "ami/action_result.hpp"
#include "bridge/core/service_recipe.hpp"
#include "bridge/server/session.hpp"

namespace bridge {

class BridgeApp;
struct ConnectionLookup;
struct AsteriskLink;

class ServiceRunner {
public:
    explicit ServiceRunner(BridgeApp& app) : app_(app) {}
    void run(const std::shared_ptr<Session>& session, InvokeId invoke_id, csta::Request request);

    // The AMI answer of a recipe, turned into the CSTA positive response; nullopt when the
    // completion has arranged to answer later itself (ConsultationCall waits for its callID).
    using Complete = std::function<std::optional<csta::Response>(
        const std::vector<ami::ActionResult>& results, const std::map<std::string, std::string>& recipe_result)>;

private:
    struct Call;  // one request in progress
    void local(const std::shared_ptr<Call>& call);
    void via_ami(const std::shared_ptr<Call>& call, AsteriskLink& link, const std::string& service, RecipeParams params,
                 Complete complete);
    void send_next(const std::shared_ptr<Call>& call, AsteriskLink& link, std::shared_ptr<std::vector<ami::Message>> actions,
                   std::size_t index, std::shared_ptr<std::vector<ami::ActionResult>> results, RecipeParams params,
                   const ServiceRecipe* recipe, Complete complete);
    csta::ErrorCode ami_error(AsteriskLink& link, const ami::ActionResult& r) const;

    // Fills "<name>.channel" from a ConnectionID; false (and the error answered) when the
    // connection is not known.
    bool add_connection(const std::shared_ptr<Call>& call, AsteriskLink& link, const std::string& name,
                        const csta::ConnectionID& connection, RecipeParams& params);
    bool permitted(const std::shared_ptr<Call>& call, const std::string& device);
    // Caps on requests in progress per session and per user; false (answered resourceBusy) beyond.
    bool admit(const std::shared_ptr<Call>& call);
    // The call model queries that complete a ConnectionID given by one part (connection_resolve).
    ConnectionLookup connection_lookup();
    AsteriskLink* route(const std::shared_ptr<Call>& call, const std::string& device, const std::string& call_id);

    void monitor_start(const std::shared_ptr<Call>& call, const csta::MonitorStart& req);
    void snapshot_device(const std::shared_ptr<Call>& call, const csta::SnapshotDevice& req);
    void snapshot_call(const std::shared_ptr<Call>& call, const csta::SnapshotCall& req);
    void switching_function_devices(const std::shared_ptr<Call>& call, const csta::GetSwitchingFunctionDevices& req);
    void call_control(const std::shared_ptr<Call>& call);
    void features(const std::shared_ptr<Call>& call);
    void consultation_call(const std::shared_ptr<Call>& call, const csta::ConsultationCall& req);
    void park_call(const std::shared_ptr<Call>& call, const csta::ParkCall& req);  // services_park.cpp
    // TransferCall / ConferenceCall / AlternateCall / ReconnectCall: an attended-transfer
    // feature code keyed on the consulting device's channel, once the two calls are checked.
    void atxfer_feature(const std::shared_ptr<Call>& call, const std::string& service, const csta::ConnectionID& held,
                        const csta::ConnectionID& active, Complete complete);

    BridgeApp& app_;
    std::uint64_t next_action_ = 0;
    std::uint64_t next_xref_ = 1;
    std::map<std::string, std::shared_ptr<std::size_t>> user_load_;  // by user name
};

// A random RFC 4122 version 4 UUID (Originate ChannelId / OtherChannelId).
std::string make_uuid();

}  // namespace bridge
