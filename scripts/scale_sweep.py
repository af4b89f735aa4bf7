#!/usr/bin/env python3
"""Looks for input shapes on which loclint's time grows faster than its input.

Each markup fragment (or pair of fragments) is repeated to about N bytes and to 4N bytes, in a
segment's target, in its target and source, in the body outside segments, between English
words in a translated target (`english`), or in a front matter value; a shape whose check
takes more than 6x as long for 4x the input (or more than 0.5 s) is printed as SLOW, and a check that ends in an internal error or a crash as ERR.
Linear work takes about 4x as long.

    scripts/scale_sweep.py [single|pairs|triples] [N] [target,both,body,english,fm] [BINARY]

`single 40000` covers 67 fragments in five places in a few minutes; `pairs 8000` covers
their 4,489 pairs (about an hour for two places); `triples` takes a random sample of the
300,763 triples (SWEEP_SAMPLE of them, 1,000 by default, drawn with SWEEP_SEED).
"""
import itertools
import os
import random
import subprocess
import sys
import tempfile
import time

FRAGMENTS = ['[', '](', ']', '`', '``', '*', '**', '_', '<span data-ttu-id="a-1">', '</span>',
             '<', '>', '&', '&amp;', '\\', '![', '<a href="x">', '</a>', '"', '「', '(', ')',
             'http://x.y/', '1,234.5', '|', '\n', '\n\n', '<br>', '<!--', '-->', '{', '}', ':',
             '. ', '。', 'a ', '가', 'ـ', 'ข', '  ', '\t', '#', '> ', '- ', '1. ', '[a](b)',
             '`c`', '*x*', '<code>', '</code>', '<span class="sxs-lookup">',
             '<span data-stu-id="a-1">', '&#x41;', '{{', '}}', '<img src="a">', '[!NOTE]',
             'http://', 'www.', '@', '~~', '^', '=', '$', '%', '\u00a0', '\u200b']

ENGLISH = '가 the file is open '

FRONT = '---\ntitle: T\nms.contentlocale: ko-KR\n---\n'


def document(fragment, n, place):
    body = fragment * n
    if place == 'target':
        return (FRONT + f'<span data-ttu-id="a-1">{body}</span><span class="sxs-lookup">'
                f'<span data-stu-id="a-1">Source text.</span></span>\n')
    if place == 'both':
        return (FRONT + f'<span data-ttu-id="a-1">{body}</span><span class="sxs-lookup">'
                f'<span data-stu-id="a-1">{body}</span></span>\n')
    if place == 'body':
        return (FRONT + body + '\n<span data-ttu-id="a-2">x</span><span class="sxs-lookup">'
                '<span data-stu-id="a-2">x</span></span>\n')
    if place == 'english':
        # Next to English words the source has, in a translated target: the rules that
        # look at each run of English words (`untranslated-words`, terms, links).
        return (FRONT + f'<span data-ttu-id="a-1">{(fragment + ENGLISH) * n}'
                f'</span><span class="sxs-lookup"><span data-stu-id="a-1">'
                f'{("The file is open " + fragment) * n}</span></span>\n')
    if place == 'fm':
        return '---\ntitle: ' + body.replace('\n', ' ') + '\nms.contentlocale: ko-KR\n---\nbody\n'
    raise ValueError(place)


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else 'single'
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 40000
    places = (sys.argv[3] if len(sys.argv) > 3 else 'target,both,body,english,fm').split(',')
    binary = sys.argv[4] if len(sys.argv) > 4 else os.path.join(
        os.path.dirname(__file__), '..', 'target', 'release', 'loclint')
    work = tempfile.mkdtemp(prefix='loclint-sweep-')
    path = os.path.join(work, 'a.md')

    def run(text):
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        best, result = 1e9, None
        for _ in range(2):
            start = time.perf_counter()
            result = subprocess.run([binary, 'check', '--format', 'json', '--no-learn', path],
                                    capture_output=True)
            best = min(best, time.perf_counter() - start)
        return best, result

    floor, _ = run(document('a', 1, 'target'))
    if mode == 'single':
        fragments = FRAGMENTS
    elif mode == 'pairs':
        fragments = [a + b for a, b in itertools.product(FRAGMENTS, FRAGMENTS)]
    elif mode == 'triples':
        draw = random.Random(int(os.environ.get('SWEEP_SEED', '1')))
        fragments = [''.join(draw.choice(FRAGMENTS) for _ in range(3))
                     for _ in range(int(os.environ.get('SWEEP_SAMPLE', '1000')))]
    else:
        raise SystemExit(f'unknown mode {mode!r}: single, pairs or triples')
    for place in places:
        for fragment in fragments:
            unit = fragment + (ENGLISH if place == 'english' else '')
            n = max(1, size // len(unit))
            small, result = run(document(fragment, n, place))
            stderr = result.stderr.decode(errors='replace')
            if result.returncode not in (0, 1) or 'internal error' in stderr:
                print('ERR', place, repr(fragment), result.returncode, stderr[:300], flush=True)
            if small - floor > 0.02:
                large, _ = run(document(fragment, 4 * n, place))
                growth = (large - floor) / max(1e-4, small - floor)
                if growth > 6 or large > 0.5:
                    print(f'SLOW {place} {fragment!r} n={n} {small:.3f}s -> {large:.3f}s '
                          f'({growth:.1f}x)', flush=True)
    print('done', mode, size, ','.join(places), flush=True)


if __name__ == '__main__':
    main()
