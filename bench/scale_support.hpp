#pragma once
// What the scale benchmarks share: more file descriptors, many raw client connections, the
// bridge's /metrics gauges and its open descriptors. Linux only, like the daemon.
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace bench {

// Raises the soft RLIMIT_NOFILE to the hard limit (children started afterwards, such as the
// bridge, inherit it). Returns the limit now in force.
inline long raise_fd_limit() {
    rlimit r{};
    if (getrlimit(RLIMIT_NOFILE, &r) != 0) return 1024;
    if (r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
        getrlimit(RLIMIT_NOFILE, &r);
    }
    return r.rlim_cur == RLIM_INFINITY ? 1L << 20 : static_cast<long>(r.rlim_cur);
}

// A blocking TCP connection to 127.0.0.1:port; -1 when it fails.
inline int connect_local(unsigned short port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

inline bool write_all(int fd, const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        const auto n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

inline bool read_exact(int fd, std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        const auto n = ::recv(fd, data, size, 0);
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// One CSTA XML frame (8-byte header: 4-byte length including the header, 4-digit invoke id).
inline std::optional<std::string> read_xml_frame(int fd) {
    std::uint8_t header[8];
    if (!read_exact(fd, header, sizeof header)) return std::nullopt;
    const std::size_t total = (std::size_t{header[0]} << 24) | (std::size_t{header[1]} << 16) |
                              (std::size_t{header[2]} << 8) | header[3];
    if (total < 8 || total > (1u << 24)) return std::nullopt;
    std::string doc(total - 8, '\0');
    if (!read_exact(fd, reinterpret_cast<std::uint8_t*>(doc.data()), doc.size())) return std::nullopt;
    return doc;
}

// One value of the bridge's /metrics: name with its labels as printed, e.g.
// csta_bridge_calls{server="pbx"}; nullopt when absent.
inline std::optional<double> metric(unsigned short http_port, const std::string& name) {
    const int fd = connect_local(http_port);
    if (fd < 0) return std::nullopt;
    const std::string request = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    write_all(fd, reinterpret_cast<const std::uint8_t*>(request.data()), request.size());
    std::string body;
    char buf[8192];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) body.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    const auto at = body.find("\n" + name + " ");  // name with its labels, as printed
    if (at == std::string::npos) return std::nullopt;
    return std::stod(body.substr(at + name.size() + 2));
}

// Open file descriptors of a process (its sockets, among others).
inline long open_fds(pid_t pid) {
    long n = 0;
    if (DIR* d = opendir(("/proc/" + std::to_string(pid) + "/fd").c_str())) {
        while (readdir(d)) ++n;
        closedir(d);
    }
    return n - 2;  // . and ..
}

}  // namespace bench
