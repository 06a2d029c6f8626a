#include "tools/csta-cli/runner.hpp"

#include <iostream>

namespace csta_cli {

using Clock = std::chrono::steady_clock;

Runner::Runner(boost::asio::io_context& io, const SessionOptions& options, Output& out, std::chrono::milliseconds timeout)
    : out_(out), session_(io, options, [&out](const std::string& l) { out.line(l); }), timeout_(timeout) {}

bool Runner::open() {
    if (auto error = session_.open(timeout_)) {
        std::cerr << "csta-cli: " << *error << "\n";
        return false;
    }
    return true;
}

Runner::Step Runner::lost() {
    connection_lost_ = true;
    out_.line("error: connection lost: " + session_.close_reason());
    return Step::failed;
}

Runner::Step Runner::execute(const std::string& input) {
    if (const auto b = input.find_first_not_of(" \t"); echo_ && b != std::string::npos)
        out_.line("> " + input.substr(b, input.find_last_not_of(" \t\r") - b + 1));
    std::string line;
    if (auto error = variables_.expand(input, line)) {
        out_.line("error: " + *error);
        failed_ = true;
        return Step::failed;
    }
    auto parsed = parse_command(line);
    if (!parsed.command) {
        if (parsed.error.empty()) return Step::ok;  // blank or comment
        out_.line("error: " + parsed.error);
        failed_ = true;
        return Step::failed;
    }
    if (session_.closed()) return lost();
    const Command& c = *parsed.command;
    switch (c.kind) {
    case Command::Kind::help:
        out_.line(help_text());
        return Step::ok;
    case Command::Kind::quit:
        return Step::quit;
    case Command::Kind::request:
        return request(*c.request);
    case Command::Kind::raw: {
        auto id = session_.send_raw_xml(c.text);
        if (!id) {
            out_.line("error: raw needs an XML session (not --ber)");
            failed_ = true;
            return Step::failed;
        }
        return await_answer(*id, "the raw document", false);
    }
    case Command::Kind::wait: {
        const auto until = Clock::now() + std::chrono::milliseconds(static_cast<long>(c.seconds * 1000));
        session_.run_until([] { return false; }, until);
        return session_.closed() ? lost() : Step::ok;
    }
    case Command::Kind::wait_event: {
        const auto until = Clock::now() + std::chrono::milliseconds(static_cast<long>(c.seconds * 1000));
        if (session_.run_until([&] { return session_.take_event(c.text); }, until)) return Step::ok;
        if (session_.closed()) return lost();
        out_.line("error: no " + c.text + " within " + std::to_string(static_cast<long>(c.seconds)) + " s");
        failed_ = true;
        return Step::failed;
    }
    }
    return Step::failed;
}

Runner::Step Runner::request(const csta::Request& r) {
    const long id = session_.send(r);
    return await_answer(id, csta::name(r), std::holds_alternative<csta::GetSwitchingFunctionDevices>(r));
}

Runner::Step Runner::await_answer(long id, std::string_view what, bool expect_device_list) {
    const int lists_before = session_.device_lists_done();
    std::optional<csta::Response> answer;
    const auto deadline = Clock::now() + timeout_;
    session_.run_until([&] { return (answer = session_.take_answer(id)).has_value() || session_.answered_otherwise(id); },
                       deadline);
    if (!answer) {
        if (session_.closed()) return lost();
        if (!session_.answered_otherwise(id))
            out_.line("error: no answer to " + std::string(what) + " within " + std::to_string(timeout_.count() / 1000) + " s");
        failed_ = true;
        return Step::failed;
    }
    variables_.remember(*answer);
    if (std::holds_alternative<csta::ErrorCode>(*answer)) {
        failed_ = true;  // already printed as "error category/value"
        return Step::failed;
    }
    // The device list itself follows the response as SwitchingFunctionDevices segments.
    if (expect_device_list &&
        !session_.run_until([&] { return session_.device_lists_done() > lists_before; }, Clock::now() + timeout_)) {
        if (session_.closed()) return lost();
        out_.line("error: the device list did not arrive within " + std::to_string(timeout_.count() / 1000) + " s");
        failed_ = true;
        return Step::failed;
    }
    return Step::ok;
}

int Runner::run_script(const std::vector<std::string>& lines) {
    for (const auto& l : lines) {
        if (execute(l) == Step::quit || connection_lost_) break;
    }
    return finish();
}

int Runner::run_stream(std::istream& in) {
    for (std::string l; std::getline(in, l);) {
        if (execute(l) == Step::quit || connection_lost_) break;
    }
    return finish();
}

int Runner::finish() {
    if (!session_.closed()) session_.close(std::chrono::seconds(2));
    if (connection_lost_) return 2;
    return failed_ ? 1 : 0;
}

}  // namespace csta_cli
