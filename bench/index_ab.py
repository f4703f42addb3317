#!/usr/bin/env python3
"""Indexing speed of two corpus binaries, alternated run by run on one machine.

Each round, each binary indexes the same articles into a fresh index of its own (which goes
first swaps every round, so that the load of a shared machine falls on both alike). Printed:
the median CPU seconds (user and system) and wall seconds of each, their ratios, whether the
two last indexes hold the same articles in the same copy groups, and how many articles' stories
differ (`corpus list --json`; stories may differ between two runs of one binary on more than
one thread). Python 3 standard library only.

    python3 bench/index_ab.py BEFORE AFTER                 # Reuters-21578, 9 rounds
    python3 bench/index_ab.py BEFORE AFTER --rounds 3 --corpus DIR

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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402


def index_once(binary, folder, index):
    """CPU and wall seconds of one `corpus index` of `folder` into a new index."""
    shutil.rmtree(index, ignore_errors=True)
    command = [str(binary), "--index", str(index), "-q", "index", str(folder)]
    seconds, _, code, stderr, cpu = bench.run_measured(command)
    if code != 0:
        sys.exit(f"index_ab: {binary} failed ({code}): {stderr}")
    return cpu, seconds


def listing(binary, index):
    """Each article's id, copy group and story, as `corpus list --json` prints them."""
    proc = subprocess.run(
        [str(binary), "--index", str(index), "list", "--json"], stdout=subprocess.PIPE, check=True
    )
    rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    return {row["id"]: (row["copy_group"], row["story"]) for row in rows}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("before", help="the corpus binary to compare against")
    p.add_argument("after", help="the corpus binary measured")
    p.add_argument("--corpus", default=str(bench.DEFAULT_CORPUS), help="folder or tarball of articles")
    p.add_argument("--rounds", type=int, default=9, help="runs of each binary")
    p.add_argument("--workdir", help="where to put the temporary folder (default: the system's)")
    args = p.parse_args()
    binaries = {"before": Path(args.before), "after": Path(args.after)}
    work = Path(tempfile.mkdtemp(prefix="corpus-index-ab-", dir=args.workdir))
    runs = {name: [] for name in binaries}
    try:
        folder = bench.unpack(args.corpus, work)
        for r in range(args.rounds):
            bench.log(f"round {r + 1} of {args.rounds}")
            order = ["before", "after"] if r % 2 == 0 else ["after", "before"]
            for name in order:
                runs[name].append(index_once(binaries[name], folder, work / f"index-{name}"))
        listed = {name: listing(binary, work / f"index-{name}") for name, binary in binaries.items()}
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def median(name, which):
        return statistics.median(run[which] for run in runs[name])

    print(f"{args.rounds} rounds, load average at the end {os.getloadavg()[0]:.1f}")
    print("| corpus index | before s | after s | after / before |")
    print("|---|---|---|---|")
    for label, which in (("CPU (user and system)", 0), ("wall", 1)):
        before, after = median("before", which), median("after", which)
        print(f"| {label} | {before:.3f} | {after:.3f} | {after / before:.3f} |")
    old, new = listed["before"], listed["after"]
    same_groups = old.keys() == new.keys() and all(old[k][0] == new[k][0] for k in old)
    other_stories = sum(1 for k in old.keys() & new.keys() if old[k][1] != new[k][1])
    print(f"same articles in the same copy groups: {'yes' if same_groups else 'no'}")
    print(f"articles whose story differs: {other_stories} of {len(new)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
