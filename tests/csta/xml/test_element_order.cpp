// Every message we encode (all optional members filled) has its child elements in ECMA-323 ed6
// schema order — recursively for the nested classes we emit — and uses only element and
// attribute names the schema knows. The reference is tests/data/ecma-323/ed6-elements.txt,
// read here; the XML is parsed by Xerces' DOM parser, independently of the codec's reader.
#include <catch2/catch.hpp>

#include <xercesc/dom/DOM.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/parsers/XercesDOMParser.hpp>
#include <xercesc/util/PlatformUtils.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "csta/xml/codec.hpp"
#include "tests/csta/xml/ed6_schema.hpp"
#include "tests/csta/xml/samples.hpp"
#include "tests/support/fixtures.hpp"

namespace xc = XERCES_CPP_NAMESPACE;
using csta_test::Ed6Class;
using csta_test::Ed6Schema;

namespace {

std::string str(const XMLCh* s) {
    char* c = xc::XMLString::transcode(s);
    std::string out(c);
    xc::XMLString::release(&c);
    return out;
}

std::vector<const xc::DOMElement*> element_children(const xc::DOMElement* e) {
    std::vector<const xc::DOMElement*> out;
    for (auto* c = e->getFirstElementChild(); c; c = c->getNextElementSibling()) out.push_back(c);
    return out;
}

struct Checker {
    const Ed6Schema& schema;
    std::vector<std::string> problems;
    int elements_checked = 0;
    std::set<std::string> classes_seen;

    void check_attributes(const xc::DOMElement* e, const Ed6Class& cls, const std::string& path) {
        auto* attrs = e->getAttributes();
        for (XMLSize_t i = 0; i < attrs->getLength(); ++i) {
            const std::string a = str(attrs->item(i)->getNodeName());
            if (a.rfind("xmlns", 0) == 0) continue;
            bool ok = false;
            for (const auto& m : cls.members) ok |= (m.kind == "Attribute" && m.name == a);
            if (!ok) problems.push_back(path + ": attribute " + a + " not in class " + cls.name);
        }
    }

    void check(const xc::DOMElement* e, const std::string& class_name, const std::string& path) {
        ++elements_checked;
        const Ed6Class* cls = schema.resolve(class_name);
        if (!cls) return;  // enum or primitive: a leaf
        classes_seen.insert(class_name);
        const auto children = element_children(e);
        check_attributes(e, *cls, path);
        // A CHOICE class: one member "Item"/"Items" listing the allowed elements.
        if (cls->members.size() == 1 && cls->members[0].kind == "Choice") {
            const auto& allowed = cls->members[0].choices;
            for (auto* c : children) {
                const std::string n = str(c->getLocalName());
                if (std::find(allowed.begin(), allowed.end(), n) == allowed.end())
                    problems.push_back(path + "/" + n + ": not a choice of " + cls->name);
                else if (n == "deviceIdentifier" || n == "numberDialed" || n == "deviceObject")
                    check(c, "DeviceID", path + "/" + n);
                else if (n == "deviceID")  // ConnectionID / endpoint: a LocalDeviceID
                    check(c, "LocalDeviceID", path + "/" + n);
                else if (n == "callObject")
                    check(c, "ConnectionID", path + "/" + n);
                else if (n == "compoundCallState")
                    check(c, "CompoundCallState", path + "/" + n);
                else if (n == "snapshotData" && cls->name == "SnapshotDeviceResponseCrossRefIDorSnapshotData")
                    check(c, "SnapshotDeviceDataList", path + "/" + n);
                else if (n == "snapshotData" && cls->name == "SnapshotCallResponseCrossRefIDorSnapshotData")
                    check(c, "SnapshotCallDataList", path + "/" + n);
                else if (allowed.size() == 1) {  // a repeated single element: its type is known
                    std::string type = cls->members[0].type;
                    if (type.size() > 2 && type.substr(type.size() - 2) == "[]") type.resize(type.size() - 2);
                    check(c, type, path + "/" + n);
                }
            }
            return;
        }
        std::size_t last = 0;
        bool first = true;
        for (auto* c : children) {
            const std::string n = str(c->getLocalName());
            const std::string here = path + "/" + n;
            std::size_t idx = cls->members.size();
            for (std::size_t i = 0; i < cls->members.size(); ++i)
                if (cls->members[i].name == n && cls->members[i].kind != "Attribute") idx = i;
            if (idx == cls->members.size()) {
                problems.push_back(here + ": no such element in class " + cls->name);
                continue;
            }
            if (!first && idx <= last)
                problems.push_back(here + ": out of schema order (or repeated) in class " + cls->name);
            first = false;
            last = idx;
            const auto& m = cls->members[idx];
            std::string type = m.type;
            if (type.size() > 2 && type.substr(type.size() - 2) == "[]") {
                type.resize(type.size() - 2);
                if (m.kind == "ArrayItem" && !m.array_item.empty()) {
                    for (auto* item : element_children(c)) {
                        const std::string in = str(item->getLocalName());
                        if (in != m.array_item) problems.push_back(here + "/" + in + ": expected <" + m.array_item + ">");
                        else check(item, type, here + "/" + in);
                    }
                    continue;
                }
                if (m.kind == "ArrayItem") {  // unnamed array items: only count
                    ++elements_checked;
                    continue;
                }
            }
            check(c, type, here);
        }
    }
};

std::unique_ptr<xc::XercesDOMParser> dom_parser() {
    auto p = std::make_unique<xc::XercesDOMParser>();
    p->setDoNamespaces(true);
    p->setValidationScheme(xc::XercesDOMParser::Val_Never);
    p->setLoadExternalDTD(false);
    p->setDisableDefaultEntityResolution(true);
    return p;
}

const xc::DOMElement* parse(xc::XercesDOMParser& p, const std::string& xml) {
    xc::MemBufInputSource src(reinterpret_cast<const XMLByte*>(xml.data()), xml.size(), "sample");
    p.parse(src);
    REQUIRE(p.getErrorCount() == 0);
    REQUIRE(p.getDocument() != nullptr);
    return p.getDocument()->getDocumentElement();
}

std::string class_of_root(const std::string& root) { return root == "CSTAErrorCode" ? "UniversalFailure" : root; }

}  // namespace

