#!/usr/bin/env bash
# Reproducible benchmark of loclint against the read-and-scan floor (`rg -c data-ttu-id` over
# the same files, same run), with peak memory. Every figure is also a ratio against a
# baseline measured in the same run, so runs on different machines compare.
#
#   scripts/bench.sh            # corpus at ../shared/corpus (or ../../shared/corpus)
#   CORPUS=/path/to/corpus scripts/bench.sh
#   QUICK=1 scripts/bench.sh    # fewer runs, no 16-locale memory run
#   BASELINE_REV=c109f4b scripts/bench.sh   # also an earlier version, built from git, same run
#
# Measures:
#   1. the whole corpus (every locale folder): rg vs `loclint check --format json`, and
#      parsing alone (`--select invalid-encoding`);
#   2. one file;
#   3. peak memory over one locale and over sixteen (the corpus folders plus copies under
#      other names in a temporary folder, never in the repository);
#   4. one line of 200,000 unclosed spans (JSON and human output), and a 3 MB article on one
#      line against the same text on its lines;
#   5. the language server: re-lint latency of a 100 KB document over JSON-RPC (median of 20).
# Needs cargo, rg, hyperfine, GNU time (installed with apt-get when missing) and python3.
# Prints a table and writes it to target/bench/results.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ -z "${CORPUS:-}" ]]; then
    for c in "$ROOT/../shared/corpus" "$ROOT/../../shared/corpus"; do
        [[ -d "$c" ]] && CORPUS="$(cd "$c" && pwd)" && break
    done
fi
[[ -d "${CORPUS:-}" ]] || { echo "error: corpus not found (set CORPUS)" >&2; exit 2; }
mapfile -t LOCALES < <(find "$CORPUS" -mindepth 1 -maxdepth 1 -type d | sort)
ONE="$ROOT/examples/device-writeback.ko-KR.md"
RUNS="${RUNS:-5}"
[[ -n "${QUICK:-}" ]] && RUNS=2
OUT_DIR="$ROOT/target/bench"
BIN="$ROOT/target/release/loclint"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/loclint-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

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
command -v rg >/dev/null || apt_install ripgrep || { echo "error: rg is needed" >&2; exit 2; }
command -v hyperfine >/dev/null || apt_install hyperfine || { echo "error: hyperfine is needed" >&2; exit 2; }
[[ -x /usr/bin/time ]] || apt_install time || { echo "error: GNU time is needed" >&2; exit 2; }

echo "== building (release)" >&2
cargo build --release --quiet
mkdir -p "$OUT_DIR"
# An earlier version to compare with in the same run: exported from git (no worktree) and
# built once into target/bench/.
BASE_BIN=""
if [[ -n "${BASELINE_REV:-}" ]]; then
    REV=$(git rev-parse --short "$BASELINE_REV")
    BDIR="$OUT_DIR/baseline-$REV"
    if [[ ! -x "$BDIR/target/release/loclint" ]]; then
        echo "== building baseline $REV (release)" >&2
        rm -rf "$BDIR" && mkdir -p "$BDIR"
        git archive "$REV" | tar -x -C "$BDIR"
        (cd "$BDIR" && cargo build --release --quiet)
    fi
    BASE_BIN="$BDIR/target/release/loclint"
fi

q() { printf "'%s' " "$@"; }
FILES=$(find "${LOCALES[@]}" -type f -name '*.md' | wc -l | tr -d ' ')
BYTES=$(find "${LOCALES[@]}" -type f -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)

