"""Every quote in data/ is verbatim from its source article, and the bands agree with their quotes.

The articles live outside the repository: in ``$WBROLES_SOURCES_DIR``, else ``../shared/sources``
beside it (``sources.csv`` column ``file`` names each one). They are not part of the project, so
a clone without them beside it skips these tests, unless ``WBROLES_REQUIRE_SOURCES`` is set:
then a missing folder fails. ``.ci/run`` sets it whenever the folder is there, so the check can
never go quiet where the articles exist.

Quotes are compared with whitespace collapsed and nothing else normalised: a changed hyphen,
apostrophe or word is a mismatch.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
SOURCES_DIR = Path(os.environ.get("WBROLES_SOURCES_DIR") or ROOT.parent / "shared" / "sources")
QUOTE_COLUMNS = ("quote", "context_quote")
DATA_FILES = sorted(path.name for path in DATA_DIR.glob("*.csv"))


def collapse(text: str) -> str:
    return " ".join(text.split())


def occurs_verbatim(quote: str, article: str) -> bool:
    return collapse(quote) in collapse(article)


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with the physical line each starts on (the header is line 1)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows, start = [], reader.line_num + 1
        for record in reader:
            if record:  # a blank line holds no row
                rows.append((start, dict(zip(header, record, strict=True))))
            start = reader.line_num + 1
    return rows


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def number_forms(value: float) -> list[str]:
    """How the articles write a number: 280000 as "280,000" or "280000", 10 as "10"."""
    if value != int(value):
        return [f"{value:g}"]
    whole = int(value)
    return [f"{whole:,}", str(whole)]


def number_pattern(value: float) -> str:
    """A regex for ``value`` written whole: not part of a longer number."""
    forms = "|".join(re.escape(form) for form in number_forms(value))
    return rf"(?<![\d.,])(?:{forms})(?![\d]|[.,]\d)"


@pytest.fixture(scope="module")
def articles() -> dict[str, str | None]:
    """Text of each source by source_id; None for a source without a local file."""
    if not SOURCES_DIR.is_dir():
        if os.environ.get("WBROLES_REQUIRE_SOURCES"):
            pytest.fail(
                f"source articles not found at {SOURCES_DIR} (WBROLES_REQUIRE_SOURCES is set)"
            )
        pytest.skip(f"source articles not found at {SOURCES_DIR}")
    texts: dict[str, str | None] = {}
    for _, row in read_rows(DATA_DIR / "sources.csv"):
        name = (row["file"] or "").strip()
        if not name:
            texts[row["source_id"]] = None
            continue
        path = SOURCES_DIR / name
        assert path.is_file(), f"sources.csv: {row['source_id']} names {name}, not in {SOURCES_DIR}"
        texts[row["source_id"]] = path.read_text(encoding="utf-8")
    return texts


# --- the comparison rule itself --------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("total compensation typically\n  ranges", True),  # whitespace may differ
        ("total compensation typically ranges", True),
        ("total compensation generally ranges", False),  # words may not
        ("Total compensation typically ranges", False),  # nor letter case
        ("a 3-5 year", False),  # nor dashes: the article has an en dash
        ("a 3–5 year", True),
        ("the panel's rubric", False),  # nor apostrophes: the article has a curly one
        ("the panel’s rubric", True),
    ],
)
def test_quote_matching_collapses_whitespace_only(quote, found):
    article = (
        "For L5, total   compensation typically\tranges widely; a 3–5 year role; the panel’s rubric"
    )
    assert occurs_verbatim(quote, article) is found


@pytest.mark.parametrize(
    ("value", "text", "found"),
    [
        (280000, "from $280,000 to", True),
        (280000, "from 280000 to", True),
        (280000, "from $1,280,000 to", False),
        (280000, "from $280,0000", False),
        (10, "a target bonus of 10-15%", True),
        (10, "a target bonus of 110-15%", False),
        (10, "$210,000", False),
        (15, "a 10-15% bonus", True),
        (0.05, "and 0.05 % equity", True),
        (0.05, "and 0.055 % equity", False),
    ],
)
def test_number_matching_finds_whole_numbers_only(value, text, found):
    assert bool(re.search(number_pattern(value), text)) is found


# --- the data ----------------------------------------------------------------------------------


def test_every_table_with_quotes_is_checked():
    quoted = [
        name
        for name in DATA_FILES
        if any(column in QUOTE_COLUMNS for column in header(DATA_DIR / name))
    ]
    # every table except the sources themselves and the editorial skill axes cites a source
    assert set(DATA_FILES) - set(quoted) == {"sources.csv", "skill_axes.csv"}


@pytest.mark.parametrize("file", DATA_FILES)
def test_quotes_occur_in_their_source(articles, file):
    missing = []
    unchecked = []
    for line, row in read_rows(DATA_DIR / file):
        for column in QUOTE_COLUMNS:
            quote = row.get(column)
            if not quote:
                continue
            source_id = row["source_id"]
            assert source_id in articles, f"{file}:{line}: unknown source_id {source_id!r}"
            article = articles[source_id]
            if article is None:
                unchecked.append(f"{file}:{line}")
            elif not occurs_verbatim(quote, article):
                missing.append(f"{file}:{line}: {column} not in {source_id}: {quote!r}")
    assert missing == []
    if unchecked:
        pytest.skip(f"no local article for: {', '.join(unchecked)}")


def test_row_lines_are_physical_lines(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"two\nlines"\n\n3,x\n', encoding="utf-8")
    assert [line for line, _ in read_rows(path)] == [2, 5]


COMPENSATION = read_rows(DATA_DIR / "compensation.csv")


def _row_id(item) -> str:
    line, row = item
    return f"line{line}-{row['role']}-{row['level']}-{row['component']}"


@pytest.mark.parametrize("item", COMPENSATION, ids=[_row_id(i) for i in COMPENSATION])
def test_band_bounds_appear_in_their_quote(item):
    line, row = item
    for bound in ("low", "high"):
        value = float(row[bound])
        assert re.search(number_pattern(value), row["quote"]), (
            f"compensation.csv:{line}: {bound} {row[bound]} is not written in the quote "
            f"(looked for {' or '.join(number_forms(value))}): {row['quote']!r}"
        )


@pytest.mark.parametrize("item", COMPENSATION, ids=[_row_id(i) for i in COMPENSATION])
def test_open_high_exactly_when_quote_writes_plus(item):
    line, row = item
    written_open = re.search(number_pattern(float(row["high"])) + r"\+", row["quote"]) is not None
    recorded_open = row["open_high"].strip().lower() == "true"
    assert recorded_open == written_open, (
        f"compensation.csv:{line}: open_high is {row['open_high']} but the quote "
        f"{'writes' if written_open else 'does not write'} {row['high']} with '+': "
        f"{row['quote']!r}"
    )
