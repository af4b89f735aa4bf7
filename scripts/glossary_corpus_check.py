#!/usr/bin/env python3
"""Check a loclint terminology file (rules/terms/<locale>.yaml) against a
side-by-side localized Markdown corpus.

Usage:
    python3 scripts/glossary_corpus_check.py rules/terms/ko-KR.yaml ../shared/corpus/ko-KR
    python3 scripts/glossary_corpus_check.py GLOSSARY CORPUS_DIR [--none-samples N] [--term TERM]

The corpus holds Markdown files in which every translatable segment appears as
    <span data-ttu-id="..">TARGET</span><span class="sxs-lookup"><span data-stu-id="..">SOURCE</span></span>

For every glossary term the script takes the segment pairs whose English source
contains the term (or one of its `forms`; case-insensitive, on word boundaries,
plural -s/-es accepted) and counts, in their targets, which renderings
(preferred + variants) occur, using the same matching as loclint:
  * ko:          rendering at the start of a word (any suffix after it)
  * zh, ja:      plain substring
  * other (de):  case-insensitive, at the start of a word
Where renderings overlap, the longest (leftmost) match wins.

Columns:
  segs     segment pairs whose source contains the term
  pref     segments whose target contains the preferred rendering
  variants segments per variant
  none     segments with the term in the source and no known rendering in the target
  files>1  files in which more than one rendering occurs for the term
           (what `term-inconsistent` would report)
  outside  per rendering: segments whose target contains it although the source
           does NOT contain the term (a hint that the rendering is a generic word)

Flags: "PREF-NEVER" = preferred rendering never occurs (suspect);
       "unused: x"  = variant never occurs (harmless, noted).

Standard library only; PyYAML is used if importable, otherwise a tiny reader for
exactly the glossary schema (locale / terms / term, forms, preferred, variants).
"""

import argparse
import html
import os
import re
import sys
from collections import Counter, defaultdict

PAIR_RE = re.compile(
    r'<span data-ttu-id="[^"]*">(.*?)</span><span class="sxs-lookup">'
    r'<span data-stu-id="[^"]*">(.*?)</span></span>',
    re.DOTALL,
)
# Markdown link targets and bare URLs: an English term inside a URL
# (".../how-to-connect-device-writeback") is not a term occurrence.
URL_RE = re.compile(r'\]\([^)]*\)|https?://\S+')
TAG_RE = re.compile(r'<[^>]+>')


# --------------------------------------------------------------------------
# Glossary loading
# --------------------------------------------------------------------------

def _strip_comment(line):
    out, quote = [], None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in ('"', "'"):
            quote = ch
        elif ch == '#' and (i == 0 or line[i - 1] in ' \t'):
            break
        out.append(ch)
    return ''.join(out).rstrip()


