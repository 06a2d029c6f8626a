#include "bridge/server/shared_encodings.hpp"

namespace bridge {

std::string SharedEncodings::Kept::with_id(std::string_view xref) const {
    std::string out;
    out.reserve(document.size() - id_size + xref.size());
    out.append(document, 0, id_at).append(xref).append(document, id_at + id_size);
    return out;
}

const SharedEncodings::Kept* SharedEncodings::find(std::string_view dialect) const noexcept {
    for (const auto& e : entries_)
        if (e.form == form_ && e.dialect == dialect) return &e.kept;
    return nullptr;
}

bool SharedEncodings::keep(std::string_view dialect, std::string&& document, std::string_view xref) {
    // ECMA-323 puts monitorCrossRefID first in every event; the first such element is it.
    constexpr std::string_view open = "<monitorCrossRefID>", close = "</monitorCrossRefID>";
    const std::string_view doc = document;
    const auto at = doc.find(open);
    if (at == std::string_view::npos) return false;
    const auto text = at + open.size();
    if (doc.substr(text, xref.size()) != xref || doc.substr(text + xref.size(), close.size()) != close) return false;
    entries_.push_back(Entry{form_, std::string(dialect), Kept{std::move(document), text, xref.size()}});
    return true;
}

const SharedEncodings::KeptFrame* SharedEncodings::find_frame(std::string_view dialect, std::size_t invoke_size,
                                                              std::size_t xref_size) const noexcept {
    for (const auto& e : frames_)
        if (e.form == form_ && e.dialect == dialect && e.kept.invoke_size == invoke_size && e.kept.xref_size == xref_size)
            return &e.kept;
    return nullptr;
}

void SharedEncodings::keep_frame(std::string_view dialect, KeptFrame kept) {
    frames_.push_back(FrameEntry{form_, std::string(dialect), std::move(kept)});
}

}  // namespace bridge
