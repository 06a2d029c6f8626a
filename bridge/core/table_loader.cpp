// Table::load: Xerces-C++ SAX2 with the XSD as a cached grammar (validation errors carry
// file:line:column), DOCTYPE refused before any entity is declared, then a builder that
// merges the files (later keys replace earlier ones) and checks what the schema cannot:
// regexes compile, cause/error literals exist in ECMA-323. The compiled XSD and the state
// after the base file are kept by their exact bytes, so a reload re-reads only what changed.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/XMLGrammarPool.hpp>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/internal/XMLScanner.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xercesc/validators/common/Grammar.hpp>

#include "bridge/core/private_data.hpp"
#include "bridge/core/regex_cache.hpp"
#include "bridge/core/table.hpp"
#include "csta/model/enums.hpp"
#include "csta/xml/fields.hpp"

namespace bridge {

namespace x = xercesc;

namespace {

std::string utf8(const XMLCh* s) {
    if (!s) return {};
    x::TranscodeToStr t(s, "UTF-8");
    return std::string(reinterpret_cast<const char*>(t.str()), t.length());
}

struct XmlCh {
    explicit XmlCh(const std::string& s) : p(x::XMLString::transcode(s.c_str())) {}
    ~XmlCh() { x::XMLString::release(&p); }
    XmlCh(const XmlCh&) = delete;
    XmlCh& operator=(const XmlCh&) = delete;
    XMLCh* p;
};

// Xerces is reference counted: Initialize/Terminate pairs nest.
struct XercesScope {
    XercesScope() { x::XMLPlatformUtils::Initialize(); }
    ~XercesScope() { x::XMLPlatformUtils::Terminate(); }
    XercesScope(const XercesScope&) = delete;
    XercesScope& operator=(const XercesScope&) = delete;
};

struct Node {
    std::string name;  // local name
    std::map<std::string, std::string> attrs;
    SourcePos pos;
    std::vector<Node> children;

    const std::string* attr(const std::string& n) const {
        const auto it = attrs.find(n);
        return it == attrs.end() ? nullptr : &it->second;
    }
    std::string get(const std::string& n, const std::string& dflt = {}) const {
        const auto* v = attr(n);
        return v ? *v : dflt;
    }
};

struct LoadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Builds the element tree and records the first error with its position.
class Handler : public x::DefaultHandler {
public:
    explicit Handler(std::string file) : file_(std::move(file)) {}

    void setDocumentLocator(const x::Locator* const loc) override { locator_ = loc; }

    void startElement(const XMLCh* const, const XMLCh* const localname, const XMLCh* const,
                      const x::Attributes& attrs) override {
        // Xerces 3.2's validating scanner writes past the end of its per-depth element state
        // when elements without a grammar nest some 32 deep and an element of the schema's
        // namespace follows (valgrind: IGXMLScanner::scanStartTagNS, 4 bytes after the block
        // of resizeElemState; found by fuzz_table_loader). A table is at most 5 deep, so the
        // parse stops here, long before Xerces's first resize (16 levels).
        if (stack_.size() >= kMaxDepth)
            throw LoadError(here().str() + ": elements nested deeper than " + std::to_string(kMaxDepth) +
                            " levels (a mapping table has at most 5)");
        Node n;
        n.name = utf8(localname);
        n.pos = here();
        for (XMLSize_t i = 0; i < attrs.getLength(); ++i)
            n.attrs[utf8(attrs.getLocalName(i))] = utf8(attrs.getValue(i));
        stack_.push_back(std::move(n));
    }
    void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
        Node n = std::move(stack_.back());
        stack_.pop_back();
        if (stack_.empty()) root_ = std::move(n);
        else stack_.back().children.push_back(std::move(n));
    }
    // A DOCTYPE is refused outright: no internal subset, no entity is ever declared.
    void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
        throw LoadError(here().str() + ": DOCTYPE declarations are not allowed in a mapping table");
    }
    void warning(const x::SAXParseException&) override {}
    void error(const x::SAXParseException& e) override { record(e); }
    void fatalError(const x::SAXParseException& e) override { record(e); }

    const std::string& first_error() const { return error_; }
    Node& root() { return root_; }

private:
    SourcePos here() const {
        SourcePos p;
        p.file = file_;
        if (locator_) {
            p.line = static_cast<int>(locator_->getLineNumber());
            p.column = static_cast<int>(locator_->getColumnNumber());
        }
        return p;
    }
    void record(const x::SAXParseException& e) {
        if (!error_.empty()) return;
        SourcePos p{file_, static_cast<int>(e.getLineNumber()), static_cast<int>(e.getColumnNumber())};
        error_ = p.str() + ": " + utf8(e.getMessage());
    }

