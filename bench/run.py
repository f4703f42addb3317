#!/usr/bin/env python3
"""Benchmark `corpus` against a minimal tantivy indexer, SQLite FTS5 and ripgrep.

Measures in one run, prints Markdown tables on stdout and writes the figures as JSON:
indexing (wall time, MB/s, articles/s, peak memory, index size over input size),
query latency of whole processes (warm and, where the machine allows it, cold page cache),
and scaling over 1, 4 and 16 copies of the corpus. Python 3 standard library only.

    python3 bench/run.py                     # Reuters-21578, copies 1,4,16 (about 10 minutes)
    python3 bench/run.py --copies 1          # a quick run
    python3 bench/run.py --corpus DIR --binary target/release/corpus --no-install

Progress goes to stderr; stdout holds only the tables.
"""

import argparse
import json
import math
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "bench" / "reuters21578.tar.gz"
REUTERS_QUERIES = REPO / "bench" / "queries-reuters.txt"
DEFAULT_QUERIES = 60
NOT_INSTALLED = "not installed"
# Debian package of each peer command.
PEERS = {"sqlite3": "sqlite3", "rg": "ripgrep"}
KINDS = ("single", "and2", "and3", "phrase", "fuzzy")
STOP = set(
    """about above after again against also among and another any are because been before
    being below between both but can could did does doing down during each few for from further
    had has have having her here hers him his how into its itself just more most much must
    need not now off once only other our ours out over own said same says she should some such
    than that the their theirs them then there these they this those through too under until
    upon very was were what when where which while who whom why will with would year years you
    your reuter reuters mln pct dlrs dlr cts all still get gets one two three new""".split()
)


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- files and folders


def is_article_name(name):
    """The names corpus indexes: .txt, .md or no extension."""
    suffix = Path(name).suffix.lower()
    return suffix in ("", ".txt", ".md")


def list_articles(root):
    """Article files under root, sorted, skipping hidden entries as corpus does."""
    found = []
    for folder, dirs, files in os.walk(root, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and is_article_name(name):
                found.append(Path(folder) / name)
    return found


def tree_bytes(path):
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def unpack(source, work):
    """A folder as is, or a tarball unpacked into the work folder; returns the article folder."""
    source = Path(source)
    if source.is_dir():
        return source
    if not source.is_file():
        sys.exit(f"bench: {source} is neither a folder nor a tarball")
    dest = work / "corpus"
    dest.mkdir()
    log(f"unpacking {source}")
    with tarfile.open(source) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter="data")
        else:
            tar.extractall(dest)
    entries = [e for e in dest.iterdir() if not e.name.startswith(".")]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else dest


def make_copies(files, root, dest, copies):
    """The corpus `copies` times, each copy in its own subfolder under new file names."""
    for c in range(copies):
        for path in files:
            rel = path.relative_to(root)
            target = dest / f"copy{c:02d}" / rel.parent / f"{rel.stem}-c{c:02d}{rel.suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


# ---------------------------------------------------------------- processes


def run_measured(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd to its end: wall seconds, peak resident memory (MB) of that process, exit code,
    stderr, and the CPU seconds (user and system) of that process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=err)
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would be a max over all children.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return seconds, usage.ru_maxrss / 1024.0, proc.returncode, text, usage.ru_utime + usage.ru_stime


def timed(cmd):
    """Wall milliseconds of one process, its exit code and its stdout."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ms = (time.perf_counter() - start) * 1000.0
    return ms, proc.returncode, proc.stdout, proc.stderr


def drop_caches():
    """Empties the page cache if this machine lets us; False otherwise."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def build(target_args, path):
    log(f"cargo build --release {' '.join(target_args)}")
    proc = subprocess.run(["cargo", "build", "--release", *target_args], cwd=REPO)
    if proc.returncode != 0:
        sys.exit("bench: cargo build failed")
    return path


def target_dir():
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))


def build_corpus():
    """The corpus binary, built now from the sources: target/release/corpus, or under CARGO_TARGET_DIR."""
    return build(["--bin", "corpus"], target_dir() / "release" / "corpus")


# ---------------------------------------------------------------- peers


