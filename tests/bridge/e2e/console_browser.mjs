// Drives headless Chromium over the DevTools protocol (node's built-in WebSocket): opens the
// console's Calls page, makes pbx-sim place a call 1001 -> 1002, and checks that the call
// appears, is answered and clears on the page without a reload. Saves screenshots.
// Usage: node console_browser.mjs DEVTOOLS_PORT CONSOLE_URL USER PASSWORD AMI_PORT OUT_DIR
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const [devtoolsPort, consoleUrl, user, password, amiPort, outDir] = process.argv.slice(2);
const sleep = ms => new Promise(r => setTimeout(r, ms));

function fail(message) {
  console.error("console-browser: FAILED: " + message);
  process.exit(1);
}

// A pbx-sim phone action over plain AMI (SimCall, SimHangup).
function simAction(action, headers) {
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(amiPort), "127.0.0.1");
    let text = "";
    s.on("data", d => { text += d; if (text.includes("Goodbye")) s.end(); });
    s.on("close", () => resolve(text));
    s.on("error", reject);
    let req = "Action: Login\r\nUsername: bridge\r\nSecret: bridgepass\r\nEvents: off\r\n\r\nAction: " + action + "\r\n";
    for (const [k, v] of Object.entries(headers)) req += k + ": " + v + "\r\n";
    s.write(req + "\r\nAction: Logoff\r\n\r\n");
  });
}

const targets = await (await fetch(`http://127.0.0.1:${devtoolsPort}/json/list`)).json();
const page = targets.find(t => t.type === "page");
if (!page) fail("no page target in Chromium");
const ws = new WebSocket(page.webSocketDebuggerUrl);
await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error("DevTools connection failed")); });
let nextId = 1;
const pending = new Map();
const consoleMessages = [];
ws.onmessage = event => {
  const m = JSON.parse(event.data);
  if (m.id && pending.has(m.id)) {
    pending.get(m.id)(m);
    pending.delete(m.id);
  } else if (m.method === "Runtime.exceptionThrown") {
    consoleMessages.push("exception: " + JSON.stringify(m.params.exceptionDetails));
  } else if (m.method === "Runtime.consoleAPICalled") {
    consoleMessages.push(m.params.type + ": " + m.params.args.map(a => a.value ?? a.description).join(" "));
  }
};
function send(method, params = {}) {
  const id = nextId++;
  ws.send(JSON.stringify({id, method, params}));
  return new Promise(resolve => pending.set(id, resolve)).then(m => {
    if (m.error) fail(method + ": " + JSON.stringify(m.error));
    return m.result;
  });
}
async function evaluate(expression) {
  const r = await send("Runtime.evaluate", {expression, returnByValue: true});
  return r.result.value;
}
async function waitFor(what, expression, seconds) {
  for (let i = 0; i < seconds * 10; i++) {
    if (await evaluate(expression)) return;
    await sleep(100);
  }
  fail("timed out waiting for " + what + "\npage: " + await evaluate("document.querySelector('main').innerText") +
       "\nbrowser console:\n" + consoleMessages.join("\n"));
}
async function screenshot(name) {
  const shot = await send("Page.captureScreenshot", {format: "png"});
  const file = path.join(outDir, name);
  fs.writeFileSync(file, Buffer.from(shot.data, "base64"));
  console.log("console-browser: screenshot " + file);
}

await send("Runtime.enable");
await send("Page.enable");
await send("Network.enable");
await send("Emulation.setDeviceMetricsOverride", {width: 1280, height: 720, deviceScaleFactor: 1, mobile: false});
// The login a person types into the browser's prompt, given to every request of the page.
await send("Network.setExtraHTTPHeaders",
           {headers: {Authorization: "Basic " + Buffer.from(user + ":" + password).toString("base64")}});
await send("Page.navigate", {url: consoleUrl + "#calls"});
await waitFor("the Calls page", "document.querySelector('#calls .empty, #calls table') !== null", 15);
await waitFor("the live stream", "document.getElementById('live').textContent === 'live'", 10);
await evaluate("window.__loadedOnce = true");  // gone if the page reloads

const callRow = "[...document.querySelectorAll('#calls tr[data-call]')]";
await simAction("SimCall", {From: "1001", To: "1002"});
await waitFor("the ringing call on the page",
              `${callRow}.some(r => /1001/.test(r.innerText) && /1002\\s*alerting/.test(r.innerText))`, 15);
console.log("console-browser: the call appeared, 1002 alerting");
await waitFor("the answered call on the page", `${callRow}.some(r => /1002\\s*connected/.test(r.innerText))`, 15);
console.log("console-browser: 1002 answered");
await screenshot("console-calls.png");

// Devices page: 1002's live event tail.
await evaluate("location.hash = '#devices'");
await waitFor("the device list", "document.querySelector('#devices tr[data-device=\"1002\"]') !== null", 10);
await evaluate("document.querySelector('#devices tr[data-device=\"1002\"]').click()");
await waitFor("1002's event tail", "/EstablishedEvent/.test(document.getElementById('device-events').textContent)", 10);
await screenshot("console-devices.png");
await evaluate("location.hash = '#calls'");

await simAction("SimHangup", {Exten: "1001"});
await waitFor("the call to clear from the page", `${callRow}.length === 0`, 15);
console.log("console-browser: the call cleared");
if (!await evaluate("window.__loadedOnce === true")) fail("the page was reloaded");
await evaluate("location.hash = '#overview'");
await waitFor("the overview", "document.querySelector('#links tr[data-link]') !== null", 10);
await screenshot("console-overview.png");
ws.close();
console.log("console-browser: OK");
process.exit(0);
