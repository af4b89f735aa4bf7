#!/usr/bin/env python3
"""Counts findings per rule on the corpus and draws a reproducible random sample per rule
for hand classification (docs/precision.md).

    python3 scripts/precision.py                 # counts per rule and locale
    python3 scripts/precision.py --sample 25     # plus up to 25 sampled findings per rule
    python3 scripts/precision.py --rule term-inconsistent --sample 25

It builds the release binary, runs `loclint check --format json` over
../shared/corpus/ko-KR and ../shared/corpus/zh-TW (or CORPUS), and prints each sampled
finding with the text at its range and around it. The sample is seeded, so the same
binary and corpus give the same sample.
"""
import argparse, collections, json, os, random, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.environ.get("CORPUS", os.path.join(root, "..", "shared", "corpus"))

ap = argparse.ArgumentParser()
ap.add_argument("--sample", type=int, default=0)
ap.add_argument("--rule", action="append")
ap.add_argument("--seed", type=int, default=20261123)
ap.add_argument("--no-build", action="store_true")
args = ap.parse_args()

if not args.no_build:
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=root, check=True)
binary = os.path.join(root, "target", "release", "loclint")
cmd = [binary, "check", "--format", "json", "--color", "never",
       os.path.join(corpus, "ko-KR"), os.path.join(corpus, "zh-TW")]
if args.rule:
    cmd += ["--select", ",".join(args.rule)]
out = subprocess.run(cmd, capture_output=True, text=True)
if out.returncode not in (0, 1):
    sys.exit(out.stderr)
doc = json.loads(out.stdout)
diags = doc["diagnostics"]

def locale(d):
    return "ko-KR" if "/ko-KR/" in d["path"] else "zh-TW" if "/zh-TW/" in d["path"] else "other"

counts = collections.Counter((d["rule"], locale(d)) for d in diags)
severity = {d["rule"]: d["severity"] for d in diags}
rules = sorted({r for r, _ in counts})
print(f"files: {doc['summary']['files']}  findings: {len(diags)}")
print(f"{'rule':32} {'severity':8} {'ko-KR':>6} {'zh-TW':>6} {'total':>6}")
for r in rules:
    ko, zh = counts[(r, "ko-KR")], counts[(r, "zh-TW")]
    print(f"{r:32} {severity[r]:8} {ko:6} {zh:6} {ko + zh:6}")

if args.sample:
    rng = random.Random(args.seed)
    by_rule = collections.defaultdict(list)
    for d in diags:
        by_rule[d["rule"]].append(d)
    for r in rules:
        found = by_rule[r]
        picked = rng.sample(found, min(args.sample, len(found)))
        print(f"\n## {r} — {len(picked)} of {len(found)}")
        for i, d in enumerate(picked, 1):
            data = open(d["path"], "rb").read()
            s, e = d["byte_range"]
            before = data[max(0, s - 100):s].decode("utf-8", "replace")
            at = data[s:e].decode("utf-8", "replace")
            after = data[e:e + 100].decode("utf-8", "replace")
            rel = os.path.relpath(d["path"], corpus)
            print(f"{i:2}. {rel}:{d['start']['line']}:{d['start']['column']} [{d['segment']}] {d['message']}")
            print(f"    …{before}⟦{at}⟧{after}…".replace("\n", "⏎"))
