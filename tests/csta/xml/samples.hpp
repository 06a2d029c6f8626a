#pragma once
// One instance of every message type of the model with every optional member filled, for
// round-trip and element-order tests.
#include <vector>

#include "csta/model/messages.hpp"

namespace csta_test {

std::vector<csta::Message> full_samples();

}  // namespace csta_test
