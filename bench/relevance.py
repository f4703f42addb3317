#!/usr/bin/env python3
"""Ranking quality of `corpus` against SQLite FTS5's bm25() on SMART-format test collections.

Each collection (a folder with a document file, a query file and a relevance file, as
Cranfield's `cran.all.1400`, `cran.qry`, `cranqrel`) is laid out as a folder of articles:
the title on the first line, a blank line, the abstract, a blank line, the authors, and a date line (`.B` when it is a date, as CACM's "CACM December, 1958";
not Cranfield's bibliographic references). Both systems index the same files in one run,
and every judged query is run in two modes:

- `or`: the query's words joined with OR (FTS5: quoted words joined with OR);
- `typed`: the query's text as written (corpus's default mode; FTS5's implicit AND of the words).

Printed per collection, system and mode: MAP over the top 1,000, nDCG@10, P@10 and recall@1000,
with the ratio corpus / FTS5. Python 3 standard library only.

    python3 bench/relevance.py                              # Cranfield, from ../shared/ranking/
    python3 bench/relevance.py DIR... --binary target/release/corpus --out r.json

Progress goes to stderr; stdout holds only the tables.
"""

import argparse
import json
import math
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import build_corpus

REPO = Path(__file__).resolve().parent.parent
DEFAULT_COLLECTIONS = [REPO.parent / "shared" / "ranking" / "cranfield"]
DEPTH = 1000
MODES = ("or", "typed")
METRICS = ("map", "ndcg@10", "p@10", "recall@1000")
MONTHS = "january february march april may june july august september october november december".split()


