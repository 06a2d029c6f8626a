#include "bridge/core/replay.hpp"

#include <iostream>
#include <map>
#include <set>

#include "ami/parser.hpp"
#include "bridge/core/data_dir.hpp"
#include "bridge/core/golden_format.hpp"
#ifdef CSTA_HAVE_XML
#include "csta/xml/codec.hpp"
#endif

namespace bridge {

std::vector<Emitted> replay_transcript(const ami::Transcript& t, CallModel& model, std::ostream* log) {
    std::vector<Emitted> out;
    ami::Parser from_asterisk(true);
    ami::Parser from_client(false);
    for (const auto& chunk : t.chunks) {
        const bool client = chunk.direction == ami::TranscriptChunk::Direction::from_client;
        auto& p = client ? from_client : from_asterisk;
        p.feed(chunk.bytes);
        while (auto o = p.next()) {
            if (const auto* m = std::get_if<ami::Message>(&*o)) {
                auto emitted = client ? model.on_client(*m) : model.on_asterisk(*m);
                for (auto& e : emitted) out.push_back(std::move(e));
            } else if (const auto* e = std::get_if<ami::ParseError>(&*o); e && log) {
                *log << "line " << chunk.line << ": AMI parse error: " << ami::to_string(e->code) << " " << e->detail << "\n";
            }
        }
    }
    return out;
}

std::string default_table_path() { return installed_mappings_dir() + "/asterisk.xml"; }

namespace {

#ifdef CSTA_HAVE_XML
// Per monitored device, each event as the ECMA-323 ed6 document its monitor would receive;
// the monitorCrossRefID is the device id (a replay has no real monitors).
void render_xml(std::ostream& out, const std::vector<Emitted>& events,
                const std::optional<std::set<std::string>>& monitors) {
    std::map<std::string, std::vector<std::string>> docs;
    for (const auto& e : events)
        for (const auto& r : e.recipients)
            if (!monitors || monitors->count(r.device))
                docs[r.device].push_back(csta::xml::Codec::encode(for_recipient(e, r, r.device)));
    if (docs.empty()) out << "<!-- no events -->\n";
    for (const auto& [device, list] : docs) {
        out << "<!-- monitor " << device << " -->\n";
        for (const auto& d : list) out << d << "\n";
    }
}
#endif

constexpr const char* kUsage =
    "usage: csta-bridge replay FILE.ami [--table FILE.xml ...] [--monitor DEVICE|all ...] [--format text|xml]\n"
    "  Runs a recorded AMI transcript (or a plain AMI byte log) through the call model and prints,\n"
    "  per monitored device, the CSTA events it would receive (tests/golden/README.md format).\n"
    "  --table: the default table is always loaded first; each --table file is an overlay.\n";
}  // namespace

int replay_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string file;
    std::vector<std::string> tables{default_table_path()};
    std::optional<std::set<std::string>> monitors;
    std::string format = "text";
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        auto value = [&]() -> const std::string* {
            if (i + 1 >= args.size()) { err << a << " needs a value\n" << kUsage; return nullptr; }
            return &args[++i];
        };
        if (a == "--table") {
            const auto* v = value();
            if (!v) return 2;
            tables.push_back(*v);
        } else if (a == "--monitor") {
            const auto* v = value();
            if (!v) return 2;
            if (*v == "all") monitors.reset();
            else { if (!monitors) monitors.emplace(); monitors->insert(*v); }
        } else if (a == "--format") {
            const auto* v = value();
            if (!v) return 2;
            format = *v;
        } else if (a == "-h" || a == "--help") {
            out << kUsage;
            return 0;
        } else if (!a.empty() && a[0] == '-') {
            err << "unknown option " << a << "\n" << kUsage;
            return 2;
        } else if (file.empty()) {
            file = a;
        } else {
            err << "only one transcript, please\n" << kUsage;
            return 2;
        }
    }
    if (file.empty()) { err << kUsage; return 2; }
#ifdef CSTA_HAVE_XML
    if (format != "text" && format != "xml") {
#else
    if (format != "text") {
#endif
        err << "--format " << format << ": not available in this build\n" << kUsage;
        return 2;
    }
    const auto load = Table::load(tables, Table::default_schema_for(tables.front()));
    if (!load.ok()) { err << "mapping table: " << load.error << "\n"; return 1; }
    ami::Transcript t;
    try {
        t = ami::load_transcript(file);
    } catch (const std::exception& e) {
        err << e.what() << "\n";
        return 1;
    }
    CallModel model(load.table);
    const auto events = replay_transcript(t, model, &err);
#ifdef CSTA_HAVE_XML
    if (format == "xml") {
        render_xml(out, events, monitors);
        return 0;
    }
#endif
    out << "# scenario: " << (t.scenario().empty() ? file : t.scenario()) << "\n";
    out << render_golden(events, monitors);
    return 0;
}

int replay_main(const std::vector<std::string>& args) { return replay_main(args, std::cout, std::cerr); }

}  // namespace bridge
