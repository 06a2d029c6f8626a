// Fan-out of one CSTA event to N monitors of the same device, each in its own XML (or BER)
// session: every copy encoded on its own (WireProtocol::event, as before issue 17's
// encode-once fan-out) against one encoding shared and patched (shared_event, what BridgeApp
// does). Reports the time per event for all N copies, and per copy.
#include <benchmark/benchmark.h>

#include "bridge/server/monitors.hpp"
#include "bridge/server/wire.hpp"

namespace {

csta::Event established() {
    csta::EstablishedEvent e;
    e.establishedConnection = csta::ConnectionID("1733220000.17", "1002");
    e.answeringDevice = csta::DeviceID("1002");
    e.callingDevice = csta::DeviceID("1001");
    e.calledDevice = csta::DeviceID("1002");
    e.cause = csta::EventCause::newCall;
    return e;
}

using MakeWire = std::unique_ptr<bridge::WireProtocol> (*)(const bridge::WireOptions&);

void fan_out(benchmark::State& state, bool share, MakeWire make_wire = bridge::make_xml_protocol) {
    const auto monitors = static_cast<bridge::SessionId>(state.range(0));
    bridge::MonitorRegistry reg;
    std::vector<std::unique_ptr<bridge::WireProtocol>> sessions;
    for (bridge::SessionId s = 0; s < monitors; ++s) {
        (void)reg.start(s, {"1002", ""}, {}, 10);
        sessions.push_back(make_wire({}));
    }
    const auto event = established();
    const bridge::EventAudience audience{"1733220000.17", {{"1002", csta::LocalConnectionState::connected}}};
    std::size_t bytes = 0;
    for (auto _ : state) {
        bridge::SharedEncodings shared;
        reg.deliver(event, audience, [&](const bridge::Monitor& m, csta::Event ev, const void* form) {
            auto& wire = *sessions[m.session];
            if (form) shared.select(form);
            const auto frame = share && form ? wire.shared_event(ev, shared) : wire.event(ev);
            bytes += frame->size();
        });
    }
    benchmark::DoNotOptimize(bytes);
    state.counters["per copy ns"] = benchmark::Counter(static_cast<double>(state.iterations() * monitors),
                                                       benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_EachCopyEncoded(benchmark::State& state) { fan_out(state, false); }
void BM_EncodedOnceShared(benchmark::State& state) { fan_out(state, true); }
void BM_EachCopyEncoded_Ber(benchmark::State& state) { fan_out(state, false, bridge::make_ber_protocol); }
void BM_EncodedOnceShared_Ber(benchmark::State& state) { fan_out(state, true, bridge::make_ber_protocol); }
BENCHMARK(BM_EachCopyEncoded)->Arg(1)->Arg(4)->Arg(16)->Arg(64);
BENCHMARK(BM_EncodedOnceShared)->Arg(1)->Arg(4)->Arg(16)->Arg(64);
BENCHMARK(BM_EachCopyEncoded_Ber)->Arg(1)->Arg(4)->Arg(16)->Arg(64);
BENCHMARK(BM_EncodedOnceShared_Ber)->Arg(1)->Arg(4)->Arg(16)->Arg(64);

}  // namespace

BENCHMARK_MAIN();
