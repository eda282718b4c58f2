"""data/README.md and the schemas must describe the same tables.

The dictionary is parsed into one entry per ``### `NAME.csv` `` section: its key line and its
column table. ``dictionary_mismatches`` compares that with ``wbroles.schemas.TABLES``. The tests
run it on the real README, and on edited copies to show that each kind of drift is caught.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandera.pandas as pa
import pytest
from pandera.typing import Series

from wbroles import schemas
from wbroles.schemas import CODE, ISO_DATE, TABLES, Table
from wbroles.validation import columns

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
README = DATA_DIR / "README.md"

COLUMN_TABLE_HEADER = ["column", "type", "unit", "allowed values / rule"]
TYPES = {"text", "code", "number", "whole number", "true/false", "date"}

_SECTION = re.compile(r"^### `([a-z_]+)\.csv`\s*$", re.M)
_HEADING = re.compile(r"^#{1,3} ", re.M)
_KEY = re.compile(r"^\*\*Key\*\* \(unique\): (.+?)\.?\s*$", re.M)
_ONE_OF = re.compile(r"one of:\s*((?:`[^`]*`[,\s]*)+)")
_BACKTICKED = re.compile(r"`([^`]*)`")


@dataclass
class DocumentedTable:
    name: str
    key: list[str] | None = None
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return [row["column"] for row in self.rows]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_dictionary(text: str) -> dict[str, list[DocumentedTable]]:
    """Every ``### `NAME.csv` `` section, by table name (a list, to catch repeats)."""
    found: dict[str, list[DocumentedTable]] = {}
    matches = list(_SECTION.finditer(text))
    for match in matches:
        body = text[match.end() :]
        if end := _HEADING.search(body):
            body = body[: end.start()]
        table = DocumentedTable(match[1])
        if key := _KEY.search(body):
            table.key = _BACKTICKED.findall(key[1])
        lines = body.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("|") and _cells(line) == COLUMN_TABLE_HEADER:
                for row in lines[i + 2 :]:  # skip the |---| separator
                    if not row.startswith("|"):
                        break
                    cells = _cells(row)
                    if len(cells) != len(COLUMN_TABLE_HEADER):
                        raise AssertionError(f"{match[1]}.csv: malformed row {row!r}")
                    values = dict(zip(COLUMN_TABLE_HEADER, cells, strict=True))
                    values["column"] = values["column"].strip("`")
                    table.rows.append(values)
                break
        found.setdefault(table.name, []).append(table)
    return found


def expected_type(table: Table, column: str) -> str:
    """The dictionary's word for a schema column's type."""
    col = table.model.to_schema().columns[column]
    dtype = str(col.dtype)
    if dtype.startswith("float"):
        return "number"
    if dtype.startswith("int"):
        return "whole number"
    if dtype == "bool":
        return "true/false"
    patterns = [c.statistics.get("pattern") for c in col.checks if c.name == "str_matches"]
    if CODE in patterns:
        return "code"
    if ISO_DATE in patterns:
        return "date"
    return "text"


def _check_stats(table: Table, column: str, name: str) -> list[dict]:
    col = table.model.to_schema().columns[column]
    return [c.statistics for c in col.checks if c.name == name]


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def dictionary_mismatches(text: str, *, data_files: set[str]) -> list[str]:
    """Every way the dictionary ``text`` disagrees with the schemas and the data files."""
    problems: list[str] = []
    documented = parse_dictionary(text)
    for name, sections in documented.items():
        if len(sections) > 1:
            problems.append(f"{name}.csv is documented {len(sections)} times")
    for name in sorted(set(TABLES) - set(documented)):
        problems.append(f"{name}.csv has a schema but no section in the dictionary")
    for name in sorted(set(documented) - set(TABLES)):
        problems.append(f"{name}.csv is documented but has no schema")
    for file in sorted(data_files - {f"{name}.csv" for name in documented}):
        problems.append(f"data/{file} is not documented")

    for name, table in TABLES.items():
        if name not in documented:
            continue
        doc = documented[name][0]
        where = f"{table.file}"
        if doc.columns != columns(table):
            problems.append(
                f"{where}: documented columns {doc.columns} != schema columns {columns(table)}"
            )
        if doc.key != list(table.key):
            problems.append(f"{where}: documented key {doc.key} != schema key {list(table.key)}")
        schema_columns = set(columns(table))
        for row in doc.rows:
            column, rule = row["column"], row["allowed values / rule"]
            if column not in schema_columns:
                continue  # already reported as a column-list difference
            at = f"{where} column {column!r}"
            if row["type"] not in TYPES:
                problems.append(f"{at}: type {row['type']!r} is not one of {sorted(TYPES)}")
            elif row["type"] != expected_type(table, column):
                problems.append(
                    f"{at}: documented type {row['type']!r}, schema says "
                    f"{expected_type(table, column)!r}"
                )
            nullable = table.model.to_schema().columns[column].nullable
            if nullable != ("may be empty" in rule):
                state = "may be empty" if nullable else "is required"
                problems.append(f"{at}: the schema says it {state}; the rule says otherwise")
            isin = _check_stats(table, column, "isin")
            listed = _ONE_OF.search(rule)
            if isin and not listed:
                problems.append(f"{at}: allowed values are not documented ('one of: ...')")
            elif listed and not isin:
                problems.append(f"{at}: documents allowed values the schema does not have")
            elif isin:
                schema_values = sorted(map(str, isin[0]["allowed_values"]))
                doc_values = sorted(_BACKTICKED.findall(listed[1]))
                if doc_values != schema_values:
                    problems.append(
                        f"{at}: documented values {doc_values} != schema values {schema_values}"
                    )
            for stats in _check_stats(table, column, "greater_than_or_equal_to"):
                if f">= {_number(stats['min_value'])}" not in rule:
                    problems.append(f"{at}: rule does not say '>= {stats['min_value']}'")
            for stats in _check_stats(table, column, "less_than_or_equal_to"):
                if f"<= {_number(stats['max_value'])}" not in rule:
                    problems.append(f"{at}: rule does not say '<= {stats['max_value']}'")
    return problems


