#pragma once
// Where the tests find the shared fixtures (../shared next to the repository).
#include <string>
#include <vector>

namespace test_support {

std::string shared_dir();                       // .../shared
std::string ami_fixture(const std::string& name);  // .../shared/fixtures/ami/<name>
std::string source_dir();                       // the repository root
// Every "*.ami" transcript in shared/fixtures/ami, sorted by name (full paths).
std::vector<std::string> all_ami_transcripts();
std::string read_file(const std::string& path);

}  // namespace test_support
