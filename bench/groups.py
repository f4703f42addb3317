#!/usr/bin/env python3
"""Benchmark copy groups and stories on a corpus copied 1, 4 and 16 times (issue 19).

Every copy of an article is a copy of the others, so a search over 16 copies should show
the hits of one copy, each with "+15 copies". Measures in one run, and prints Markdown:
- what indexing costs: CPU seconds of `corpus index`, against a baseline binary built
  from the commit before groups (`--baseline`), runs alternated; and the CPU of a run
  that finds nothing changed (the walk, and the groups computed again over every article);
- whether collapsing is right: for each query, whether the top ten of N copies, each
  read as the article it copies, are the top ten of one copy (articles tied on score
  aside: they come in index order), and whether each hit names all of its own N - 1 copies;
- what it costs a query: whole-process milliseconds of `search` collapsed and with
  `--no-collapse`, alternated, and the in-process milliseconds of `similar`.

    python3 bench/groups.py --binary target/release/corpus --baseline /tmp/corpus-before
    python3 bench/groups.py --copies 1,4 --queries 20      # a quicker run

Progress goes to stderr; stdout holds only the tables.
"""

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (bench/run.py: unpacking, copying, measured processes)

COPY_NAME = re.compile(r"copy\d\d/(.*)-c\d\d(\.[^/.]*)?$")


def original(article_id):
    """The file an id's copy was made from: "r/copy03/a/b-c03.txt" -> "a/b.txt"."""
    match = COPY_NAME.search(article_id)
    return match.group(1) + (match.group(2) or "") if match else article_id


def same_ranking(one, many):
    """Whether two top tens, as (original, score) pairs, rank the same articles: equal
    scores in the same places, and the same articles above the last score (articles tied
    with each other come in index order, which copying changes)."""
    if len(one) != len(many):
        return False
    if any(abs(a[1] - b[1]) > 0.01 * max(abs(a[1]), 1e-9) for a, b in zip(one, many)):
        return False
    above = lambda hits: {h[0] for h in hits if h[1] > hits[-1][1] * 1.0001}
    return not one or above(one) == above(many)


def index_cpu(binary, folder, index):
    seconds, peak, code, err, cpu = bench.run_measured([str(binary), "--index", str(index), "index", str(folder)])
    if code != 0:
        sys.exit(f"bench: {binary} index {folder} failed ({code}): {err}")
    return cpu


