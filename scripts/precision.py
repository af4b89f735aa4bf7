#!/usr/bin/env python3
"""Precision of every rule in every locale of the corpus, judged by hand.

    python3 scripts/precision.py counts                      # findings per rule × locale
    python3 scripts/precision.py sample --rule R [--locale L] [--all-unjudged]
    python3 scripts/precision.py report                      # writes docs/precision.md
    python3 scripts/precision.py check                       # exit 1 if a sampled finding is unjudged

The corpus (../shared/corpus, or CORPUS) is checked once with the release binary; the
findings are cached in target/precision/findings.json (`--refresh` re-runs; `--no-build`
skips cargo). For every rule × locale the sample is the (up to) 10 findings whose stable
key hashes lowest: the key is rule, locale, file, segment, flagged text and the ordinal of
repeats, so a sample changes only where findings change.

Judgements live in docs/precision/judgements/<rule>.tsv, one line per judged finding:

    key <TAB> locale <TAB> file:line <TAB> segment <TAB> flagged text <TAB> verdict <TAB> note

verdict is TP (a defect a careful reviewer of that language must flag), FP (not a defect),
or UNSURE (the judge cannot tell; counted apart, never as TP). Precision = TP / (TP + FP).
"""
import argparse, collections, hashlib, json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.environ.get("CORPUS", os.path.join(ROOT, "..", "shared", "corpus"))
CACHE = os.path.join(ROOT, "target", "precision", "findings.json")
JUDGED = os.path.join(ROOT, "docs", "precision", "judgements")
SAMPLE = 10


def run(args):
    if os.path.exists(CACHE) and not args.refresh:
        return json.load(open(CACHE))
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "loclint")
    locales = sorted(d for d in os.listdir(CORPUS) if os.path.isdir(os.path.join(CORPUS, d)))
    out = subprocess.run([binary, "check", "--format", "json"] + [os.path.join(CORPUS, l) for l in locales],
                         capture_output=True)
    if out.returncode not in (0, 1):
        sys.exit(out.stderr.decode())
    doc = json.loads(out.stdout)
    files = collections.Counter()
    for l in locales:
        for _, _, names in os.walk(os.path.join(CORPUS, l)):
            files[l] += sum(1 for n in names if n.endswith(".md"))
    data = {"files": files, "findings": []}
    seen = collections.Counter()
    for d in doc["diagnostics"]:
        rel = os.path.relpath(d["path"], CORPUS)
        locale = rel.split(os.sep)[0]
        raw = open(d["path"], "rb").read()
        s, e = d["byte_range"]
        flagged = raw[s:e].decode("utf-8", "replace")
        base = "\x1f".join([d["rule"], locale, rel, d["segment"] or "", flagged])
        seen[base] += 1
        key = hashlib.sha1(f"{base}\x1f{seen[base]}".encode()).hexdigest()[:16]
        data["findings"].append({
            "key": key, "rule": d["rule"], "severity": d["severity"], "locale": locale, "path": rel,
            "abs": d["path"], "line": d["start"]["line"], "segment": d["segment"] or "-",
            "flagged": flagged, "message": d["message"], "byte_range": d["byte_range"],
        })
    os.makedirs(os.path.dirname(CACHE), exist_ok=True)
    json.dump(data, open(CACHE, "w"), ensure_ascii=False)
    return data


def cells(data):
    by = collections.defaultdict(list)
    for f in data["findings"]:
        by[(f["rule"], f["locale"])].append(f)
    return by


def sample(found):
    return sorted(found, key=lambda f: f["key"])[:SAMPLE]


