// The console's common part: page switching (#overview, #devices, #calls), the JSON API,
// the live event stream (/api/stream, Server-Sent Events) and small DOM helpers. Data is
// always put in the page as text (textContent), never as HTML.
"use strict";

const Console = {
  pages: {},   // name -> {show(), refresh(), onEvent(message)}
  current: null,
  refreshTimer: null,
};

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return node;
}

function stateBadge(state) {
  return el("span", {class: "state " + state}, state);
}

// columns: [{title, cell(row) -> string | Node}]; rowAttributes(row) -> attributes of its <tr>.
function table(columns, rows, rowAttributes, emptyText) {
  if (!rows.length) return el("div", {class: "empty"}, emptyText || "none");
  const head = el("tr", {}, ...columns.map(c => el("th", {}, c.title)));
  const body = rows.map(r => el("tr", rowAttributes ? rowAttributes(r) : {}, ...columns.map(c => el("td", {}, c.cell(r)))));
  return el("table", {}, el("thead", {}, head), el("tbody", {}, ...body));
}

function fill(id, node) {
  document.getElementById(id).replaceChildren(node);
}

async function api(path) {
  const response = await fetch(path, {credentials: "same-origin", cache: "no-store"});
  if (!response.ok) throw new Error(path + ": " + response.status);
  return response.json();
}

function duration(seconds) {
  seconds = Math.max(0, Math.floor(seconds));
  const m = Math.floor(seconds / 60), s = seconds % 60;
  return m + ":" + String(s).padStart(2, "0");
}

// Refreshes the current page soon (events come in bursts: one fetch per burst).
function refreshSoon() {
  if (Console.refreshTimer) return;
  Console.refreshTimer = setTimeout(() => {
    Console.refreshTimer = null;
    refreshNow();
  }, 150);
}

function refreshNow() {
  const page = Console.pages[Console.current];
  if (page) page.refresh().catch(e => console.error(e));
}

function showPage() {
  const name = (location.hash || "#overview").slice(1).split("/")[0];
  Console.current = Console.pages[name] ? name : "overview";
  for (const p of Object.keys(Console.pages)) {
    document.getElementById("page-" + p).hidden = p !== Console.current;
    document.getElementById("nav-" + p).classList.toggle("current", p === Console.current);
  }
  refreshNow();
}

function connectStream() {
  const live = document.getElementById("live");
  const stream = new EventSource("/api/stream");
  stream.onopen = () => { live.textContent = "live"; live.classList.remove("off"); };
  stream.onerror = () => { live.textContent = "reconnecting"; live.classList.add("off"); };
  stream.addEventListener("csta", e => {
    const message = JSON.parse(e.data);
    for (const p of Object.values(Console.pages)) if (p.onEvent) p.onEvent(message);
    refreshSoon();
  });
}

window.addEventListener("DOMContentLoaded", () => {
  window.addEventListener("hashchange", showPage);
  showPage();
  connectStream();
  // Links and sessions change without call events: the current page is also read every 2 s.
  setInterval(refreshNow, 2000);
});
