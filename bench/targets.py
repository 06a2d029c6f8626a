#!/usr/bin/env python3
"""Issue 17's table: every target next to what this run's benchmarks measured.

Reads the JSON the benchmarks wrote (scripts/bench: bench/results/*.json), prints one line per
target with the measured value, the target, and "met" or the remaining gap, and writes the
same as JSON (targets.json in the results directory). A benchmark that did not run is "not
measured", never met. Usage: bench/targets.py [RESULTS_DIR]   (default bench/results)
"""
import json
import math
import os
import sys
import time


def load(results, name):
    try:
        with open(os.path.join(results, name + ".json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def value(report, row_start, key):
    """The number `key` of the first row whose label starts with row_start (None if absent)."""
    if not report:
        return None
    for row in report.get("rows", []):
        if row.get("what", "").startswith(row_start):
            v = row.get(key)
            return v if isinstance(v, (int, float)) and math.isfinite(v) else None
    return None


COMPARE = {">=": lambda m, t: m >= t, "<=": lambda m, t: m <= t, "<": lambda m, t: m < t}


def fmt(v, unit=""):
    if v is None:
        return "not measured"
    if abs(v) >= 1e6:
        text = f"{v / 1e6:.2f} M"
    elif abs(v) >= 1e4:
        text = f"{v / 1e3:.1f} k"
    else:
        text = f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
    return (text + " " + unit).strip()


def gap(measured, target, op):
    if measured is None:
        return "not measured"
    if op == ">=":
        return f"gap: {target / measured:.2f}x short" if measured > 0 else "gap: nothing measured"
    return f"gap: {measured / target:.2f}x over"


def targets(results):
    compare = load(results, "ami_compare")
    paced = load(results, "e2e_paced")
    flat = load(results, "e2e_flat_out")
    monitors = load(results, "scale_monitors")
    sessions = load(results, "scale_sessions")
    calls = load(results, "scale_calls")

    parse = value(compare, "ami::Parser", "events/s")
    vs_yana = value(compare, "npm yana", "ami::Parser is x faster")
    client = value(compare, "ami::Client", "vs parser")
    flat_rate = value(flat, "flat out", "AMI events/s sustained")
    flat_cpu = value(flat, "flat out", "bridge CPU % of a core")
    per_core = flat_rate / (flat_cpu / 100) if flat_rate and flat_cpu else None
    p99 = value(paced, "added latency", "p99 us")
    paced_rate = (paced or {}).get("meta", {}).get("calls_per_second")
    monitor_n = (monitors or {}).get("meta", {}).get("monitors")
    session_n = (sessions or {}).get("meta", {}).get("sessions")
    logged_in_mb = value(sessions, f"{int(session_n)} XML sessions" if session_n else "-", "RSS MB after")

    # (what, measured, unit, comparison, target, its label, measured under the target's conditions)
    rows = [
        ("AMI parse, events/s from memory", parse, "events/s", ">=", 2.5e6, "2.5 M/s", True),
        ("AMI parse vs npm yana, same run", vs_yana, "x", ">=", 35, "35x", True),
        ("ami::Client over loopback, share of the parser", client, "", ">=", 0.8, "0.8", True),
        ("end to end flat out, AMI events/s per core", per_core, "events/s", ">=", 2e5, "200 k/s", True),
        ("added latency p99 at 1,000 calls/s", p99, "us", "<", 100, "100 us", paced_rate == 1000),
        ("100,000 MonitorStarts", value(monitors, "", "seconds"), "s", "<", 5, "5 s", monitor_n == 100000),
        ("memory per monitor (RSS)", value(monitors, "", "RSS growth B/monitor"), "B", "<=", 256, "256 B", True),
        ("memory per monitor (heap in use)", value(monitors, "", "heap in use growth B/monitor"), "B", "<=", 256, "256 B",
         True),
        ("memory per active call (RSS)", value(calls, "", "RSS growth B/call"), "B", "<=", 2048, "2 KB", True),
        ("memory per active call (heap in use)", value(calls, "", "heap in use growth B/call"), "B", "<=", 2048, "2 KB",
         True),
        ("memory per idle connection", value(sessions, "", "RSS growth B/session"), "B", "<=", 16384, "16 KB", True),
        ("10,000 logged-in XML sessions, RSS", logged_in_mb, "MB", "<", 200, "200 MB", session_n == 10000),
    ]
    out = []
    for what, measured, unit, op, target, label, conditions in rows:
        if not conditions:
            measured = None  # measured, but not under the target's conditions (rate, count)
        met = measured is not None and COMPARE[op](measured, target)
        out.append({"what": what, "measured": measured, "unit": unit, "target": f"{op} {label}",
                    "met": met, "verdict": "met" if met else gap(measured, target, op)})
    return out


SOURCES = ("ami_compare", "e2e_paced", "e2e_flat_out", "scale_monitors", "scale_sessions", "scale_calls")


def main():
    results = sys.argv[1] if len(sys.argv) > 1 else "bench/results"
    rows = targets(results)
    print("\n== issue 17 targets (" + results + ")")
    # When one benchmark was run alone, the others' files may be older: say when each was written.
    for name in SOURCES:
        path = os.path.join(results, name + ".json")
        if os.path.exists(path):
            written = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.path.getmtime(path)))
            print(f"  {name + '.json':22} written {written}")
        else:
            print(f"  {name + '.json':22} missing (not run)")
    print(f"  {'what':50} {'measured':>18}  {'target':>12}  verdict")
    for r in rows:
        print(f"  {r['what']:50} {fmt(r['measured'], r['unit']):>18}  {r['target']:>12}  {r['verdict']}")
    with open(os.path.join(results, "targets.json"), "w") as f:
        json.dump(rows, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
