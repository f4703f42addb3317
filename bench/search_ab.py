#!/usr/bin/env python3
"""Search speed of two corpus binaries, alternated query by query on one machine.

Each binary indexes the same articles into an index of its own (their schemas may differ),
then every query runs as a whole `corpus search --json -n 10` process, the two binaries
alternating (and swapping which goes first each round), so that the load of a shared machine
falls on both alike. Printed: the median over queries of each query's median, whole process
and in-process (the summary's `elapsed_ms`), their ratios, and the in-process ratio by kind of
query. Python 3 standard library only.

    python3 bench/search_ab.py BEFORE AFTER                       # Reuters, bench/run.py's 60 queries
    python3 bench/search_ab.py BEFORE AFTER --smart DIR           # a SMART collection's queries as typed

Progress goes to stderr; stdout holds only the figures.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import relevance  # noqa: E402
import run as bench  # noqa: E402


def query_args(q):
    """What `corpus search` is given for one of bench/run.py's queries, as run.py gives it."""
    flags = ["--fuzzy"] if q["kind"] == "fuzzy" else []
    words = ['"' + " ".join(q["words"]) + '"'] if q["kind"] == "phrase" else q["words"]
    return [*flags, "--", *words]


def search_once(binary, index, args):
    start = time.perf_counter()
    proc = subprocess.run(
        [str(binary), "--index", str(index), "--color", "never", "search", "--json", "-n", "10", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    ms = (time.perf_counter() - start) * 1000.0
    if proc.returncode not in (0, 1):
        sys.exit(f"search_ab: {binary} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    lines = proc.stdout.decode("utf-8", "replace").splitlines()
    summary = json.loads(lines[-1]) if lines else {}
    return ms, summary.get("elapsed_ms")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("before", help="the corpus binary to compare against")
    p.add_argument("after", help="the corpus binary measured")
    p.add_argument("--corpus", default=str(bench.DEFAULT_CORPUS), help="folder or tarball of articles")
    p.add_argument("--smart", help="a SMART collection folder: its articles, its queries as typed")
    p.add_argument("--rounds", type=int, default=9, help="timed runs of each query by each binary")
    p.add_argument("--workdir", help="where to put the temporary folder (default: the system's)")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="corpus-search-ab-", dir=args.workdir))
    try:
        if args.smart:
            collection = relevance.load_collection(Path(args.smart))
            folder = work / collection["name"]
            relevance.write_articles(collection["docs"], folder)
            queries = [("typed", ["--", text]) for _, text in collection["queries"]]
        else:
            folder = bench.unpack(args.corpus, work)
            lines = [line.strip() for line in bench.REUTERS_QUERIES.read_text().splitlines()]
            parsed = [bench.parse_query_line(line) for line in lines if line and not line.startswith("#")]
            queries = [(q["kind"], query_args(q)) for q in parsed]
        binaries = {"before": Path(args.before), "after": Path(args.after)}
        indexes = {}
        for name, binary in binaries.items():
            indexes[name] = work / f"index-{name}"
            bench.log(f"indexing {folder} with {binary}")
            subprocess.run([str(binary), "--index", str(indexes[name]), "-q", "index", str(folder)], check=True)
        for name in binaries:
            for _, query in queries:
                search_once(binaries[name], indexes[name], query)
        samples = {name: [([], []) for _ in queries] for name in binaries}
        for r in range(args.rounds):
            bench.log(f"round {r + 1} of {args.rounds}")
            order = ["before", "after"] if r % 2 == 0 else ["after", "before"]
            for i, (_, query) in enumerate(queries):
                for name in order:
                    ms, inprocess = search_once(binaries[name], indexes[name], query)
                    samples[name][i][0].append(ms)
                    samples[name][i][1].append(inprocess)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def median_of(name, which, kinds=None):
        rows = [s for s, (kind, _) in zip(samples[name], queries) if kinds is None or kind in kinds]
        return statistics.median(statistics.median(row[which]) for row in rows)

    print(f"{len(queries)} queries, {args.rounds} rounds, load average at the end {os.getloadavg()[0]:.1f}")
    print("| | before ms | after ms | after / before |")
    print("|---|---|---|---|")
    for label, which in (("whole process", 0), ("in-process", 1)):
        before, after = median_of("before", which), median_of("after", which)
        print(f"| {label} | {before:.3f} | {after:.3f} | {after / before:.3f} |")
    for kind in sorted({kind for kind, _ in queries}):
        before, after = median_of("before", 1, {kind}), median_of("after", 1, {kind})
        print(f"| in-process, {kind} | {before:.3f} | {after:.3f} | {after / before:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
