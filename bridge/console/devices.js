// Devices: every known device with its live state, filterable; a click shows the device's
// calls and the events its monitors receive, live.
"use strict";

const DevicePage = {
  selected: null,
  devices: [],
};

function forwardingText(f) {
  const entries = Object.entries(f || {});
  return entries.length ? entries.map(([type, to]) => type + (to ? " > " + to : "")).join(", ") : "-";
}

function renderDevices() {
  const filter = document.getElementById("device-filter").value.trim().toLowerCase();
  const rows = DevicePage.devices.filter(d => !filter ||
    [d.device, d.state, d.server, d.agent].some(v => (v || "").toLowerCase().includes(filter)));
  fill("devices", table([
    {title: "device", cell: d => d.device},
    {title: "server", cell: d => d.server},
    {title: "state", cell: d => stateBadge(d.state)},
    {title: "calls", cell: d => d.calls.map(c => c.call).join(", ") || "-"},
    {title: "DND", cell: d => d.dnd == null ? "-" : d.dnd ? "on" : "off"},
    {title: "forwarding", cell: d => forwardingText(d.forwarding)},
    {title: "agent", cell: d => d.agent || "-"},
    {title: "monitored", cell: d => d.monitored ? "yes" : "no"},
  ], rows, d => ({
    "data-device": d.device,
    class: "clickable" + (d.device === DevicePage.selected ? " selected" : ""),
    onclick: () => selectDevice(d.device),
  }), filter ? "no device matches" : "no device known yet"));
}

async function renderDeviceCalls() {
  const device = DevicePage.selected;
  const calls = (await api("/api/calls")).filter(c => c.connections.some(x => x.device === device));
  fill("device-calls", table([
    {title: "call", cell: c => c.call},
    {title: "from", cell: c => c.calling || "-"},
    {title: "to", cell: c => c.called || "-"},
    {title: "duration", cell: c => duration((Date.now() - c.since) / 1000)},
    {title: "connections", cell: connectionList},
  ], calls, c => ({"data-call": c.call}), "no call at this device"));
}

function appendEventLine(time, line) {
  const pre = document.getElementById("device-events");
  const stamp = new Date(time).toTimeString().slice(0, 8);
  pre.append(stamp + "  " + line + "\n");
  pre.scrollTop = pre.scrollHeight;
}

async function selectDevice(device) {
  DevicePage.selected = device;
  document.getElementById("device-detail").hidden = false;
  document.getElementById("device-title").textContent = "Device " + device;
  document.getElementById("device-events").replaceChildren();
  renderDevices();
  const events = await api("/api/events?device=" + encodeURIComponent(device));
  document.getElementById("device-events").replaceChildren();
  for (const e of events) appendEventLine(e.time, e.line);
  await renderDeviceCalls();
}

Console.pages.devices = {
  async refresh() {
    DevicePage.devices = await api("/api/devices");
    renderDevices();
    if (DevicePage.selected) await renderDeviceCalls();
  },
  onEvent(message) {
    for (const l of message.lines)
      if (l.device === DevicePage.selected) appendEventLine(message.time, l.line);
  },
};

window.addEventListener("DOMContentLoaded", () => {
  document.getElementById("device-filter").addEventListener("input", renderDevices);
});
