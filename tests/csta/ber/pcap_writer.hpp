#pragma once
// Minimal pcap (libpcap classic format) writer for tests: Ethernet / IPv4 / TCP records around
// payload bytes, with a proper handshake and sequence numbers so Wireshark reassembles TCP.
// No capture privileges needed; the file is written directly.
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace csta_test {

class PcapWriter {
public:
    explicit PcapWriter(const std::string& path) : out_(path, std::ios::binary) {
        put32(0xa1b2c3d4);  // magic, microsecond timestamps (written little-endian)
        put16(2);
        put16(4);
        put32(0);       // thiszone
        put32(0);       // sigfigs
        put32(262144);  // snaplen
        put32(1);       // LINKTYPE_ETHERNET
    }
    bool ok() const { return out_.good(); }

    // One TCP connection: client port -> server port.
    struct Flow {
        std::uint16_t client_port, server_port;
        std::uint32_t client_seq = 1000, server_seq = 5000;
    };

    void handshake(Flow& f) {
        segment(f, true, 0x02, {});   // SYN
        ++f.client_seq;
        segment(f, false, 0x12, {});  // SYN-ACK
        ++f.server_seq;
        segment(f, true, 0x10, {});   // ACK
    }
    // PSH|ACK with payload from the client (to_server) or the server.
    void send(Flow& f, bool from_client, const std::vector<std::uint8_t>& payload) {
        segment(f, from_client, 0x18, payload);
        (from_client ? f.client_seq : f.server_seq) += static_cast<std::uint32_t>(payload.size());
    }

private:
    void segment(const Flow& f, bool from_client, std::uint8_t flags, const std::vector<std::uint8_t>& payload) {
        std::vector<std::uint8_t> p;
        const std::uint8_t client_mac[6] = {0x02, 0, 0, 0, 0, 0x01}, server_mac[6] = {0x02, 0, 0, 0, 0, 0x02};
        auto add16 = [&](std::uint16_t v) { p.push_back(v >> 8); p.push_back(v & 0xff); };
        auto add32 = [&](std::uint32_t v) { add16(v >> 16); add16(v & 0xffff); };
        p.insert(p.end(), from_client ? server_mac : client_mac, (from_client ? server_mac : client_mac) + 6);
        p.insert(p.end(), from_client ? client_mac : server_mac, (from_client ? client_mac : server_mac) + 6);
        add16(0x0800);
        const std::size_t ip = p.size();
        const std::uint32_t client_ip = 0x0a000001, server_ip = 0x0a000002;
        add16(0x4500);
        add16(static_cast<std::uint16_t>(20 + 20 + payload.size()));
        add16(++ip_id_);
        add16(0x4000);
        add16(0x4006);  // TTL 64, TCP
        add16(0);       // checksum, filled below
        add32(from_client ? client_ip : server_ip);
        add32(from_client ? server_ip : client_ip);
        std::uint32_t sum = 0;
        for (std::size_t i = ip; i < ip + 20; i += 2) sum += (p[i] << 8) | p[i + 1];
        while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
        p[ip + 10] = static_cast<std::uint8_t>(~sum >> 8);
        p[ip + 11] = static_cast<std::uint8_t>(~sum & 0xff);
        add16(from_client ? f.client_port : f.server_port);
        add16(from_client ? f.server_port : f.client_port);
        add32(from_client ? f.client_seq : f.server_seq);
        add32(flags == 0x02 ? 0 : (from_client ? f.server_seq : f.client_seq));
        p.push_back(0x50);  // data offset 5 words
        p.push_back(flags);
        add16(0xffff);  // window
        add16(0);       // checksum (not verified by Wireshark by default)
        add16(0);
        p.insert(p.end(), payload.begin(), payload.end());
        put32(++ts_);  // one record per second
        put32(0);
        put32(static_cast<std::uint32_t>(p.size()));
        put32(static_cast<std::uint32_t>(p.size()));
        out_.write(reinterpret_cast<const char*>(p.data()), static_cast<std::streamsize>(p.size()));
    }
    // Host byte order throughout, like the magic number: readers detect it from the magic.
    void put16(std::uint16_t v) { out_.write(reinterpret_cast<const char*>(&v), 2); }
    void put32(std::uint32_t v) { out_.write(reinterpret_cast<const char*>(&v), 4); }

    std::ofstream out_;
    std::uint16_t ip_id_ = 0;
    std::uint32_t ts_ = 1700000000;
};

}  // namespace csta_test