def _scalar(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in ('"', "'"):
        inner = text[1:-1]
        if text[0] == '"':
            return re.sub(r'\\(.)', r'\1', inner)
        return inner.replace("''", "'")
    return text


def _flow_list(text):
    text = text.strip()
    if not (text.startswith('[') and text.endswith(']')):
        raise ValueError('expected a [flow, list]: %r' % text)
    items, cur, quote = [], [], None
    for ch in text[1:-1]:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
        elif ch in ('"', "'"):
            quote = ch
            cur.append(ch)
        elif ch == ',':
            items.append(''.join(cur))
            cur = []
        else:
            cur.append(ch)
    if ''.join(cur).strip():
        items.append(''.join(cur))
    return [_scalar(i) for i in items if i.strip()]


def _mini_yaml(text):
    """Reader for exactly the glossary schema (flow or block lists)."""
    data = {'terms': []}
    entry, entry_indent, block_key = None, -1, None
    for raw in text.splitlines():
        line = _strip_comment(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if indent == 0:
            block_key = None
            key, _, val = stripped.partition(':')
            if key.strip() == 'locale':
                data['locale'] = _scalar(val)
            continue
        if stripped.startswith('-') and block_key and indent > entry_indent:
            entry[block_key].append(_scalar(stripped[1:]))
            continue
        if stripped.startswith('- '):
            entry, entry_indent = {}, indent
            data['terms'].append(entry)
            stripped = stripped[2:].strip()
        block_key = None
        key, _, val = stripped.partition(':')
        key, val = key.strip(), val.strip()
        if key in ('forms', 'variants'):
            entry[key] = _flow_list(val) if val else []
            if not val:
                block_key = key
        else:
            entry[key] = _scalar(val)
    return data


def load_glossary(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    try:
        import yaml  # type: ignore
        data = yaml.safe_load(text)
    except ImportError:
        data = _mini_yaml(text)
    terms = []
    for t in data.get('terms') or []:
        terms.append({
            'term': str(t['term']),
            'forms': [str(x) for x in (t.get('forms') or [])],
            'preferred': str(t['preferred']),
            'variants': [str(x) for x in (t.get('variants') or [])],
        })
    return str(data.get('locale', '')), terms


# --------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------

def source_regex(term, forms):
    alts = []
    for f in [term] + list(forms):
        words = [re.escape(w) for w in f.lower().split()]
        alts.append(r'\s+'.join(words) + r'(?:s|es)?')
    return re.compile(r'(?<!\w)(?:' + '|'.join(alts) + r')(?![\w])', re.IGNORECASE)


def target_regex(rendering, locale):
    lang = locale.split('-')[0].lower()
    esc = re.escape(rendering)
    if lang in ('zh', 'ja'):
        return re.compile(esc)
    if lang == 'ko':
        return re.compile(r'(?<!\w)' + esc)
    return re.compile(r'(?<!\w)' + esc, re.IGNORECASE)


def found_renderings(target, regexes):
    """Indices of renderings found in target, leftmost-longest, non-overlapping."""
    hits = []
    for idx, rx in enumerate(regexes):
        for m in rx.finditer(target):
            hits.append((m.start(), -(m.end() - m.start()), idx, m.end()))
    hits.sort()
    found, pos = set(), -1
    for start, _neg, idx, end in hits:
        if start >= pos:
            found.add(idx)
            pos = end
    return found


# --------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------

def clean(text):
    text = URL_RE.sub(' ', text)
    text = TAG_RE.sub(' ', text)
    return html.unescape(text)


def load_pairs(corpus_dir):
    pairs = []  # (relpath, target, source)
    for root, _dirs, files in os.walk(corpus_dir):
        for name in sorted(files):
            if not name.endswith('.md'):
                continue
            path = os.path.join(root, name)
            with open(path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            rel = os.path.relpath(path, corpus_dir)
            for tgt, src in PAIR_RE.findall(text):
                pairs.append((rel, clean(tgt), clean(src)))
    return pairs


# --------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('glossary')
    ap.add_argument('corpus')
    ap.add_argument('--none-samples', type=int, default=0, metavar='N',
                    help='print up to N target texts of "none" segments per term')
    ap.add_argument('--term', action='append', default=[],
                    help='only these terms (repeatable)')
    args = ap.parse_args(argv)

    locale, terms = load_glossary(args.glossary)
    if args.term:
        wanted = {t.lower() for t in args.term}
        terms = [t for t in terms if t['term'].lower() in wanted]
    pairs = load_pairs(args.corpus)
    nfiles = len({p[0] for p in pairs})
    print('### %s: %d terms, %d segment pairs in %d files (%s)'
          % (locale, len(terms), len(pairs), nfiles, args.corpus))
    print()
    print('| term | segs | preferred | variants | none | files>1 | flags |')
    print('|---|---:|---|---|---:|---:|---|')

    never_pref, unused_var = [], []
    samples = {}
    for t in terms:
        srx = source_regex(t['term'], t['forms'])
        rends = [t['preferred']] + t['variants']
        trx = [target_regex(r, locale) for r in rends]
        seg_count = 0
        counts = Counter()
        outside = Counter()
        none = []
        per_file = defaultdict(set)
        for rel, tgt, src in pairs:
            has_term = bool(srx.search(src))
            found = found_renderings(tgt, trx)
            if has_term:
                seg_count += 1
                for i in found:
                    counts[i] += 1
                    per_file[rel].add(i)
                if not found:
                    none.append((rel, tgt, src))
            else:
                for i in found:
                    outside[i] += 1
        multi = sum(1 for s in per_file.values() if len(s) > 1)
        flags = []
        if seg_count and counts[0] == 0:
            flags.append('PREF-NEVER')
            never_pref.append(t['term'])
        unused = [rends[i] for i in range(1, len(rends)) if counts[i] == 0]
        if unused:
            flags.append('unused: ' + ', '.join(unused))
            unused_var.extend('%s: %s' % (t['term'], u) for u in unused)
        if seg_count == 0:
            flags.append('term not in corpus')
        pref = '%s %d (out %d)' % (rends[0], counts[0], outside[0])
        var = '; '.join('%s %d (out %d)' % (rends[i], counts[i], outside[i])
                        for i in range(1, len(rends))) or '-'
        print('| %s | %d | %s | %s | %d | %d | %s |'
              % (t['term'], seg_count, pref, var, len(none), multi, '; '.join(flags)))
        if args.none_samples and none:
            samples[t['term']] = none[:args.none_samples]

    print()
    print('"(out N)" = segments whose target has the rendering but whose source lacks the term.')
    print('Preferred renderings never found: %s' % (', '.join(never_pref) or 'none'))
    print('Variants never found: %s' % (', '.join(unused_var) or 'none'))
    for term, rows in samples.items():
        print()
        print('#### "none" samples for %s' % term)
        for rel, tgt, src in rows:
            print('- %s\n    T: %s\n    S: %s' % (rel, ' '.join(tgt.split()), ' '.join(src.split())))
    return 0


if __name__ == '__main__':
    sys.exit(main())
