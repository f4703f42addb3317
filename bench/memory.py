#!/usr/bin/env python3
"""Measure the memory `corpus index` and the minimal tantivy indexer use on large files, and
the memory of `corpus search` over many hits.

Generates English-like text from the words of seeds/*.txt (the same seed gives the same files),
then indexes it with each program in turn into a fresh index: case "many" is many files of a
few MB, case "one" a single file just under corpus's default 64 MB limit. While a program runs,
/proc/PID/status is read every 20 ms and the peaks of RssAnon and RssFile are kept; the peak
resident set comes from the kernel (ru_maxrss, via os.wait4). Python 3 standard library only.

    python3 bench/memory.py                       # 120 files of 4 MB and one of 60 MB (a few minutes)
    python3 bench/memory.py --files 20            # a quick run
    python3 bench/memory.py --cases one --memory 100 --keep
    python3 bench/memory.py --cases search        # --ids, --count and a search over 60,000 hits

Case "search" indexes --search-files small articles that all hold one word, then measures
`corpus search --ids`, `--count` and a search with snippets for it: what each holds should be
bounded by what it prints, not by the number of hits (ids and counts read no stored article).

File-backed pages (RssFile) are mostly the index's own segment files, mapped by tantivy: page
cache, shared and given back by the kernel under pressure. Anonymous memory (RssAnon) is what
the process itself holds: the writer's buffers, articles in flight, the allocator's spare.
The promise it measures (the script reports, it does not judge) is that the anonymous peak
stays within the writer's budget (--memory) plus a small multiple of the largest file; the
last column, (peak anonymous - budget) / largest file, is that multiple. MB are 10^6 bytes throughout, as the writer budget is.

Progress goes to stderr; stdout holds only the tables. The exit status is 1 if a program failed.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MB = 1_000_000
SAMPLE_SECONDS = 0.02
CORPUS_MAX_FILE_MB = 64
CASES = ("many", "one", "search")
INDEX_CASES = ("many", "one")
# The word every article of case "search" holds.
COMMON = "harbour"


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- input


def seed_words():
    """Words of letters only from seeds/*.txt: lowercased, deduplicated, sorted."""
    words = set()
    for path in sorted((REPO / "seeds").glob("*.txt")):
        for word in path.read_text(encoding="utf-8", errors="replace").split():
            if word.isascii() and word.isalpha():
                words.add(word.lower())
    if len(words) < 50:
        sys.exit(f"bench: too few words in {REPO / 'seeds'} to make text from")
    return sorted(words)


def sentence_pool(rng, words, size=4000):
    """Sentences made once; paragraphs are drawn from them, which keeps generation fast."""
    pool = []
    for _ in range(size):
        chosen = rng.choices(words, k=rng.randint(8, 25))
        pool.append(chosen[0].capitalize() + " " + " ".join(chosen[1:]) + ".")
    return pool


def write_article(path, size, rng, words, pool):
    """One file of at most `size` bytes (a paragraph short of it), written in chunks of about 1 MB."""
    title = " ".join(w.capitalize() for w in rng.choices(words, k=rng.randint(3, 7)))
    written, chunk, chunk_len = 0, [title + "\n\n"], len(title) + 2
    with open(path, "w", encoding="ascii") as f:
        while True:
            para = " ".join(rng.choices(pool, k=rng.randint(3, 8))) + "\n\n"
            if written + chunk_len + len(para) > size:
                break
            chunk.append(para)
            chunk_len += len(para)
            if chunk_len >= MB:
                f.write("".join(chunk))
                written, chunk, chunk_len = written + chunk_len, [], 0
        f.write("".join(chunk))
    return written + chunk_len


def make_case(case, folder, args, rng, words, pool):
    """Writes the case's files; returns their count, total bytes and the largest size."""
    folder.mkdir(parents=True)
    if case == "many":
        sizes = [write_article(folder / f"{i:03d}.txt", args.file_mb * MB, rng, words, pool) for i in range(args.files)]
    elif case == "search":
        sizes = []
        for i in range(args.search_files):
            text = f"{COMMON.capitalize()} {' '.join(rng.choices(words, k=5))}\n\n{' '.join(rng.choices(pool, k=6))}\n"
            (folder / f"{i:06d}.txt").write_text(text, encoding="ascii")
            sizes.append(len(text))
    else:
        sizes = [write_article(folder / "000.txt", args.one_mb * MB, rng, words, pool)]
    return {"files": len(sizes), "input_mb": sum(sizes) / MB, "largest_file_mb": max(sizes) / MB}


# ---------------------------------------------------------------- processes


def read_status(pid):
    """RssAnon and RssFile of a live process in kB; nothing once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return {k: int(v.split()[0]) for k, _, v in (l.partition(":") for l in f) if k in ("RssAnon", "RssFile")}
    except (OSError, ValueError):
        return {}


def run_measured(cmd):
    """Runs cmd to its end, sampling its memory: wall seconds, peaks in MB, exit code, stderr."""
    peak = {"RssAnon": 0, "RssFile": 0}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        while True:
            for key, kb in read_status(proc.pid).items():
                peak[key] = max(peak[key], kb)
            # WNOHANG: (0, 0, _) while it runs; its own rusage once it has ended.
            pid, code, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(code)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    fig = {"seconds": seconds, "peak_rss_mb": usage.ru_maxrss * 1024 / MB, "exit_code": proc.returncode}
    fig.update(peak_anon_mb=peak["RssAnon"] * 1024 / MB, peak_file_mb=peak["RssFile"] * 1024 / MB)
    return fig, text


def programs(args):
    binary, minimal = Path(args.binary), Path(args.minimal)
    wanted = [(binary, "cargo build --release")]
    if not args.skip_minimal:
        wanted.append((minimal, "cargo build --release --example minimal_indexer"))
    for path, how in wanted:
        if not (path.is_file() and os.access(path, os.X_OK)):
            log(f"{path} is missing; build it first with `{how}` in {REPO}")
            sys.exit(2)
    commands = {
        "corpus": lambda idx, folder: [str(binary), "-q", "--index", str(idx), "index", "--memory", str(args.memory), str(folder)],
        "minimal": lambda idx, folder: [str(minimal), "--index", str(idx), "--memory", str(args.memory), str(folder)],
    }
    if args.skip_minimal:
        del commands["minimal"]
    return commands


# ---------------------------------------------------------------- output


def fmt(value, digits=1):
    return f"{value:.{digits}f}"


def bench_search(args, commands, work, rng, words, pool, results):
    """Case "search": index many small articles with corpus, then measure three searches of
    the word they all hold. Returns whether a run failed."""
    folder, index = work / "input-search", work / "index-search"
    data = make_case("search", folder, args, rng, words, pool)
    log(f"search: wrote {data['files']} files; indexing them")
    fig, err = run_measured(commands["corpus"](index, folder))
    if fig["exit_code"] != 0:
        log(f"search: indexing failed ({fig['exit_code']}):\n{err.strip()[-2000:]}")
        return True
    binary = [args.binary, "--index", str(index), "search"]
    runs = {"--ids": [*binary, "--ids", COMMON], "--count": [*binary, "--count", COMMON], "10 hits with snippets": [*binary, COMMON]}
    data["runs"] = {}
    failed = False
    for name, cmd in runs.items():
        fig, err = run_measured(cmd)
        failed |= fig["exit_code"] != 0
        log(f"search {name}: {fig['seconds']:.2f} s, peak RSS {fig['peak_rss_mb']:.0f} MB")
        data["runs"][name] = fig
    results["search"] = data
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(index, ignore_errors=True)
    return failed


def render_search(data):
    lines = [f"Searches of a word all {data['files']} articles hold:", "",
             "| search | wall s | peak RSS MB | peak anonymous MB |", "|---|---|---|---|"]
    for name, fig in data["runs"].items():
        cells = [name, fmt(fig["seconds"], 2), fmt(fig["peak_rss_mb"]), fmt(fig["peak_anon_mb"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render(results):
    headers = ["case", "program", "budget MB", "largest file MB", "wall s", "peak RSS MB",
               "peak anonymous MB", "peak file-backed MB", "over budget / largest file"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    notes = []
    for case, data in results["cases"].items():
        for name, fig in data["runs"].items():
            ok = fig["exit_code"] == 0
            cells = [case, name, str(results["memory_mb"]), fmt(data["largest_file_mb"]), fmt(fig["seconds"])]
            cells += [fmt(fig[k]) for k in ("peak_rss_mb", "peak_anon_mb", "peak_file_mb")]
            cells.append(fmt(fig["over_budget_per_file"], 2) if ok else f"failed ({fig['exit_code']})")
            lines.append("| " + " | ".join(cells) + " |")
        runs = data["runs"]
        if all(runs.get(n, {}).get("exit_code") == 0 for n in ("corpus", "minimal")):
            ratio = runs["corpus"]["peak_rss_mb"] / runs["minimal"]["peak_rss_mb"]
            files = f"{data['files']} file" + ("s" if data["files"] != 1 else "")
            notes.append(f"{case}: corpus peak RSS is {ratio:.2f} × the minimal indexer's ({files}, {data['input_mb']:.0f} MB).")
        elif "minimal" not in runs:
            notes.append(f"{case}: no ratio, the minimal indexer was skipped.")
        else:
            notes.append(f"{case}: no ratio, a program failed.")
    return "\n".join(lines + [""] + notes)


# ---------------------------------------------------------------- main


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--binary", default=str(REPO / "target/release/corpus"), help="corpus binary")
    p.add_argument("--minimal", default=str(REPO / "target/release/examples/minimal_indexer"), help="minimal_indexer binary")
    p.add_argument("--skip-minimal", action="store_true", help="do not run the minimal indexer")
    p.add_argument("--memory", type=int, default=200, help="writer budget in MB for both programs")
    p.add_argument("--files", type=int, default=120, help='files in case "many"')
    p.add_argument("--file-mb", type=int, default=4, help='size of each file in case "many", MB')
    p.add_argument("--search-files", type=int, default=60000, help='articles in case "search"')
    p.add_argument("--one-mb", type=int, default=60, help=f'size of the file in case "one", MB (under {CORPUS_MAX_FILE_MB})')
    p.add_argument("--cases", default=",".join(CASES), help="which cases, comma-separated: " + ", ".join(CASES))
    p.add_argument("--seed", type=int, default=1, help="seed of the text generator")
    p.add_argument("--workdir", help="where to put the temporary folder (default: the system's)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (inputs and indexes)")
    p.add_argument("--out", default=str(REPO / "bench" / "memory.json"), help="JSON results")
    args = p.parse_args()
    args.cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    if not args.cases or any(c not in CASES for c in args.cases):
        p.error("--cases takes " + " and/or ".join(CASES) + ", separated by commas")
    if min(args.files, args.file_mb, args.one_mb, args.memory, args.search_files) < 1:
        p.error("--files, --file-mb, --one-mb, --search-files and --memory must be positive")
    if args.one_mb >= CORPUS_MAX_FILE_MB:
        p.error(f"--one-mb must stay under corpus's default limit of {CORPUS_MAX_FILE_MB} MB")
    return args


def main():
    args = parse_args()
    commands = programs(args)
    started = time.time()
    work = Path(tempfile.mkdtemp(prefix="corpus-memory-", dir=args.workdir))
    try:
        return bench(args, commands, work, started)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def bench(args, commands, work, started):
    rng = random.Random(args.seed)
    words = seed_words()
    pool = sentence_pool(rng, words)
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "command": " ".join(["python3", "bench/memory.py", *sys.argv[1:]]),
        "nproc": os.cpu_count(),
        "memory_mb": args.memory,
        "seed": args.seed,
        "vocabulary": len(words),
        "cases": {},
    }
    failed = False
    for case in args.cases:
        if case == "search":
            failed |= bench_search(args, commands, work, rng, words, pool, results)
            continue
        folder = work / f"input-{case}"
        t0 = time.perf_counter()
        data = make_case(case, folder, args, rng, words, pool)
        log(f"{case}: wrote {data['files']} files, {data['input_mb']:.0f} MB in {time.perf_counter() - t0:.1f} s")
        data["runs"] = {}
        for name, make_cmd in commands.items():
            index = work / f"index-{case}-{name}"
            cmd = make_cmd(index, folder)
            log(f"{case}: {' '.join(cmd)}")
            fig, err = run_measured(cmd)
            fig["over_budget_per_file"] = (fig["peak_anon_mb"] - args.memory) / data["largest_file_mb"]
            if fig["exit_code"] != 0:
                failed = True
                fig["stderr_tail"] = err.strip()[-2000:]
                log(f"{case}: {name} failed ({fig['exit_code']}):\n{fig['stderr_tail']}")
            else:
                log(f"{case}: {name} {fig['seconds']:.1f} s, peak RSS {fig['peak_rss_mb']:.0f} MB")
            data["runs"][name] = fig
            if not args.keep:
                shutil.rmtree(index, ignore_errors=True)
        results["cases"][case] = data
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    results["seconds"] = time.time() - started
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    if results["cases"]:
        print(render(results))
    if "search" in results:
        print(render_search(results["search"]))
    log(f"wrote {out} ({results['seconds']:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
