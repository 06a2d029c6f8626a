#pragma once
// Counters and gauges of the running bridge, rendered in the Prometheus text format
// (version 0.0.4) for /metrics. Owned by the io_context thread: no locks.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace bridge {

class Metrics {
public:
    using Labels = std::vector<std::pair<std::string, std::string>>;

    // Declares a metric once (help text and type); using an undeclared name throws.
    void declare_counter(const std::string& name, const std::string& help);
    void declare_gauge(const std::string& name, const std::string& help);

    void add(const std::string& name, double value = 1, const Labels& labels = {});
    void set(const std::string& name, double value, const Labels& labels = {});
    double value(const std::string& name, const Labels& labels = {}) const;
    // The value of one series, for counters bumped per event: look it up once, add to the
    // reference after (rendering the labels per event cost more than the event's encoding).
    // Stays valid for the Metrics' lifetime (map nodes do not move; metrics are declared
    // only at construction).
    double& series(const std::string& name, const Labels& labels = {});

    std::string render() const;

    // The bridge's standard set (sessions, monitors, calls, events, errors, drops, AMI).
    static Metrics standard();

private:
    struct Family {
        std::string help;
        bool counter = true;
        std::map<std::string, double> series;  // rendered label set -> value
    };
    Family& family(const std::string& name);
    static std::string render_labels(const Labels& labels);
    std::map<std::string, Family> families_;
};

}  // namespace bridge
