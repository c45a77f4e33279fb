"""Near-duplicate sketches, their similarity, and groups of near-copies."""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys

from searcher import ingest
from searcher.analysis.sketch import groups, similarity, sketch

from tests.conftest import COPIES, WIRE, shared_data


def sketch_of(record: dict) -> bytes:
    return sketch(record["title"], record["body"])


def test_a_sketch_is_128_bytes_and_its_format_is_fixed() -> None:
    # Sketches are stored in indexes: a change here needs a SCHEMA_VERSION bump.
    made = sketch_of(COPIES[0])
    assert len(made) == 128
    assert hashlib.blake2b(made, digest_size=8).hexdigest() == "cd9c9ba6132fcf73"


def test_sketches_are_the_same_in_every_process() -> None:
    code = "from searcher.analysis.sketch import sketch; print(sketch('a b', 'c d e f').hex())"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == sketch("a b", "c d e f").hex()


def test_similarity_estimates_the_share_of_common_word_4grams() -> None:
    original, added, edited = map(sketch_of, COPIES)
    # Exact Jaccard similarities of the 4-gram sets: 0.772 and 0.714.
    assert similarity(original, added) == 0.796875
    assert similarity(original, edited) == 0.734375
    assert similarity(added, edited) == 0.5625
    assert similarity(original, original) == 1.0
    unrelated = sketch("Central bank holds rates", "The central bank kept rates unchanged.")
    assert similarity(original, unrelated) == 0.0


def test_case_punctuation_and_spacing_do_not_count() -> None:
    shouted = sketch(COPIES[0]["title"].upper(), WIRE.upper().replace(",", " ;"))
    assert similarity(sketch_of(COPIES[0]), shouted) == 1.0


def test_short_and_empty_texts() -> None:
    assert similarity(sketch("Markets rally", ""), sketch("markets  RALLY!", "")) == 1.0
    assert similarity(sketch("Markets rally", ""), sketch("Markets fall", "")) == 0.0
    assert sketch("", " ,. ") == b""
    assert similarity(b"", b"") == 0.0


def test_groups_join_near_copies_through_each_other() -> None:
    sketches = {record["id"]: sketch_of(record) for record in COPIES}
    sketches["x"] = sketch("Central bank holds rates", "The central bank kept rates unchanged.")
    sketches["empty"] = b""
    # w2 and w3 are only 0.56 alike, but both are near-copies of w1.
    assert groups(sketches) == [["w1", "w2", "w3"]]
    assert groups(sketches, threshold=0.75) == [["w1", "w2"]]
    assert groups(sketches, threshold=0.8) == []


def test_many_copies_among_many_articles() -> None:
    # 50 copies of one text among 2,000 texts of 40 random words: one group.
    words = [f"w{n}" for n in range(1000)]
    draw = random.Random(1).choices
    sketches = {f"text{n}": sketch("", " ".join(draw(words, k=40))) for n in range(2000)}
    sketches.update({f"copy{n:02d}": sketch_of(COPIES[0]) for n in range(50)})
    assert groups(sketches) == [[f"copy{n:02d}" for n in range(50)]]


def test_near_copies_in_the_2017_news_corpus() -> None:
    path = shared_data() / "news-articles-2017.csv.gz"
    articles = ingest.parse(path, path.read_bytes()).articles
    found = groups({article.id: sketch(article.title, article.body) for article in articles})
    # Hand-checked (bench/RESULTS.md): two re-posts, a speech transcript, wire copies.
    assert 5 <= len(found) <= 10
    assert ["3093", "3098"] in found  # the same HuffPost obituary under two URLs
    assert ["1659", "1727"] in found  # Trump's speech to Congress, CNN and Al Jazeera
