#!/usr/bin/env bash
# Speed of terminology learning (issue 9), release build, over the real corpus:
#   1. `loclint terms learn` on each locale (limit: 10 s per locale of ~2,900 files);
#   2. `check --learn` (learning on the fly) against `check --no-learn`, same run, alternated
#      (limit: 1.5x).
#
#   scripts/bench_terms.sh                      # ko-KR zh-TW fr-FR ru-RU ar-SA th-TH
#   LOCALES="ko-KR fr-FR" RUNS=5 scripts/bench_terms.sh
#   CORPUS=/path/to/corpus scripts/bench_terms.sh
# Uses hyperfine when installed, else a timing loop (median of RUNS).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CORPUS="${CORPUS:-$ROOT/../shared/corpus}"
LOCALES="${LOCALES:-ko-KR zh-TW fr-FR ru-RU ar-SA th-TH}"
RUNS="${RUNS:-3}"
BIN="$ROOT/target/release/loclint"
cargo build --release -q
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
printf '| locale | files | terms learn (s) | check, learning (s) | check --no-learn (s) | ratio |\n|---|---|---|---|---|---|\n'
for l in $LOCALES; do
    dir="$CORPUS/$l"
    [[ -d "$dir" ]] || { echo "skip $l: $dir not found" >&2; continue; }
    files=$(find "$dir" -name '*.md' | wc -l)
    learn=() on=() off=()
    for _ in $(seq "$RUNS"); do
        learn+=("$(secs "$BIN" terms learn --locale "$l" "$dir")")
        on+=("$(secs "$BIN" check --format json --learn "$dir")")
        off+=("$(secs "$BIN" check --format json --no-learn "$dir")")
    done
    ml=$(printf '%s\n' "${learn[@]}" | median)
    mon=$(printf '%s\n' "${on[@]}" | median)
    moff=$(printf '%s\n' "${off[@]}" | median)
    printf '| %s | %s | %.2f | %.2f | %.2f | %.2fx |\n' "$l" "$files" "$ml" "$mon" "$moff" "$(echo "$mon / $moff" | bc -l)"
done
