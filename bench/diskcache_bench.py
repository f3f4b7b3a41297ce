#!/usr/bin/env python3
"""The peer side of bench/compare-peers.sh: python-diskcache on the workloads of `mocache-bench`.

Lookups: `Cache.get` of entries keyed by backend, dataset hash and config hash (64 hex characters each),
in random order, timed one by one. Writes: `Cache.set` of new entries, one transaction each. Prints one
JSON object shaped like mocache-bench's reports (median_ns, p99_ns, ops_per_s).
"""

import argparse
import json
import math
import random
import shutil
import tempfile
import time

import diskcache


def summary(samples, wall_ns):
    ordered = sorted(samples)
    count = len(ordered)
    if count % 2:
        median = float(ordered[count // 2])
    else:
        median = (ordered[count // 2 - 1] + ordered[count // 2]) / 2
    rank = math.ceil(0.99 * count)
    return {
        "samples": count,
        "median_ns": median,
        "p99_ns": float(ordered[max(0, min(count - 1, rank - 1))]),
        "mean_ns": sum(ordered) / count,
        "min_ns": float(ordered[0]),
        "ops_per_s": count * 1e9 / wall_ns,
    }


def make_key(rng):
    return "bench/%064x/%064x" % (rng.getrandbits(256), rng.getrandbits(256))


def make_value(index):
    # What a stored run carries: the fields a hit needs, and the configuration.
    return {
        "id": index,
        "status": "succeeded",
        "job_id": "job-%d" % index,
        "model_id": "bench:model-%d" % index,
        "config": {
            "base_model": "llama-3-8b",
            "hyperparameters": {"batch_size": 16, "epochs": 3, "learning_rate": 0.0001, "seed": index},
            "options": {},
            "replicate": 0,
        },
        "created_at": "2026-01-01T00:00:00.000Z",
        "started_at": "2026-01-01T00:00:00.000Z",
        "finished_at": "2026-01-01T00:00:00.000Z",
        "host": "bench-host",
        "pid": 1,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=200_000)
    parser.add_argument("--warmup", type=int, default=5_000)
    parser.add_argument("--writes", type=int, default=20_000)
    parser.add_argument("--temp-root", default=None)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="diskcache-bench-", dir=args.temp_root)
    try:
        cache = diskcache.Cache(folder)
        rng = random.Random(args.seed)
        keys = [make_key(rng) for _ in range(args.entries)]
        # Filling is set-up, in batches of one transaction each; not measured.
        for start in range(0, len(keys), 10_000):
            with cache.transact():
                for index in range(start, min(start + 10_000, len(keys))):
                    cache.set(keys[index], make_value(index))

        order = random.Random(args.seed + 1)
        picks = [keys[order.randrange(len(keys))] for _ in range(args.warmup + args.lookups)]
        misses = 0
        for key in picks[: args.warmup]:
            if cache.get(key) is None:
                misses += 1
        samples = []
        clock = time.perf_counter_ns
        loop_start = clock()
        for key in picks[args.warmup :]:
            start = clock()
            value = cache.get(key)
            samples.append(clock() - start)
            if value is None or value["status"] != "succeeded":
                misses += 1
        get_summary = summary(samples, clock() - loop_start)

        write_rng = random.Random(args.seed + 2)
        new_keys = [make_key(write_rng) for _ in range(args.writes)]
        samples = []
        loop_start = clock()
        for index, key in enumerate(new_keys):
            start = clock()
            cache.set(key, make_value(args.entries + index))
            samples.append(clock() - start)
        set_summary = summary(samples, clock() - loop_start)
        stored = sum(1 for key in new_keys if key in cache)
        cache.close()

        print(
            json.dumps(
                {
                    "scenario": "diskcache",
                    "parameters": {
                        "entries": str(args.entries),
                        "lookups": str(args.lookups),
                        "writes": str(args.writes),
                        "diskcache": diskcache.__version__,
                    },
                    "measurements": [
                        {"name": "diskcache Cache.get", "summary": get_summary},
                        {"name": "diskcache Cache.set (one transaction)", "summary": set_summary},
                    ],
                    "checks": {"every_lookup_hit": misses == 0, "every_write_stored": stored == args.writes},
                },
                sort_keys=True,
            )
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