def log(message):
    print(f"relevance: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- SMART files


def find_files(folder):
    """The document, query and relevance files of a SMART collection folder, by their names:
    the relevance file's name has "rel", the query file's "qry" or "query", and the document
    file is the largest of the others."""
    files = [p for p in sorted(Path(folder).iterdir()) if p.is_file() and not p.name.startswith(".")]
    files = [p for p in files if "readme" not in p.name.lower()]
    rel = [p for p in files if "rel" in p.name.lower()]
    qry = [p for p in files if p not in rel and ("qry" in p.name.lower() or "quer" in p.name.lower())]
    rest = [p for p in files if p not in rel and p not in qry]
    if not rel or not qry or not rest:
        sys.exit(f"relevance: {folder} needs a document file, a query file (qry) and a relevance file (rel)")
    return max(rest, key=lambda p: p.stat().st_size), qry[0], rel[0]


def read_smart(path):
    """Records of a SMART file: [(id, {field letter: text})], in file order."""
    records, fields, field = [], None, None
    text = Path(path).read_bytes().decode("utf-8", "replace")
    for line in text.splitlines():
        marker = re.match(r"^\.([A-Z])(?:\s+(.*))?$", line)
        if marker and marker.group(1) == "I":
            fields, field = {}, None
            records.append(((marker.group(2) or "").strip(), fields))
        elif marker and fields is not None:
            field = marker.group(1)
            fields.setdefault(field, [])
            if marker.group(2):
                fields[field].append(marker.group(2))
        elif fields is not None and field is not None:
            fields[field].append(line)
    return [(rid, {k: "\n".join(v).strip() for k, v in f.items()}) for rid, f in records]


def one_line(text):
    return " ".join(text.split())


def article_text(fields):
    """Title, abstract, authors, date line; parts a record lacks are left out."""
    title = one_line(fields.get("T", ""))
    abstract = fields.get("W", "").strip()
    authors = "; ".join(a.strip() for a in fields.get("A", "").splitlines() if a.strip())
    record = one_line(fields.get("B", ""))
    if not is_date_line(record):
        record = ""
    return "\n\n".join(part for part in (title, abstract, authors, record) if part) + "\n"


def is_date_line(text):
    """A month and a year, with at most one other word (CACM's "CACM December, 1958");
    not a bibliographic reference that holds a date (Cranfield's "j. aero. sc. v. 29, may 1962 .")."""
    found = re.findall(r"[a-z]+|\d+", text.lower())
    months = [w for w in found if w in MONTHS]
    years = [w for w in found if len(w) == 4 and w.isdigit()]
    return len(months) == 1 and len(years) == 1 and len(found) <= 3


def read_qrels(path):
    """{query number: {document number: gain}}. Cranfield's codes run from 1 (a complete
    answer) to 4 (of minimum interest), gain 4 to 1; a code of -1 or 5 is no interest. A
    relevance file whose third column is always 0 (CACM, CISI, MED) is binary: gain 1."""
    rows = []
    for line in Path(path).read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            code = float(parts[2]) if len(parts) >= 3 else 0.0
            rows.append((int(parts[0]), int(parts[1]), code))
    graded = any(code != 0 for _, _, code in rows)
    qrels = {}
    for query, doc, code in rows:
        if graded and not 1 <= code <= 4:
            continue
        qrels.setdefault(query, {})[doc] = int(5 - code) if graded else 1
    return qrels


def load_collection(folder):
    docs_path, qry_path, rel_path = find_files(folder)
    docs = [(int(rid), fields) for rid, fields in read_smart(docs_path)]
    queries = [(int(rid), one_line(f.get("T", "") + " " + f.get("W", ""))) for rid, f in read_smart(qry_path)]
    qrels = read_qrels(rel_path)
    # Cranfield's query file numbers its queries 001, 002, 004 ... while its relevance file
    # numbers them 1, 2, 3 ... in order: numbers are matched when every judged one exists.
    numbers = {n for n, _ in queries}
    if not set(qrels) <= numbers:
        queries = [(i + 1, text) for i, (_, text) in enumerate(queries)]
        log(f"{folder}: queries numbered by their order, as the relevance file does")
    judged = [(n, text) for n, text in queries if qrels.get(n)]
    return {
        "name": Path(folder).name,
        "files": [docs_path.name, qry_path.name, rel_path.name],
        "docs": docs,
        "queries": judged,
        "qrels": qrels,
    }


def write_articles(docs, dest):
    width = max(4, len(str(max((n for n, _ in docs), default=0))))
    dest.mkdir(parents=True)
    for number, fields in docs:
        (dest / f"{number:0{width}d}.txt").write_text(article_text(fields))


def doc_number(hit_id):
    """The document number of a hit: the file name at the end of its id, whatever folders
    come before it (ids may be `0001.txt` or `cranfield/0001.txt`)."""
    name = re.split(r"[/\\]", hit_id.strip())[-1]
    digits = re.match(r"(\d+)", name)
    return int(digits.group(1)) if digits else None


def words(text):
    return re.findall(r"\w+", text.lower())


# ---------------------------------------------------------------- systems


def corpus_index(binary, folder, index):
    proc = subprocess.run(
        [str(binary), "--index", str(index), "--color", "never", "-q", "index", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if proc.returncode != 0:
        sys.exit(f"relevance: corpus index failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")


def corpus_search(binary, index, query):
    proc = subprocess.run(
        [str(binary), "--index", str(index), "--color", "never", "search", "--ids", "-n", str(DEPTH), "--", query],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if proc.returncode not in (0, 1):
        sys.exit(f"relevance: corpus search {query!r} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    return [doc_number(line) for line in proc.stdout.decode("utf-8", "replace").splitlines() if line.strip()]


def corpus_query(text, mode):
    return " OR ".join(words(text)) if mode == "or" else text


def fts5_index(folder, db_path):
    """Each file whole in one column, as the issue measured FTS5 (Cranfield: MAP 0.3035)."""
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, tokenize='porter')")
    rows = [(path.name, path.read_text()) for path in sorted(Path(folder).iterdir())]
    with db:
        db.executemany("INSERT INTO docs(id, body) VALUES (?, ?)", rows)
    return db


def fts5_search(db, text, mode):
    quoted = ['"' + w.replace('"', '""') + '"' for w in words(text)]
    if not quoted:
        return []
    match = (" OR " if mode == "or" else " ").join(quoted)
    rows = db.execute(f"SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT {DEPTH}", (match,))
    return [doc_number(row[0]) for row in rows]


# ---------------------------------------------------------------- measures


def average_precision(ranked, gains):
    hits, total = 0, 0.0
    for i, doc in enumerate(ranked[:DEPTH]):
        if doc in gains:
            hits += 1
            total += hits / (i + 1)
    return total / len(gains) if gains else 0.0


def ndcg(ranked, gains, depth=10):
    """Linear gains (trec_eval's): Cranfield's grades 4..1, 1 for a binary judgment."""
    dcg = sum(gains.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:depth]))
    ideal = sorted(gains.values(), reverse=True)[:depth]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def measures(ranked, gains):
    return {
        "map": average_precision(ranked, gains),
        "ndcg@10": ndcg(ranked, gains),
        "p@10": sum(1 for doc in ranked[:10] if doc in gains) / 10,
        "recall@1000": sum(1 for doc in set(ranked[:DEPTH]) if doc in gains) / len(gains),
    }


def mean_measures(rows):
    return {m: sum(r[m] for r in rows) / len(rows) if rows else 0.0 for m in METRICS}


# ---------------------------------------------------------------- one collection


def evaluate(collection, binary, work):
    name = collection["name"]
    folder = work / name / name
    write_articles(collection["docs"], folder)
    log(f"{name}: {len(collection['docs'])} articles, {len(collection['queries'])} judged queries")
    index = work / name / "corpus-index"
    started = time.perf_counter()
    corpus_index(binary, folder, index)
    log(f"{name}: corpus indexed in {time.perf_counter() - started:.1f} s")
    db = fts5_index(folder, str(work / name / "fts5.db"))
    per_query = []
    for number, text in collection["queries"]:
        gains = collection["qrels"][number]
        row = {"query": number, "text": text}
        for mode in MODES:
            row[f"corpus_{mode}"] = measures(corpus_search(binary, index, corpus_query(text, mode)), gains)
            row[f"fts5_{mode}"] = measures(fts5_search(db, text, mode), gains)
        per_query.append(row)
    db.close()
    summary = {}
    for system in ("corpus", "fts5"):
        for mode in MODES:
            summary[f"{system}_{mode}"] = mean_measures([r[f"{system}_{mode}"] for r in per_query])
    return {
        "collection": name,
        "files": collection["files"],
        "articles": len(collection["docs"]),
        "queries": len(per_query),
        "summary": summary,
        "per_query": per_query,
    }


def ratio(a, b):
    return a / b if b else None


def render(result):
    s = result["summary"]
    lines = [
        f"### {result['collection']}: {result['articles']} articles, {result['queries']} judged queries",
        "",
        "| mode | system | MAP | nDCG@10 | P@10 | R@1000 |",
        "|---|---|---|---|---|---|",
    ]
    for mode in MODES:
        label = "words joined with OR" if mode == "or" else "typed as written"
        corpus, fts5 = s[f"corpus_{mode}"], s[f"fts5_{mode}"]
        fts5_label = "FTS5 bm25()" if mode == "or" else "FTS5 bm25(), implicit AND"
        lines.append(f"| {label} | corpus | " + " | ".join(f"{corpus[m]:.4f}" for m in METRICS) + " |")
        lines.append(f"| | {fts5_label} | " + " | ".join(f"{fts5[m]:.4f}" for m in METRICS) + " |")
        cells = [ratio(corpus[m], fts5[m]) for m in METRICS]
        lines.append("| | corpus / FTS5 | " + " | ".join("-" if c is None else f"{c:.3f}" for c in cells) + " |")
    typed, fts5_or = s["corpus_typed"]["map"], s["fts5_or"]["map"]
    lines += ["", f"corpus typed MAP / FTS5 OR-mode MAP: {ratio(typed, fts5_or) or 0:.3f}"]
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("collections", nargs="*", help="SMART collection folders (default: Cranfield)")
    p.add_argument("--binary", help="corpus binary (default: build target/release/corpus)")
    p.add_argument("--workdir", help="where to put the temporary folder (default: the system's)")
    p.add_argument("--out", default=str(REPO / "bench" / "relevance.json"), help="JSON results")
    args = p.parse_args()
    folders = [Path(c) for c in args.collections] or DEFAULT_COLLECTIONS
    for folder in folders:
        if not folder.is_dir():
            sys.exit(f"relevance: {folder} is not a folder")
    binary = Path(args.binary) if args.binary else build_corpus()
    work = Path(tempfile.mkdtemp(prefix="corpus-relevance-", dir=args.workdir))
    try:
        results = {
            "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
            "command": " ".join(["python3", "bench/relevance.py", *sys.argv[1:]]),
            "binary": str(binary),
            "sqlite": sqlite3.sqlite_version,
            "collections": [evaluate(load_collection(f), binary, work) for f in folders],
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print("\n\n".join(render(r) for r in results["collections"]))
    log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