def judgements():
    out = {}
    if not os.path.isdir(JUDGED):
        return out
    for name in sorted(os.listdir(JUDGED)):
        if not name.endswith(".tsv"):
            continue
        for n, line in enumerate(open(os.path.join(JUDGED, name), encoding="utf-8"), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 7 or parts[5] not in ("TP", "FP", "UNSURE"):
                sys.exit(f"{name}:{n}: expected 7 tab-separated fields with verdict TP, FP or UNSURE")
            out[parts[0]] = {"verdict": parts[5], "note": parts[6], "file": name}
    return out


def segment_texts(f):
    """The target and source text of the finding's segment (for judging)."""
    raw = open(f["abs"], "rb").read().decode("utf-8", "replace")
    seg = f["segment"]
    if seg == "-":
        s, e = f["byte_range"]
        b = raw.encode()
        return None, None, b[max(0, s - 200):e + 200].decode("utf-8", "replace")
    def side(attr):
        i = raw.find(f'{attr}="{seg}"')
        if i < 0:
            return ""
        j = raw.find(">", i) + 1
        k = raw.find("</span>", j)
        return raw[j:k]
    return side("data-ttu-id"), side("data-stu-id"), None


def cmd_counts(data, args):
    by = cells(data)
    locales = sorted(data["files"])
    rules = sorted({r for r, _ in by})
    print(f"{'rule':36}" + "".join(f"{l:>8}" for l in locales))
    for r in rules:
        print(f"{r:36}" + "".join(f"{len(by[(r, l)]):8}" for l in locales))


def cmd_sample(data, args):
    by = cells(data)
    judged = judgements()
    for (rule, locale), found in sorted(by.items()):
        if args.rule and rule not in args.rule:
            continue
        if args.locale and locale not in args.locale:
            continue
        picked = sample(found)
        if args.all_unjudged:
            picked = [f for f in picked if f["key"] not in judged]
        if not picked:
            continue
        print(f"\n## {rule} · {locale} — {len(found)} findings, sample {len(sample(found))}")
        for f in picked:
            tgt, src, ctx = segment_texts(f)
            j = judged.get(f["key"])
            print(f"\n- key {f['key']}  {f['path']}:{f['line']} [{f['segment']}] {f['severity']}"
                  + (f"  (judged {j['verdict']}: {j['note']})" if j else ""))
            print(f"  message: {f['message']}")
            print(f"  flagged: ⟦{f['flagged']}⟧")
            if ctx is not None:
                print(f"  context: {ctx!r}")
            else:
                print(f"  target:  {tgt}")
                print(f"  source:  {src}")
            print(f"  tsv:     {f['key']}\t{locale}\t{f['path']}:{f['line']}\t{f['segment']}\t"
                  + f["flagged"].replace("\t", " ").replace("\n", "⏎")[:120] + "\tTP|FP|UNSURE\t<why>")


def cmd_report(data, args):
    by = cells(data)
    judged = judgements()
    locales = sorted(data["files"])
    severity = {}
    for f in data["findings"]:
        severity[f["rule"]] = f["severity"]
    rules = sorted({r for r, _ in by}, key=lambda r: ({"error": 0, "warning": 1, "info": 2}[severity[r]], r))
    lines = []
    w = lines.append
    w("# Precision on real files, per rule and locale\n")
    w(f"Measured on `../shared/corpus`: {sum(data['files'].values()):,} side-by-side articles in "
      f"{len(locales)} locales, every rule at its default severity (after each locale profile's "
      "adjustments). Regenerate with `python3 scripts/precision.py report`.\n")
    w("Each cell: findings per 100 files, then the hand-judged precision of its sample "
      f"(the {SAMPLE} findings whose stable key hashes lowest; all of them when fewer). "
      "Every judgement is a line of `docs/precision/judgements/<rule>.tsv` with its reason: "
      "TP is a defect a careful reviewer of that language must flag. `?` marks findings the "
      "judge could not decide (not counted). Targets: errors ≥ 98 %, warnings ≥ 90 %.\n")
    w("| rule | severity | " + " | ".join(locales) + " |")
    w("|---|---|" + "---:|" * len(locales))
    low, missing = [], 0
    totals = collections.Counter()
    for r in rules:
        row = [r, severity[r]]
        for l in locales:
            found = by.get((r, l), [])
            if not found:
                row.append("–")
                continue
            per100 = 100 * len(found) / data["files"][l]
            picked = sample(found)
            v = collections.Counter(judged[f["key"]]["verdict"] if f["key"] in judged else "none" for f in picked)
            missing += v["none"]
            tp, fp = v["TP"], v["FP"]
            totals[(severity[r], "TP")] += tp
            totals[(severity[r], "FP")] += fp
            if tp + fp:
                p = 100 * tp / (tp + fp)
                cell = f"{per100:.1f} · {p:.0f} % ({tp}/{tp + fp})"
                if (severity[r] == "error" and p < 98) or (severity[r] == "warning" and p < 90):
                    low.append(f"{r} · {l}: {p:.0f} %")
                    cell += " ⚠"
            else:
                cell = f"{per100:.1f} · unjudged"
            if v["UNSURE"]:
                cell += f" ?{v['UNSURE']}"
            row.append(cell)
        w("| " + " | ".join(row) + " |")
    w("")
    for sev in ("error", "warning", "info"):
        tp, fp = totals[(sev, "TP")], totals[(sev, "FP")]
        if tp + fp:
            w(f"- {sev}s: {tp} of {tp + fp} judged findings are defects ({100 * tp / (tp + fp):.1f} %).")
    w(f"- sampled findings without a judgement: {missing}.")
    if low:
        w("- below target: " + "; ".join(low) + ".")
    w("")
    text = "\n".join(lines) + "\n"
    target = os.path.join(ROOT, "docs", "precision.md")
    head = open(target).read().split("<!-- table -->")[0] if os.path.exists(target) else ""
    tail = ""
    if os.path.exists(target) and "<!-- end table -->" in open(target).read():
        tail = open(target).read().split("<!-- end table -->", 1)[1]
    with open(target, "w") as f:
        f.write(head + "<!-- table -->\n" + text + "<!-- end table -->" + tail)
    print(text)


def cmd_check(data, args):
    by = cells(data)
    judged = judgements()
    missing = [f for found in by.values() for f in sample(found) if f["key"] not in judged]
    for f in missing:
        print(f"unjudged: {f['rule']} · {f['locale']} {f['key']} {f['path']}:{f['line']}")
    sys.exit(1 if missing else 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["counts", "sample", "report", "check"])
    ap.add_argument("--rule", action="append")
    ap.add_argument("--locale", action="append")
    ap.add_argument("--all-unjudged", action="store_true", help="sample: only findings not judged yet")
    ap.add_argument("--refresh", action="store_true", help="re-run loclint instead of using the cache")
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    data = run(args)
    {"counts": cmd_counts, "sample": cmd_sample, "report": cmd_report, "check": cmd_check}[args.command](data, args)


if __name__ == "__main__":
    main()