def search(binary, index, q, *flags):
    cmd = bench.corpus_cmd(binary, index, q)
    at = cmd.index("--")
    cmd = cmd[:at] + list(flags) + cmd[at:]
    ms, code, out, err = bench.timed(cmd)
    if code not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd)} failed: {err.decode(errors='replace')}")
    hits = [json.loads(line) for line in out.decode().splitlines()]
    return ms, [h for h in hits if h["type"] == "hit"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(bench.DEFAULT_CORPUS), help="a folder or a tarball of articles")
    parser.add_argument("--binary", default=str(bench.REPO / "target" / "release" / "corpus"))
    parser.add_argument("--baseline", help="corpus built from the commit before groups, for the indexing cost")
    parser.add_argument("--copies", default="1,4,16")
    parser.add_argument("--queries", type=int, default=60, help="queries from bench/queries-reuters.txt")
    parser.add_argument(
        "--own-queries", action="store_true", help="one-word queries from the corpus's own files (another corpus)"
    )
    parser.add_argument("--similar", type=int, default=30, help="articles asked for their similar ones")
    parser.add_argument("--rounds", type=int, default=1, help="alternated indexing runs of each binary")
    parser.add_argument("--workdir", help="where to unpack and index (default: a temporary folder)")
    parser.add_argument("--out", help="also write the figures as JSON here")
    args = parser.parse_args()
    copies = [int(c) for c in args.copies.split(",")]
    work = Path(args.workdir or tempfile.mkdtemp(prefix="corpus-groups-"))
    work.mkdir(parents=True, exist_ok=True)
    root = bench.unpack(args.corpus, work)
    files = bench.list_articles(root)
    lines = [l for l in bench.REUTERS_QUERIES.read_text().splitlines() if l.strip() and not l.startswith("#")]
    queries = [bench.parse_query_line(l) for l in lines][: args.queries]
    if args.own_queries:
        words = [w for p in files for w in re.findall(r"[a-z]{6,}", p.read_text(errors="replace").lower())[:1]]
        queries = [{"kind": "single", "words": [w], "peer_words": [w]} for w in words[: args.queries]]
    rows = []
    one_copy = {}
    for c in copies:
        folder = work / f"copies-{c}"
        if not folder.exists():
            bench.log(f"making {c} copies of {len(files)} articles")
            bench.make_copies(files, root, folder, c)
        cpu, before = [], []
        for r in range(args.rounds):
            for binary, into in [(args.baseline, before), (args.binary, cpu)]:
                if binary:
                    index = work / f"idx-{c}-{len(into)}-{Path(binary).name}"
                    bench.log(f"indexing {c} copies with {binary}")
                    into.append(index_cpu(binary, folder, index))
        index = work / f"idx-{c}-0-{Path(args.binary).name}"
        unchanged = index_cpu(args.binary, folder, index)
        same_top, right_copies, hits_seen = 0, 0, 0
        collapsed_ms, every_ms = [], []
        for q in queries:
            ms_every, _ = search(args.binary, index, q, "--no-collapse")
            ms, hits = search(args.binary, index, q)
            collapsed_ms.append(ms)
            every_ms.append(ms_every)
            top = [(original(h["id"]), h["score"] or 0.0) for h in hits]
            if c == copies[0]:
                one_copy[tuple(q["words"])] = top
            same_top += same_ranking(one_copy.get(tuple(q["words"]), []), top)
            for h in hits:
                hits_seen += 1
                # Its own copies, all of them (the corpus may hold copies of its own too).
                own = [x for x in h["copies"] if original(x) == original(h["id"])]
                right_copies += len(own) == c - 1
        ids = subprocess.run(
            [args.binary, "--index", str(index), "search", "--ids", "--", "reuter", "OR", "the"], capture_output=True, text=True
        ).stdout.split()
        similar_ms = []
        for article in random.Random(19).sample(ids, min(args.similar, len(ids))):
            out = subprocess.run(
                [args.binary, "--index", str(index), "similar", "--json", "--", article], capture_output=True, text=True
            ).stdout.splitlines()
            if out:
                similar_ms.append(json.loads(out[-1])["elapsed_ms"])
        stories = subprocess.run(
            [args.binary, "--index", str(index), "stories", "--json", "--min-size", "1"], capture_output=True, text=True
        ).stdout.splitlines()
        summary = json.loads(stories[-1]) if stories else {}
        rows.append(
            {
                "copies": c,
                "articles": len(files) * c,
                "index_cpu_s": statistics.median(cpu),
                "baseline_cpu_s": statistics.median(before) if before else None,
                "unchanged_cpu_s": unchanged,
                "stories": summary.get("stories"),
                "queries": len(queries),
                "same_top10": same_top / max(1, len(queries)),
                "hits_with_own_copies": right_copies / max(1, hits_seen),
                "search_collapsed_ms": statistics.median(collapsed_ms),
                "search_every_ms": statistics.median(every_ms),
                "similar_ms": statistics.median(similar_ms) if similar_ms else None,
            }
        )
    print("| copies | articles | index CPU s | before | ratio | unchanged run CPU s | stories | same top 10 as 1 copy | hits naming all their own copies | search ms collapsed / every | ratio | similar ms (in-process) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        ratio = f"{r['index_cpu_s'] / r['baseline_cpu_s']:.2f}" if r["baseline_cpu_s"] else "-"
        before = f"{r['baseline_cpu_s']:.1f}" if r["baseline_cpu_s"] else "-"
        similar = f"{r['similar_ms']:.1f}" if r["similar_ms"] is not None else "-"
        print(
            f"| {r['copies']} | {r['articles']} | {r['index_cpu_s']:.1f} | {before} | {ratio} | {r['unchanged_cpu_s']:.1f} "
            f"| {r['stories']} | {r['same_top10']:.0%} | {r['hits_with_own_copies']:.0%} "
            f"| {r['search_collapsed_ms']:.1f} / {r['search_every_ms']:.1f} | {r['search_collapsed_ms'] / r['search_every_ms']:.2f} | {similar} |"
        )
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
