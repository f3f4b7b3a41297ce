#!/usr/bin/env bash
# Runs every mocache-bench scenario RUNS times (default 3) with JSON output into OUT (default
# bench-results/, gitignored), then prints the targets table (bench/summarize.py): the median over the runs.
#
#   bench/run-all.sh                               # everything, default sizes
#   RUNS=5 SCENARIOS="lookup hash" bench/run-all.sh
#   MOCACHE=/path/to/mocache bench/run-all.sh      # the CLI for the `cli` scenario
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
OUT="${OUT:-bench-results}"
SCENARIOS="${SCENARIOS:-lookup hash wrapper-hit record scale processes cli peers}"
TEMP_ROOT="${TEMP_ROOT:-${TMPDIR:-/tmp}}"

swift build -c release --product mocache-bench >&2
bin="$(swift build -c release --show-bin-path)"
bench="$bin/mocache-bench"
mkdir -p "$OUT"

for scenario in $SCENARIOS; do
    for run in $(seq 1 "$RUNS"); do
        echo "== $scenario, run $run/$RUNS ($(date -u +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg))" >&2
        case "$scenario" in
            lookup) "$bench" lookup --entries 100000 --lookups 200000 --breakdown --temp-root "$TEMP_ROOT" --format json ;;
            hash) "$bench" hash --size 1GiB --runs 5 --temp-root "$TEMP_ROOT" --format json ;;
            wrapper-hit) "$bench" wrapper-hit --dataset-size 1GiB --temp-root "$TEMP_ROOT" --format json ;;
            record) "$bench" record --temp-root "$TEMP_ROOT" --format json ;;
            scale) "$bench" scale --temp-root "$TEMP_ROOT" --format json ;;
            processes) "$bench" processes --workers 8 --temp-root "$TEMP_ROOT" --format json ;;
            cli)
                mocache="${MOCACHE:-$bin/mocache}"
                if [ ! -x "$mocache" ]; then swift build -c release --product mocache >&2; fi
                "$bench" cli --mocache "$mocache" --temp-root "$TEMP_ROOT" --format json
                ;;
            peers)
                TEMP_ROOT="$TEMP_ROOT" bench/compare-peers.sh | tail -n 1
                ;;
            *) echo "unknown scenario $scenario" >&2; exit 2 ;;
        esac >"$OUT/$scenario-$run.json" || echo "$scenario run $run failed (exit $?)" >&2
    done
done
python3 bench/summarize.py "$OUT"