    static constexpr std::size_t kMaxDepth = 8;
    std::string file_;
    const x::Locator* locator_ = nullptr;
    std::vector<Node> stack_;
    Node root_;
    std::string error_;
};

// A SAX2 reader set up for the mapping tables, validating against the grammars in `pool`.
std::unique_ptr<x::SAX2XMLReader> make_reader(x::XMLGrammarPool& pool, x::SecurityManager& security) {
    std::unique_ptr<x::SAX2XMLReader> reader(
        x::XMLReaderFactory::createXMLReader(x::XMLPlatformUtils::fgMemoryManager, &pool));
    reader->setFeature(x::XMLUni::fgSAX2CoreNameSpaces, true);
    reader->setFeature(x::XMLUni::fgSAX2CoreValidation, true);
    reader->setFeature(x::XMLUni::fgXercesDynamic, false);
    reader->setFeature(x::XMLUni::fgXercesSchema, true);
    reader->setFeature(x::XMLUni::fgXercesSchemaFullChecking, true);
    // Only our schema: ignore xsi:schemaLocation hints, never fetch anything.
    reader->setFeature(x::XMLUni::fgXercesLoadSchema, false);
    reader->setFeature(x::XMLUni::fgXercesUseCachedGrammarInParse, true);
    reader->setFeature(x::XMLUni::fgXercesLoadExternalDTD, false);
    reader->setFeature(x::XMLUni::fgXercesDisableDefaultEntityResolution, true);
    reader->setProperty(x::XMLUni::fgXercesSecurityManager, &security);
    return reader;
}

// The XSD compiled into a grammar pool that the reader of every file validates with. The
// pool is locked once the XSD is in: nothing a document says adds to it.
class Schema {
public:
    Schema(const std::string& path, const std::string& bytes) : pool_(x::XMLPlatformUtils::fgMemoryManager) {
        security_.setEntityExpansionLimit(16);
        const auto reader = make_reader(pool_, security_);
        Handler schema_handler(path);
        reader->setErrorHandler(&schema_handler);
        // With default entity resolution disabled, Xerces resolves no system id at all.
        const XmlCh schema_path(path);
        x::MemBufInputSource schema_source(reinterpret_cast<const XMLByte*>(bytes.data()), bytes.size(), schema_path.p);
        if (!reader->loadGrammar(schema_source, x::Grammar::SchemaGrammarType, true) ||
            !schema_handler.first_error().empty())
            throw LoadError(schema_handler.first_error().empty() ? path + ": cannot load the schema"
                                                                 : schema_handler.first_error());
        pool_.lockPool();
    }
    Schema(const Schema&) = delete;
    Schema& operator=(const Schema&) = delete;

    std::unique_ptr<x::SAX2XMLReader> reader() { return make_reader(pool_, security_); }

private:
    x::XMLGrammarPoolImpl pool_;
    x::SecurityManager security_;
};

// The schema of the last load, compiled once and kept while its bytes stay the same
// (compiling the XSD was ~30 % of a load). Xerces stays initialised while it is kept.
class KeptSchema {
public:
    Schema& get(const std::string& path, const std::string& bytes) {
        if (!schema_ || bytes != bytes_) {
            schema_.reset();
            schema_ = std::make_unique<Schema>(path, bytes);
            bytes_ = bytes;
        }
        return *schema_;
    }

private:
    XercesScope xerces_;
    std::string bytes_;
    std::unique_ptr<Schema> schema_;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw LoadError(path + ": cannot open the file (" + std::strerror(errno) + ")");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) throw LoadError(path + ": cannot read the file");
    return std::move(bytes).str();
}

// Parses `bytes` (the contents of `path`, named in every message) against the schema.
Node parse_bytes(const std::string& path, const std::string& bytes, Schema& schema) {
    const auto reader = schema.reader();
    Handler handler(path);
    reader->setContentHandler(&handler);
    reader->setErrorHandler(&handler);
    reader->setLexicalHandler(&handler);
    try {
        const XmlCh doc_path(path);
        x::MemBufInputSource source(reinterpret_cast<const XMLByte*>(bytes.data()), bytes.size(), doc_path.p);
        reader->parse(source);
    } catch (const x::XMLException& e) {
        throw LoadError(path + ": " + utf8(e.getMessage()));
    } catch (const x::SAXException& e) {
        throw LoadError(path + ": " + utf8(e.getMessage()));
    }
    if (!handler.first_error().empty()) throw LoadError(handler.first_error());
    if (handler.root().name != "mappingTable") throw LoadError(path + ": not a mapping table");
    return std::move(handler.root());
}

}  // namespace

