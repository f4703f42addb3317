#!/usr/bin/env python3
"""How much of real web pages' article text `corpus clean` sets aside as stray-language fragments.

A fragment is a stray minority of an article: a foreign caption, a quoted tweet, a footer in
another script. When most of an article comes out as "fragments", the document's language
is wrong (a Norwegian page taken for English loses its whole body to `~ nob` lines), or the
page is truly bilingual. This benchmark runs the real CLI (`corpus clean --json`) over the
pages of trafilatura's evaluation set (`../shared/web/trafilatura-eval.tar.gz`, many
languages) and counts, per page, the letters of its fragments against the letters of its
kept body: the pages with more than a third of their article text flagged, and those with
more flagged than kept. Those pages are listed on stderr, with the document's language and
the fragments' main language, for a person to judge.

The pages are split in two halves by a hash of their file name, as in `bench/pagetext.py`:
`tune` (looked at while changing the cleaner) and `held-out` (never looked at).

    python3 bench/fragments_web.py                               # builds target/release/corpus
    python3 bench/fragments_web.py --binary target/release/corpus --before /tmp/corpus-main
    python3 bench/fragments_web.py --pages tests/fixtures/lang/tune   # any folder of articles

Progress and the pages over a third go to stderr; stdout holds only the table.
"""

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from pagetext import HALVES, binaries_of, clean_json, half_of, load_set, set_arguments

# A page is "mostly flagged" past this share of its article text.
MOSTLY = 1 / 3


def log(message):
    print(f"fragments_web: {message}", file=sys.stderr, flush=True)


def letters(text):
    return sum(1 for c in text if c.isalpha())


def page_figures(article):
    """Letters kept, letters flagged, and the fragments' main language."""
    kept = letters(article["body"])
    by_lang = Counter()
    for fragment in article["fragments"]:
        by_lang[fragment["lang"]] += letters(fragment["text"])
    top = by_lang.most_common(1)[0][0] if by_lang else "-"
    return kept, sum(by_lang.values()), top


def measure(name, articles, halves):
    """Figures per half for one build; the pages over a third go to stderr."""
    rows = {}
    for half in halves:
        pages = {k: a for k, a in articles.items() if halves[half](k)}
        mostly, outweighed, kept_all, flagged_all = [], 0, 0, 0
        langs = Counter()
        for page, article in sorted(pages.items()):
            kept, flagged, top = page_figures(article)
            kept_all += kept
            flagged_all += flagged
            langs[article["lang"]] += 1
            if flagged > MOSTLY * (kept + flagged):
                mostly.append(page)
                log(f"{name} {half}: {page}: lang {article['lang']}, {flagged} of "
                    f"{kept + flagged} letters flagged, mostly {top}")
            outweighed += flagged > kept
        rows[half] = {
            "pages": len(pages),
            "mostly_flagged": len(mostly),
            "more_flagged_than_kept": outweighed,
            "flagged_share": flagged_all / max(1, kept_all + flagged_all),
            "languages": len(langs),
            "mostly_flagged_pages": mostly,
        }
    return rows


def table(results):
    lines = [
        "| build | half | pages | languages | pages > 1/3 flagged | more flagged than kept | letters flagged |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, rows in results.items():
        for half, r in rows.items():
            lines.append(
                f"| {name} | {half} | {r['pages']} | {r['languages']} | {r['mostly_flagged']} | "
                f"{r['more_flagged_than_kept']} | {r['flagged_share']:.4f} |"
            )
    return "\n".join(lines)


def main():
    args = set_arguments(
        __doc__.split("\n\n")[0],
        pages="a folder of articles (pages or text) instead of the set, as one half",
        workdir="where to unpack the set (default: a temporary folder)",
    ).parse_args()
    binaries = binaries_of(args)
    with tempfile.TemporaryDirectory() as tmp:
        if args.pages:
            folder = Path(args.pages)
            halves = {"pages": lambda _: True}
        else:
            _, folder = load_set(args.set, Path(args.workdir) if args.workdir else Path(tmp), "fragments_web")
            halves = {half: (lambda h: lambda page: half_of(page) == h)(half) for half in HALVES}
        results = {}
        for name, binary in binaries.items():
            log(f"{name}: corpus clean --json {folder}")
            results[name] = measure(name, clean_json(binary, folder, "fragments_web"), halves)
    print(table(results))
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
