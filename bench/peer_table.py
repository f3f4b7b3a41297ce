#!/usr/bin/env python3
"""Prints the table of bench/compare-peers.sh from the JSON reports of mocache-bench and diskcache_bench.py."""

import json
import sys


def load(path):
    with open(path) as handle:
        return json.load(handle)


def find(report, prefix):
    for measurement in report["measurements"]:
        if measurement["name"].startswith(prefix):
            return measurement
    raise SystemExit("no measurement %r in %s" % (prefix, report["scenario"]))


def us(nanoseconds):
    return "%.2f us" % (nanoseconds / 1000)


def main():
    lookup, record, peer = (load(path) for path in sys.argv[1:4])
    store = find(lookup, "SQLiteCacheBackend.trainingRun")
    get = find(peer, "diskcache Cache.get")
    finish = find(record, "finishTrainingRun")
    put = find(peer, "diskcache Cache.set")
    rows = [
        ("lookup (hit)", "mocache SQLiteCacheBackend.trainingRun(for:)", store["summary"]),
        ("lookup (hit)", "SQLite C API, one prepared statement", store["baseline"]),
        ("lookup (hit)", "python-diskcache %s Cache.get" % peer["parameters"]["diskcache"], get["summary"]),
        ("write (1 txn)", "mocache finishTrainingRun", finish["summary"]),
        ("write (1 txn)", "python-diskcache Cache.set", put["summary"]),
    ]
    print("entries: %s, lookups: %s" % (lookup["parameters"]["entries"], lookup["parameters"]["lookups"]))
    print("%-14s %-46s %11s %11s %12s" % ("workload", "implementation", "median", "p99", "ops/s"))
    for workload, name, summary in rows:
        print(
            "%-14s %-46s %11s %11s %12.0f"
            % (workload, name, us(summary["median_ns"]), us(summary["p99_ns"]), summary["ops_per_s"])
        )
    lookup_ratio = get["summary"]["median_ns"] / store["summary"]["median_ns"]
    floor_ratio = store["summary"]["median_ns"] / store["baseline"]["median_ns"]
    write_ratio = finish["summary"]["ops_per_s"] / put["summary"]["ops_per_s"]
    print()
    print("mocache lookup vs diskcache get: %.2fx faster (target >= 3x)" % lookup_ratio)
    print("mocache lookup vs C-API floor:   %.2fx slower (target <= 1.5x)" % floor_ratio)
    print("mocache finish vs diskcache set: %.2fx the throughput" % write_ratio)
    checks = {**lookup.get("checks", {}), **peer.get("checks", {})}
    failed = [name for name, passed in checks.items() if not passed]
    if failed:
        raise SystemExit("checks failed: %s" % ", ".join(failed))
    print(
        json.dumps(
            {
                "lookup_vs_diskcache_speedup": lookup_ratio,
                "lookup_vs_c_api_ratio": floor_ratio,
                "finish_vs_diskcache_set_throughput": write_ratio,
                "mocache_lookup_median_ns": store["summary"]["median_ns"],
                "c_api_lookup_median_ns": store["baseline"]["median_ns"],
                "diskcache_get_median_ns": get["summary"]["median_ns"],
                "diskcache_get_p99_ns": get["summary"]["p99_ns"],
                "mocache_finish_ops_per_s": finish["summary"]["ops_per_s"],
                "diskcache_set_ops_per_s": put["summary"]["ops_per_s"],
                "diskcache_set_median_ns": put["summary"]["median_ns"],
            },
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    main()
