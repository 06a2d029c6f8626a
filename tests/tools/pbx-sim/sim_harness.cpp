#include "tests/tools/pbx-sim/sim_harness.hpp"

#include <algorithm>
#include <regex>

namespace pbxsim_test {

SimHarness::SimHarness(pbxsim::SimConfig cfg) : pbx_(std::move(cfg), sched_), session_(pbx_, {}, 42) {
    pbx_.set_event_sink([this](const ami::Message& e) { collect(session_.on_event(e)); });
}

void SimHarness::collect(const std::string& bytes) {
    parser_.feed(bytes);
    while (auto o = parser_.next()) {
        if (auto* m = std::get_if<ami::Message>(&*o)) {
            // Keep the simulator's aliases current so later actions can be translated.
            for (const char* h : {"Channel", "DestChannel"})
                if (m->get(h).find('-') != std::string_view::npos) sim_aliases_.channel(std::string(m->get(h)));
            if (m->has("Challenge")) challenge_ = std::string(m->get("Challenge"));
            received_.push_back(*m);
        }
    }
}

std::string SimHarness::translate(const std::string& action_bytes) {
    static const std::regex chan(R"(PJSIP/[0-9A-Za-z]+-[0-9a-f]{8})");
    std::string out;
    std::sregex_iterator it(action_bytes.begin(), action_bytes.end(), chan), end;
    std::size_t last = 0;
    for (; it != end; ++it) {
        out += action_bytes.substr(last, it->position() - last);
        auto alias = recorded_aliases_.channel(it->str());
        auto sim_name = sim_aliases_.name_of(alias);
        out += sim_name.empty() ? it->str() : sim_name;
        last = it->position() + it->length();
    }
    out += action_bytes.substr(last);
    // An MD5 Login carries md5(recorded challenge + secret): recompute it for ours.
    static const std::regex key(R"(Key: [0-9a-f]{32})");
    if (out.find("AuthType: MD5") != std::string::npos && out.find("Action: Login") != std::string::npos) {
        std::smatch user;
        std::regex_search(out, user, std::regex(R"(Username: ([^\r\n]*))"));
        auto it_user = pbx_.config().users.find(user.size() > 1 ? user[1].str() : "");
        if (it_user != pbx_.config().users.end())
            out = std::regex_replace(out, key, "Key: " + pbxsim::md5_login_key(challenge_, it_user->second.secret));
    }
    return out;
}

std::vector<ami::Message> SimHarness::replay(const ami::Transcript& t, std::vector<StoryStep> story) {
    // The recording's own aliases come from everything Asterisk sent.
    {
        auto recorded = received_messages(t);
        for (const auto& m : recorded)
            for (const char* h : {"Channel", "DestChannel"})
                if (m.get(h).find('-') != std::string_view::npos) recorded_aliases_.channel(std::string(m.get(h)));
    }
    struct Item {
        double time;
        int order;
        std::function<void()> run;
    };
    std::vector<Item> items;
    int order = 0;
    for (const auto& c : t.chunks) {
        if (c.direction != ami::TranscriptChunk::Direction::from_client) continue;
        auto bytes = c.bytes;
        items.push_back({c.time, order++, [this, bytes] {
                             if (!session_.finished()) collect(session_.on_bytes(translate(bytes)));
                         }});
    }
    for (auto& s : story) {
        auto act = s.act;
        items.push_back({s.time, order++, [this, act] { act(pbx_); }});
    }
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
        return a.time < b.time || (a.time == b.time && a.order < b.order);
    });
    for (auto& i : items) {
        sched_.advance_to(pbxsim::Millis{static_cast<long>(i.time * 1000.0 + 0.5)});
        i.run();
    }
    sched_.advance(pbxsim::Millis{60000});  // let timers (dial timeouts) run out
    return received_;
}

}  // namespace pbxsim_test
