#include "csta/xml/tree.hpp"

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/parsers/SAX2XMLReaderImpl.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLUni.hpp>

#include <mutex>
#include <stdexcept>

namespace csta::xml {

namespace xc = XERCES_CPP_NAMESPACE;

const Node* Node::child(std::string_view local) const noexcept {
    for (const auto& c : children)
        if (c.local_name == local) return &c;
    return nullptr;
}

const std::string* Node::attribute(std::string_view q) const noexcept {
    for (const auto& a : attributes)
        if (a.qname == q) return &a.value;
    return nullptr;
}

// Xerces counts Initialize/Terminate pairs in a plain integer and sets up its global services
// on the first call: two threads creating their first parsers at once raced there (csta-soak's
// client threads crashed in the UTF-8 transcoder lookup). The pairs are serialised here.
namespace {
std::mutex& xerces_init_mutex() {
    static std::mutex m;
    return m;
}
}  // namespace

XercesInit::XercesInit() {
    const std::lock_guard lock(xerces_init_mutex());
    xc::XMLPlatformUtils::Initialize();
}
XercesInit::~XercesInit() {
    const std::lock_guard lock(xerces_init_mutex());
    xc::XMLPlatformUtils::Terminate();
}

namespace {

// Thrown from the handler to stop the parse; Xerces lets handler exceptions propagate.
struct Rejected : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Utf8 {
public:
    Utf8() {
        xc::XMLTransService::Codes rc;
        transcoder_.reset(xc::XMLPlatformUtils::fgTransService->makeNewTranscoderFor(
            xc::XMLRecognizer::UTF_8, rc, 16 * 1024, xc::XMLPlatformUtils::fgMemoryManager));
        if (!transcoder_) throw std::runtime_error("Xerces has no UTF-8 transcoder");
    }
    std::string operator()(const XMLCh* s) const {
        if (!s || !*s) return {};
        xc::TranscodeToStr t(s, transcoder_.get());
        return std::string(reinterpret_cast<const char*>(t.str()), t.length());
    }
    std::string operator()(const XMLCh* s, XMLSize_t n) const {
        if (!s || n == 0) return {};
        xc::TranscodeToStr t(s, n, transcoder_.get());
        return std::string(reinterpret_cast<const char*>(t.str()), t.length());
    }

private:
    std::unique_ptr<xc::XMLTranscoder> transcoder_;
};

// The SAX2 reader with one change: any DOCTYPE stops the parse as soon as the scanner reports
// it, before an internal subset is read (LexicalHandler::startDTD is not called for a bare
// <!DOCTYPE x>, so overriding the scanner callback is the only complete refusal in Xerces 3.2,
// which has no disallow-doctype feature for SAX2).
class NoDoctypeReader : public xc::SAX2XMLReaderImpl {
public:
    using xc::SAX2XMLReaderImpl::SAX2XMLReaderImpl;
    void doctypeDecl(const xc::DTDElementDecl&, const XMLCh* const, const XMLCh* const, const bool,
                     const bool) override {
        throw Rejected("DOCTYPE declarations are not allowed (no DTDs, no entities)");
    }
};

std::string position(const xc::SAXParseException& e, const Utf8& utf8) {
    return "line " + std::to_string(e.getLineNumber()) + ", column " + std::to_string(e.getColumnNumber()) +
           ": " + utf8(e.getMessage());
}

// Builds the Node tree; enforces depth and element limits while parsing, and refuses any
// DOCTYPE as soon as it starts (before an internal subset could declare entities).
class TreeHandler : public xc::DefaultHandler {
public:
    TreeHandler(const Limits& limits, const Utf8& utf8) : limits_(limits), utf8_(utf8) {}

    void reset_tree() {
        root_ = Node{};
        stack_.clear();
        elements_ = 0;
        have_root_ = false;
    }
    Node take_root() { return std::move(root_); }

