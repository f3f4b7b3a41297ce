#!/usr/bin/env bash
# Runs the same lookup and write workloads through mocache (mocache-bench) and python-diskcache, and
# prints one table. Makes a Python virtual environment in .bench-venv/ (gitignored) with diskcache from PyPI.
#
#   bench/compare-peers.sh                      # 100k entries, 200k lookups, 20k writes
#   ENTRIES=1000000 bench/compare-peers.sh      # any of ENTRIES, LOOKUPS, WRITES, TEMP_ROOT
set -euo pipefail

cd "$(dirname "$0")/.."
ENTRIES="${ENTRIES:-100000}"
LOOKUPS="${LOOKUPS:-200000}"
WRITES="${WRITES:-20000}"
TEMP_ROOT="${TEMP_ROOT:-${TMPDIR:-/tmp}}"
DISKCACHE_VERSION="5.6.3"

venv=".bench-venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import diskcache" 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "diskcache==$DISKCACHE_VERSION"
fi

echo "building mocache-bench (release)..." >&2
swift build -c release --product mocache-bench >&2

out="$(mktemp -d "$TEMP_ROOT/compare-peers-XXXXXX")"
trap 'rm -rf "$out"' EXIT
bench=(swift run -c release --skip-build mocache-bench)

echo "mocache: lookup ($ENTRIES entries, $LOOKUPS lookups)..." >&2
"${bench[@]}" lookup --entries "$ENTRIES" --lookups "$LOOKUPS" --temp-root "$TEMP_ROOT" --format json \
    >"$out/lookup.json"
echo "mocache: record ($WRITES runs)..." >&2
"${bench[@]}" record --entries "$ENTRIES" --runs "$WRITES" --import-rows 10000 --batch-sizes 1000 \
    --temp-root "$TEMP_ROOT" --format json >"$out/record.json"
echo "diskcache: the same workloads..." >&2
"$venv/bin/python" bench/diskcache_bench.py --entries "$ENTRIES" --lookups "$LOOKUPS" --writes "$WRITES" \
    --temp-root "$TEMP_ROOT" >"$out/diskcache.json"

"$venv/bin/python" bench/peer_table.py "$out/lookup.json" "$out/record.json" "$out/diskcache.json"
