#pragma once
// The mapping table (mappings/*.xml) in memory: device naming, event -> primitive rules,
// cause tables, service recipes, AMI error mapping. Immutable once loaded; the call model
// and the server hold a shared_ptr<const Table> that a reload swaps (calls survive).
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "ami/message.hpp"
#include "bridge/core/table_primitives.hpp"
#include "csta/model/causes.hpp"
#include "csta/model/errors.hpp"

namespace bridge {

// Where a definition came from, for error messages and `csta-bridge replay --explain`.
struct SourcePos {
    std::string file;
    int line = 0;
    int column = 0;
    std::string str() const;  // "file:line:column"
};

// A regex kept with its source text (std::regex cannot give it back).
struct Pattern {
    std::string text;
    std::regex re;
    // The literal text an anchored pattern ("^PJSIP/trunk...") needs at the subject's start:
    // most rules are refused by one compare instead of a regex_search, which costs thousands
    // of instructions even to fail. Empty when the pattern has no such prefix.
    std::string prefix;
    static Pattern compile(std::string text);  // throws std::regex_error
    bool matches(std::string_view s) const;                       // regex_search
    std::optional<std::smatch> match(const std::string& s) const;  // regex_search with groups
};

enum class DeviceKind { internal, external, plumbing };

struct DeviceRule {
    std::string key;
    DeviceKind kind = DeviceKind::internal;
    Pattern channel;
    std::optional<Pattern> interface;
    std::string id_template;  // "$1", "${callerIdNum}"
    std::optional<Pattern> id_pattern;
    std::string dial_template;  // "PJSIP/${device}"
    int priority = 100;
    SourcePos pos;
    // Trunks a site names ([asterisk:NAME] trunk-endpoints): the rule applies only when $1 of
    // `channel` (the endpoint) matches one of the server's trunk-endpoints patterns.
    bool site_trunks = false;
    // An external party's number format: the rule applies only when this regex finds the
    // caller number, and `id` takes its $1..$9 (+4930123456 -> 030123456 with ^\+49(.+)$ / 0$1).
    std::optional<Pattern> number_pattern;
};



// What an AMI channel state (ChannelStateDesc: Down, Ringing, Up...) means to the call model;
// the words are the table's (<channelStates>), a word it does not list is `other`.
enum class ChannelState { other, down, ringing, up };

struct HeaderCondition {
    std::string header;
    Pattern pattern;  // `matches` with ${variables} replaced by their values, regex-escaped
    bool negate = false;
    std::string matches;  // as written in the table
    SourcePos pos;
};

struct EventRule {
    std::string key;
    std::string event;        // AMI event name, or action name when from_client
    bool from_client = false; // the bridge's own action (replayed transcripts, live sends)
    Primitive primitive = Primitive::ignore;
    std::vector<HeaderCondition> when;
    std::map<std::string, std::string, std::less<>> inputs;  // primitive input -> AMI header (looked up by view)
    std::optional<csta::EventCause> cause;
    std::string param;  // primitive-specific (forwardingSent: ForwardingType literal)
    SourcePos pos;

    bool applies_to(const ami::Message& m) const;
    // The value of a primitive input: the header the table names for it (or, when the table
    // does not name one, the header of the same name).
    std::string_view input(const ami::Message& m, std::string_view name) const;
};

enum class Outcome { answered, failed, cleared, pending };

struct OutcomeRule {
    Outcome outcome = Outcome::pending;
    csta::EventCause cause = csta::EventCause::normal;
};

struct CauseTables {
    std::map<int, csta::EventCause> q850;
    std::map<std::string, OutcomeRule> dial_status;
    std::map<std::string, OutcomeRule> originate_reason;
    csta::EventCause default_clearing = csta::EventCause::normalClearing;
};

struct HeaderTemplate {
    std::string name;
    std::string value;  // with ${...} placeholders
    bool optional = false;
    std::string each;   // list parameter: one header per item
};

struct ActionTemplate {
    std::string name;
    std::string each;  // list parameter: one action per item
    // What this action's answer stands for in the CSTA response (GetForwarding: the
    // ForwardingType whose AstDB family it reads); only where the server reads it.
    std::string answers;
    std::vector<HeaderTemplate> headers;
};

// <param name="transferredTo" field="transferredTo"/>: ${name} in the recipe is the value of
// the request's field, by its ECMA-323 element path (csta/xml/fields.hpp).
struct ServiceParam {
    std::string name;
    std::string field;
    SourcePos pos;
};

// One CSTA service and how to carry it out with AMI.
struct ServiceRecipe {
    enum class Handling { ami, bridge, notSupported };
    std::string service;  // "MakeCall", "SetAgentState.loggedOn", ...
    Handling handling = Handling::ami;
    std::vector<ServiceParam> params;
    std::vector<ActionTemplate> actions;
    // CSTA response field -> template (<complete><result>): only the fields the server reads
    // (recipe_result_fields) are accepted by the loader. When the response is complete is the
    // AMI client's business (Response: Success, or the list's ...Complete event).
    std::vector<std::pair<std::string, std::string>> result;
    SourcePos pos;
};

struct ErrorRule {
    std::string key;
    Pattern message;
    csta::ErrorCode code;
    int priority = 100;
    SourcePos pos;
};

// A device as the table names it.
struct DeviceName {
    DeviceKind kind = DeviceKind::internal;
    std::string id;  // empty for plumbing, or an external party without caller id
};

class Table;
struct TableLoad {
    std::shared_ptr<const Table> table;  // set on success
    std::string error;                   // "file:line:column: what was expected"
    bool ok() const noexcept { return table != nullptr; }
};

class Table {
public:
    // Loads the files in order: the first is the base table, each later one an overlay whose
    // definitions replace earlier ones with the same key. Every file is validated against
    // `schema` (mappings/mapping-table.xsd); DTDs and external entities are refused.
    static TableLoad load(const std::vector<std::string>& paths, const std::string& schema);
    // The XSD that sits beside a table file, or the installation's (data_dir.hpp).
    static std::string default_schema_for(const std::string& table_path);