# Mean seconds of named commands: hyperfine NAME CMD NAME CMD …; prints one mean a line.
means() {
    local json="$WORK/h.json" args=()
    while [[ $# -gt 0 ]]; do args+=(-n "$1" "$2"); shift 2; done
    hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$json" "${args[@]}" >&2
    python3 -c 'import json,sys; [print(r["mean"]) for r in json.load(open(sys.argv[1]))["results"]]' "$json"
}
# Peak resident memory (MB) and seconds of one run.
peak() {
    /usr/bin/time -f '%M %e' -o "$WORK/t" "$@" >/dev/null 2>&1 || true
    # GNU time writes "Command exited with non-zero status 1" first when there are findings.
    tail -1 "$WORK/t" | awk '{ printf "%.1f %.2f\n", $1 / 1024, $2 }'
}

echo "== 1. whole corpus against rg (${#LOCALES[@]} folders)" >&2
mapfile -t M < <(means \
    rg "rg -c data-ttu-id $(q "${LOCALES[@]}")" \
    loclint "$BIN check --format json $(q "${LOCALES[@]}")" \
    parse-only "$BIN check --format json --select invalid-encoding $(q "${LOCALES[@]}")" \
    one-file "$BIN check --format json $(q "$ONE")")
RG=${M[0]} LL=${M[1]} PARSE=${M[2]} ONEF=${M[3]}
BASE=0 BASEONE=0 BMEM1=0 BMEMALL=0
if [[ -n "$BASE_BIN" ]]; then
    mapfile -t B < <(means \
        rg "rg -c data-ttu-id $(q "${LOCALES[@]}")" \
        loclint "$BIN check --format json $(q "${LOCALES[@]}")" \
        baseline "$BASE_BIN check --format json $(q "${LOCALES[@]}")" \
        one-file "$BIN check --format json $(q "$ONE")" \
        baseline-one-file "$BASE_BIN check --format json $(q "$ONE")")
    # The comparison with the baseline uses this run's own rg and loclint figures.
    BRG=${B[0]} BLL=${B[1]} BASE=${B[2]} BONE=${B[3]} BASEONE=${B[4]}
    read -r BMEM1 _ < <(peak "$BASE_BIN" check --format json "${LOCALES[0]}")
    read -r BMEMALL _ < <(peak "$BASE_BIN" check --format json "${LOCALES[@]}")
fi

echo "== 3. peak memory: one locale, all folders, sixteen" >&2
# Every locale alone: their peaks differ by a few MB, so the ratios below are given against
# the lowest and the highest.
MEM1="" MEM1MAX=0 NAME1="" NAME1MAX=""
for loc in "${LOCALES[@]}"; do
    read -r m _ < <(peak "$BIN" check --format json "$loc")
    [[ "$loc" == "${LOCALES[0]}" ]] && MEMFIRST=$m
    if [[ -z "$MEM1" ]] || awk -v a="$m" -v b="$MEM1" 'BEGIN { exit !(a < b) }'; then
        MEM1=$m NAME1=$(basename "$loc")
    fi
    if awk -v a="$m" -v b="$MEM1MAX" 'BEGIN { exit !(a > b) }'; then
        MEM1MAX=$m NAME1MAX=$(basename "$loc")
    fi
done
read -r MEMALL TALL < <(peak "$BIN" check --format json "${LOCALES[@]}")
SIXTEEN=("${LOCALES[@]}")
i=0
while [[ ${#SIXTEEN[@]} -lt 16 && -z "${QUICK:-}" ]]; do
    src="${LOCALES[$((i % ${#LOCALES[@]}))]}"
    cp -r "$src" "$WORK/copy-$i-$(basename "$src")"
    SIXTEEN+=("$WORK/copy-$i-$(basename "$src")")
    i=$((i + 1))
done
if [[ -z "${QUICK:-}" ]]; then
    F16=$(find "${SIXTEEN[@]}" -type f -name '*.md' | wc -l | tr -d ' ')
    read -r MEM16 T16 < <(peak "$BIN" check --format json "${SIXTEEN[@]}")
    RG16=$(means rg16 "rg -c data-ttu-id $(q "${SIXTEEN[@]}")")
else
    F16=0 MEM16=0 T16=0 RG16=1
fi

echo "== 4. long lines" >&2
python3 -c 'import sys; sys.stdout.write("<span data-ttu-id=\"a-1\">" * 200000)' > "$WORK/spans.md"
python3 - "$CORPUS" "$WORK" <<'EOF'
import os, sys
corpus, work = sys.argv[1:]
text = ""
for base, _, files in sorted(os.walk(os.path.join(corpus, "ko-KR"))):
    for f in sorted(files):
        if f.endswith(".md") and len(text) < 3_000_000:
            text += open(os.path.join(base, f), encoding="utf-8").read() + "\n"
open(os.path.join(work, "lines.md"), "w", encoding="utf-8").write(text)
open(os.path.join(work, "one-line.md"), "w", encoding="utf-8").write(text.replace("\r", " ").replace("\n", " "))
EOF
read -r MEMSPAN TSPAN < <(peak "$BIN" check --format json "$WORK/spans.md")
read -r MEMSPANH TSPANH < <(peak "$BIN" check --color never "$WORK/spans.md")
mapfile -t L < <(means \
    lines "$BIN check --format json --locale ko-KR $(q "$WORK/lines.md")" \
    one-line "$BIN check --format json --locale ko-KR $(q "$WORK/one-line.md")")

echo "== 5. language server latency" >&2
LSP=$( (cargo test --release --quiet --test lsp -- --ignored --nocapture relint_latency 2>&1 || true) | grep -o 'relint of.*' | head -1)
LSP=${LSP:-failed}

TABLE=$(awk -v rg="$RG" -v ll="$LL" -v parse="$PARSE" -v one="$ONEF" -v files="$FILES" -v bytes="$BYTES" \
    -v nloc="${#LOCALES[@]}" -v m1="$MEM1" -v m1max="$MEM1MAX" -v name1="$NAME1" -v name1max="$NAME1MAX" -v mall="$MEMALL" -v m16="$MEM16" -v t16="$T16" -v rg16="$RG16" -v f16="$F16" \
    -v mspan="$MEMSPAN" -v tspan="$TSPAN" -v mspanh="$MEMSPANH" -v tspanh="$TSPANH" \
    -v lines="${L[0]}" -v oneline="${L[1]}" -v lsp="$LSP" -v runs="$RUNS" -v cpus="$(nproc)" \
    -v rev="${REV:-}" -v base="$BASE" -v brg="${BRG:-1}" -v bll="${BLL:-0}" -v bone="${BONE:-0}" \
    -v baseone="$BASEONE" -v bmem1="$BMEM1" -v bmemall="$BMEMALL" -v mfirst="$MEMFIRST" -v first="$(basename "${LOCALES[0]}")" 'BEGIN {
    print "| measure | value |"
    print "|---|---|"
    printf "| corpus | %d folders, %d files, %.1f MB |\n", nloc, files, bytes / 1e6
    printf "| rg -c data-ttu-id (mean) | %.0f ms |\n", rg * 1000
    printf "| loclint check --format json (mean) | %.0f ms = **%.1f× rg** |\n", ll * 1000, ll / rg
    printf "| parsing only (--select invalid-encoding) | %.0f ms = %.1f× rg |\n", parse * 1000, parse / rg
    printf "| one file (device-writeback.ko-KR.md) | %.1f ms |\n", one * 1000
    printf "| peak memory, one locale: lowest / highest of the %d | %.1f MB (%s) / %.1f MB (%s) |\n", nloc, m1, name1, m1max, name1max
    printf "| peak memory, %d folders | %.1f MB = %.2f× / %.2f× one locale |\n", nloc, mall, mall / m1, mall / m1max
    if (f16 > 0) {
        printf "| peak memory, 16 folders (%d files, copies in a temporary folder) | %.1f MB = **%.2f× / %.2f× one locale** (lowest / highest) |\n", f16, m16, m16 / m1, m16 / m1max
        printf "| 16 folders: time against rg over the same | %.1f s = %.1f× rg |\n", t16, t16 / rg16
    }
    printf "| one line of 200,000 unclosed spans, JSON | %.2f s, %.0f MB |\n", tspan, mspan
    printf "| the same, human output | %.2f s, %.0f MB |\n", tspanh, mspanh
    printf "| 3 MB of articles on one line / on lines | %.0f ms / %.0f ms = **%.2f×** |\n", oneline * 1000, lines * 1000, oneline / lines
    printf "| language server | %s |\n", lsp
    if (base > 0) {
        printf "| same run: rg / this version / baseline %s, %d folders | %.0f ms / %.0f ms (%.1f× rg) / %.0f ms (%.1f× rg): **%.2f× the baseline** |\n", rev, nloc, brg * 1000, bll * 1000, bll / brg, base * 1000, base / brg, bll / base
        printf "| same run: one file, this version / baseline %s | %.1f ms / %.1f ms = %.2f× |\n", rev, bone * 1000, baseone * 1000, bone / baseone
        printf "| peak memory, baseline %s: one locale (%s) / %d folders | %.0f MB / %.0f MB (this version: %.0f MB / %.0f MB) |\n", rev, first, nloc, bmem1, bmemall, mfirst, mall
    }
    printf "| method | hyperfine mean of %d runs (warmup 1), GNU time for memory, %d CPUs, release build |\n", runs, cpus
}')
{
    echo "# loclint benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
    echo
    echo "$TABLE"
} > "$OUT_DIR/results.md"
echo "$TABLE"
echo "(written to target/bench/results.md)"