    void startElement(const XMLCh* const uri, const XMLCh* const localname, const XMLCh* const qname,
                      const xc::Attributes& attrs) override {
        if (++elements_ > limits_.max_elements)
            throw Rejected("more than " + std::to_string(limits_.max_elements) + " elements");
        if (stack_.size() + 1 > limits_.max_depth)
            throw Rejected("elements nested deeper than " + std::to_string(limits_.max_depth));
        Node* n;
        if (stack_.empty()) {
            n = &root_;
            have_root_ = true;
        } else {
            stack_.back()->children.emplace_back();
            n = &stack_.back()->children.back();
        }
        n->local_name = utf8_(localname);
        n->ns = utf8_(uri);
        n->qname = utf8_(qname);
        for (XMLSize_t i = 0; i < attrs.getLength(); ++i)
            n->attributes.push_back({utf8_(attrs.getQName(i)), utf8_(attrs.getValue(i)), utf8_(attrs.getURI(i))});
        stack_.push_back(n);
    }
    void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
        if (!stack_.empty()) stack_.pop_back();
    }
    void characters(const XMLCh* const chars, const XMLSize_t length) override {
        if (!stack_.empty()) stack_.back()->text += utf8_(chars, length);
    }
    void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
        throw Rejected("DOCTYPE declarations are not allowed (no DTDs, no entities)");
    }
    void startEntity(const XMLCh* const name) override {
        throw Rejected("entity references are not allowed: " + utf8_(name));
    }
    // Never fetch anything: every external resource resolves to an error.
    xc::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const systemId) override {
        throw Rejected("external resources are not allowed: " + utf8_(systemId));
    }
    void fatalError(const xc::SAXParseException& e) override { throw Rejected(position(e, utf8_)); }
    void error(const xc::SAXParseException& e) override { throw Rejected(position(e, utf8_)); }
    void warning(const xc::SAXParseException&) override {}

    bool have_root() const noexcept { return have_root_; }

private:
    const Limits& limits_;
    const Utf8& utf8_;
    Node root_;
    std::vector<Node*> stack_;  // pointers stay valid: a parent's children only grow while
                                // the parent is the innermost open element
    std::size_t elements_ = 0;
    bool have_root_ = false;
};

}  // namespace

struct TreeParser::Impl {
    Utf8 utf8;
    std::unique_ptr<xc::SecurityManager> security;
    std::unique_ptr<xc::SAX2XMLReader> reader;
    std::unique_ptr<TreeHandler> handler;
};

TreeParser::TreeParser(Limits limits) : limits_(limits), impl_(std::make_unique<Impl>()) {
    impl_->security = std::make_unique<xc::SecurityManager>();
    impl_->security->setEntityExpansionLimit(0);
    impl_->reader = std::make_unique<NoDoctypeReader>();
    auto& r = *impl_->reader;
    r.setFeature(xc::XMLUni::fgSAX2CoreNameSpaces, true);
    r.setFeature(xc::XMLUni::fgSAX2CoreNameSpacePrefixes, true);  // keep xmlns attributes
    r.setFeature(xc::XMLUni::fgSAX2CoreValidation, false);
    r.setFeature(xc::XMLUni::fgXercesDynamic, false);
    r.setFeature(xc::XMLUni::fgXercesSchema, false);
    r.setFeature(xc::XMLUni::fgXercesLoadSchema, false);
    r.setFeature(xc::XMLUni::fgXercesLoadExternalDTD, false);
    r.setFeature(xc::XMLUni::fgXercesDisableDefaultEntityResolution, true);
    r.setFeature(xc::XMLUni::fgXercesUseCachedGrammarInParse, false);
    r.setProperty(xc::XMLUni::fgXercesSecurityManager, impl_->security.get());
    impl_->handler = std::make_unique<TreeHandler>(limits_, impl_->utf8);
    r.setContentHandler(impl_->handler.get());
    r.setErrorHandler(impl_->handler.get());
    r.setEntityResolver(impl_->handler.get());
    r.setLexicalHandler(impl_->handler.get());
    r.setDTDHandler(impl_->handler.get());
}

TreeParser::~TreeParser() = default;

ParseOutcome TreeParser::parse(std::string_view document) {
    ParseOutcome out;
    if (document.size() > limits_.max_bytes) {
        out.error = "document of " + std::to_string(document.size()) + " bytes exceeds the limit of " +
                    std::to_string(limits_.max_bytes);
        return out;
    }
    if (document.empty()) {
        out.error = "empty document";
        return out;
    }
    auto& h = *impl_->handler;
    h.reset_tree();
    xc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(document.data()), document.size(),
                                 "csta-xml", false);
    try {
        impl_->reader->parse(source);
    } catch (const Rejected& e) {
        out.error = e.what();
    } catch (const xc::SAXParseException& e) {
        out.error = position(e, impl_->utf8);
    } catch (const xc::XMLException& e) {
        out.error = impl_->utf8(e.getMessage());
    } catch (const xc::SAXException& e) {
        out.error = impl_->utf8(e.getMessage());
    } catch (const std::bad_alloc&) {
        out.error = "out of memory while parsing";
    }
    if (out.error.empty() && !h.have_root()) out.error = "no root element";
    if (!out.error.empty()) {
        h.reset_tree();
        return out;
    }
    out.root = h.take_root();
    out.ok = true;
    return out;
}

}  // namespace csta::xml
