// Overview: every AMI link, every CSTA session, and the totals.
"use strict";

Console.pages.overview = {
  async refresh() {
    const [links, sessions, calls, devices] = await Promise.all(
      [api("/api/links"), api("/api/sessions"), api("/api/calls"), api("/api/devices")]);
    const sum = (rows, key) => rows.reduce((n, r) => n + r[key], 0);
    const card = (value, label) => el("div", {class: "card"}, el("b", {}, value), el("span", {}, label));
    fill("totals", el("div", {class: "totals"},
      card(links.filter(l => l.state === "up").length + " / " + links.length, "AMI links up"),
      card(sessions.length, "CSTA sessions"),
      card(sum(sessions, "monitors"), "monitors"),
      card(calls.length, "active calls"),
      card(devices.length, "known devices"),
      card(sum(sessions, "events_out"), "events sent")));
    const ms = v => v == null ? "-" : v.toFixed(2) + " ms";
    fill("links", table([
      {title: "server", cell: l => l.name},
      {title: "address", cell: l => (l.tls ? "tls://" : "") + l.host + ":" + l.port},
      {title: "state", cell: l => stateBadge(l.state)},
      {title: "Asterisk", cell: l => l.asterisk_version || "-"},
      {title: "AMI", cell: l => l.ami_version || "-"},
      {title: "round trip", cell: l => ms(l.round_trip_ms)},
      {title: "mean action", cell: l => ms(l.mean_action_ms)},
      {title: "reconnects", cell: l => l.reconnects},
      {title: "calls", cell: l => l.calls},
      {title: "AMI events", cell: l => l.ami_events},
      {title: "last error", cell: l => l.last_error || "-"},
    ], links, l => ({"data-link": l.name}), "no Asterisk server configured"));
    fill("sessions", table([
      {title: "#", cell: s => s.id},
      {title: "user", cell: s => s.user || (s.logged_in ? "(trusted peer)" : "(not logged in)")},
      {title: "address", cell: s => s.address},
      {title: "listener", cell: s => s.listener},
      {title: "encoding / edition", cell: s => s.encoding},
      {title: "TLS", cell: s => s.tls ? "yes" : "no"},
      {title: "monitors", cell: s => s.monitors},
      {title: "events out", cell: s => s.events_out},
      {title: "queue", cell: s => s.queue_bytes + " B"},
    ], sessions, s => ({"data-session": s.id}), "no CSTA client connected"));
  },
};
