#!/usr/bin/env python3
"""How well `corpus clean` finds the article in a web page saved as text.

A page saved as text ("Save as: Text" in a browser, or a copy of the whole page) holds every
visible line: menus, "Most read" lists, comments, cookie notices and footers around the
article. This benchmark makes such text from the pages of trafilatura's evaluation set
(`../shared/web/trafilatura-eval.tar.gz`), runs the real CLI (`corpus clean --json`) over it,
and scores what corpus keeps (title and body) against each page's segments in
`evaldata.json`: a segment that must be in the article and is kept is a true positive, one
that is missing a false negative; a segment that must not be there and is kept a false
positive. Counted over all pages, as trafilatura's `tests/evaluate.py` counts them, after
collapsing whitespace on both sides. "keep everything" scores the whole page text the same way.

A second table says how often the title corpus finds in a page's text is the headline it
reads from the page's HTML (`<h1>`, `og:title`, `<title>`): a search result shows the title
first, and a page saved as text names its site, its menus and its pictures above the article.

The pages are split in two halves by a hash of their file name: `tune` (looked at while
changing the cleaner) and `held-out` (never looked at); both are printed apart.

The text is rendered as a browser's `innerText` renders it: the page parsed by html5lib, which
implements the HTML standard's parsing algorithm and so builds the tree a browser builds
(unclosed and misnested tags included); block elements on their own lines, a paragraph
followed by a blank line, table cells separated by tabs, `<br>` a line break; scripts,
styles, `<noscript>`, `<template>`, the `<head>` and elements hidden by the `hidden`
attribute or an inline `display:none`/`visibility:hidden` left out. html5lib is installed
with pip in a virtual environment (`bench/.venv`) by this script.

    python3 bench/pagetext.py                         # the trafilatura set, both halves
    python3 bench/pagetext.py --binary target/release/corpus --workdir /tmp/pt   # keeps the text
    python3 bench/pagetext.py --before /tmp/corpus-main   # an earlier build in the same run
    python3 bench/pagetext.py --pages tests/fixtures/pagetext/tune   # pages already saved as text

Pages already saved as text (`--pages DIR`) are labelled line by line, as the cleaner's
fixtures are: beside each `NAME.txt`, a `NAME.labels` with one label a line (`keep`,
`drop REASON`, `blank`, `either`); a `keep` line is a segment that must be kept, a `drop`
line one that must not.

Progress goes to stderr; stdout holds only the table.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from run import build_corpus

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SET = REPO.parent / "shared" / "web" / "trafilatura-eval.tar.gz"
VENV = REPO / "bench" / ".venv"
HALVES = ("tune", "held-out")

# Elements whose content a browser does not show as text.
UNSEEN = {
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed",
    "svg", "math", "canvas", "audio", "video", "map", "datalist",
}
# Elements laid out as blocks by a browser's default style sheet.
BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
    "nav", "ol", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
    "caption", "option", "optgroup", "select", "textarea", "button",
}
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def log(message):
    print(f"pagetext: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- rendering


def ensure_html5lib():
    """Re-run this script under bench/.venv with html5lib, creating it when missing."""
    try:
        import html5lib  # noqa: F401

        return
    except ImportError:
        pass
    python = VENV / "bin" / "python"
    if not python.exists():
        log(f"creating {VENV} with html5lib")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "html5lib"], check=True)
    if Path(sys.prefix).resolve() == VENV.resolve():
        sys.exit("pagetext: html5lib is missing from bench/.venv; remove the folder to rebuild it")
    os.execv(str(python), [str(python), *sys.argv])


class Lines:
    """Text being laid out: inline runs joined by spaces, block edges as line breaks."""

    def __init__(self):
        self.lines = []
        self.current = []
        self.breaks = 0

    def text(self, value, pre=False):
        if not value:
            return
        if pre:
            for i, part in enumerate(value.split("\n")):
                if i:
                    self.newline(1)
                self.inline(part)
            return
        value = re.sub(r"\s+", " ", value)
        if value.strip():
            self.inline(value)
        elif self.current:
            self.current.append(" ")

    def inline(self, value):
        if self.breaks:
            if self.current:
                self.flush()
            if self.lines:
                self.lines.extend([""] * (self.breaks - 1))
            self.breaks = 0
        self.current.append(value)

    def flush(self):
        line = "".join(self.current)
        self.lines.append(re.sub(r"[ \u00a0]+", " ", line).strip())
        self.current = []

    def newline(self, count):
        self.breaks = max(self.breaks, count)

    def done(self):
        if self.current:
            self.flush()
        text = "\n".join(self.lines)
        text = re.sub(r"\n(?:[ \t]*\n){2,}", "\n\n", text)
        return text.strip() + "\n"


def hidden(element):
    if element.get("hidden") is not None:
        return True
    if element.tag == "input" and (element.get("type") or "").lower() == "hidden":
        return True
    return bool(HIDDEN_STYLE.search(element.get("style") or ""))


def render(element, out, pre=False):
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.rsplit("}", 1)[-1].lower()
    if tag in UNSEEN or not tag and element.tag is not None or tag and hidden(element):
        out.text(element.tail, pre)
        return
    inner_pre = pre or tag in ("pre", "textarea", "listing", "plaintext")
    if tag == "br":
        out.inline("")
        out.flush()
    elif tag == "p":
        out.newline(2)
    elif tag in BLOCKS:
        out.newline(1)
    elif tag in ("td", "th") and out.current:
        out.current.append("\t")
    out.text(element.text, inner_pre)
    for child in element:
        render(child, out, inner_pre)
    if tag == "p":
        out.newline(2)
    elif tag in BLOCKS:
        out.newline(1)
    out.text(element.tail, pre)


def page_text(html_bytes):
    import html5lib

    tree = html5lib.parse(html_bytes, treebuilder="etree", namespaceHTMLElements=False)
    out = Lines()
    body = tree.find("body")
    render(body if body is not None else tree, out)
    return out.done()


# ---------------------------------------------------------------- the set


def half_of(name):
    """A page's half, from its file name alone: the same split on every machine and run."""
    return HALVES[hashlib.sha1(name.encode("utf-8")).digest()[0] % 2]


