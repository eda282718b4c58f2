"""Data text is text in every report: hostile markup in every free-text column of every table
(and of an observations file) builds every report, and in headless Chromium no script runs on
load, on hovering any point of any chart, or on clicking any link; the text shows literally."""

from __future__ import annotations

import csv
import re
import shutil
import zlib
from pathlib import Path

import pytest

from browser import inspect_page, require_chromium
from wbroles.report import BuildOptions, available_notebooks, build_reports
from wbroles.schemas import TABLES, VISIBLE

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
EXAMPLES = DATA / "examples"

# Each sets window.__pwned if it ever runs; each must show as the characters typed.
INJECTIONS = {
    "script": "<script>window.__pwned='script'</script>",
    "img": "<img src=x onerror=\"window.__pwned='img'\">",
    "markdown link": "[click me](javascript:window.__pwned='md')",
    "svg link": "<a href=\"javascript:window.__pwned='a'\">link</a>",
    "formatting": "**bold** <b>tag</b><br>{{7*7}}",
    "math": "$x$ and $y$",
}
# What a link may point at: a heading of the page, the reports, their notebooks, the web, a
# chart's table of numbers as CSV.
SAFE_LINK = re.compile(
    r"^(#|https?:|file:|data:text/csv;charset=utf-8,|[^:#]+\.(html|ipynb)$)", re.IGNORECASE
)


def _free_text_columns(table) -> list[str]:
    """Columns of ``table`` that hold any text: no code pattern, no list of allowed values."""
    columns = []
    for name, column in table.model.to_schema().columns.items():
        rules = [check.statistics for check in column.checks]
        if "str" in str(column.dtype) and all(rule.get("pattern") == VISIBLE for rule in rules):
            columns.append(name)
    return columns


def _hostile(value: str) -> str:
    """``value`` behind an injection; the same value always gets the same one, so that the
    rows of other tables it names still match."""
    kinds = list(INJECTIONS.values())
    return f"{kinds[zlib.crc32(value.encode()) % len(kinds)]} {value}" if value else value


def _rewrite(path: Path, columns) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for column in columns:
            row[column] = _hostile(row[column])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return {row[c] for row in rows for c in columns}


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "data"
    shutil.copytree(DATA, data)
    texts = set()
    for table in TABLES.values():
        texts |= _rewrite(data / table.file, _free_text_columns(table))
    texts |= _rewrite(data / "examples" / "observations_synthetic.csv", ["company", "location"])
    sources = ["keyword", "company", "publisher"]
    texts |= _rewrite(data / "examples" / "sources_synthetic.csv", sources)
    observed = {
        "observations": str(data / "examples" / "observations_synthetic.csv"),
        "observation_sources": str(data / "examples" / "sources_synthetic.csv"),
    }
    out, notebooks = folder / "out", available_notebooks()
    results = build_reports(  # observed_pay reads the hostile observations file and its sources
        {"observed_pay": notebooks.pop("observed_pay")},
        BuildOptions(out, {"data_dir": str(data), **observed}),
    )
    results += build_reports(notebooks, BuildOptions(out, {"data_dir": str(data)}, jobs=2))
    return out, {r.name: r for r in results}


def test_every_free_text_column_is_seeded():
    columns = {name: _free_text_columns(table) for name, table in TABLES.items()}
    assert set(columns["compensation"]) == {"quote", "company"}
    assert {"title", "quote", "company"} <= set(columns["levels"])
    assert {"skill", "description"} <= set(columns["skill_axes"])
    assert {"round", "evaluates"} <= set(columns["interview_rounds"])
    assert sum(map(len, columns.values())) >= 40


def test_every_report_builds_from_hostile_text(hostile_reports):
    out, results = hostile_reports
    assert sorted(results) == sorted(available_notebooks())
    assert {name: r.error for name, r in results.items()} == dict.fromkeys(results)


@pytest.mark.parametrize("name", sorted(available_notebooks()))
def test_no_injected_script_runs_on_load_hover_or_click(hostile_reports, name):
    out, results = hostile_reports
    page = inspect_page(out / f"{name}.html", probe="window.__pwned || null", hover=True)
    assert page.probe is None
    assert page.dialogs == [] and page.page_errors == []
    assert page.charts == page.charts_with_svg == results[name].figures
    assert [link for link in page.links if not SAFE_LINK.match(link)] == []
    shown = page.text + "\n".join(page.hovers)
    assert any(text in shown for text in INJECTIONS.values()), "no hostile text shown at all"
    if results[name].figures:
        assert page.hovers, "no hover label showed"
        literal = [t for t in INJECTIONS.values() if any(t in h for h in page.hovers)]
        assert literal, "no hover shows the injected text literally"


def test_each_kind_of_injection_shows_literally_somewhere(hostile_reports):
    out, results = hostile_reports
    shown = ""
    for name in results:
        page = inspect_page(out / f"{name}.html", hover=True)
        shown += page.text + "\n".join(page.hovers)
    assert [kind for kind, text in INJECTIONS.items() if text not in shown] == []
