#include "bridge/core/service_recipe.hpp"

#include <optional>

#include "ami/writer.hpp"

namespace bridge {

namespace {

struct Failure {
    RenderedActions::Status status;
    std::string message;
};

class Renderer {
public:
    Renderer(const Table& t, const RecipeParams& p, std::string service)
        : table_(t), params_(p), service_(std::move(service)) {}

    // nullopt: a placeholder had no value (name in missing_).
    std::optional<std::string> expand(const std::string& header, const std::string& tmpl, const std::string* item) {
        std::string out;
        for (std::size_t i = 0; i < tmpl.size(); ++i) {
            if (tmpl[i] != '$' || i + 1 >= tmpl.size() || tmpl[i + 1] != '{') {
                out += tmpl[i];
                continue;
            }
            const auto end = tmpl.find('}', i + 2);
            if (end == std::string::npos) throw Failure{RenderedActions::Status::missing_value, service_ + ": unterminated ${ in \"" + tmpl + "\""};
            const auto name = tmpl.substr(i + 2, end - i - 2);
            auto v = lookup(name, item);
            if (!v) {
                missing_ = name;
                return std::nullopt;
            }
            if (!ami::safe_header_value(*v))
                throw Failure{RenderedActions::Status::unsafe_value,
                              service_ + ": parameter " + name + " contains CR, LF or NUL; refused (header injection)"};
            check_for_header(header, name, *v);
            out += *v;
            i = end;
        }
        if (out.size() > kMaxRenderedHeaderBytes)
            throw Failure{RenderedActions::Status::value_too_long,
                          service_ + ": header " + header + " would be " + std::to_string(out.size()) +
                              " bytes (at most " + std::to_string(kMaxRenderedHeaderBytes) + ")"};
        return out;
    }

    std::vector<std::string> list(const std::string& name) const {
        if (const auto it = params_.lists.find(name); it != params_.lists.end()) return it->second;
        // A string (a parameter, else a table variable such as a feature code) is a list of
        // its characters.
        const std::string* text = nullptr;
        if (const auto it = params_.values.find(name); it != params_.values.end()) text = &it->second;
        else if (const auto v = table_.variables().find(name); v != table_.variables().end()) text = &v->second;
        std::vector<std::string> chars;
        if (text) for (const char c : *text) chars.emplace_back(1, c);
        return chars;
    }

    const std::string& missing() const { return missing_; }

private:
    // What the header itself allows. Asterisk splits an Originate's Variable value into
    // NAME=VALUE pairs at commas (ast_app_separate_args, which also takes quotes and
    // backslashes as syntax): a ',' in a client's value would set further variables
    // (CALLERID(num), inherited __VARS). Such values are refused rather than escaped, so that
    // what reaches the dialplan is exactly what the client sent.
    void check_for_header(const std::string& header, const std::string& name, const std::string& value) const {
        if (value.size() > kMaxRenderedValueBytes)
            throw Failure{RenderedActions::Status::value_too_long,
                          service_ + ": parameter " + name + " is " + std::to_string(value.size()) + " bytes (at most " +
                              std::to_string(kMaxRenderedValueBytes) + " go into an AMI header)"};
        if (ami::iequals(header, "Variable") && value.find_first_of(",\\\"") != std::string::npos)
            throw Failure{RenderedActions::Status::unsafe_value,
                          service_ + ": parameter " + name +
                              " contains ',', '\\' or '\"', which Asterisk takes as Variable syntax; refused (variable injection)"};
    }

    std::optional<std::string> lookup(const std::string& name, const std::string* item) const {
        if (name == "item" && item) return *item;
        if (const auto it = params_.values.find(name); it != params_.values.end()) return it->second;
        static constexpr std::string_view kDial = ".dialString";
        if (name.size() > kDial.size() && name.compare(name.size() - kDial.size(), kDial.size(), kDial) == 0) {
            const auto dev = name.substr(0, name.size() - kDial.size());
            const auto it = params_.values.find(dev);
            if (it == params_.values.end()) return std::nullopt;
            if (!ami::safe_header_value(it->second))
                throw Failure{RenderedActions::Status::unsafe_value,
                              service_ + ": parameter " + dev + " contains CR, LF or NUL; refused (header injection)"};
            auto ds = table_.dial_string(it->second);
            if (!ds) throw Failure{RenderedActions::Status::missing_value,
                                   service_ + ": no device rule gives a dial string for " + dev + " \"" + it->second + "\""};
            return ds;
        }
        if (const auto it = table_.variables().find(name); it != table_.variables().end()) return it->second;
        return std::nullopt;
    }

    const Table& table_;
    const RecipeParams& params_;
    std::string service_;
    std::string missing_;
};

}  // namespace

RenderedActions render_actions(const Table& table, const std::string& service, const RecipeParams& params) {
    RenderedActions out;
    out.recipe = table.recipe(service);
    if (!out.recipe || out.recipe->handling == ServiceRecipe::Handling::notSupported) {
        out.status = RenderedActions::Status::not_supported;
        out.error = service + ": no AMI recipe in the mapping table (serviceNotSupported)";
        return out;
    }
    if (out.recipe->handling == ServiceRecipe::Handling::bridge) {
        out.status = RenderedActions::Status::bridge_local;
        return out;
    }
    Renderer r(table, params, service);
    try {
        for (const auto& a : out.recipe->actions) {
            std::vector<std::optional<std::string>> items;
            if (a.each.empty()) items.emplace_back(std::nullopt);
            else for (auto& i : r.list(a.each)) items.emplace_back(std::move(i));
            if (!a.each.empty() && items.empty())
                throw Failure{RenderedActions::Status::missing_value, service + ": list " + a.each + " is empty"};
            for (const auto& item : items) {
                auto m = ami::Message::action(a.name);
                for (const auto& h : a.headers) {
                    if (!h.each.empty()) {
                        for (const auto& sub : r.list(h.each)) {
                            auto v = r.expand(h.name, h.value, &sub);
                            if (v) m.add(h.name, *v);
                        }
                        continue;
                    }
                    auto v = r.expand(h.name, h.value, item ? &*item : nullptr);
                    if (!v) {
                        if (h.optional) continue;
                        throw Failure{RenderedActions::Status::missing_value,
                                      service + ": no value for ${" + r.missing() + "} (header " + h.name + " of " + a.name + ")"};
                    }
                    m.add(h.name, *v);
                }
                out.actions.push_back(std::move(m));
            }
        }
    } catch (const Failure& f) {
        out.status = f.status;
        out.error = f.message;
        out.actions.clear();
    }
    return out;
}

std::map<std::string, std::string> render_result(const Table& table, const ServiceRecipe& recipe,
                                                 const RecipeParams& params) {
    std::map<std::string, std::string> out;
    Renderer r(table, params, recipe.service);
    for (const auto& [name, tmpl] : recipe.result) {
        try {
            if (auto v = r.expand("", tmpl, nullptr)) out[name] = *v;
        } catch (const Failure&) {
            // unsafe or missing: left out, the server reports what it has
        }
    }
    return out;
}

}  // namespace bridge