// Merges parsed files into a Table, keeping per-section key order.
class TableBuilder {
public:
    void add(const Node& root) {
        for (const auto& section : root.children) {
            if (section.name == "variables") for (const auto& v : section.children) table_.variables_[v.get("name")] = v.get("value");
            else if (section.name == "devices") for (const auto& d : section.children) upsert(devices_, device(d));
            else if (section.name == "channelStates") for (const auto& s : section.children) {
                const auto means = s.get("means");
                table_.channel_states_[s.get("value")] = means == "down" ? ChannelState::down
                                                       : means == "ringing" ? ChannelState::ringing
                                                       : means == "up" ? ChannelState::up : ChannelState::other;
            }
            else if (section.name == "events") for (const auto& e : section.children) upsert(events_, event(e));
            else if (section.name == "causes") causes(section);
            else if (section.name == "services") for (const auto& s : section.children) {
                auto r = service(s);
                table_.services_[r.service] = std::move(r);
            }
            else if (section.name == "errors") for (const auto& e : section.children) upsert(errors_, error(e));
        }
    }

    std::shared_ptr<const Table> finish(std::vector<std::string> files) {
        auto by_priority = [](const auto& a, const auto& b) { return a.priority < b.priority; };
        std::stable_sort(devices_.begin(), devices_.end(), by_priority);
        std::stable_sort(errors_.begin(), errors_.end(), by_priority);
        table_.devices_ = std::move(devices_);
        table_.errors_ = std::move(errors_);
        table_.events_ = std::move(events_);
        for (std::size_t i = 0; i < table_.events_.size(); ++i) {
            std::string n = table_.events_[i].event;
            std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            table_.events_by_name_[n].push_back(i);
        }
        table_.files_ = std::move(files);
        if (auto error = table_.compile_conditions(); !error.empty()) throw LoadError(error);
        return std::make_shared<const Table>(std::move(table_));
    }

private:
    template <class T>
    static void upsert(std::vector<T>& v, T item) {
        for (auto& existing : v)
            if (existing.key == item.key) { existing = std::move(item); return; }
        v.push_back(std::move(item));
    }

    static Pattern pattern(const Node& n, const std::string& attr) {
        const std::string text = n.get(attr);
        try {
            return Pattern::compile(text);
        } catch (const std::regex_error& e) {
            throw LoadError(n.pos.str() + ": attribute " + attr + " of <" + n.name + ">: invalid regular expression \"" +
                            text + "\" (" + e.what() + ")");
        }
    }

    static csta::EventCause cause(const Node& n, const std::string& attr) {
        const auto v = n.get(attr);
        if (auto c = csta::from_string<csta::EventCause>(v)) return *c;
        throw LoadError(n.pos.str() + ": attribute " + attr + " of <" + n.name + ">: \"" + v +
                        "\" is not an ECMA-323 EventCause literal (e.g. normalClearing, busy)");
    }

    static DeviceRule device(const Node& n) {
        DeviceRule r;
        r.key = n.get("key");
        const auto kind = n.get("kind");
        r.kind = kind == "external" ? DeviceKind::external : kind == "plumbing" ? DeviceKind::plumbing : DeviceKind::internal;
        r.channel = pattern(n, "channel");
        if (n.attr("interface")) r.interface = pattern(n, "interface");
        if (n.attr("idPattern")) r.id_pattern = pattern(n, "idPattern");
        r.id_template = n.get("id", r.kind == DeviceKind::external ? "${callerIdNum}" : "$1");
        r.dial_template = n.get("dialString");
        r.priority = std::stoi(n.get("priority", "100"));
        r.site_trunks = n.get("siteTrunks") == "true" || n.get("siteTrunks") == "1";
        if (n.attr("numberPattern")) r.number_pattern = pattern(n, "numberPattern");
        r.pos = n.pos;
        if (r.kind == DeviceKind::internal && r.id_template.empty())
            throw LoadError(n.pos.str() + ": <device kind=\"internal\"> needs an id template");
        return r;
    }

