#pragma once
// What every stand-alone benchmark shares: command-line numbers, medians, and a report
// printed as a table and written as JSON (rows of named numbers).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace bench {

class Args {
public:
    Args(int argc, char** argv) : args_(argv + 1, argv + argc) {}
    double number(const std::string& name, double fallback) const {
        auto v = value(name);
        return v.empty() ? fallback : std::stod(v);
    }
    std::string text(const std::string& name, const std::string& fallback) const {
        auto v = value(name);
        return v.empty() ? fallback : v;
    }
    bool flag(const std::string& name) const { return std::find(args_.begin(), args_.end(), name) != args_.end(); }

private:
    std::string value(const std::string& name) const {
        for (std::size_t i = 0; i + 1 < args_.size(); ++i)
            if (args_[i] == name) return args_[i + 1];
        return {};
    }
    std::vector<std::string> args_;
};

inline double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// p in [0, 1] of sorted values (nearest rank).
inline double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(i, sorted.size() - 1)];
}

class Report {
public:
    using Values = std::vector<std::pair<std::string, double>>;
    explicit Report(std::string name) : name_(std::move(name)) {}
    void meta(const std::string& key, double value) { meta_.emplace_back(key, value); }
    void row(const std::string& what, Values values) { rows_.emplace_back(what, std::move(values)); }

    void print(std::ostream& out) const {
        out << "\n== " << name_ << "\n";
        for (const auto& [what, values] : rows_) {
            out << "  " << std::left << std::setw(40) << what;
            for (const auto& [k, v] : values) out << "  " << k << " " << format(v);
            out << "\n";
        }
    }
    void write_json(const std::string& path) const {
        std::ofstream f(path);
        f << "{\"benchmark\":\"" << name_ << "\",\"meta\":{";
        for (std::size_t i = 0; i < meta_.size(); ++i)
            f << (i ? "," : "") << "\"" << meta_[i].first << "\":" << meta_[i].second;
        f << "},\"rows\":[";
        for (std::size_t r = 0; r < rows_.size(); ++r) {
            f << (r ? "," : "") << "{\"what\":\"" << rows_[r].first << "\"";
            for (const auto& [k, v] : rows_[r].second) {
                f << ",\"" << k << "\":";
                if (std::isfinite(v)) f << v;
                else f << "null";  // not measured (JSON has no NaN)
            }
            f << "}";
        }
        f << "]}\n";
    }

private:
    static std::string format(double v) {
        std::ostringstream s;
        if (!std::isfinite(v)) return "n/a";
        if (v >= 1e6) s << std::fixed << std::setprecision(2) << v / 1e6 << " M";
        else if (v >= 1e4) s << std::fixed << std::setprecision(1) << v / 1e3 << " k";
        else if (v >= 100) s << std::fixed << std::setprecision(0) << v;
        else s << std::setprecision(3) << v;
        return s.str();
    }
    std::string name_;
    Values meta_;
    std::vector<std::pair<std::string, Values>> rows_;
};

}  // namespace bench
