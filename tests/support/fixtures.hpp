#pragma once
// Where the tests find their data: tests/data in this repository (recorded AMI transcripts,
// the ECMA-323 ed6 element list; tests/data/README.md says where each comes from).
#include <string>
#include <vector>

namespace test_support {

std::string source_dir();                          // the repository root
std::string data_dir();                            // <root>/tests/data
std::string ami_fixture(const std::string& name);  // <root>/tests/data/ami/<name>
std::string ed6_elements();                        // <root>/tests/data/ecma-323/ed6-elements.txt
// Every "*.ami" transcript in tests/data/ami, sorted by name (full paths).
std::vector<std::string> all_ami_transcripts();
std::string read_file(const std::string& path);

}  // namespace test_support
