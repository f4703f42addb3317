#!/usr/bin/env python3
"""Load on `corpus serve`: concurrent clients on loopback against bench/run.py's in-process figure.

In one run, on Reuters-21578 (found and unpacked as bench/run.py does) and its fixed query list:
1. the in-process search time: `corpus search --json` per query, `elapsed_ms` of its summary
   (what bench/run.py reports as "in-process search with snippets"), median over rounds;
2. `corpus serve` on 127.0.0.1, port 0, and CLIENTS client processes, each with one kept-alive
   connection, asking `GET /api/search?q=...` (10 hits with snippets) in turn, for a bounded
   number of requests: searches per second, and p50 / p99 latency as the clients saw them;
3. the server's resident memory (VmRSS) after a warm-up and after REQUESTS requests;
4. how soon a commit is visible: a new source indexed by `corpus index` while the server
   serves, from the moment its commit rewrites the live meta.json to the first search that
   finds the new article, several times.

Prints a Markdown table and the targets of issue 20; writes the figures as JSON with --out.
Python 3 standard library only. The client runs on the same machine and takes its share of
the cores.

    python3 bench/serve.py                            # Reuters, 100,000 requests
    python3 bench/serve.py --requests 20000 --clients 2
    python3 bench/serve.py --corpus seeds --binary target/debug/corpus --requests 500
"""

import argparse
import http.client
import json
import multiprocessing
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: the corpus, the queries, the build)

WARMUP = 1_000
COMMIT_TRIALS = 5


def log(message):
    print(f"bench/serve: {message}", file=sys.stderr, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(run.DEFAULT_CORPUS), help="a folder or a tarball")
    parser.add_argument("--binary", help="a built corpus (default: cargo build --release)")
    parser.add_argument("--requests", type=int, default=100_000, help="requests in the measured run")
    parser.add_argument("--clients", type=int, default=4, help="client processes, one connection each")
    parser.add_argument("--rounds", type=int, default=5, help="in-process rounds per query")
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--out", help="write the figures here as JSON")
    return parser.parse_args()


def queries_for(args, files):
    if Path(args.corpus).resolve() == run.DEFAULT_CORPUS.resolve() and run.REUTERS_QUERIES.exists():
        lines = run.REUTERS_QUERIES.read_text().splitlines()
        return [run.parse_query_line(l) for l in lines if l.strip() and not l.startswith("#")]
    return run.generate_queries(files, 20)


def in_process(binary, index, queries, rounds):
    """Median of `elapsed_ms` over every query and round, as bench/run.py's in-process figure."""
    samples = []
    for q in queries:
        run.corpus_once(binary, index, q)
    for _ in range(rounds):
        for q in queries:
            _, _, elapsed = run.corpus_once(binary, index, q)
            if elapsed is not None:
                samples.append(elapsed)
    return statistics.median(samples), len(samples)


def start_server(binary, index, work):
    """The server, its port, and the file its stderr goes to (a pipe nobody reads would fill)."""
    log_path = work / "serve.log"
    log_file = open(log_path, "w")
    proc = subprocess.Popen(
        [str(binary), "--index", str(index), "serve", "--bind", "127.0.0.1:0"],
        stderr=log_file,
        stdout=subprocess.DEVNULL,
    )
    first = ""
    for _ in range(600):
        first = log_path.read_text()
        if first.endswith("\n") or proc.poll() is not None:
            break
        time.sleep(0.05)
    if not first.startswith("serving "):
        sys.exit(f"bench/serve: corpus serve did not start: {first}")
    url = first.splitlines()[0].strip().rsplit(" ", 1)[1]
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    return proc, port, log_path


