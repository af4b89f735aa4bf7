#!/usr/bin/env bash
# Reproducible benchmark of loclint over the real corpus, against `rg -c data-ttu-id` as a baseline.
#
#   scripts/bench.sh            # corpus at ../shared/corpus (relative to the repo root)
#   CORPUS=/path/to/corpus scripts/bench.sh
#
# Needs cargo; installs ripgrep, hyperfine and GNU time with apt-get when they are missing
# (falls back to a plain timing loop if hyperfine cannot be installed).
# Prints a table and writes it to target/bench/results.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CORPUS="${CORPUS:-$ROOT/../shared/corpus}"
KO="$CORPUS/ko-KR"
ZH="$CORPUS/zh-TW"
ONE="$ROOT/examples/device-writeback.ko-KR.md"
WARMUP=3
RUNS="${RUNS:-10}"
OUT_DIR="$ROOT/target/bench"
BIN="$ROOT/target/release/loclint"

for d in "$KO" "$ZH"; do
    [[ -d "$d" ]] || { echo "error: corpus folder not found: $d (set CORPUS)" >&2; exit 2; }
done

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }
APT_UPDATED=0
apt_install() {
    command -v apt-get >/dev/null || return 1
    if [[ $APT_UPDATED -eq 0 ]]; then
        as_root apt-get update -qq >/dev/null || return 1
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

echo "== building (release)" >&2
cargo build --release --quiet

if ! command -v rg >/dev/null; then
    echo "== installing ripgrep" >&2
    apt_install ripgrep || { echo "error: ripgrep (rg) is needed for the baseline" >&2; exit 2; }
fi
HAVE_HYPERFINE=1
if ! command -v hyperfine >/dev/null; then
    echo "== installing hyperfine" >&2
    apt_install hyperfine || HAVE_HYPERFINE=0
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "== installing time" >&2
    apt_install time || { echo "error: /usr/bin/time is needed for peak RSS" >&2; exit 2; }
fi

mkdir -p "$OUT_DIR"
FILES=$(find "$KO" "$ZH" -type f -name '*.md' | wc -l | tr -d ' ')
BYTES=$(find "$KO" "$ZH" -type f -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)

CMD_RG="rg -c data-ttu-id '$KO' '$ZH' > /dev/null"
CMD_LL="'$BIN' check --format json '$KO' '$ZH' > /dev/null"
CMD_ONE="'$BIN' check --format json '$ONE' > /dev/null"
# Reading and parsing every file into the document model, with one cheap rule: the floor
# under all the rules.
CMD_PARSE="'$BIN' check --format json --select invalid-encoding '$KO' '$ZH' > /dev/null"

# Mean seconds of each command, in order, into MEANS.
declare -a MEANS
if [[ $HAVE_HYPERFINE -eq 1 ]]; then
    echo "== timing with hyperfine (warmup $WARMUP, $RUNS runs)" >&2
    hyperfine -i --warmup "$WARMUP" --runs "$RUNS" --export-json "$OUT_DIR/hyperfine.json" \
        -n rg "$CMD_RG" -n loclint "$CMD_LL" -n one-file "$CMD_ONE" -n parse-only "$CMD_PARSE" >&2
    mapfile -t MEANS < <(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["mean"])' "$OUT_DIR/hyperfine.json" 2>/dev/null || \
        grep -o '"mean": *[0-9.e+-]*' "$OUT_DIR/hyperfine.json" | sed 's/.*: *//')
else
    echo "== hyperfine unavailable: plain timing loop (warmup $WARMUP, $RUNS runs)" >&2
    for cmd in "$CMD_RG" "$CMD_LL" "$CMD_ONE" "$CMD_PARSE"; do
        for ((i = 0; i < WARMUP; i++)); do bash -c "$cmd" || true; done
        start=$(date +%s%N)
        for ((i = 0; i < RUNS; i++)); do bash -c "$cmd" || true; done
        end=$(date +%s%N)
        MEANS+=("$(awk -v a="$start" -v b="$end" -v n="$RUNS" 'BEGIN { printf "%.6f", (b - a) / 1e9 / n }')")
    done
fi
[[ ${#MEANS[@]} -eq 4 ]] || { echo "error: could not read the timings" >&2; exit 2; }

echo "== peak RSS (/usr/bin/time -v)" >&2
# loclint exits 1 on findings; only 2 (trouble) or a crash is a failure here.
set +e
/usr/bin/time -v "$BIN" check --format json "$KO" "$ZH" > /dev/null 2> "$OUT_DIR/time-v.txt"
rc=$?
set -e
if [[ $rc -ne 0 && $rc -ne 1 ]]; then
    echo "error: loclint exited $rc" >&2
    cat "$OUT_DIR/time-v.txt" >&2
    exit 2
fi
RSS_KB=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$OUT_DIR/time-v.txt")

TABLE=$(awk -v rg="${MEANS[0]}" -v ll="${MEANS[1]}" -v one="${MEANS[2]}" -v parse="${MEANS[3]}" -v rss="$RSS_KB" \
    -v files="$FILES" -v bytes="$BYTES" -v tool="$([[ $HAVE_HYPERFINE -eq 1 ]] && echo hyperfine || echo loop)" \
    -v runs="$RUNS" -v cpus="$(nproc)" 'BEGIN {
    print "| measure | value |"
    print "|---|---|"
    printf "| corpus | %d files, %d bytes (%.1f MB) |\n", files, bytes, bytes / 1e6
    printf "| rg -c data-ttu-id (mean) | %.1f ms |\n", rg * 1000
    printf "| loclint check --format json (mean) | %.1f ms |\n", ll * 1000
    printf "| ratio loclint / rg | %.1fx |\n", ll / rg
    printf "| loclint parsing only (--select invalid-encoding, mean) | %.1f ms (%.1fx rg) |\n", parse * 1000, parse / rg
    printf "| loclint throughput | %.0f MB/s |\n", bytes / 1e6 / ll
    printf "| loclint peak RSS | %.1f MB |\n", rss / 1024
    printf "| one file (device-writeback.ko-KR.md, mean) | %.1f ms |\n", one * 1000
    printf "| method | %s, warmup 3, %d runs, %d CPUs, release build |\n", tool, runs, cpus
}')
{
    echo "# loclint benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
    echo
    echo "$TABLE"
} > "$OUT_DIR/results.md"
echo "$TABLE"
echo "(written to target/bench/results.md)"
