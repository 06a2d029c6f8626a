// The Wireshark Lua dissector (tools/wireshark/csta.lua) against traffic our own framer and
// codec produce: the test writes a pcap (Ethernet/IPv4/TCP, with a frame split over two TCP
// segments and two frames in one segment) and runs tshark on it.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include "csta/ber/codec.hpp"
#include "csta/framing/framing.hpp"
#include "tests/csta/ber/pcap_writer.hpp"

using namespace csta;
using namespace csta::ber;

namespace {

std::string run(const std::string& cmd, int& status) {
    std::string out;
    if (FILE* p = popen((cmd + " 2>&1").c_str(), "r")) {
        char buf[4096];
        while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
        const int rc = pclose(p);
        status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    }
    return out;
}

Bytes ber_frame(const Apdu& apdu) { return *framing::encode_ber(Codec{}.encode(apdu)); }
Bytes xml_frame(const std::string& doc, std::uint16_t id) { return *framing::encode_xml(doc, id); }

const std::string ns = "xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed3\"";

std::string write_capture() {
    char dir[] = "/tmp/csta-pcap-XXXXXX";
    REQUIRE(mkdtemp(dir));
    const std::string path = std::string(dir) + "/csta.pcap";
    csta_test::PcapWriter pcap(path);

    csta_test::PcapWriter::Flow ber{40001, 4721};
    pcap.handshake(ber);
    pcap.send(ber, true, ber_frame(Aarq{"1.3.12.0.180.1", "secret", {}, {}}));
    const Bytes make_call = ber_frame(Invoke{1, 0, MakeCall{.callingDevice = "1001", .calledDirectoryNumber = "1002"}});
    pcap.send(ber, true, Bytes(make_call.begin(), make_call.begin() + 9));  // split over two segments
    pcap.send(ber, true, Bytes(make_call.begin() + 9, make_call.end()));
    pcap.send(ber, false, ber_frame(Aare{"1.3.12.0.180.1"}));
    pcap.send(ber, false, ber_frame(Result{1, MakeCallResponse{.callingDevice = ConnectionID("C1", "1001")}}));
    DeliveredEvent delivered;
    delivered.monitorCrossRefID = "m1";
    delivered.connection = ConnectionID("C1", "1002");
    delivered.alertingDevice = "1002";
    delivered.callingDevice = "1001";
    delivered.calledDevice = "1002";
    Bytes two = ber_frame(EventReport{2, delivered});  // two frames in one segment
    const Bytes error = ber_frame(ReturnError{3, ErrorCode(ErrorCategory::operation, "invalidDeviceID")});
    two.insert(two.end(), error.begin(), error.end());
    pcap.send(ber, false, two);
    pcap.send(ber, true, ber_frame(Reject{std::nullopt, ProblemKind::general, problem::badlyStructuredPDU}));

    csta_test::PcapWriter::Flow xml{40002, 4721};
    pcap.handshake(xml);
    pcap.send(xml, true, xml_frame("<?xml version=\"1.0\" encoding=\"UTF-8\"?><MakeCall " + ns +
                                       "><callingDevice>1001</callingDevice><calledDirectoryNumber>1002</calledDirectoryNumber></MakeCall>",
                                   1));
    pcap.send(xml, false, xml_frame("<?xml version=\"1.0\"?><csta:MakeCallResponse xmlns:csta=\"http://www.ecma-international.org/standards/ecma-323/csta/ed3\"><csta:callingDevice><csta:callID>C1</csta:callID></csta:callingDevice></csta:MakeCallResponse>", 1));
    pcap.send(xml, false, xml_frame("<DeliveredEvent " + ns + "><monitorCrossRefID>m1</monitorCrossRefID></DeliveredEvent>", 9999));
    REQUIRE(pcap.ok());
    return path;
}

}  // namespace

TEST_CASE("tshark with csta.lua dissects both framings our framer produces") {
    const std::string pcap = write_capture();
    const std::string lua = std::string(CSTA_SOURCE_DIR) + "/tools/wireshark/csta.lua";
    int status = -1;
    const std::string verbose = run(std::string(TSHARK_EXECUTABLE) + " -X lua_script:" + lua + " -r " + pcap + " -V", status);
    INFO(verbose);
    REQUIRE(status == 0);
    CHECK_THAT(verbose, !Catch::Contains("Malformed"));
    CHECK_THAT(verbose, !Catch::Contains("Lua Error"));
    CHECK_THAT(verbose, !Catch::Contains("APDU does not parse"));
    for (const char* expected : {"CSTA ECMA-285 BER", "AARQ", "AARE", "makeCall", "cSTAEventReport", "delivered",
                                 "universalFailure", "Reject", "CSTA ECMA-323 XML", "Root element: MakeCall",
                                 "Root element: MakeCallResponse", "Root element: DeliveredEvent", "InvokeID: 9999"}) {
        CHECK_THAT(verbose, Catch::Contains(expected));
    }

    // One line per CSTA frame: the reassembled makeCall and the two frames sharing a segment
    // must each be found.
    const std::string fields = run(std::string(TSHARK_EXECUTABLE) + " -X lua_script:" + lua + " -r " + pcap +
                                       " -Y csta -T fields -e csta.ber.apdu -e csta.ber.invokeid -e csta.ber.opname -e csta.xml.root",
                                   status);
    INFO(fields);
    REQUIRE(status == 0);
    CHECK_THAT(fields, Catch::Contains("Invoke\t1\tmakeCall"));
    CHECK_THAT(fields, Catch::Contains("ReturnResult\t1\tmakeCall"));
    CHECK_THAT(fields, Catch::Contains("Invoke,ReturnError\t2,3\tcSTAEventReport"));
    CHECK_THAT(fields, Catch::Contains("DeliveredEvent"));
    std::filesystem::remove_all(std::filesystem::path(pcap).parent_path());
}