def rss_mb(pid, field="VmRSS"):
    """Resident memory in MB: VmRSS in all, or RssAnon, the process's own (VmRSS also counts the
    index's pages that the searches have mapped in, which the kernel may drop at any time)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return None


def search_target(q):
    return "/api/search?" + urllib.parse.urlencode(
        {"q": run.query_text(q), "limit": 10, **({"fuzzy": "true"} if q["kind"] == "fuzzy" else {})}
    )


def client(port, targets, count, start_at, results):
    """One connection, kept alive: `count` requests, each one's latency in milliseconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    latencies = []
    errors = 0
    host = {"Host": f"127.0.0.1:{port}"}
    for i in range(count):
        target = targets[(start_at + i) % len(targets)]
        begin = time.perf_counter()
        connection.request("GET", target, headers=host)
        response = connection.getresponse()
        response.read()
        latencies.append((time.perf_counter() - begin) * 1000)
        if response.status != 200:
            errors += 1
    connection.close()
    results.put((latencies, errors))


def load(port, targets, total, clients):
    """`total` requests over `clients` processes: wall seconds, latencies, errors."""
    results = multiprocessing.Queue()
    share = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]
    procs = [
        multiprocessing.Process(target=client, args=(port, targets, n, i * 7, results))
        for i, n in enumerate(share)
    ]
    begin = time.perf_counter()
    for p in procs:
        p.start()
    gathered = [results.get() for _ in procs]
    wall = time.perf_counter() - begin
    for p in procs:
        p.join()
    latencies = [ms for got, _ in gathered for ms in got]
    errors = sum(e for _, e in gathered)
    return wall, latencies, errors


def found(port, word):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/api/search?q=" + word + "&limit=1", headers={"Host": f"127.0.0.1:{port}"})
    body = json.loads(connection.getresponse().read())
    connection.close()
    return body.get("estimatedTotalHits", 0) > 0


def live_meta(index):
    """The bytes of the live generation's meta.json, which tantivy rewrites (by a rename) to commit."""
    try:
        generation = json.loads((index / "corpus.json").read_text())["generation"]
        return (index / generation / "meta.json").read_bytes()
    except (OSError, ValueError, KeyError):
        return None


