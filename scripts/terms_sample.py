#!/usr/bin/env python3
"""A stable random sample of learned term → rendering pairs, for judging by hand.

    loclint terms learn --locale ko-KR ../shared/corpus/ko-KR > ko.yaml
    python3 scripts/terms_sample.py ko.yaml ../shared/corpus/ko-KR [--n 40] [--seed 1]

Prints each sampled pair with the target and source text of its first example segment
and a TSV line to fill in (locale, term, rendering, verdict right|wrong, note); the
judgements live in docs/terms/judgements/<locale>.tsv.
"""
import argparse, os, random, re, sys
import yaml


def segment(root, example):
    path, seg = example.rsplit(":", 1)
    try:
        raw = open(os.path.join(root, path), encoding="utf-8", errors="replace").read()
    except OSError:
        return "", ""
    def side(attr):
        i = raw.find(f'{attr}="{seg}"')
        if i < 0:
            return ""
        j = raw.find(">", i) + 1
        k = raw.find("</span>", j)
        return raw[j:k]
    return side("data-ttu-id"), side("data-stu-id")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("glossary")
    ap.add_argument("root")
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    g = yaml.safe_load(open(args.glossary, encoding="utf-8"))
    pairs = []
    for t in g["terms"]:
        for s in t.get("seen", []):
            pairs.append((t["term"], s))
    rnd = random.Random(args.seed)
    picked = rnd.sample(pairs, min(args.n, len(pairs)))
    print(f"# {g['locale']}: {len(g['terms'])} terms, {len(pairs)} term → rendering pairs; sample {len(picked)}")
    for term, s in picked:
        ex = s.get("examples", [])
        tgt, src = segment(args.root, ex[0]) if ex else ("", "")
        print(f"\n- {term!r} → {s['rendering']!r} ({s['pairs']} pairs, {s['files']} files; forms {s.get('forms', [])})")
        print(f"  target: {tgt[:300]}")
        print(f"  source: {src[:300]}")
        print(f"  tsv: {g['locale']}\t{term}\t{s['rendering']}\tright|wrong\t")


if __name__ == "__main__":
    main()
