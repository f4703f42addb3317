#!/usr/bin/env python3
"""Benchmark corpus's article extraction from web pages against Python's trafilatura.

On trafilatura's own evaluation set (about 900 saved web pages, each with text segments
that must be in the extracted article and segments that must not), both tools extract
every page in the same run; a page's true and false positives are counted from its
segments as trafilatura's tests/evaluate.py counts them, then summed over the pages.
Prints precision, recall, F1, CPU per page and pages per CPU-second (each tool pinned to
one core), and how often corpus found the page's own URL.

    python3 bench/extract.py                         # ../shared/web/trafilatura-eval.tar.gz
    python3 bench/extract.py --data DIR              # a folder with evaldata.json and eval/
    python3 bench/extract.py --binary target/release/corpus --skip-trafilatura

corpus runs as a user runs it: `corpus clean --json` over the folder of pages, one process
(its start, the templates learned over the folder and the JSON output are counted). Python's
trafilatura is installed with pip into a virtual environment (--venv, kept between runs)
and called with its default settings; its CPU is counted around each call, import excluded.
Progress goes to stderr; stdout holds only the table.
"""

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pagetext import DEFAULT_SET, load_set, rates

REPO = Path(__file__).resolve().parent.parent
DEFAULT_VENV = Path(tempfile.gettempdir()) / "corpus-bench-extract-venv"

TRAFILATURA_WORKER = r"""
import json, sys, time
import trafilatura
pages = json.load(sys.stdin)
out = {}
cpu = 0.0
for name, path in pages:
    with open(path, "rb") as f:
        html = f.read()
    start = time.process_time()
    text = trafilatura.extract(html)
    cpu += time.process_time() - start
    out[name] = text
json.dump({"texts": out, "cpu": cpu, "version": trafilatura.__version__}, sys.stdout)
"""


def log(message):
    print(f"extract: {message}", file=sys.stderr, flush=True)


def score(texts, evaldata, names):
    """Summed true positives, false negatives and false positives, as evaluate.py counts them."""
    tp = fn = fp = 0
    for name in names:
        item = evaldata[name]
        text = texts.get(name)
        if text is None:
            fn += len(item["with"])
            continue
        tp += sum(1 for s in item["with"] if s in text)
        fn += sum(1 for s in item["with"] if s not in text)
        fp += sum(1 for s in item["without"] if s in text)
    return {**rates(tp, fp, fn), "tp": tp, "fn": fn, "fp": fp}


def one_core():
    """Pins the child to one core, so CPU per page is what one core does."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def child_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_corpus(binary, folder, work):
    """Each page's stored text (title, then body) and URL, and the CPU seconds of the run."""
    index = Path(work) / "unused-index"
    before = child_cpu()
    proc = subprocess.run(
        [str(binary), "--index", str(index), "clean", "--json", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=one_core,
        check=False,
    )
    cpu = child_cpu() - before
    if proc.returncode not in (0, 1):
        sys.exit(f"extract: corpus failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[-2000:]}")
    texts, urls = {}, {}
    for line in proc.stdout.decode("utf-8").splitlines():
        record = json.loads(line)
        name = record["id"].rsplit("/", 1)[-1]
        texts[name] = record["title"] + "\n" + record["body"]
        urls[name] = record.get("url")
    skipped = len(re.findall(r"^corpus: skipped ", proc.stderr.decode(errors="replace"), re.M))
    return texts, urls, cpu, skipped


def ensure_trafilatura(venv):
    python = Path(venv) / "bin" / "python"
    if not python.exists():
        log(f"creating a virtual environment in {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    if subprocess.run([str(python), "-c", "import trafilatura"], capture_output=True).returncode != 0:
        log("installing trafilatura with pip")
        # Newer lxml releases moved the HTML cleaner trafilatura imports into a package of its own.
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "trafilatura", "lxml_html_clean"], check=True)
    return python


def run_trafilatura(python, pages):
    proc = subprocess.run(
        [str(python), "-c", TRAFILATURA_WORKER],
        input=json.dumps(pages).encode(),
        stdout=subprocess.PIPE,
        preexec_fn=one_core,
        check=True,
    )
    result = json.loads(proc.stdout)
    return result["texts"], result["cpu"], result["version"]


def same_url(found, expected):
    """Whether two URLs name the same page: scheme, `www.` and a final slash aside."""
    def norm(url):
        url = re.sub(r"^https?://(www\.)?", "", url.strip().lower())
        return url.split("#")[0].rstrip("/")

    return found is not None and norm(found) == norm(expected)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_SET), help="the tarball, or a folder with evaldata.json and eval/")
    parser.add_argument("--binary", default=str(REPO / "target" / "release" / "corpus"))
    parser.add_argument("--venv", default=str(DEFAULT_VENV))
    parser.add_argument("--skip-trafilatura", action="store_true", help="corpus's side only")
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="corpus-extract-") as work:
        evaldata, eval_dir = load_set(args.data, work, "extract")
        # Pages by file name; an entry whose page is missing is left out of both sides.
        by_file = {item["file"]: dict(item, url=url) for url, item in evaldata.items()}
        names = sorted(n for n in by_file if (eval_dir / n).is_file())
        folder = Path(work) / "pages"
        folder.mkdir()
        for name in names:
            shutil.copyfile(eval_dir / name, folder / name)
        log(f"{len(names)} pages")

        rows = {}
        log("corpus clean --json")
        texts, urls, cpu, skipped = run_corpus(args.binary, folder, work)
        rows["corpus"] = dict(score(texts, by_file, names), cpu=cpu, skipped=skipped)
        found = sum(1 for n in names if urls.get(n))
        right = sum(1 for n in names if same_url(urls.get(n), by_file[n]["url"]))
        url_figures = {"pages": len(names), "found": found, "same_as_evaldata": right}

        if not args.skip_trafilatura:
            python = ensure_trafilatura(args.venv)
            log("trafilatura.extract")
            pages = [[n, str(folder / n)] for n in names]
            t_texts, t_cpu, version = run_trafilatura(python, pages)
            skipped = sum(1 for n in names if t_texts.get(n) is None)
            rows[f"trafilatura {version}"] = dict(score(t_texts, by_file, names), cpu=t_cpu, skipped=skipped)

    n = len(names)
    print(f"{n} pages of trafilatura's evaluation set; CPU on one core\n")
    print("| extractor | precision | recall | F1 | pages without text | CPU ms/page | pages per CPU-second |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        per_page = r["cpu"] * 1000 / n if n else 0.0
        rate = n / r["cpu"] if r["cpu"] else 0.0
        r.update(ms_per_page=per_page, pages_per_cpu_second=rate)
        print(
            f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['skipped']} "
            f"| {per_page:.2f} | {rate:.0f} |"
        )
    if len(rows) == 2:
        (c, t) = rows.values()
        print(f"\ncorpus / trafilatura: F1 {c['f1'] / t['f1']:.3f}, speed {c['pages_per_cpu_second'] / t['pages_per_cpu_second']:.2f}x")
    print(
        f"\npage URL found by corpus: {url_figures['found']} of {n} ({url_figures['found'] / max(n, 1):.1%}); "
        f"the same as the set's: {url_figures['same_as_evaldata']}"
    )
    if args.out:
        Path(args.out).write_text(json.dumps({"pages": n, "rows": rows, "url": url_figures}, indent=2))


if __name__ == "__main__":
    main()