def commit_visibility(binary, index, port, work):
    """Seconds from a commit (the moment the live meta.json changes, watched every millisecond
    while `corpus index` adds a new source) to the first search that finds the new article."""
    delays = []
    for trial in range(COMMIT_TRIALS):
        word = f"zqxcommit{trial}marker"
        folder = work / f"live-{trial}"
        folder.mkdir()
        (folder / "new.txt").write_text(
            f"A new article {trial}\n\nThe committee found the word {word} in a report published today.\n"
        )
        before = live_meta(index)
        proc = subprocess.Popen([str(binary), "--index", str(index), "-q", "index", str(folder)], stderr=subprocess.PIPE)
        while live_meta(index) == before:
            if proc.poll() is not None and live_meta(index) == before:
                sys.exit(f"bench/serve: corpus index ended without a commit: {proc.stderr.read().decode(errors='replace')}")
            time.sleep(0.001)
        committed = time.perf_counter()
        while not found(port, word):
            if time.perf_counter() - committed > 60:
                sys.exit("bench/serve: a commit was not visible after 60 s")
            time.sleep(0.005)
        delays.append(time.perf_counter() - committed)
        if proc.wait() != 0:
            sys.exit(f"bench/serve: corpus index failed: {proc.stderr.read().decode(errors='replace')}")
    return delays


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="corpus-serve-bench-", dir=args.workdir))
    try:
        return bench(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench(args, work):
    binary = Path(args.binary) if args.binary else run.build_corpus()
    folder = run.unpack(args.corpus, work)
    files = run.list_articles(folder)
    queries = queries_for(args, files)
    index = work / "index"
    log(f"indexing {len(files)} files")
    proc = subprocess.run([str(binary), "--index", str(index), "-q", "index", str(folder)], capture_output=True)
    if proc.returncode != 0:
        sys.exit(f"bench/serve: corpus index failed: {proc.stderr.decode(errors='replace')}")

    log(f"in-process: {len(queries)} queries x {args.rounds} rounds")
    inproc_ms, inproc_n = in_process(binary, index, queries, args.rounds)
    inproc_per_s = 1000 / inproc_ms

    server, port, server_log = start_server(binary, index, work)
    try:
        targets = [search_target(q) for q in queries]
        log(f"warm-up: {WARMUP} requests")
        load(port, targets, WARMUP, args.clients)
        rss_before, anon_before = rss_mb(server.pid), rss_mb(server.pid, "RssAnon")
        log(f"load: {args.requests} requests from {args.clients} clients")
        wall, latencies, errors = load(port, targets, args.requests, args.clients)
        rss_after, anon_after = rss_mb(server.pid), rss_mb(server.pid, "RssAnon")
        log("commit visibility")
        delays = commit_visibility(binary, index, port, work)
    except (OSError, http.client.HTTPException) as err:
        status = server.poll()
        sys.exit(f"bench/serve: {err}; the server {'ended with ' + str(status) if status is not None else 'still runs'}:\n"
                 + server_log.read_text())
    finally:
        server.terminate()
        server.wait()

    per_s = len(latencies) / wall
    p50 = run.percentile(latencies, 50)
    p99 = run.percentile(latencies, 99)
    growth = (rss_after - rss_before) / rss_before if rss_before else None
    figures = {
        "articles": len(files),
        "queries": len(queries),
        "clients": args.clients,
        "requests": len(latencies),
        "errors": errors,
        "searches_per_s": per_s,
        "p50_ms": p50,
        "p99_ms": p99,
        "inprocess_median_ms": inproc_ms,
        "inprocess_samples": inproc_n,
        "inprocess_per_s": inproc_per_s,
        "rss_before_mb": rss_before,
        "rss_after_mb": rss_after,
        "rss_growth": growth,
        "anon_before_mb": anon_before,
        "anon_after_mb": anon_after,
        "commit_visible_s": delays,
    }
    print(f"`corpus serve` under load: {len(files)} articles, {len(queries)} queries, "
          f"{args.clients} client processes on the same machine, {len(latencies)} requests ({errors} errors)\n")
    print("| figure | value |")
    print("|---|---|")
    print(f"| searches with snippets per second, over HTTP | {per_s:.0f} |")
    print(f"| latency p50 / p99, as the clients saw it | {p50:.2f} / {p99:.2f} ms |")
    print(f"| in-process search median (bench/run.py's figure) | {inproc_ms:.2f} ms ({inproc_per_s:.0f} searches/s on one thread) |")
    print(f"| server memory after {WARMUP} / after {WARMUP + len(latencies)} requests | {rss_before:.1f} / {rss_after:.1f} MB ({growth:+.1%}) |")
    print(f"| of which the process's own (RssAnon), same moments | {anon_before:.1f} / {anon_after:.1f} MB |")
    print(f"| a commit visible to the server after | {', '.join(f'{d * 1000:.0f}' for d in delays)} ms |")
    print()
    targets_met = [
        ("searches/s >= half the in-process searches/s", per_s >= inproc_per_s / 2, f"{per_s:.0f} vs {inproc_per_s / 2:.0f}"),
        ("p99 <= 10 x the in-process median", p99 <= 10 * inproc_ms, f"{p99:.2f} vs {10 * inproc_ms:.2f} ms"),
        ("memory flat within 10%", growth is not None and abs(growth) <= 0.10, f"{growth:+.1%}"),
        ("a commit visible within 1 s", max(delays) <= 1.0, f"max {max(delays) * 1000:.0f} ms"),
        ("no failed request", errors == 0, str(errors)),
    ]
    print("| target | met | figures |")
    print("|---|---|---|")
    for name, ok, detail in targets_met:
        print(f"| {name} | {'yes' if ok else 'NO'} | {detail} |")
    if args.out:
        Path(args.out).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
