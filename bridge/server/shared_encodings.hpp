#pragma once
// One CSTA event delivered to many monitors is encoded once per dialect and per recipient
// form, not once per monitor (issue 17: encode-once fan-out). The monitors' copies of an
// event differ only in monitorCrossRefID when they share a form (call monitors; device
// monitors of the same device, which get the same localConnectionInfo), so the first
// encoding is kept with the place of its cross reference id and the others patch theirs in.
//
// Lives for one event's fan-out: BridgeApp::fan_out makes one per event, MonitorRegistry
// names the form of each copy (select), and a session's WireProtocol looks its dialect up.
// XML keeps the document and patches the id's text in (any length). BER keeps the framed
// report and overwrites the contents of its ROSE invoke id and of its cross reference id in
// place (ber_event_sharing.cpp): the ids sit inside nested definite lengths, so only a frame
// whose two contents have the copy's sizes will do; another size is encoded and kept anew.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bridge {

class SharedEncodings {
public:
    // An encoded event document and where its cross reference id sits in it.
    struct Kept {
        std::string document;
        std::size_t id_at = 0, id_size = 0;
        // The document with `xref` in place of the kept copy's id.
        std::string with_id(std::string_view xref) const;
    };

    // Which form the next copies have (an opaque tag: copies with equal tags differ only in
    // their cross reference id).
    void select(const void* form) noexcept { form_ = form; }

    // The document of this form in `dialect` (a WireProtocol's own key), or nullptr.
    const Kept* find(std::string_view dialect) const noexcept;
    // Keeps `document` (which carries `xref` as the text of its first monitorCrossRefID
    // element) for this form and dialect. It is taken, not copied: the caller has framed it
    // already, so an event that reaches one monitor only costs no copy. False, keeping
    // nothing, when the id is not found there as plain text.
    bool keep(std::string_view dialect, std::string&& document, std::string_view xref);

    std::size_t kept() const noexcept { return entries_.size(); }

    // A framed BER event report and where the contents of its invoke id and cross reference
    // id sit in it.
    struct KeptFrame {
        std::vector<std::uint8_t> frame;
        std::size_t invoke_at = 0, invoke_size = 0, xref_at = 0, xref_size = 0;
    };
    // A frame of this form in `dialect` whose two ids have these sizes, or nullptr.
    const KeptFrame* find_frame(std::string_view dialect, std::size_t invoke_size, std::size_t xref_size) const noexcept;
    void keep_frame(std::string_view dialect, KeptFrame kept);
    std::size_t kept_frames() const noexcept { return frames_.size(); }

private:
    struct Entry {
        const void* form;
        std::string dialect;
        Kept kept;
    };
    struct FrameEntry {
        const void* form;
        std::string dialect;
        KeptFrame kept;
    };
    const void* form_ = nullptr;
    std::vector<Entry> entries_;  // a few per event: a linear search is the fastest
    std::vector<FrameEntry> frames_;
};

}  // namespace bridge
