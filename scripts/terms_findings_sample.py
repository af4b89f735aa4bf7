#!/usr/bin/env python3
"""A stable random sample of the findings about terms learned on the fly, for judging by hand.

    loclint check --format json ../shared/corpus/ko-KR > ko.json
    python3 scripts/terms_findings_sample.py ko.json [--within 16] [--across 6] [--seed 7]

Findings about learned terms are those of term-inconsistent and
term-inconsistent-across-files whose message names the most used rendering ("most used")
rather than a glossary's preferred one. For each sampled finding it prints the message, the
flagged text with its target and source segment, and the other places it labels, then a TSV
line to fill in (locale, rule, file, message, verdict TP|FP|UNSURE, note); the judgements
live in docs/terms/judgements/findings.tsv.
"""
import argparse, json, random, re


def segment(text, seg):
    """The target and source text of a segment ID in a file."""
    def side(attr):
        i = text.find(f'{attr}="{seg}"')
        if i < 0:
            return ""
        j = text.find(">", i) + 1
        k = text.find("</span>", j)
        return text[j:k]
    return side("data-ttu-id"), side("data-stu-id")


def segment_at(text, offset):
    """The segment ID of the target span that holds a byte offset."""
    head = text.encode()[:offset].decode(errors="replace")
    ids = re.findall(r'data-ttu-id="([^"]+)"', head)
    return ids[-1] if ids else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report")
    ap.add_argument("--within", type=int, default=16)
    ap.add_argument("--across", type=int, default=6)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    report = json.load(open(args.report, encoding="utf-8"))
    learned = [d for d in report["diagnostics"]
               if d["rule"].startswith("term-inconsistent") and "most used" in d["message"]]
    within = sorted((d for d in learned if d["rule"] == "term-inconsistent"),
                    key=lambda d: (d["path"], d["byte_range"]))
    across = sorted((d for d in learned if d["rule"] != "term-inconsistent"),
                    key=lambda d: (d["path"], d["byte_range"]))
    rnd = random.Random(args.seed)
    picked = rnd.sample(within, min(args.within, len(within))) + \
        rnd.sample(across, min(args.across, len(across)))
    print(f"# {len(within)} within-file and {len(across)} across-file findings; sample {len(picked)}")
    for d in picked:
        path = d["path"]
        raw = open(path, encoding="utf-8", errors="replace").read()
        b = raw.encode()
        s, e = d["byte_range"]
        print(f"\n- {d['rule']} {path.split('corpus/')[-1]} [{d.get('severity')}]")
        print(f"  {d['message']}")
        tgt, src = segment(raw, d.get("segment", ""))
        print(f"  flagged: {b[s:e].decode(errors='replace')!r} in {d.get('segment')}")
        print(f"    target: {tgt[:300]}")
        print(f"    source: {src[:300]}")
        for label in d.get("labels", [])[:6]:
            ls, le = label["byte_range"]
            seg = segment_at(raw, ls)
            t2, s2 = segment(raw, seg)
            print(f"  also {label['message']} in {seg}: {t2[:160]} | {s2[:160]}")
        locale = path.split("corpus/")[-1].split("/")[0] if "corpus/" in path else ""
        rel = path.split(locale + "/", 1)[-1] if locale else path
        print(f"  tsv: {locale}\t{d['rule']}\t{rel}\t{d['message']}\tTP|FP\t")


if __name__ == "__main__":
    main()