    // A privateEvent rule's param: at most kMaxPrivateHeaders AMI header names (letters,
    // digits, '-', '_'), space-separated; none = every header but the framing ones.
    static void check_private_headers(const Node& n, const EventRule& r) {
        const auto names = private_header_list(r.param);
        if (names.size() > kMaxPrivateHeaders)
            throw LoadError(n.pos.str() + ": privateEvent rule " + r.key + " names " + std::to_string(names.size()) +
                            " headers, at most " + std::to_string(kMaxPrivateHeaders) + " are carried");
        for (const auto& h : names)
            if (h.size() > kMaxPrivateNameBytes ||
                !std::all_of(h.begin(), h.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }))
                throw LoadError(n.pos.str() + ": param of privateEvent rule " + r.key + ": \"" + h +
                                "\" is not an AMI header name (letters, digits, '-', '_'; at most " +
                                std::to_string(kMaxPrivateNameBytes) + ")");
    }

    static EventRule event(const Node& n) {
        EventRule r;
        r.key = n.get("key");
        r.event = n.get("event");
        r.from_client = n.get("from") == "client";
        const auto p = primitive_from_string(n.get("do"));
        if (!p) throw LoadError(n.pos.str() + ": unknown primitive \"" + n.get("do") + "\"");
        r.primitive = *p;
        const auto& prim = info(r.primitive);
        if (n.attr("cause") && !prim.takes_cause)
            throw LoadError(n.pos.str() + ": primitive " + std::string(prim.name) + " takes no cause (rule " + r.key + ")");
        if (n.attr("param") && !prim.takes_param)
            throw LoadError(n.pos.str() + ": primitive " + std::string(prim.name) + " takes no param (rule " + r.key + ")");
        if (n.attr("cause")) r.cause = cause(n, "cause");
        r.param = n.get("param");
        if (r.primitive == Primitive::forwardingSent && r.param != "doNotDisturb" &&
            !csta::from_string<csta::ForwardingType>(r.param))
            throw LoadError(n.pos.str() + ": param \"" + r.param +
                            "\" of a forwardingSent rule is neither an ECMA-323 ForwardingType nor doNotDisturb");
        if (r.primitive == Primitive::privateEvent) check_private_headers(n, r);
        for (const auto& c : n.children) {
            if (c.name == "when") {
                const auto neg = c.get("negate");
                // Compiled in finish(), once every file's variables are known.
                r.when.push_back({c.get("header"), Pattern{}, neg == "true" || neg == "1", c.get("matches"), c.pos});
            } else if (c.name == "input") {
                // A name the primitive never reads would silently do nothing: refused.
                if (!reads_input(prim, c.get("name")))
                    throw LoadError(c.pos.str() + ": primitive " + std::string(prim.name) + " has no input \"" +
                                    c.get("name") + "\" (its inputs: " +
                                    (prim.inputs.empty() ? std::string("none") : std::string(prim.inputs)) + ")");
                r.inputs[c.get("name")] = c.get("header");
            }
        }
        r.pos = n.pos;
        return r;
    }

    static OutcomeRule outcome(const Node& n) {
        OutcomeRule o;
        const auto v = n.get("outcome");
        o.outcome = v == "answered" ? Outcome::answered : v == "failed" ? Outcome::failed
                  : v == "cleared" ? Outcome::cleared : Outcome::pending;
        o.cause = cause(n, "cause");
        return o;
    }

    void causes(const Node& section) {
        auto& c = table_.causes_;
        for (const auto& n : section.children) {
            if (n.name == "q850") c.q850[std::stoi(n.get("code"))] = cause(n, "cause");
            else if (n.name == "dialStatus") c.dial_status[n.get("value")] = outcome(n);
            else if (n.name == "originateReason") c.originate_reason[n.get("value")] = outcome(n);
            else if (n.name == "defaultClearing") c.default_clearing = cause(n, "cause");
        }
    }

    static ServiceRecipe service(const Node& n) {
        ServiceRecipe r;
        r.service = n.get("name");
        const auto h = n.get("handling", "ami");
        r.handling = h == "bridge" ? ServiceRecipe::Handling::bridge
                   : h == "notSupported" ? ServiceRecipe::Handling::notSupported : ServiceRecipe::Handling::ami;
        r.pos = n.pos;
        for (const auto& c : n.children) {
            if (c.name == "param") {
                r.params.push_back(service_param(r.service, c));
            } else if (c.name == "action") {
                ActionTemplate a;
                a.name = c.get("name");
                a.each = c.get("each");
                a.answers = c.get("answers");
                if (recipe_answers_read(r.service)) {
                    // One answer per action, in order: the server pairs them by position.
                    if (!csta::from_string<csta::ForwardingType>(a.answers) || !a.each.empty())
                        throw LoadError(c.pos.str() + ": each <action> of " + r.service +
                                        " needs answers=\"<ECMA-323 ForwardingType>\" and no each");
                } else if (c.attr("answers")) {
                    throw LoadError(c.pos.str() + ": service " + r.service + " does not read answers=");
                }
                for (const auto& hd : c.children) {
                    const auto opt = hd.get("optional");
                    a.headers.push_back({hd.get("name"), hd.get("value"), opt == "true" || opt == "1", hd.get("each")});
                }
                r.actions.push_back(std::move(a));
            } else if (c.name == "complete") {
                for (const auto& res : c.children) {
                    if (!recipe_result_read(r.service, res.get("name")))
                        throw LoadError(res.pos.str() + ": service " + r.service + " has no result \"" + res.get("name") +
                                        "\" the bridge reads (MakeCall: callID)");
                    r.result.emplace_back(res.get("name"), res.get("value"));
                }
            }
        }
        if (r.handling == ServiceRecipe::Handling::ami && r.actions.empty())
            throw LoadError(n.pos.str() + ": service " + r.service + " is handled by AMI but has no <action>");
        return r;
    }

    // The field must be one the request has: "SetAgentState.loggedOn" is a SetAgentState.
    static ServiceParam service_param(const std::string& service, const Node& n) {
        const auto request = service.substr(0, service.find('.'));
        const auto fields = csta::xml::request_field_paths(request);
        ServiceParam p{n.get("name"), n.get("field"), n.pos};
        if (std::find(fields.begin(), fields.end(), p.field) == fields.end()) {
            std::string known;
            for (const auto& f : fields) known += (known.empty() ? "" : ", ") + f;
            throw LoadError(n.pos.str() + ": " + request + " has no field \"" + p.field + "\"" +
                            (fields.empty() ? std::string(" (it is not a CSTA request)") : " (it has: " + known + ")"));
        }
        return p;
    }

    static ErrorRule error(const Node& n) {
        ErrorRule r;
        r.key = n.get("key");
        r.message = pattern(n, "message");
        const auto cat = csta::from_string<csta::ErrorCategory>(n.get("category"));
        if (!cat) throw LoadError(n.pos.str() + ": unknown error category \"" + n.get("category") + "\"");
        r.code = csta::ErrorCode(*cat, n.get("value"));
        if (!r.code.known_value())
            throw LoadError(n.pos.str() + ": \"" + r.code.value + "\" is not a value of the ECMA-323 " +
                            n.get("category") + " error category");
        r.priority = std::stoi(n.get("priority", "100"));
        r.pos = n.pos;
        return r;
    }

    Table table_;
    std::vector<DeviceRule> devices_;
    std::vector<EventRule> events_;
    std::vector<ErrorRule> errors_;
};

