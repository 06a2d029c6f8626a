#include <catch2/catch.hpp>

#include "csta/xml/edition.hpp"

using namespace csta::xml;

TEST_CASE("editions from namespaces and protocol versions") {
    const std::string base = "http://www.ecma-international.org/standards/ecma-323/csta/ed";
    for (int n = 2; n <= 6; ++n) {
        CHECK(edition_from_namespace(base + std::to_string(n)) == static_cast<Edition>(n));
        CHECK(csta_namespace(static_cast<Edition>(n)) == base + std::to_string(n));
    }
    CHECK(edition_from_namespace(base + "3/") == Edition::ed3);
    CHECK_FALSE(edition_from_namespace(base + "7"));
    CHECK_FALSE(edition_from_namespace(base + "1"));
    CHECK_FALSE(edition_from_namespace(base + "3/priv2"));
    CHECK_FALSE(edition_from_namespace("http://www.ecma-international.org/standards/ecma-354/appl_session"));
    CHECK_FALSE(edition_from_namespace(""));
    CHECK(edition_from_protocol_version(base + "3/priv2") == Edition::ed3);
    CHECK(edition_from_protocol_version(base + "4") == Edition::ed4);
    CHECK_FALSE(edition_from_protocol_version(base + "9/priv1"));
    CHECK_FALSE(edition_from_protocol_version("urn:other/ed3"));
}

TEST_CASE("both ECMA namespace hosts name every edition, and answers keep the host") {
    const std::string old_base = "http://www.ecma.ch/standards/ecma-323/csta/ed";
    for (int n = 2; n <= 6; ++n) {
        CHECK(edition_from_namespace(old_base + std::to_string(n)) == static_cast<Edition>(n));
        CHECK(host_from_namespace(old_base + std::to_string(n)) == NamespaceHost::ecma_ch);
        CHECK(csta_namespace(static_cast<Edition>(n), NamespaceHost::ecma_ch) == old_base + std::to_string(n));
        CHECK(host_from_namespace("http://www.ecma-international.org/standards/ecma-323/csta/ed" + std::to_string(n)) ==
              NamespaceHost::ecma_international);
    }
    CHECK(edition_from_protocol_version(old_base + "3/priv2") == Edition::ed3);
    CHECK_FALSE(edition_from_namespace("http://www.ecma.ch/standards/ecma-323/csta/ed7"));
    CHECK_FALSE(host_from_namespace("http://www.ecma.ch/standards/ecma-354/appl_session"));
    CHECK_FALSE(host_from_namespace("urn:example:ecma-323/csta/ed4"));
}