def sqlite_cli_has_fts5():
    try:
        proc = subprocess.run(
            ["sqlite3", ":memory:", "CREATE VIRTUAL TABLE t USING fts5(a, tokenize='porter')"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return False
    return proc.returncode == 0


def module_has_fts5():
    try:
        db = sqlite3.connect(":memory:")
        db.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='porter')")
        db.close()
        return True
    except sqlite3.Error:
        return False


def ensure_peers(no_install):
    """Status of each peer command: present, installed, not installed or install failed."""
    status = {cmd: "present" for cmd in PEERS if shutil.which(cmd)}
    missing = [cmd for cmd in PEERS if cmd not in status]
    if missing and not no_install:
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        packages = [PEERS[cmd] for cmd in missing]
        log(f"installing {' '.join(packages)} with apt-get")
        try:
            ok = (
                subprocess.run([*sudo, "apt-get", "update"], env=env, stdout=sys.stderr).returncode == 0
                and subprocess.run(
                    [*sudo, "apt-get", "install", "-y", *packages], env=env, stdout=sys.stderr
                ).returncode
                == 0
            )
        except OSError:
            ok = False
        for cmd in missing:
            status[cmd] = "installed" if ok and shutil.which(cmd) else "install failed"
    for cmd in missing:
        status.setdefault(cmd, NOT_INSTALLED)
    if status.get("sqlite3") in ("present", "installed") and not sqlite_cli_has_fts5():
        status["sqlite3"] = "no FTS5"
    return status


def usable(status):
    return status in ("present", "installed")


# ---------------------------------------------------------------- FTS5


def fts5_build(db_path, root):
    """Runs in a child process (see main), so its time and memory are measured like the others."""
    db = sqlite3.connect(db_path)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5("
        "id UNINDEXED, title, body, tokenize='porter unicode61 remove_diacritics 2')"
    )

    def rows():
        for path in list_articles(root):
            text = path.read_bytes().decode("utf-8", "replace")
            title = next((line.strip() for line in text.splitlines() if line.strip()), "")
            yield str(path.relative_to(root)), title, text

    with db:
        db.executemany("INSERT INTO docs(id, title, body) VALUES (?, ?, ?)", rows())
    db.close()


# ---------------------------------------------------------------- queries


def parse_query_line(line):
    kind, *words = line.split()
    if kind not in KINDS or not words:
        raise ValueError(f"bad query line: {line!r}")
    if kind == "fuzzy":
        # "fuzzy misspelt correct": corpus gets the typo, peers the word it stands for.
        return {"kind": kind, "words": words[:1], "peer_words": words[1:2] or words[:1]}
    return {"kind": kind, "words": words, "peer_words": words}


def query_text(q):
    return " ".join(q["words"]) if q["kind"] != "phrase" else '"' + " ".join(q["words"]) + '"'


def query_line(q):
    words = q["words"] + (q["peer_words"] if q["kind"] == "fuzzy" else [])
    return " ".join([q["kind"], *words])


def generate_queries(files, count, seed=6):
    """A fixed list drawn from the corpus: the same corpus always gives the same queries."""
    rng = random.Random(seed)
    step = max(1, len(files) // 3000)
    sample = files[::step][:3000]
    docs, df = [], {}
    for path in sample:
        text = path.read_bytes().decode("utf-8", "replace")
        lines = [re.findall(r"[A-Za-z]+", line) for line in text.splitlines()]
        docs.append(lines)
        for word in {w.lower() for line in lines for w in line}:
            df[word] = df.get(word, 0) + 1
    floor = 2 if len(sample) >= 20 else 1

    def good(word):
        w = word.lower()
        return len(w) >= 4 and w not in STOP and df.get(w, 0) >= floor and w.isascii()

    terms = sorted((w for w in df if good(w)), key=lambda w: (-df[w], w))
    if not terms:
        return []
    wanted = {"single": 18, "and2": 14, "and3": 12, "phrase": 14, "fuzzy": 2}
    lists = {kind: [] for kind in KINDS}
    seen = set()

    def add(kind, words, peer_words=None):
        key = (kind, tuple(words))
        if key not in seen and len(lists[kind]) < wanted[kind]:
            seen.add(key)
            lists[kind].append({"kind": kind, "words": words, "peer_words": peer_words or words})

    # Single terms spread from common to rare.
    top = terms[: max(1, len(terms) // 3)]
    for i in range(wanted["single"]):
        add("single", [top[(i * len(top)) // wanted["single"]]])
    for _ in range(4000):
        if all(len(lists[k]) >= wanted[k] for k in ("and2", "and3", "phrase")):
            break
        lines = rng.choice(docs)
        words = sorted({w.lower() for line in lines for w in line if good(w)})
        for k, kind in ((2, "and2"), (3, "and3")):
            if len(words) >= k:
                add(kind, rng.sample(words, k))
        line = rng.choice(lines) if lines else []
        pairs = [
            (a.lower(), b.lower())
            for a, b in zip(line, line[1:])
            if len(a) >= 3 and len(b) >= 3 and (good(a) or good(b))
            and a.lower() not in STOP and b.lower() not in STOP
        ]
        if pairs:
            add("phrase", list(rng.choice(pairs)))
    for word in [w for w in terms if len(w) >= 7][: wanted["fuzzy"]]:
        cut = len(word) // 2
        add("fuzzy", [word[:cut] + word[cut + 1 :]], [word])

    # One of each kind first, so the first five queries cover every kind; then round robin.
    ordered, queues = [], [list(lists[k]) for k in KINDS]
    while any(queues):
        for queue in queues:
            if queue:
                ordered.append(queue.pop(0))
    return ordered[:count]


def corpus_cmd(binary, index, q, limit=10):
    args = [str(binary), "--index", str(index), "--color", "never", "search", "--json", "-n", str(limit)]
    if q["kind"] == "fuzzy":
        args.append("--fuzzy")
    if q["kind"] == "phrase":
        return args + ["--", '"' + " ".join(q["words"]) + '"']
    return args + ["--", *q["words"]]


def fts5_match(q):
    words = ['"' + w.replace('"', '""') + '"' for w in q["peer_words"]]
    if q["kind"] == "phrase":
        return '"' + " ".join(q["peer_words"]).replace('"', '""') + '"'
    return " AND ".join(words)


def fts5_cmd(db, q, limit=10):
    match = fts5_match(q).replace("'", "''")
    sql = (
        "SELECT id, title, snippet(docs, 2, '[', ']', '...', 16) FROM docs "
        f"WHERE docs MATCH '{match}' ORDER BY rank LIMIT {limit};"
    )
    return ["sqlite3", "-readonly", str(db), sql]


def rg_cmd(folder, q):
    # AND cannot be one ripgrep pass; any of the words costs the same single scan of every file.
    if q["kind"] == "phrase":
        patterns = [" ".join(q["peer_words"])]
    else:
        patterns = q["peer_words"]
    args = ["rg", "-i", "-l", "-F"]
    for p in patterns:
        args += ["-e", p]
    return args + ["--", str(folder)]


def corpus_once(binary, index, q):
    ms, code, out, err = timed(corpus_cmd(binary, index, q))
    if code not in (0, 1):
        sys.exit(f"bench: corpus search {query_text(q)!r} failed ({code}): {err.decode(errors='replace').strip()}")
    summary = {}
    for line in out.decode("utf-8", "replace").splitlines():
        record = json.loads(line)
        if record.get("type") == "summary":
            summary = record
    return ms, summary.get("total_hits", 0), summary.get("elapsed_ms")


def fts5_once(db, q):
    ms, code, out, err = timed(fts5_cmd(db, q))
    if code != 0:
        sys.exit(f"bench: sqlite3 {fts5_match(q)!r} failed ({code}): {err.decode(errors='replace').strip()}")
    return ms, len(out.splitlines())


def rg_once(folder, q):
    ms, code, out, err = timed(rg_cmd(folder, q))
    if code not in (0, 1):
        sys.exit(f"bench: rg failed ({code}): {err.decode(errors='replace').strip()}")
    return ms, len(out.splitlines())


# ---------------------------------------------------------------- statistics


def percentile(values, p):
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100.0 * len(ordered)) - 1)]


def spread(values, p=95):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), f"p{p}": percentile(values, p), "n": len(values)}


# ---------------------------------------------------------------- measuring


def index_figures(seconds, peak_mb, index_bytes, input_bytes, articles, summary=None, cpu=None):
    return {
        "status": "ok",
        "seconds": seconds,
        "cpu_seconds": cpu,
        "mb_per_s": input_bytes / 1e6 / seconds,
        "articles_per_s": articles / seconds,
        "peak_mb": peak_mb,
        "index_bytes": index_bytes,
        "size_ratio": index_bytes / input_bytes if input_bytes else None,
        "summary": summary,
    }


def measure_cleaning(clean_cost, folder, minimal):
    """The cleaner's own time over the folder (both passes, one thread, best of 3), and its
    ratio to the minimal indexer's CPU time: the cleaning issue asks for at most a third."""
    proc = subprocess.run([str(clean_cost), str(folder), "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        sys.exit(f"bench: clean_cost failed ({proc.returncode}): {proc.stderr.decode('utf-8', 'replace').strip()}")
    figures = json.loads(proc.stdout)
    seconds = figures["learn_seconds"] + figures["clean_seconds"]
    minimal_cpu = minimal.get("cpu_seconds") if minimal.get("status") == "ok" else None
    return {
        "status": "ok",
        **figures,
        "seconds": seconds,
        "mb_per_s": figures["bytes"] / 1e6 / seconds if seconds else None,
        "minimal_cpu_seconds": minimal_cpu,
        "vs_minimal_cpu": ratio(seconds, minimal_cpu),
    }


def removed_by_reason(binary, folder):
    """Lines the cleaner removes over the folder, per reason (`corpus clean --json`): what a
    change to the cleaner does to plain-text articles, reason by reason."""
    proc = subprocess.run([str(binary), "clean", "--json", str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode not in (0, 1):
        sys.exit(f"bench: corpus clean failed ({proc.returncode}): {proc.stderr.decode('utf-8', 'replace').strip()}")
    counts = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        for removed in json.loads(line).get("removed", []):
            counts[removed["reason"]] = counts.get(removed["reason"], 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def reasons_table(removed):
    rows = [[reason, str(n)] for reason, n in removed.items()]
    rows.append(["all", str(sum(removed.values()))])
    return table(["reason", "lines removed"], rows)


def writer_flags(args):
    flags = []
    if args.threads:
        flags += ["--threads", str(args.threads)]
    if args.memory:
        flags += ["--memory", str(args.memory)]
    return flags


def index_corpus(binary, folder, index, args, input_bytes, articles):
    cmd = [str(binary), "--index", str(index), "index", *writer_flags(args), str(folder)]
    seconds, peak, code, err, cpu = run_measured(cmd)
    if code != 0:
        sys.exit(f"bench: corpus index failed ({code}): {err.strip()}")
    summary = err.strip().splitlines()[-1] if err.strip() else ""
    figures = index_figures(seconds, peak, tree_bytes(index), input_bytes, articles, summary, cpu)
    found = re.search(r"(\d+) indexed", summary)
    stripped = re.search(r"(\d+) lines stripped", summary)
    figures["indexed"] = int(found.group(1)) if found else None
    figures["lines_stripped"] = int(stripped.group(1)) if stripped else None
    return figures


def measure_queries(queries, rounds, corpus, fts5=None, rg=None):
    """Warm page cache: one untimed pass, then `rounds` timed ones; each query's figure is its median."""
    per_query = []
    for q in queries:
        corpus_once(*corpus, q)
        if fts5:
            fts5_once(fts5, q)
    if rg:
        rg_once(rg, queries[0])
    for q in queries:
        row = {"query": query_text(q), "kind": q["kind"]}
        samples = [corpus_once(*corpus, q) for _ in range(rounds)]
        row["corpus_ms"] = statistics.median(s[0] for s in samples)
        row["corpus_hits"] = samples[0][1]
        row["inprocess_ms"] = [s[2] for s in samples if s[2] is not None]
        if fts5:
            samples = [fts5_once(fts5, q) for _ in range(rounds)]
            row["fts5_ms"] = statistics.median(s[0] for s in samples)
            row["fts5_output_lines"] = samples[0][1]
        else:
            row["fts5_ms"] = None
        if rg:
            ms, files = rg_once(rg, q)
            row["rg_ms"], row["rg_files"] = ms, files
        else:
            row["rg_ms"] = None
        per_query.append(row)
    return per_query


def summarise_queries(per_query):
    inprocess = [ms for row in per_query for ms in row["inprocess_ms"]]
    return {
        "corpus": spread([r["corpus_ms"] for r in per_query]),
        "fts5": spread([r["fts5_ms"] for r in per_query]),
        "rg": spread([r["rg_ms"] for r in per_query]),
        "inprocess": spread(inprocess, 99),
    }


def measure_cold(queries, corpus, fts5, rg, rg_queries=3):
    """Each process after emptying the page cache, where the machine allows it."""
    if not drop_caches():
        return {"status": "not available"}
    out = {"corpus": [], "fts5": [], "rg": [], "queries": len(queries)}
    for q in queries:
        drop_caches()
        out["corpus"].append(corpus_once(*corpus, q)[0])
        if fts5:
            drop_caches()
            out["fts5"].append(fts5_once(fts5, q)[0])
    if rg:
        for q in queries[:rg_queries]:
            drop_caches()
            out["rg"].append(rg_once(rg, q)[0])
    return {
        "status": "ok",
        "corpus": spread(out["corpus"]),
        "fts5": spread(out["fts5"]),
        "rg": spread(out["rg"]),
        "queries": len(queries),
        "rg_queries": len(out["rg"]),
    }


# ---------------------------------------------------------------- targets and tables


def ratio(a, b):
    return a / b if a is not None and b else None


def target(name, value, goal, ok, why=None):
    met = None if value is None else bool(ok(value))
    return {"target": name, "value": value, "goal": goal, "met": met, "why": why}


def check_targets(results, budget_mb):
    idx = results["index"]
    q = results["queries"]["summary"]
    cold = results["queries"]["cold"]
    scale = {row["copies"]: row for row in results["scaling"]}
    first, last = scale.get(1), scale.get(16)

    def rate(name):
        fig = idx.get(name, {})
        return fig.get("mb_per_s") if fig.get("status") == "ok" else None

    def med(group, name):
        return (group.get(name) or {}).get("median")

    vs_minimal = ratio(rate("corpus"), rate("minimal"))
    cleaning = results.get("cleaning", {}).get("vs_minimal_cpu")
    vs_fts5 = ratio(rate("corpus"), rate("fts5"))
    warm = ratio(med(q, "corpus"), med(q, "fts5"))
    cold_ratio = ratio(med(cold, "corpus"), med(cold, "fts5"))
    rg16 = ratio(last and last.get("query_median_ms"), last and last.get("rg_median_ms"))
    inproc16 = last and last.get("inprocess_median_ms")
    time16 = ratio(last and last["index"]["seconds"], first and first["index"]["seconds"])
    query16 = ratio(last and last.get("query_median_ms"), first and first.get("query_median_ms"))
    peak16 = last and last["index"]["peak_mb"]
    return [
        target("index throughput / minimal tantivy", vs_minimal, ">= 0.75", lambda v: v >= 0.75),
        target("index throughput / FTS5", vs_fts5, ">= 2", lambda v: v >= 2),
        target("cleaning time / minimal indexer's CPU time", cleaning, "<= 0.33", lambda v: v <= 1 / 3),
        target("search process median / FTS5, warm", warm, "<= 1", lambda v: v <= 1),
        target("search process median / FTS5, cold", cold_ratio, "<= 2", lambda v: v <= 2),
        target("search process median / rg, 16 copies", rg16, "< 0.02", lambda v: v < 0.02),
        target("in-process search median ms, 16 copies", inproc16, "< 2", lambda v: v < 2),
        target("index time 16 copies / 1 copy", time16, "<= 18", lambda v: v <= 18),
        target("query median 16 copies / 1 copy", query16, "< 2", lambda v: v < 2),
        target(
            "peak memory MB of corpus index, 16 copies",
            peak16,
            f"<= {budget_mb + 150} (budget + 150)",
            lambda v: v <= budget_mb + 150,
        ),
    ]


def fmt(value, digits=2):
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if 0 < abs(value) < 0.1:
        return f"{value:.2g}"
    return f"{value:.{digits}f}"


def table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render(results):
    out = []
    inp = results["input"]
    out.append(
        f"Input: {inp['articles']} articles, {inp['bytes'] / 1e6:.1f} MB ({inp['source']}); "
        f"{results['queries']['count']} queries, {results['queries']['rounds']} rounds each."
    )
    load = results["load_average_at_start"], results["load_average_at_end"]
    out.append(
        f"Load average (1, 5, 15 min) at start {', '.join(f'{x:.1f}' for x in load[0])}, "
        f"at end {', '.join(f'{x:.1f}' for x in load[1])}; {results['machine']['nproc']} cores."
    )
    out.append("")
    out.append("### Indexing")
    out.append("")
    corpus_rate = results["index"]["corpus"]["mb_per_s"]
    rows = []
    for name, label in (("corpus", "corpus index"), ("minimal", "minimal tantivy indexer"), ("fts5", "SQLite FTS5 (porter)")):
        fig = results["index"].get(name, {"status": "not measured"})
        if fig.get("status") != "ok":
            rows.append([label, fig.get("status"), "", "", "", "", ""])
            continue
        rows.append([
            label,
            fig["seconds"],
            fig["mb_per_s"],
            fig["articles_per_s"],
            fig["peak_mb"],
            fig["size_ratio"],
            "1" if name == "corpus" else fmt(ratio(corpus_rate, fig["mb_per_s"])),
        ])
    out.append(table(["indexer", "wall s", "MB/s", "articles/s", "peak MB", "index/input", "corpus throughput ÷ this"], rows))
    out.append("")
    c = results.get("cleaning", {})
    if c.get("status") == "ok":
        versus = ""
        if c.get("vs_minimal_cpu") is not None:
            versus = (
                f", {fmt(c['vs_minimal_cpu'])} of the minimal indexer's CPU time "
                f"({fmt(c['minimal_cpu_seconds'])} s user + system)"
            )
        out.append(
            f"Cleaning and language detection alone (`examples/clean_cost`: both passes, one thread, "
            f"best of 3): {fmt(c['learn_seconds'])} s learning templates + {fmt(c['clean_seconds'])} s "
            f"cleaning = {fmt(c['seconds'])} s{versus}."
        )
        out.append("")
    out.append("### Lines removed by the cleaner, per reason")
    out.append("")
    out.append(reasons_table(results["removed"]))
    out.append("")
    out.append("### Queries (whole process, ms)")
    out.append("")
    s = results["queries"]["summary"]
    cold = results["queries"].get("cold")
    peers = results["peers"]
    rows = []
    for name, label, peer in (
        ("corpus", "corpus search --json -n 10", None),
        ("fts5", "sqlite3 CLI, FTS5 + snippet()", "sqlite3"),
        ("rg", "rg -i -l over the folder", "rg"),
    ):
        warm = s.get(name)
        if warm is None:
            status = peers.get(peer, "not measured") if peer else "not measured"
            rows.append([label, status, status, "", ""])
            continue
        c = cold.get(name)
        cold_cells = [c["median"], c["p95"]] if c else [cold["status"] if cold["status"] != "ok" else "-", "-"]
        rows.append([label, warm["median"], warm["p95"], *cold_cells])
    ip = s.get("inprocess")
    if ip:
        rows.append(["corpus in-process search + snippets", ip["median"], f"{fmt(ip['p99'])} (p99)", "-", "-"])
    out.append(table(["", "warm median", "warm p95", "cold median", "cold p95"], rows))
    out.append("")
    if cold["status"] == "ok":
        out.append(f"Cold: page cache emptied before each process; {cold['queries']} queries, rg on {cold['rg_queries']}.")
    else:
        why = " (it needs a writable /proc/sys/vm/drop_caches)" if cold["status"] == "not available" else ""
        out.append(f"Cold cache: {cold['status']}{why}.")
    out.append("")
    out.append("### Scaling (corpus copied under new names)")
    out.append("")
    rows = []
    base = results["scaling"][0] if results["scaling"] else None
    for row in results["scaling"]:
        fig = row["index"]
        rows.append([
            row["copies"],
            row["articles"],
            row["input_bytes"] / 1e6,
            fig["seconds"],
            ratio(fig["seconds"], base["index"]["seconds"]),
            fig["mb_per_s"],
            fig["peak_mb"],
            fig["index_bytes"] / 1e6,
            row.get("query_median_ms"),
            row.get("inprocess_median_ms"),
            row.get("rg_median_ms") if row.get("rg_median_ms") is not None else peers.get("rg", "-"),
            None if fig.get("lines_stripped") is None else fig["lines_stripped"] / row["copies"],
        ])
    out.append(table(
        ["copies", "articles", "input MB", "index s", "× 1 copy", "MB/s", "peak MB", "index MB",
         "search median ms", "in-process median ms", "rg median ms", "lines stripped ÷ copies"],
        rows,
    ))
    out.append("")
    out.append("### Targets")
    out.append("")
    rows = []
    for t in results["targets"]:
        status = "not measured" if t["met"] is None else ("met" if t["met"] else "MISSED")
        rows.append([t["target"], t["value"], t["goal"], status])
    out.append(table(["target", "value", "goal", "status"], rows))
    return "\n".join(out)


def machine():
    info = {"nproc": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_mb"] = int(line.split()[1]) // 1024
    except OSError:
        pass
    return info


# ---------------------------------------------------------------- main


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="folder or tarball of articles")
    p.add_argument("--binary", help="corpus binary (default: build target/release/corpus)")
    p.add_argument("--minimal", help="minimal_indexer binary (default: build the example)")
    p.add_argument("--skip-minimal", action="store_true", help="do not build or run the minimal indexer")
    p.add_argument(
        "--clean-cost",
        help="clean_cost example binary, which times the cleaner alone (default: build it, unless "
        "--skip-minimal or --binary is given)",
    )
    p.add_argument("--queries", type=int, default=DEFAULT_QUERIES, help="how many queries of the list")
    p.add_argument("--query-file", help="one query a line: KIND WORD...; KIND is " + ", ".join(KINDS))
    p.add_argument("--print-queries", action="store_true", help="print the query list and stop")
    p.add_argument("--reasons-only", action="store_true", help="print the lines removed per reason and stop")
    p.add_argument("--rounds", type=int, default=3, help="timed runs of each query (warm)")
    p.add_argument("--index-rounds", type=int, default=2, help="runs of each indexer on one copy; the fastest is kept")
    p.add_argument("--copies", default="1,4,16", help="scaling levels, comma-separated")
    p.add_argument("--cold-queries", type=int, default=20, help="queries run with a cold cache")
    p.add_argument("--no-cold", action="store_true", help="never empty the page cache")
    p.add_argument("--no-install", action="store_true", help="report missing peers instead of installing them")
    p.add_argument("--threads", type=int, help="indexing threads for corpus and the minimal indexer")
    p.add_argument("--memory", type=int, help="writer budget in MB for corpus and the minimal indexer")
    p.add_argument("--workdir", help="where to put the temporary folder (default: the system's)")
    p.add_argument("--out", default=str(REPO / "bench" / "results.json"), help="JSON results")
    args = p.parse_args()
    try:
        args.copies = sorted({int(c) for c in args.copies.split(",")})
    except ValueError:
        p.error("--copies takes numbers separated by commas, as 1,4,16")
    if not args.copies or args.copies[0] < 1:
        p.error("--copies must be positive")
    if 1 not in args.copies:
        args.copies.insert(0, 1)
    return args


def load_queries(args, files):
    path = args.query_file
    if path is None and Path(args.corpus).resolve() == DEFAULT_CORPUS.resolve() and REUTERS_QUERIES.exists():
        path = REUTERS_QUERIES
    if path:
        lines = [l.strip() for l in Path(path).read_text().splitlines()]
        queries = [parse_query_line(l) for l in lines if l and not l.startswith("#")]
        return queries[: args.queries], str(path)
    return generate_queries(files, args.queries), "generated from the corpus"


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--fts5-build":
        fts5_build(sys.argv[2], Path(sys.argv[3]))
        return 0
    args = parse_args()
    started = time.time()
    work = Path(tempfile.mkdtemp(prefix="corpus-bench-", dir=args.workdir))
    try:
        return bench(args, work, started)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench(args, work, started):
    folder = unpack(args.corpus, work)
    files = list_articles(folder)
    if not files:
        sys.exit(f"bench: no articles in {folder}")
    queries, query_source = load_queries(args, files)
    if args.print_queries:
        print("\n".join(query_line(q) for q in queries))
        return 0
    if not queries:
        sys.exit("bench: no queries could be drawn from the corpus")
    input_bytes = sum(p.stat().st_size for p in files)

    binary = Path(args.binary) if args.binary else build_corpus()
    log("lines removed per reason: corpus clean --json")
    removed = removed_by_reason(binary, folder)
    if args.reasons_only:
        print(reasons_table(removed))
        return 0
    minimal = None
    if not args.skip_minimal:
        minimal = Path(args.minimal) if args.minimal else build(
            ["--example", "minimal_indexer"], target_dir() / "release" / "examples" / "minimal_indexer"
        )
    clean_cost = Path(args.clean_cost) if args.clean_cost else None
    # Built from the sources only when the binary is too: a given binary may be of others.
    if not clean_cost and not args.skip_minimal and not args.binary:
        clean_cost = build(["--example", "clean_cost"], target_dir() / "release" / "examples" / "clean_cost")
    peers = ensure_peers(args.no_install)
    peers["fts5_module"] = "present" if module_has_fts5() else "no FTS5 in Python's sqlite3"
    log(f"peers: {peers}")

    results = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "command": " ".join(["python3", "bench/run.py", *sys.argv[1:]]),
        "machine": machine(),
        "load_average_at_start": os.getloadavg(),
        "binary": str(binary),
        "peers": peers,
        "input": {"source": str(args.corpus), "articles": len(files), "bytes": input_bytes},
        "index": {},
        "removed": removed,
    }

    corpus_index, db = work / "corpus-index", work / "fts5.db"
    min_index = work / "minimal-index"

    def run_corpus():
        shutil.rmtree(corpus_index, ignore_errors=True)
        return index_corpus(binary, folder, corpus_index, args, input_bytes, len(files))

    def run_minimal():
        shutil.rmtree(min_index, ignore_errors=True)
        cmd = [str(minimal), "--index", str(min_index), *writer_flags(args), str(folder)]
        seconds, peak, code, err, cpu = run_measured(cmd)
        if code != 0:
            sys.exit(f"bench: minimal_indexer failed ({code}): {err.strip()}")
        return index_figures(seconds, peak, tree_bytes(min_index), input_bytes, len(files), err.strip(), cpu)

    def run_fts5():
        db.unlink(missing_ok=True)
        seconds, peak, code, err, cpu = run_measured([sys.executable, __file__, "--fts5-build", str(db), str(folder)])
        if code != 0:
            sys.exit(f"bench: FTS5 build failed ({code}): {err.strip()}")
        return index_figures(seconds, peak, tree_bytes(db), input_bytes, len(files), cpu=cpu)

    indexers = {"corpus": run_corpus}
    if minimal:
        indexers["minimal"] = run_minimal
    else:
        results["index"]["minimal"] = {"status": "skipped"}
    if peers["fts5_module"] == "present":
        indexers["fts5"] = run_fts5
    else:
        results["index"]["fts5"] = {"status": peers["fts5_module"]}
    # Interleaved rounds, the fastest kept: on a shared machine the minimum is the least noisy figure.
    runs = {name: [] for name in indexers}
    for r in range(args.index_rounds):
        for name, run in indexers.items():
            log(f"indexing with {name}, {len(files)} articles, {input_bytes / 1e6:.1f} MB (round {r + 1})")
            runs[name].append(run())
    for name, figures in runs.items():
        best = dict(min(figures, key=lambda f: f["seconds"]))
        best["rounds_seconds"] = [f["seconds"] for f in figures]
        best["peak_mb"] = max(f["peak_mb"] for f in figures)
        results["index"][name] = best
    shutil.rmtree(min_index, ignore_errors=True)
    if clean_cost:
        log("cleaning alone: examples/clean_cost, one thread, best of 3")
        results["cleaning"] = measure_cleaning(clean_cost, folder, results["index"].get("minimal", {}))
    else:
        results["cleaning"] = {"status": "skipped"}
    if "fts5" not in indexers:
        db = None

    fts5 = db if db and usable(peers["sqlite3"]) else None
    rg = folder if usable(peers["rg"]) else None
    # What indexing wrote reaches the disk first: writeback competing with the queries is
    # not their cost (at 16 copies it is hundreds of MB).
    os.sync()
    log(f"{len(queries)} queries, warm cache, {args.rounds} rounds")
    per_query = measure_queries(queries, args.rounds, (binary, corpus_index), fts5, rg)
    summary = summarise_queries(per_query)
    if args.no_cold:
        cold = {"status": "skipped"}
    else:
        log(f"cold cache: {min(args.cold_queries, len(queries))} queries")
        cold = measure_cold(queries[: args.cold_queries], (binary, corpus_index), fts5, rg)
    results["queries"] = {
        "count": len(queries),
        "rounds": args.rounds,
        "source": query_source,
        "list": [query_line(q) for q in queries],
        "per_query": per_query,
        "summary": summary,
        "cold": cold,
    }

    scaling = [{
        "copies": 1,
        "articles": len(files),
        "input_bytes": input_bytes,
        "index": results["index"]["corpus"],
        "query_median_ms": summary["corpus"]["median"],
        "inprocess_median_ms": (summary["inprocess"] or {}).get("median"),
        "rg_median_ms": (summary["rg"] or {}).get("median"),
    }]
    shutil.rmtree(corpus_index, ignore_errors=True)
    if db:
        db.unlink(missing_ok=True)
    for copies in args.copies:
        if copies == 1:
            continue
        dest = work / f"copies-{copies}"
        log(f"scaling: copying the corpus {copies} times")
        make_copies(files, folder, dest, copies)
        scaled_files = len(files) * copies
        scaled_bytes = input_bytes * copies
        index = work / f"corpus-index-{copies}"
        log(f"scaling: corpus index, {copies} copies")
        fig = index_corpus(binary, dest, index, args, scaled_bytes, scaled_files)
        os.sync()
        log(f"scaling: queries, {copies} copies")
        rows = measure_queries(queries, args.rounds, (binary, index), None, dest if rg else None)
        s = summarise_queries(rows)
        scaling.append({
            "copies": copies,
            "articles": scaled_files,
            "input_bytes": scaled_bytes,
            "index": fig,
            "query_median_ms": s["corpus"]["median"],
            "query_p95_ms": s["corpus"]["p95"],
            "inprocess_median_ms": (s["inprocess"] or {}).get("median"),
            "rg_median_ms": (s["rg"] or {}).get("median"),
        })
        shutil.rmtree(index, ignore_errors=True)
        shutil.rmtree(dest, ignore_errors=True)
    results["scaling"] = scaling
    results["targets"] = check_targets(results, args.memory or 200)
    results["seconds"] = time.time() - started
    results["load_average_at_end"] = os.getloadavg()

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(render(results))
    log(f"wrote {out} ({results['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