    // --- devices
    // The device a channel stands for (kind plumbing => not a device); nullopt when no rule
    // matches (the channel is then ignored, with a log line from the caller).
    std::optional<DeviceName> device_for_channel(const std::string& channel, std::string_view caller_id_num) const;
    // The same, for a server whose configuration names its trunk endpoints (glob patterns such
    // as "carrier*", "trunk-*"): rules with siteTrunks apply to those endpoints only.
    std::optional<DeviceName> device_for_channel(const std::string& channel, std::string_view caller_id_num,
                                                 const std::vector<std::string>& trunk_endpoints) const;
    // Device id for an AMI interface value (Interface: PJSIP/1004).
    std::optional<std::string> device_for_interface(const std::string& interface) const;
    // Dial string of a device id (1001 -> PJSIP/1001), nullopt when no internal rule accepts it.
    std::optional<std::string> dial_string(const std::string& device) const;

    // Parking slots (device category park), from the variable parkingSlots ("701-720",
    // "701,702,710-719"): table_parking.cpp.
    std::vector<std::string> parking_slots() const;
    bool is_parking_slot(const std::string& number) const;

    // --- channel states: the meaning of a ChannelStateDesc word (other when not listed).
    ChannelState channel_state(std::string_view desc) const;

    // --- events: every rule that applies to the message, in file order (usually one).
    std::vector<const EventRule*> rules_for(const ami::Message& m, bool from_client) const;

    // --- causes
    csta::EventCause q850(std::string_view cause_code) const;
    std::optional<OutcomeRule> dial_status(std::string_view status) const;
    std::optional<OutcomeRule> originate_reason(std::string_view reason) const;

    // --- services
    const ServiceRecipe* recipe(std::string_view service) const;
    const std::map<std::string, std::string>& variables() const noexcept { return variables_; }
    // A copy whose variables are these values over the table's own (site settings of one
    // [asterisk:NAME]: context, feature codes...); table_variables.cpp.
    std::shared_ptr<const Table> with_variables(const std::map<std::string, std::string>& values) const;

    // --- errors: the CSTA error for an AMI error Message.
    csta::ErrorCode error_for(std::string_view ami_message) const;

    const std::vector<DeviceRule>& device_rules() const noexcept { return devices_; }
    const std::vector<EventRule>& event_rules() const noexcept { return events_; }
    const std::vector<ErrorRule>& error_rules() const noexcept { return errors_; }
    const CauseTables& causes() const noexcept { return causes_; }
    const std::vector<std::string>& files() const noexcept { return files_; }

private:
    friend class TableBuilder;
    // Compiles every <when matches> with the current variables (each value stands for
    // itself: regex-escaped). Returns an error naming file:line, or "" when all compile.
    std::string compile_conditions();
    std::map<std::string, std::string> variables_;
    std::vector<DeviceRule> devices_;  // sorted by priority, stable
    std::map<std::string, ChannelState, std::less<>> channel_states_;  // ChannelStateDesc -> meaning
    std::vector<EventRule> events_;
    std::map<std::string, std::vector<std::size_t>, std::less<>> events_by_name_;  // lower-cased name -> indices
    CauseTables causes_;
    std::map<std::string, ServiceRecipe> services_;
    std::vector<ErrorRule> errors_;    // sorted by priority, stable
    std::vector<std::string> files_;
};

// The <complete><result name> fields the server reads from a service's recipe
// ("MakeCall" -> "callID"); any other is a load error.
bool recipe_result_read(std::string_view service, std::string_view field);
// Whether the server reads <action answers="..."> of this service (GetForwarding).
bool recipe_answers_read(std::string_view service);

// Shell-style patterns ('*', '?') for names a configuration lists (trunk-endpoints).
bool glob_matches(std::string_view glob, std::string_view s);
bool any_glob_matches(const std::vector<std::string>& globs, std::string_view s);

// Expands $1..$9 from a match and ${name} from vars ("" when unknown).
std::string expand_simple(const std::string& tmpl, const std::smatch* groups,
                          const std::map<std::string, std::string>& vars);

}  // namespace bridge