def documented_units(text: str) -> list[str]:
    """The first column of the table under ``### Units``."""
    section = text.split("### Units", 1)[1]
    section = section[: _HEADING.search(section).start()]
    rows = [_cells(line) for line in section.splitlines() if line.startswith("| `")]
    return [row[0].strip("`") for row in rows]


def schema_units() -> set[str]:
    units: set[str] = set()
    for table in TABLES.values():
        if "unit" in table.model.to_schema().columns:
            for stats in _check_stats(table, "unit", "isin"):
                units |= set(stats["allowed_values"])
    return units


@pytest.fixture(scope="module")
def readme_text() -> str:
    return README.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def data_files() -> set[str]:
    return {path.name for path in DATA_DIR.glob("*.csv")}


def test_every_data_file_has_a_schema(data_files):
    assert data_files == {table.file for table in TABLES.values()}


def test_dictionary_agrees_with_schemas(readme_text, data_files):
    assert dictionary_mismatches(readme_text, data_files=data_files) == []


@pytest.mark.parametrize("name", list(TABLES))
def test_each_table_is_documented_column_by_column(readme_text, name):
    sections = parse_dictionary(readme_text)[name]
    assert [s.columns for s in sections] == [columns(TABLES[name])]


def test_units_table_lists_every_unit_the_schemas_allow(readme_text):
    units = documented_units(readme_text)
    assert len(units) == len(set(units))
    assert set(units) == schema_units()


def test_units_table_states_each_units_limit_as_the_code_holds_it(readme_text):
    from wbroles.format import LIMITS

    section = readme_text.split("### Units", 1)[1]
    section = section[: _HEADING.search(section).start()]
    rows = [_cells(line) for line in section.splitlines() if line.startswith("| `")]
    stated = {row[0].strip("`"): float(row[-1].replace(",", "")) for row in rows}
    assert stated == {unit: LIMITS[unit][1] for unit in stated}


# --- the comparison itself must notice drift on either side --------------------------------


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the edit target must occur once: {old!r}"
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "| `open_high` | true/false | — | required; true exactly when the article writes "
            'the high bound with "+" |\n| `unit` | text | — | required; one of: `pct_of_base`',
            "| `unit` | text | — | required; one of: `pct_of_base`",
            "compensation.csv: documented columns",
            id="column-dropped",
        ),
        pytest.param(
            "| `title` | text | — | required; the role's name as the article writes it |\n",
            "| `title` | text | — | required; the role's name as the article writes it |\n"
            "| `grade` | text | — | required |\n",
            "roles.csv: documented columns",
            id="column-added",
        ),
        pytest.param(
            "one of: `base`, `bonus`, `equity`, `total`",
            "one of: `base`, `bonus`, `equity`, `total`, `stock`",
            "compensation.csv column 'component': documented values",
            id="allowed-value-added",
        ),
        pytest.param(
            "one of: `1`, `2`, `3`",
            "from 1 to 3",
            "skills.csv column 'score': allowed values are not documented",
            id="allowed-values-removed",
        ),
        pytest.param(
            "| `rank` | whole number |",
            "| `rank` | number |",
            "levels.csv column 'rank': documented type 'number', schema says 'whole number'",
            id="type-changed",
        ),
        pytest.param(
            "| `evaluates` | text | — | may be empty;",
            "| `evaluates` | text | — | required;",
            "interview_rounds.csv column 'evaluates': the schema says it may be empty",
            id="nullable-lost",
        ),
        pytest.param(
            "**Key** (unique): `company`, `role`, `skill`.",
            "**Key** (unique): `company`, `skill`.",
            "skills.csv: documented key",
            id="key-changed",
        ),
        pytest.param(
            "### `rubric.csv`",
            "### `rubric_weights.csv`",
            "rubric.csv has a schema but no section",
            id="section-renamed",
        ),
    ],
)
def test_drift_in_the_dictionary_is_reported(readme_text, data_files, old, new, expected):
    problems = dictionary_mismatches(_edit(readme_text, old, new), data_files=data_files)
    assert any(expected in p for p in problems), problems


def test_an_undocumented_data_file_is_reported(readme_text, data_files):
    problems = dictionary_mismatches(readme_text, data_files=data_files | {"salaries.csv"})
    assert problems == ["data/salaries.csv is not documented"]


def test_a_schema_change_is_reported(readme_text, data_files, monkeypatch):
    class CompensationPlus(schemas.Compensation):
        currency: Series[str] = pa.Field(isin=["USD"])

    changed = dict(TABLES)
    changed["compensation"] = Table(
        "compensation", CompensationPlus, TABLES["compensation"].keys, ""
    )
    monkeypatch.setattr(f"{__name__}.TABLES", changed)
    problems = dictionary_mismatches(readme_text, data_files=data_files)
    assert len(problems) == 1
    assert problems[0].startswith("compensation.csv: documented columns")
    assert "'currency'" in problems[0]
