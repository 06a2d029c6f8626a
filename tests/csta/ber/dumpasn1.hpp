#pragma once
// Runs the independent decoder dumpasn1 (Debian package dumpasn1) on bytes, so golden BER
// vectors are checked by a second implementation and not only by our own decoder.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

namespace csta_test {

struct Dump {
    int status = -1;  // dumpasn1's exit status: 0 = parsed without errors
    std::string text;
};

inline Dump dumpasn1(const std::vector<std::uint8_t>& der) {
    char path[] = "/tmp/csta-ber-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    const bool written = write(fd, der.data(), der.size()) == static_cast<ssize_t>(der.size());
    close(fd);
    if (!written) throw std::runtime_error("cannot write temp file");
    // -a: print all data; -z: allow zero-length items (empty NULL/optional parts).
    const std::string cmd = std::string(DUMPASN1_EXECUTABLE) + " -a -z " + path + " 2>&1";
    Dump d;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        while (std::size_t n = fread(buf, 1, sizeof buf, p)) d.text.append(buf, n);
        const int rc = pclose(p);
        d.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    }
    unlink(path);
    return d;
}

}  // namespace csta_test