TEST_CASE("encoded CSTA messages follow the ed6 schema element order, recursively") {
    xc::XMLPlatformUtils::Initialize();
    {
        const auto schema = Ed6Schema::load(test_support::ed6_elements());
        auto parser = dom_parser();
        int messages = 0;
        Checker checker{schema, {}, 0, {}};
        for (const auto& m : csta_test::full_samples()) {
            if (std::holds_alternative<csta::SessionMessage>(m)) continue;  // ECMA-354, not in ed6
            const std::string xml = csta::xml::Codec::encode(m);
            const auto* root = parse(*parser, xml);
            const std::string root_name = str(root->getLocalName());
            INFO(xml);
            REQUIRE(schema.classes.count(class_of_root(root_name)) == 1);
            CHECK(schema.classes.at(class_of_root(root_name)).root_element == class_of_root(root_name));
            checker.check(root, class_of_root(root_name), root_name);
            ++messages;
        }
        for (const auto& p : checker.problems) UNSCOPED_INFO(p);
        CHECK(checker.problems.empty());
        CHECK(messages == 32 + 32 + 24 + 2 /* second MonitorStart, SnapshotDeviceResponse */ + 2 /* errors */ +
                          1 /* ParkCallResponse without parkedTo */);
        // The walk really descended into nested classes (deviceIdentifier, connectionListItem...).
        CHECK(checker.elements_checked > 900);
        for (const char* nested : {"ConnectionID", "LocalDeviceID", "DeviceID", "SubjectDeviceID", "CallingDeviceID",
                                   "RedirectionDeviceID", "ConnectionListItem", "ConnectionListItemEndpoint",
                                   "MonitorFilter", "CallControlEvents", "LogicalDeviceFeatureEvents",
                                   "MonitorMediaClass", "ServicesPermitted", "CallControlServices", "AgentStateEntry",
                                   "AgentInfo", "ForwardListItem", "DeviceListDevice", "DeviceAttributes",
                                   "SnapshotDeviceResponseCrossRefIDorSnapshotData", "CSTACommonArguments",
                                   "CSTAPrivateData", "CorrelatorData", "UserData", "MonitorObject", "StatusFilter",
                                   "RequestTypes", "UniversalFailure", "SnapshotDeviceResponseInfo",
                                   "SnapshotCallResponseInfo", "CallState", "CompoundCallState"})
        {
            INFO(nested);
            CHECK(checker.classes_seen.count(nested) == 1);
        }
    }
    xc::XMLPlatformUtils::Terminate();
}

TEST_CASE("the order checker detects a swapped pair and an unknown element") {
    xc::XMLPlatformUtils::Initialize();
    {
        const auto schema = Ed6Schema::load(test_support::ed6_elements());
        auto parser = dom_parser();
        Checker checker{schema, {}, 0, {}};
        const std::string ns = "http://www.ecma-international.org/standards/ecma-323/csta/ed6";
        checker.check(parse(*parser, "<MakeCall xmlns='" + ns +
                                         "'><calledDirectoryNumber>2</calledDirectoryNumber>"
                                         "<callingDevice>1</callingDevice></MakeCall>"),
                      "MakeCall", "MakeCall");
        REQUIRE(checker.problems.size() == 1);
        CHECK(checker.problems[0].find("out of schema order") != std::string::npos);
        checker.problems.clear();
        checker.check(parse(*parser, "<HeldEvent xmlns='" + ns + "'><monitorCrossRefID>1</monitorCrossRefID>"
                                         "<heldConnection><callID>1</callID><deviceId>x</deviceId></heldConnection>"
                                         "</HeldEvent>"),
                      "HeldEvent", "HeldEvent");
        REQUIRE(checker.problems.size() == 1);
        CHECK(checker.problems[0].find("deviceId: not a choice of ConnectionID") != std::string::npos);
    }
    xc::XMLPlatformUtils::Terminate();
}

TEST_CASE("the schema reader sees the facts the codec relies on") {
    const auto schema = Ed6Schema::load(test_support::ed6_elements());
    REQUIRE(schema.classes.count("TransferedEvent") == 1);
    REQUIRE(schema.classes.count("EstablishedEvent") == 1);
    const auto& est = schema.classes.at("EstablishedEvent").members;
    CHECK(std::any_of(est.begin(), est.end(), [](auto& m) { return m.name == "originatinNIDConnection"; }));
    CHECK(schema.enums.at("EventCause").size() > 100);
}
