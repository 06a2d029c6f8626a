// Calls: every active call with its connections and their states, how long it has existed
// and who started it.
"use strict";

function connectionList(call) {
  return el("span", {}, ...call.connections.map(c =>
    el("span", {class: "conn"}, c.device + " ", stateBadge(c.state))));
}

Console.pages.calls = {
  async refresh() {
    const calls = await api("/api/calls");
    const now = Date.now();
    fill("calls", table([
      {title: "call", cell: c => c.call},
      {title: "server", cell: c => c.server},
      {title: "from", cell: c => c.calling || "-"},
      {title: "to", cell: c => c.called || "-"},
      {title: "started by", cell: c => c.started_by === "MakeCall" ? "CSTA MakeCall" : "phone"},
      {title: "duration", cell: c => duration((now - c.since) / 1000)},
      {title: "connections", cell: connectionList},
    ], calls, c => ({"data-call": c.call}), "no active call"));
  },
};