def load_set(source, work, caller="pagetext"):
    """(evaldata, folder of the pages) of the set at `source`: a folder holding evaldata.json
    and eval/, or a tarball of one, unpacked under `work` unless an earlier run did."""
    root = Path(source)
    if not root.is_dir():
        dest = Path(work) / "set"
        if not (dest / ".unpacked").exists():
            print(f"{caller}: unpacking {source}", file=sys.stderr, flush=True)
            with tarfile.open(source) as tar:
                tar.extractall(dest, filter="data")
            (dest / ".unpacked").touch()
        found = list(dest.rglob("evaldata.json"))
        if not found:
            sys.exit(f"{caller}: no evaldata.json in {source}")
        root = found[0].parent
    evaldata = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    return evaldata, root / "eval"


def render_set(evaldata, pages, work):
    """Each labelled page as text under work/text/HALF/NAME.txt; labels by text file name."""
    labels, missing = {}, 0
    for item in evaldata.values():
        html = pages / item["file"]
        if not html.exists():
            missing += 1
            continue
        name = Path(item["file"]).stem + ".txt"
        dest = work / "text" / half_of(item["file"]) / name
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(page_text(html.read_bytes()), encoding="utf-8")
        labels[name] = {"with": item.get("with", []), "without": item.get("without", []), "half": half_of(item["file"])}
    if missing:
        log(f"{missing} labelled pages are not in the set and are left out")
    return labels


def line_labels(folder):
    """Segments of pages labelled line by line: {text file name: {with, without}}."""
    labels = {}
    for page in sorted(folder.glob("*.txt")):
        marks = page.with_suffix(".labels")
        if not marks.exists():
            sys.exit(f"pagetext: {page} has no {marks.name}")
        lines = page.read_text(encoding="utf-8").splitlines()
        tags = marks.read_text(encoding="utf-8").splitlines()
        if len(lines) != len(tags):
            sys.exit(f"pagetext: {marks} has {len(tags)} labels for {len(lines)} lines")
        label = {"with": [], "without": [], "lines": True}
        for line, tag in zip(lines, tags):
            if tag == "keep":
                label["with"].append(line)
            elif tag.startswith("drop"):
                label["without"].append(line)
        labels[page.name] = label
    if not labels:
        sys.exit(f"pagetext: no pages (*.txt) in {folder}")
    return labels


# ---------------------------------------------------------------- scoring


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def count(kept, label, tally):
    """A segment is kept when it is in the kept text; a page labelled line by line is
    matched line for line, so that a short line ("Reply") is not found inside another."""
    if label.get("lines"):
        kept_lines = {squash(line) for line in kept.splitlines()}
        found = lambda segment: squash(segment) in kept_lines  # noqa: E731
    else:
        kept = squash(kept)
        found = lambda segment: squash(segment) in kept  # noqa: E731
    for segment in label["with"]:
        tally["tp" if found(segment) else "fn"] += 1
    for segment in label["without"]:
        tally["fp" if found(segment) else "tn"] += 1


