#!/usr/bin/env python3
"""Reads the JSON reports bench/run-all.sh wrote (one file per scenario and run) and prints the targets
table of BENCHMARKS.md: for each target, the median over the runs of the per-run figure, each run's
figure, and pass or miss."""

import glob
import json
import os
import statistics
import sys


def load(folder):
    reports = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        scenario = os.path.basename(path).rsplit("-", 1)[0]
        try:
            with open(path) as handle:
                text = handle.read().strip()
            reports.setdefault(scenario, []).append(json.loads(text.splitlines()[-1]))
        except (ValueError, IndexError):
            print("skipping %s: no JSON" % path, file=sys.stderr)
    return reports


def measurement(report, prefix):
    for item in report["measurements"]:
        if item["name"].startswith(prefix):
            return item
    return None


def us(ns):
    return "%.2f us" % (ns / 1000) if ns < 1e6 else "%.2f ms" % (ns / 1e6)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "bench-results"
    reports = load(folder)
    rows = []

    def target(name, scenario, extract, goal, passes, fmt):
        runs = [extract(report) for report in reports.get(scenario, [])]
        runs = [value for value in runs if value is not None]
        if not runs:
            rows.append((name, goal, "not measured", "", "-"))
            return
        median = statistics.median(runs)
        rows.append(
            (name, goal, fmt(median), ", ".join(fmt(value) for value in runs), "pass" if passes(median) else "MISS")
        )

    def lookup_ratio(report):
        item = measurement(report, "SQLiteCacheBackend.trainingRun")
        return item and item["ratio"]

    target("hit lookup vs raw C-API floor", "lookup", lookup_ratio, "<= 1.5x", lambda v: v <= 1.5, "%.2fx".__mod__)
    target(
        "hit lookup vs diskcache get",
        "peers",
        lambda r: r.get("lookup_vs_diskcache_speedup"),
        ">= 3x faster",
        lambda v: v >= 3,
        "%.2fx faster".__mod__,
    )
    target(
        "wrapper hit, 1 GiB dataset, median",
        "wrapper-hit",
        lambda r: measurement(r, "CachedTrainingBackend.train")["summary"]["median_ns"],
        "< 1 ms",
        lambda v: v < 1e6,
        us,
    )
    target(
        "wrapper hit vs re-hashing 1 GiB",
        "wrapper-hit",
        lambda r: measurement(r, "CachedTrainingBackend.train")["ratio"],
        ">= 500x faster",
        lambda v: v >= 500,
        "%.0fx faster".__mod__,
    )
    target(
        "hashing vs openssl dgst -sha256",
        "hash",
        lambda r: measurement(r, "DatasetHasher")["ratio"],
        ">= 0.9x throughput",
        lambda v: v >= 0.9,
        "%.2fx".__mod__,
    )
    target(
        "lookup at 1M vs at 1k entries",
        "scale",
        lambda r: r["figures"].get("store_median_ratio_largest_vs_smallest"),
        "<= 1.5x",
        lambda v: v <= 1.5,
        "%.2fx".__mod__,
    )
    target(
        "finishing a run, one transaction each",
        "record",
        lambda r: measurement(r, "finishTrainingRun")["summary"]["ops_per_s"],
        ">= 5,000/s",
        lambda v: v >= 5000,
        "{:,.0f}/s".format,
    )
    target(
        "8 processes 90/10: errors",
        "processes",
        lambda r: r["figures"]["errors"],
        "0",
        lambda v: v == 0,
        "%.0f".__mod__,
    )
    target(
        "8 processes 90/10: lost writes",
        "processes",
        lambda r: r["figures"]["lost_writes"],
        "0",
        lambda v: v == 0,
        "%.0f".__mod__,
    )
    target(
        "mocache stats on 1M entries, wall",
        "cli",
        lambda r: (measurement(r, "mocache stats") or {"summary": {"median_ns": None}})["summary"]["median_ns"],
        "< 150 ms",
        lambda v: v < 150e6,
        us,
    )
    print("| what | target | measured (median of runs) | each run | result |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| %s | %s | %s | %s | %s |" % row)


if __name__ == "__main__":
    main()