TableLoad Table::load(const std::vector<std::string>& paths, const std::string& schema) {
    TableLoad out;
    if (paths.empty()) {
        out.error = "no mapping table given";
        return out;
    }
    XercesScope xerces;  // outlives the catch blocks, which transcode Xerces messages
    // The builder as it stood after the first (base) file, by that file's exact bytes and the
    // schema's: a reload, or an overlay test on the shipped table (35 KB; parsing and building
    // it were ~3/4 of a load), starts from there. A file whose bytes changed by one is read
    // again; a file that failed is never kept, so every error is still found.
    struct AfterBase {
        std::string path, bytes, schema;
        TableBuilder builder;
    };
    static std::mutex cache_mutex;
    static std::optional<AfterBase> after_base;
    static KeptSchema schemas;
    const std::lock_guard lock(cache_mutex);
    try {
        const auto schema_bytes = read_file(schema);
        TableBuilder builder;
        for (std::size_t i = 0; i < paths.size(); ++i) {
            auto bytes = read_file(paths[i]);
            if (i == 0 && after_base && after_base->path == paths[0] && after_base->bytes == bytes &&
                after_base->schema == schema_bytes) {
                builder = after_base->builder;
                continue;
            }
            builder.add(parse_bytes(paths[i], bytes, schemas.get(schema, schema_bytes)));
            if (i == 0) after_base = AfterBase{paths[0], std::move(bytes), schema_bytes, builder};
        }
        out.table = builder.finish(paths);
    } catch (const LoadError& e) {
        out.error = e.what();
    } catch (const x::XMLException& e) {
        out.error = utf8(e.getMessage());
    }
    return out;
}

}  // namespace bridge
