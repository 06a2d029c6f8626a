#include "bridge/core/regex_cache.hpp"

#include <mutex>
#include <unordered_map>

namespace bridge {

namespace {
constexpr std::size_t kMaxEntries = 4096;  // a table has a few hundred patterns

struct Cache {
    std::mutex mutex;
    std::unordered_map<std::string, std::regex> entries;
};
Cache& cache() {
    static Cache c;
    return c;
}
}  // namespace

std::regex compiled_regex(const std::string& text) {
    auto& c = cache();
    {
        const std::lock_guard lock(c.mutex);
        if (const auto it = c.entries.find(text); it != c.entries.end()) return it->second;
    }
    std::regex re(text, std::regex::ECMAScript);  // outside the lock: it may take a while, or throw
    const std::lock_guard lock(c.mutex);
    if (c.entries.size() >= kMaxEntries) c.entries.clear();
    c.entries.emplace(text, re);
    return re;
}

}  // namespace bridge
