#!/usr/bin/env python3
"""bench/targets.py: each target's verdict from benchmark JSON in the benchmarks' own format.

The inputs are constructed (a real run takes minutes and its numbers vary by machine); each
one is shaped as the benchmark writes it (bench/bench_report.hpp: {"benchmark", "meta",
"rows": [{"what", key: number}]}), with the row labels and keys the benchmarks print.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = sys.argv.pop(1) if len(sys.argv) > 1 else "bench/targets.py"


def write(results, name, meta, rows):
    with open(os.path.join(results, name + ".json"), "w") as f:
        json.dump({"benchmark": name, "meta": meta, "rows": rows}, f)


def run(results):
    out = subprocess.run([sys.executable, SCRIPT, results], capture_output=True, text=True, check=True).stdout
    with open(os.path.join(results, "targets.json")) as f:
        return out, {r["what"]: r for r in json.load(f)}


class Targets(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.results = self.dir.name

    def tearDown(self):
        self.dir.cleanup()

    def test_met_gap_and_not_measured(self):
        write(self.results, "ami_compare", {"events": 200000},
              [{"what": "ami::Parser, from memory", "events/s": 2.6e6, "MB/s": 1000, "vs raw read": 0.5},
               {"what": "ami::Client, loopback", "events/s": 1.3e6, "vs parser": 0.5, "RSS growth KiB": 0},
               {"what": "npm yana, from memory", "events/s": 1.3e5, "ami::Parser is x faster": 20}])
        write(self.results, "e2e_paced", {"calls_per_second": 1000},
              [{"what": "paced at 1000 calls/s", "AMI events/s sustained": 18000},
               {"what": "added latency AMI event -> CSTA frame", "p50 us": 150, "p99 us": 320, "p999 us": 900}])
        write(self.results, "scale_monitors", {"monitors": 100000},
              [{"what": "100000 MonitorStarts, one session", "seconds": 2.2, "RSS growth B/monitor": 146,
                "heap in use growth B/monitor": 373}])
        out, rows = run(self.results)
        self.assertEqual(rows["AMI parse, events/s from memory"]["verdict"], "met")
        self.assertEqual(rows["AMI parse vs npm yana, same run"]["verdict"], "gap: 1.75x short")
        self.assertEqual(rows["ami::Client over loopback, share of the parser"]["verdict"], "gap: 1.60x short")
        self.assertEqual(rows["added latency p99 at 1,000 calls/s"]["verdict"], "gap: 3.20x over")
        self.assertEqual(rows["100,000 MonitorStarts"]["verdict"], "met")
        # RSS can be flattered by reused free memory; the heap in use cannot, and both are judged.
        self.assertEqual(rows["memory per monitor (RSS)"]["verdict"], "met")
        self.assertEqual(rows["memory per monitor (heap in use)"]["verdict"], "gap: 1.46x over")
        # Benchmarks that did not run are never met.
        self.assertEqual(rows["end to end flat out, AMI events/s per core"]["verdict"], "not measured")
        self.assertFalse(rows["memory per active call (RSS)"]["met"])
        self.assertIn("e2e_flat_out.json      missing (not run)", out)
        self.assertIn("ami_compare.json       written", out)

    def test_other_conditions_are_not_the_target(self):
        # A latency at 200 calls/s or 2,000 sessions says nothing of the 1,000 calls/s and
        # 10,000-session targets.
        write(self.results, "e2e_paced", {"calls_per_second": 200},
              [{"what": "added latency AMI event -> CSTA frame", "p99 us": 50}])
        write(self.results, "scale_sessions", {"sessions": 2000},
              [{"what": "2000 idle connections, no login", "RSS growth B/session": 2200},
               {"what": "2000 XML sessions logged in", "RSS MB after": 30, "RSS growth B/session": 3100}])
        _, rows = run(self.results)
        self.assertEqual(rows["added latency p99 at 1,000 calls/s"]["verdict"], "not measured")
        self.assertEqual(rows["10,000 logged-in XML sessions, RSS"]["verdict"], "not measured")
        self.assertEqual(rows["memory per idle connection"]["verdict"], "met")

    def test_flat_out_rate_is_per_core(self):
        write(self.results, "e2e_flat_out", {"flat_out": 1},
              [{"what": "flat out", "AMI events/s sustained": 180000, "bridge CPU % of a core": 90}])
        _, rows = run(self.results)
        self.assertAlmostEqual(rows["end to end flat out, AMI events/s per core"]["measured"], 200000)
        self.assertEqual(rows["end to end flat out, AMI events/s per core"]["verdict"], "met")

    def test_not_a_number_is_not_measured(self):
        with open(os.path.join(self.results, "scale_calls.json"), "w") as f:
            f.write('{"benchmark":"scale_calls","meta":{},"rows":[{"what":"1000 active calls, no monitors",'
                    '"RSS growth B/call":2100,"heap in use growth B/call":null}]}')
        _, rows = run(self.results)
        self.assertEqual(rows["memory per active call (RSS)"]["verdict"], "gap: 1.03x over")
        self.assertEqual(rows["memory per active call (heap in use)"]["verdict"], "not measured")


if __name__ == "__main__":
    unittest.main()
