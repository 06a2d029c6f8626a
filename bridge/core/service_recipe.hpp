#pragma once
// Turning a CSTA service request into AMI actions with the table's recipe.
// The server fills RecipeParams from the request and the call model; render_actions
// substitutes them into the recipe's templates. Every substituted value is checked with
// ami::safe_header_value, so a CR/LF in a CSTA string can never inject a header or action.
#include <map>
#include <string>
#include <vector>

#include "ami/message.hpp"
#include "bridge/core/table.hpp"

namespace bridge {

struct RecipeParams {
    // Scalars: "callingDevice" -> "1001", "connection.channel" -> "PJSIP/1001-0000002a",
    // "channelId" -> a UUID the caller generated (the core is deterministic: no randomness).
    std::map<std::string, std::string> values;
    // Lists for each="...": "call.channels", "variables" (NAME=value), "charactersToSend"
    // (a scalar of that name is split into characters when no list is given).
    std::map<std::string, std::vector<std::string>> lists;
};

struct RenderedActions {
    enum class Status {
        ok,
        not_supported,   // no recipe, or handling="notSupported": answer serviceNotSupported
        bridge_local,    // handling="bridge": the server answers it itself
        missing_value,   // a required ${name} has no value (error names it)
        unsafe_value,    // a value contains CR, LF or NUL, or what its header does not allow
                         // (a ',' in a Variable value): error names the parameter
        value_too_long,  // a value over kMaxRenderedValueBytes (error names the parameter)
    };
    Status status = Status::ok;
    std::vector<ami::Message> actions;  // without ActionID: the client assigns it
    std::string error;
    const ServiceRecipe* recipe = nullptr;
    bool ok() const noexcept { return status == Status::ok; }
};

// Longest value a ${name} may put into an AMI header, and longest rendered header value: a
// client's 60 kB "dialled number" must not become a line Asterisk drops the AMI link for.
constexpr std::size_t kMaxRenderedValueBytes = 256;
constexpr std::size_t kMaxRenderedHeaderBytes = 1024;

// ${x} resolution order: params.values[x]; "<dev>.dialString" = table dial string of the device
// in params.values[<dev>]; table variables; "item" inside an each.
RenderedActions render_actions(const Table& table, const std::string& service, const RecipeParams& params);

// Fills a recipe's <complete><result> templates (e.g. MakeCall callID = ${channelId}).
std::map<std::string, std::string> render_result(const Table& table, const ServiceRecipe& recipe,
                                                 const RecipeParams& params);

}  // namespace bridge
