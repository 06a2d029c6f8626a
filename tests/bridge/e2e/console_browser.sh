#!/usr/bin/env bash
# The web console in a real browser: pbx-sim and csta-bridge (with http-listen and a console
# user) on free loopback ports, Debian's chromium headless, and console_browser.mjs driving it
# over the DevTools protocol. Screenshots go to OUT_DIR.
# Usage: console_browser.sh PBX_SIM CSTA_BRIDGE SOURCE_DIR OUT_DIR
# Exit 77 (CTest: skipped) when no chromium or no node with a WebSocket client is available.
set -euo pipefail
pbx_sim=$1 bridge=$2 src=$3 out=$4
mkdir -p "$out"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIPPED: no chromium installed (scripts/setup installs Debian's chromium)"
  exit 77
fi
node_flags=()
if ! command -v node >/dev/null; then
  echo "SKIPPED: node is not installed"
  exit 77
elif node -e 'if (typeof WebSocket !== "function") process.exit(1)' 2>/dev/null; then
  :  # node >= 22
elif node --experimental-websocket -e 'if (typeof WebSocket !== "function") process.exit(1)' 2>/dev/null; then
  node_flags=(--experimental-websocket --no-warnings)  # node 20.10+
else
  echo "SKIPPED: this node has no WebSocket client (needs node 20.10 or newer)"
  exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/csta-console-browser.XXXXXX")
pids=()
cleanup() {
  local status=$?
  # Chromium's helpers (zygote, renderers, crash handler) are in its own process group.
  [ -n "${browser_group:-}" ] && kill -TERM -- "-$browser_group" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" != 0 ] && [ "$status" != 77 ]; then
    for log in "$work"/*.log; do echo "---- $log"; tail -n 60 "$log"; done
  fi
  # A helper still exiting may write into the profile for a moment: retry, and never let
  # the clean-up change the result (it failed a passing run once: "Directory not empty").
  for _ in 1 2 3 4 5 6 7 8 9 10; do rm -rf "$work" 2>/dev/null && break; sleep 0.2; done
  exit "$status"
}
trap cleanup EXIT

# Below the kernel's ephemeral range, where parallel tests' outgoing connections take their
# ports (a listen() there can fail), and used by no socket now.
free_port() {
  local p first
  first=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$first" -gt 11000 ] || first=32768
  while :; do
    p=$((10000 + RANDOM % (first - 10000)))
    if ! ss -Htan "sport = :$p" | grep -q .; then echo "$p"; return; fi
  done
}
wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  return 1
}

ami_port=$(free_port); cti_port=$(free_port); http_port=$(free_port)
"$pbx_sim" --bind 127.0.0.1 --port "$ami_port" --extensions 1001-1004 --answer-ms 2500 >"$work/pbx-sim.log" 2>&1 &
pids+=($!)
wait_port "$ami_port"
cat >"$work/csta-bridge.conf" <<CONF
[general]
mapping-tables = $src/mappings/asterisk.xml
http-listen = 127.0.0.1:$http_port

[asterisk:pbx]
host = 127.0.0.1
port = $ami_port
username = bridge
secret = bridgepass

[listener:cti]
bind = 127.0.0.1
port = $cti_port

[user:watch]
secret = watchpass
console = yes
CONF
"$bridge" --config "$work/csta-bridge.conf" >"$work/csta-bridge.log" 2>&1 &
pids+=($!)
wait_port "$http_port"
# Until the AMI link is up (the page would show it connecting).
healthy() {
  exec 3<>"/dev/tcp/127.0.0.1/$http_port" || return 1
  printf 'GET /healthz HTTP/1.0\r\n\r\n' >&3
  head -n1 <&3 | grep -q ' 200 '
}
for _ in $(seq 100); do
  healthy 2>/dev/null && break
  sleep 0.1
done

setsid "$browser" --headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions \
  --remote-debugging-port=0 --user-data-dir="$work/profile" --window-size=1280,720 about:blank \
  >"$work/chromium.log" 2>&1 &
pids+=($!)
browser_group=$!
for _ in $(seq 150); do
  [ -s "$work/profile/DevToolsActivePort" ] && break
  sleep 0.2
done
[ -s "$work/profile/DevToolsActivePort" ] || { echo "chromium did not open its DevTools port" >&2; exit 1; }
devtools_port=$(head -n1 "$work/profile/DevToolsActivePort")

node "${node_flags[@]}" "$src/tests/bridge/e2e/console_browser.mjs" "$devtools_port" "http://127.0.0.1:$http_port/" \
  watch watchpass "$ami_port" "$out"
