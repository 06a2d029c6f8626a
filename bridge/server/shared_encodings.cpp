#include "bridge/server/shared_encodings.hpp"

namespace bridge {

const SharedEncodings::Split* SharedEncodings::find(std::string_view dialect) const noexcept {
    for (const auto& e : entries_)
        if (e.form == form_ && e.dialect == dialect) return &e.split;
    return nullptr;
}

bool SharedEncodings::keep(std::string_view dialect, std::string_view document, std::string_view xref) {
    // ECMA-323 puts monitorCrossRefID first in every event; the first such element is it.
    constexpr std::string_view open = "<monitorCrossRefID>", close = "</monitorCrossRefID>";
    const auto at = document.find(open);
    if (at == std::string_view::npos) return false;
    const auto text = at + open.size();
    if (document.substr(text, xref.size()) != xref || document.substr(text + xref.size(), close.size()) != close)
        return false;
    entries_.push_back(Entry{form_, std::string(dialect),
                             Split{std::string(document.substr(0, text)), std::string(document.substr(text + xref.size()))}});
    return true;
}

}  // namespace bridge
