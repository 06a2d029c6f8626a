#include "tests/support/fixtures.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace test_support {

std::string source_dir() { return CSTA_SOURCE_DIR; }
std::string data_dir() { return source_dir() + "/tests/data"; }
std::string ami_fixture(const std::string& name) { return data_dir() + "/ami/" + name; }
std::string ed6_elements() { return data_dir() + "/ecma-323/ed6-elements.txt"; }

std::vector<std::string> all_ami_transcripts() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(data_dir() + "/ami"))
        if (e.path().extension() == ".ami") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    if (out.empty()) throw std::runtime_error("no .ami transcripts under " + data_dir() + "/ami");
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace test_support
