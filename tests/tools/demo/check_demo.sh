#!/usr/bin/env bash
# Runs scripts/demo-run BUILD_DIR and checks what a first-time user would see: exit status 0,
# the call's events in order of arrival on both monitored phones, and no process left behind.
# Usage: check_demo.sh DEMO_RUN BUILD_DIR
set -uo pipefail
demo_run=$1
build=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# setsid: demo-run and its children get their own process group, so that whatever happens the
# group can be checked (and killed) afterwards.
setsid bash "$demo_run" "$build" >"$out" 2>&1 &
leader=$!
# ctest's TIMEOUT sends a signal: pass it on to demo-run, whose trap stops its children.
trap 'kill -TERM -- "-$leader" 2>/dev/null; wait "$leader"; cat "$out"; exit 1' TERM INT
wait "$leader"
status=$?
trap - TERM INT
cat "$out"
fail() {
  echo "check_demo: FAIL: $*" >&2
  kill -KILL -- "-$leader" 2>/dev/null || true
  exit 1
}
[ "$status" = 0 ] || fail "demo-run exited with status $status"
# Every expected event, as printed by csta-cli ("event <xref> <Name> ...").
for expected in ServiceInitiatedEvent OriginatedEvent DeliveredEvent EstablishedEvent ConnectionClearedEvent; do
  grep -Eq "^event [^ ]+ $expected " "$out" || fail "no $expected in the output"
done
# Established seen by both monitors: answering device 1002, once per monitor cross reference.
[ "$(grep -Ec '^event [^ ]+ EstablishedEvent .*answering=1002' "$out")" -ge 2 ] ||
  fail "EstablishedEvent not reported on both monitors"
grep -q '^response MakeCallResponse calling=[^ ]*:1001' "$out" || fail "no MakeCallResponse for 1001"
grep -q '^demo: OK' "$out" || fail "no success line"
left=$(ps -o pid=,args= -g "$leader" 2>/dev/null || true)
[ -z "$left" ] || fail "processes left behind: $left"
echo "check_demo: OK"
