"""Hostile files: a tree of 500+ bad files beside 100 good ones, indexed by the CLI.

The run has no power to read unreadable files, even as root; every good file must be
indexed, every bad one listed with a reason, and the peak RSS is measured.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import string
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.common import table
from bench.reliability.runs import (
    random_records,
    random_text,
    run_measured,
    searcher_cmd,
    unprivileged,
)
from searcher import Index
from searcher.check import check_index
from searcher.engine.storage import exists

INDEX, SKIP, EITHER = "indexed", "skipped", "either"
_MB = 1_000_000


def shown(path: Path | str) -> str:
    """A path as searcher reports it: bytes that are not UTF-8 escaped."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _page(title: str, body: str, head: str = "", charset: str = "utf-8") -> str:
    return (
        f'<!doctype html><html><head><meta charset="{charset}">{head}<title>{title}</title>'
        f"</head><body><article><h1>{title}</h1>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in body.split("\n\n"))
        + "</article></body></html>"
    )


class Tree:
    """A folder of planted files, each with what must become of it."""

    def __init__(self, root: Path, seed: int = 7) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.expected: dict[str, tuple[str, str]] = {}  # shown path -> (category, outcome)
        self.markers: dict[str, str] = {}  # good file -> a word only it holds
        self.locked: list[Path] = []  # made unreadable; readable again after the run

    def plant(self, category: str, name: str | bytes, data: bytes, outcome: str) -> Path:
        folder = self.root / category
        folder.mkdir(parents=True, exist_ok=True)
        path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
        path.write_bytes(data)
        self.expect(path, category, outcome)
        return path

    def expect(self, path: Path, category: str, outcome: str) -> None:
        self.expected[shown(path.absolute())] = (category, outcome)

    def words(self, count: int) -> str:
        return random_text(self.rng, count)

    def marker(self) -> str:
        n = len(self.markers)
        return "goodmark" + "".join(string.ascii_lowercase[(n // 26**i) % 26] for i in range(3))


def build_hostile_tree(root: Path, big: bool = True) -> Tree:
    """500+ bad files of every kind a crawl brings, beside 100 good ones; ``big`` adds the
    100 MB text, the 20 MB page, the CSV with a 50 MB field and the gzip bomb."""
    tree = Tree(root)
    _plant_good(tree)
    _plant_garbage(tree)
    _plant_text_troubles(tree)
    _plant_records(tree)
    _plant_filesystem(tree)
    if big:
        _plant_big(tree)
    return tree


def _plant_good(tree: Tree) -> None:
    for n in range(100):
        marker = tree.marker()
        body = f"{tree.words(40)} {marker} {tree.words(40)}.\n\n{tree.words(60)}."
        kind = ("txt", "html", "jsonl", "csv")[n % 4]
        if kind == "txt":
            data = f"Good article {n}\n\n{body}\n".encode()
        elif kind == "html":
            data = _page(f"Good page {n}", body).encode()
        elif kind == "jsonl":
            rows = [{"id": f"good{n}-{i}", "title": f"Good {n}", "body": body} for i in range(3)]
            data = "\n".join(map(json.dumps, rows)).encode()
        else:
            data = f'id,title,text\ngood{n},"Good {n}","{body}"\n'.encode()
        path = tree.plant("good", f"good{n:03d}.{kind}", data, INDEX)
        tree.markers[shown(path.absolute())] = marker


def _plant_garbage(tree: Tree) -> None:
    rng = tree.rng
    for n in range(40):
        tree.plant("binary", f"random{n}.html", rng.randbytes(rng.randint(64, 65536)), SKIP)
    magics = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"GIF89a", b"RIFF\x00\x00WEBP"]
    for n in range(40):
        data = magics[n % 4] + rng.randbytes(rng.randint(512, 32768))
        tree.plant("images", f"photo{n}.html", data, SKIP)
    extensions = ["txt", "html", "htm", "jsonl", "json", "csv", "tsv", "md"]
    for n in range(40):
        tree.plant("empty", f"empty{n}.{extensions[n % 8]}", b"", SKIP)
    for n in range(10):
        tree.plant("blank", f"blank{n}.{extensions[n % 8]}", b" \n\t\r\n " * (n + 1), SKIP)
    for n in range(10):
        data = rng.randbytes(2000)
        tree.plant("gzip", f"garbage{n}.jsonl.gz", b"\x1f\x8b\x08\x00" + data[:500], SKIP)
        whole = gzip.compress(random_records(rng, f"gz{n}", 20).encode())
        # The records before the cut are kept, with a warning: there may be none.
        tree.plant("gzip", f"truncated{n}.jsonl.gz", whole[: len(whole) // 2], EITHER)
    for n in range(5):
        tree.plant("json", f"deep{n}.json", b"[" * (100_000 + n) + b"]" * (50 * n), SKIP)
        scalar = [b"null", b"42", b'"just a string"', b"true", b"[]"][n]
        tree.plant("json", f"scalar{n}.json", scalar, SKIP)
        tree.plant("json", f"number{n}.json", b'{"title": 1e999, "body": -1e999}', EITHER)


def _plant_text_troubles(tree: Tree) -> None:
    rng = tree.rng
    page = _page("A page that is cut short", tree.words(300)).encode()
    for n in range(60):
        tree.plant("truncated", f"cut{n}.html", page[: rng.randint(1, len(page) - 1)], EITHER)
    for n, tag in enumerate(["div", "span", "b", "section", "font"] * 2):
        text = f"<p>{tree.words(50)}</p>" if n < 5 else ""
        closed = f"</{tag}>" * 10_000 if n % 2 == 0 else ""
        data = f"<html><body>{f'<{tag}>' * 10_000}{text}{closed}</body></html>".encode()
        tree.plant("nested", f"deep{n}.html", data, EITHER)
    arabic = "تقرير عن المساعدات الإنسانية والمعبر " * 20
    for n in range(50):
        words = tree.words(80)
        variant = n % 5
        if variant == 0:  # says UTF-8, is cp1252
            data = _page("Café crème", f"{words} naïve café", charset="utf-8").encode("cp1252")
        elif variant == 1:  # says windows-1256, is UTF-8
            data = _page("تقرير", arabic, charset="windows-1256").encode()
        elif variant == 2:  # says UTF-16 in the page, is UTF-8
            data = _page("Résumé", f"{words} résumé", charset="utf-16").encode()
        elif variant == 3:  # a charset nobody knows
            data = _page("Unknown", words, charset="x-no-such-charset").encode()
        else:  # a UTF-16 BOM on a page that says UTF-8
            data = _page("Bom", words, charset="utf-8").encode("utf-16")
        tree.plant("encoding", f"mismatch{n}.html", data, INDEX)
    for n in range(30):
        good = f"Invalid bytes {n}\n\n{tree.words(100)}".encode()
        cut = rng.randint(20, len(good) - 10)
        bad = rng.choice([b"\xff\xfe\xfa", b"\xc3\x28", b"\xe2\x82", b"\xf0\x9f\x98", b"\x80"])
        tree.plant("invalid-utf8", f"bytes{n}.txt", good[:cut] + bad + good[cut:], INDEX)
    for n in range(30):
        text = f"Nul bytes {n}\n\n{tree.words(150)}".encode()
        every = 200 if n < 20 else 3  # a few NULs in text, or mostly NULs
        data = b"".join(text[i : i + every] + b"\x00" for i in range(0, len(text), every))
        tree.plant("nul", f"nul{n}.txt", data, INDEX if n < 20 else SKIP)
    dates = ["0000-00-00", "9999-99-99", "2023-13-45", "2023-02-30", "-1", "99999999999999"]
    dates += ["NaN", "1e400", "31/31/2031", "yesterday at noon maybe"]
    for n in range(40):
        date = dates[n % len(dates)]
        if n % 3 == 0:
            data = json.dumps({"title": f"Dated {n}", "body": tree.words(60), "date": date})
            tree.plant("dates", f"date{n}.jsonl", data.encode(), INDEX)
        elif n % 3 == 1:
            data = f"Title: Dated {n}\nDate: {date}\n\n{tree.words(60)}"
            tree.plant("dates", f"date{n}.txt", data.encode(), INDEX)
        else:
            head = f'<meta property="article:published_time" content="{date}">'
            tree.plant(
                "dates", f"date{n}.html", _page(f"Dated {n}", tree.words(60), head).encode(), INDEX
            )
    for n in range(5):
        text = f"Old Mac text {n}\r\r{tree.words(80)}\r\f\v{tree.words(40)}"
        tree.plant("misc", f"breaks{n}.txt", text.encode(), INDEX)
        script = "<script>" + "var x = 1;" * 100_000 + "</script>"
        page = _page(f"Scripted {n}", tree.words(100), head=script + "<!--" + "-" * 50_000 + "-->")
        tree.plant("misc", f"script{n}.html", page.encode(), EITHER)


def _plant_records(tree: Tree) -> None:
    for n in range(20):
        lines = [
            json.dumps({"id": f"part{n}-{i}", "title": "Part", "body": tree.words(30)})
            for i in range(5)
        ]
        lines[1] = lines[1][: len(lines[1]) // 2]  # cut in the middle
        lines[3] = "{not json at all"
        tree.plant("jsonl", f"partly{n}.jsonl", "\n".join(lines).encode(), INDEX)
        broken = "\n".join(['{"title": "x", "body": ', "[1, 2", "}}}", "nul\x00l"] * (n + 1))
        tree.plant("jsonl", f"broken{n}.jsonl", broken.encode(), SKIP)
    for n in range(10):
        data = f'title,text\n"Unclosed {n},{tree.words(30)}\n"Next",{tree.words(30)}\n'
        tree.plant("csv", f"quotes{n}.csv", data.encode(), EITHER)
    for n in range(5):
        data = f"alpha,beta,gamma\n{tree.words(3)},{tree.words(3)},{tree.words(3)}\n"
        tree.plant("csv", f"noheader{n}.csv", data.encode(), SKIP)
        tree.plant("csv", f"mismatched{n}.tsv", b"title\ttext\na\tb\tc\td\n\t\t\t\n", EITHER)


def _plant_filesystem(tree: Tree) -> None:
    links = tree.root / "links"
    links.mkdir(parents=True)
    for n in range(5):
        (links / f"loop{n}a.html").symlink_to(f"loop{n}b.html")
        (links / f"loop{n}b.html").symlink_to(f"loop{n}a.html")
        (links / f"self{n}.txt").symlink_to(f"self{n}.txt")
        (links / f"dangling{n}.jsonl").symlink_to(f"nowhere{n}.jsonl")
        for name in (f"loop{n}a.html", f"loop{n}b.html", f"self{n}.txt", f"dangling{n}.jsonl"):
            tree.expect(links / name, "links", SKIP)
    for n in range(2):
        os.mkfifo(tree.root / "links" / f"pipe{n}.html")
        tree.expect(links / f"pipe{n}.html", "pipes", SKIP)
    for n in range(20):
        text = f"Secret {n}\n\n{tree.words(20)}".encode()
        tree.locked.append(tree.plant("unreadable", f"secret{n}.txt", text, SKIP))
    locked = tree.root / "locked"
    for n in range(5):
        (locked / f"inside{n}.txt").parent.mkdir(exist_ok=True)
        (locked / f"inside{n}.txt").write_text(f"Inside {n}\n\n{tree.words(20)}")
    tree.locked.append(locked)
    tree.expect(locked, "unreadable folder", SKIP)
    for path in tree.locked:
        path.chmod(0)
    for n in range(5):
        name = f"caf\xe9-{n}.txt".encode("latin-1")  # a Latin-1 name, not UTF-8
        tree.plant("names", name, f"Latin name {n}\n\n{tree.words(30)}".encode(), SKIP)


def _plant_big(tree: Tree) -> None:
    chunk = (tree.words(2000) + "\n").encode()
    folder = tree.root / "huge"
    folder.mkdir()
    with (folder / "big.txt").open("wb") as out:
        while out.tell() < 100 * _MB:
            out.write(chunk)
    tree.expect(folder / "big.txt", "huge", SKIP)
    page = _page("Enormous page", tree.words(500)).encode()
    tree.plant("huge", "enormous.html", page + b"<!--" + b"x" * 20 * _MB + b"-->", SKIP)
    tree.plant("huge", "one-line.txt", tree.words(1_000_000).encode(), INDEX)
    good = f"id,title,text\nsmall,Small row,{tree.words(50)}\n".encode()
    with (folder / "wide.csv").open("wb") as out:  # one good row, one with a 50 MB field
        out.write(good + b'wide,Wide row,"')
        while out.tell() < 50 * _MB:
            out.write(chunk.replace(b'"', b""))
        out.write(b'"\n')
    tree.expect(folder / "wide.csv", "huge", INDEX)
    squeeze = zlib.compressobj(9, wbits=31)
    with (folder / "bomb.jsonl.gz").open("wb") as out:
        for _ in range(300):
            out.write(squeeze.compress(bytes(_MB)))
        out.write(squeeze.flush())
    tree.expect(folder / "bomb.jsonl.gz", "huge", SKIP)


@dataclass
class HostileSummary:
    planted: Counter
    bad: int
    good: int
    outcomes: Counter  # (category, indexed or skipped)
    reasons: Counter
    problems: list[str]
    peak_rss_mb: float
    seconds: float
    unreadable_enforced: bool
    articles: int = 0
    warnings: int = 0


def hostile(work: Path, big: bool = True) -> HostileSummary:
    """Index a hostile tree with the CLI, without permission to read unreadable files."""
    tree = build_hostile_tree(work / "tree", big)
    index_path, report_path = work / "hostile-index", work / "hostile-report.json"
    command = unprivileged(
        searcher_cmd("index", tree.root, "--index", index_path, "--report", report_path)
    )
    enforced = command is not None
    if command is None:  # root without setpriv: it reads anything, so do not count on refusals
        command = searcher_cmd("index", tree.root, "--index", index_path, "--report", report_path)
        for path, (category, _) in tree.expected.items():
            if category.startswith("unreadable"):
                tree.expected[path] = (category, EITHER)
    try:
        finished = run_measured(command)
    finally:
        for path in tree.locked:
            path.chmod(0o700)
    problems = []
    if finished.returncode != 0:
        problems.append(f"the run failed: {finished.stderr.strip()}")
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    indexed = set(report.get("added", []))
    skipped = {item["path"]: item["reason"] for item in report.get("skipped", [])}
    outcomes, reasons = Counter(), Counter()
    for path, (category, outcome) in tree.expected.items():
        got = INDEX if path in indexed else SKIP if path in skipped else "missing"
        outcomes[category, got] += 1
        if got == SKIP:
            reasons[_reason_kind(skipped[path])] += 1
            if not skipped[path]:
                problems.append(f"{path} is skipped without a reason")
        if got == "missing" or outcome not in (got, EITHER):
            problems.append(f"{path} ({category}): {got}, expected {outcome}")
    strays = (indexed | set(skipped)) - set(tree.expected)
    problems += [f"{path} was not planted" for path in sorted(strays)]
    summary = HostileSummary(
        planted=Counter(category for category, _ in tree.expected.values()),
        bad=sum(1 for category, _ in tree.expected.values() if category != "good"),
        good=len(tree.markers),
        outcomes=outcomes,
        reasons=reasons,
        problems=problems,
        peak_rss_mb=finished.peak_rss_mb,
        seconds=finished.seconds,
        unreadable_enforced=enforced,
        warnings=len(report.get("warnings", [])),
    )
    if exists(index_path):
        _check_good_files(index_path, tree, summary)
    return summary


def _check_good_files(index_path: Path, tree: Tree, summary: HostileSummary) -> None:
    with Index.open(index_path) as idx:
        summary.articles = len(idx)
        for path, marker in tree.markers.items():
            hits = idx.search(marker, page_size=5).hits
            if not any(idx.get(hit.id).path == path for hit in hits):
                summary.problems.append(f"{path}: its article is not found by '{marker}'")
    summary.problems += [f"check: {problem}" for problem in check_index(index_path).problems]


def _reason_kind(reason: str) -> str:
    """A reason without its particulars (sizes, line numbers, names), to count by kind."""
    kind = reason.split(" (")[0].split(":")[0]
    return kind if len(kind) < 60 else kind[:57] + "..."


def render_hostile(found: HostileSummary) -> list[str]:
    """The hostile files' part of the results, as markdown lines."""
    out = found.outcomes
    rows = [
        [c, found.planted[c], out[c, INDEX], out[c, SKIP], out[c, "missing"]]
        for c in sorted(found.planted)
    ]
    if not found.unreadable_enforced:
        how = "NOT enforced: root without setpriv reads them"
    elif os.geteuid() == 0:
        how = "really unreadable: the run is root without CAP_DAC_OVERRIDE (setpriv)"
    else:
        how = "really unreadable: the run is an ordinary user"
    return [
        f"### Hostile files ({found.bad} bad, {found.good} good, indexed by the CLI in "
        f"{found.seconds:.1f} s)",
        "",
        table(["category", "planted", "indexed", "skipped", "missing"], rows),
        "",
        table(["reason given", "files"], [list(item) for item in found.reasons.most_common()]),
        "",
        f"- peak RSS of the indexing process: **{found.peak_rss_mb:.0f} MiB**; "
        f"{found.articles:,} articles indexed, {found.warnings} warnings",
        f"- unreadable files and folder: {how}",
        f"- problems (a good file not indexed or not found by its word, a bad file without "
        f"a reason, a file unaccounted for): **{len(found.problems)}**",
        *(f"  - {problem}" for problem in found.problems[:10]),
    ]