def rates(tp, fp, fn):
    """Precision, recall and F1 of summed counts (0 where there is nothing to divide by)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def scores(tally):
    return {"pages": tally["pages"], **rates(tally["tp"], tally["fp"], tally["fn"]), **tally}


def clean_json(binary, folder, caller="pagetext"):
    """Each article `corpus clean --json` gives for the folder, by file name."""
    proc = subprocess.run(
        [str(binary), "clean", "--json", str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    if proc.returncode not in (0, 1):
        sys.exit(f"{caller}: corpus clean failed ({proc.returncode}): {proc.stderr.decode('utf-8', 'replace')}")
    articles = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        article = json.loads(line)
        articles[Path(article["id"]).name] = article
    return articles


def clean_folder(binary, folder):
    """What corpus keeps of each page in the folder: {file name: title and body}."""
    return {
        name: "\n".join(filter(None, [article.get("title"), article["body"]]))
        for name, article in clean_json(binary, folder).items()
    }


def measure(binaries, folders, labels):
    """Tallies per half and system: each binary ({name: path}) and "keep everything"."""
    tallies = {}
    for half, folder in folders.items():
        kept = {name: clean_folder(binary, folder) for name, binary in binaries.items()}
        for system in [*binaries, "keep everything"]:
            tallies[(half, system)] = {"pages": 0, "tp": 0, "fp": 0, "fn": 0, "tn": 0}
        for path in sorted(Path(folder).glob("*.txt")):
            label = labels.get(path.name)
            if label is None:
                continue
            texts = {name: kept[name].get(path.name, "") for name in binaries}
            texts["keep everything"] = path.read_text(encoding="utf-8")
            for system, text in texts.items():
                tally = tallies[(half, system)]
                tally["pages"] += 1
                count(text, label, tally)
    return {f"{half}/{system}": scores(t) for (half, system), t in tallies.items()}


def comparable(title):
    """A title without case and punctuation, to compare two readings of one headline."""
    return re.sub(r"\W+", " ", title.lower()).strip()


def title_agreement(binaries, folders, pages):
    """Per half and binary: of the pages whose HTML gives corpus a headline, how many get the
    same title from their text. The reference is the first binary's reading of the HTML
    (`<h1>`, `og:title`, `<title>`), which whole-page text has to find among the lines."""
    reference = next(iter(binaries.values()))
    headlines = {Path(name).stem: a.get("title", "") for name, a in clean_json(reference, pages).items()}
    rows = {}
    for half, folder in folders.items():
        for system, binary in binaries.items():
            same = total = 0
            for name, article in clean_json(binary, folder).items():
                headline = headlines.get(Path(name).stem)
                if not headline:
                    continue
                total += 1
                same += comparable(article.get("title", "")) == comparable(headline)
            rows[f"{half}/{system}"] = {"pages": total, "same": same}
    return rows


def title_table(rows):
    lines = ["| half | system | pages | title as the HTML's headline |", "|---|---|---:|---:|"]
    for key, r in rows.items():
        half, system = key.split("/", 1)
        share = r["same"] / r["pages"] if r["pages"] else 0.0
        lines.append(f"| {half} | {system} | {r['pages']} | {r['same']} ({share:.3f}) |")
    return "\n".join(lines)


def table(results):
    rows = ["| pages | system | pages | precision | recall | F1 |", "|---|---|---:|---:|---:|---:|"]
    for key, s in results.items():
        half, system = key.split("/", 1)
        rows.append(
            f"| {half} | {system} | {s['pages']} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |"
        )
    return "\n".join(rows)


def set_arguments(description, pages, workdir):
    """The arguments of a benchmark over trafilatura's set (this one and fragments_web.py):
    `pages` and `workdir` say what those two mean to it."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--set", default=str(DEFAULT_SET), help="trafilatura's evaluation set: tarball or folder")
    p.add_argument("--pages", help=pages)
    p.add_argument("--binary", help="corpus binary (default: build target/release/corpus)")
    p.add_argument("--before", help="another corpus binary (an earlier build) measured in the same run")
    p.add_argument("--workdir", help=workdir)
    p.add_argument("--out", help="write the figures as JSON here too")
    return p


def binaries_of(args):
    """The corpus binaries to measure, by name: the one given (or built), and `--before`."""
    binaries = {"corpus": Path(args.binary) if args.binary else build_corpus()}
    if args.before:
        binaries["corpus before"] = Path(args.before)
    return binaries


def main():
    args = set_arguments(
        __doc__.split("\n\n")[0],
        pages="a folder of pages saved as text with their .labels, instead of the set",
        workdir="where to keep the set and its text (default: a temporary folder)",
    ).parse_args()
    binaries = binaries_of(args)
    if args.pages:
        labels = line_labels(Path(args.pages))
        folders = {"pages": Path(args.pages)}
        results = measure(binaries, folders, labels)
    else:
        ensure_html5lib()
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(args.workdir) if args.workdir else Path(tmp)
            evaldata, pages = load_set(args.set, work)
            labels = render_set(evaldata, pages, work)
            folders = {half: work / "text" / half for half in HALVES}
            log(f"{len(labels)} pages as text; running corpus clean --json")
            results = measure(binaries, folders, labels)
            results["titles"] = title_agreement(binaries, folders, pages)
    titles = results.pop("titles", None)
    print(table(results))
    if titles:
        print()
        print(title_table(titles))
        results["titles"] = titles
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
