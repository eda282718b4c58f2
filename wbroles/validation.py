"""Turn raw CSV cells into typed, validated frames, collecting every problem on the way.

Order of work for one table: header -> field counts -> parsing each cell by its declared
type -> the pandera model (lazy, so every failure is reported) -> unique key. References
between tables are checked once every table involved has been read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .errors import DataError, Problem
from .format import LIMITS, NUMBER, NUMBER_RULE, choices_text, number
from .reading import RAGGED, RawTable, read_raw_csv
from .schemas import CHECK_TEXT, ROW_RULES, TABLES, Table, row_message

PROVENANCE = ("source_id", "quote")
EMPTY = "is empty (a value is required)"
_INT = re.compile(r"-?[0-9]+")
# No number in a table is larger than this (see format.LIMITS); whole numbers (ranks, orders,
# scores) are at most a million. Larger values are refused before they are converted.
MAX_NUMBER = max(high for _, high in LIMITS.values())
MAX_WHOLE = LIMITS["count"][1]
_BOOL = {"true": True, "false": False}


def columns(table: Table) -> list[str]:
    """The table's columns in reading order: its own first, provenance last."""
    names = list(table.model.to_schema().columns)
    if "quote" not in names:  # not a table of claims (sources, skill axes): declared order
        return names
    return [c for c in names if c not in PROVENANCE] + [c for c in names if c in PROVENANCE]


def header_problems(
    file: str, header: list[str], expected, optional=(), line: int | None = 1
) -> list[Problem]:
    """What is wrong with ``header`` (on ``line`` of ``file``): a column twice, an unknown
    column, a column of ``expected`` missing that is not ``optional``."""
    twice = [
        (c, "column appears twice in the header") for i, c in enumerate(header) if c in header[:i]
    ]
    unknown = f"unknown column (expected: {', '.join(expected)})"
    found = twice + list(dict.fromkeys((c, unknown) for c in header if c not in expected))
    found += [
        (c, "required column is missing from the header")
        for c in expected
        if c not in header and c not in optional
    ]
    return [Problem(file, line, column, message) for column, message in found]


def _parse_cell(text: str, dtype: str, nullable: bool):
    """Return (value, error message or None)."""
    if text.strip() == "":
        return None, None if nullable else EMPTY
    if dtype.startswith("float"):
        if not NUMBER.fullmatch(text):
            return None, f"'{text}' is not a number ({NUMBER_RULE})"
        if abs(value := float(text)) > MAX_NUMBER:
            return None, f"{text} is above {number(MAX_NUMBER)}, the largest plausible value"
        return value, None
    if dtype.startswith("int"):
        if not _INT.fullmatch(text):
            return None, f"'{text}' is not a whole number"
        if len(text.lstrip("-")) > 7 or abs(int(text)) > MAX_WHOLE:
            return None, f"{text} is above {number(MAX_WHOLE)}, the largest whole number allowed"
        return int(text), None
    if dtype == "bool":
        value = _BOOL.get(text.lower())
        return value, None if value is not None else f"'{text}' is not true or false"
    return text, None


def parse_table(
    table: Table, raw: RawTable
) -> tuple[pd.DataFrame | None, list[int], list[Problem]]:
    """Validate one raw table: the frame of its valid rows, the line each row came from, and
    every problem found."""
    schema, expected, width = table.model.to_schema(), columns(table), len(raw.header)
    problems = header_problems(raw.file, raw.header, expected)
    if any(c not in raw.header for c in expected):
        return None, [], problems
    cells = [(c, raw.header.index(c), schema.columns[c]) for c in expected]
    records, lines = [], []
    for line, row in zip(raw.lines, raw.rows, strict=True):
        if len(row) != width:
            problems.append(Problem(raw.file, line, None, RAGGED.format(n=len(row), w=width)))
            continue
        parsed = {c: _parse_cell(row[i], str(col.dtype), col.nullable) for c, i, col in cells}
        errors = [Problem(raw.file, line, c, error) for c, (_, error) in parsed.items() if error]
        problems += errors
        if not errors:
            records.append([value for value, _ in parsed.values()])
            lines.append(line)
    dtypes = {c: "str" if "str" in str(col.dtype) else str(col.dtype) for c, _, col in cells}
    frame = pd.DataFrame.from_records(records, columns=expected).astype(dtypes)
    problems += _model_problems(table, frame, lines, raw.file)
    problems += _key_problems(table, frame, lines, raw.file)
    return frame, lines, problems


def _check_message(check: pa.Check | None, case) -> str:
    """The words for a failed ``check``: the value and the rule it breaks."""
    value, stats = case.failure_case, getattr(check, "statistics", {})
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    text = CHECK_TEXT.get(stats.get("pattern", getattr(check, "name", None)))
    if text is None:
        return f"'{shown}' breaks rule {case.check}"
    return text.format(
        v=shown, allowed=", ".join(map(str, stats.get("allowed_values", ()))), **stats
    )


def _model_problems(table: Table, frame: pd.DataFrame, lines: list[int], file: str):
    try:
        table.model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return []
    checks = {
        (name, check.error): check
        for name, column in table.model.to_schema().columns.items()
        for check in column.checks
    }
    problems, row_rules = [], []
    for case in cases.itertuples(index=False):
        index = None if pd.isna(case.index) else int(case.index)
        line = None if index is None else lines[index]
        if case.check in ROW_RULES:
            column = ROW_RULES[case.check][0]
            if case.column == column:  # pandera repeats a frame check once per column
                message = row_message(case.check, frame.iloc[index])
                row_rules.append(Problem(file, line, column, message))
            continue
        message = _check_message(checks.get((case.column, case.check)), case)
        problems.append(Problem(file, line, case.column, message))
    # a row rule (low <= high, unit fits component) on a row with a bad cell adds nothing
    bad_lines = {p.line for p in problems}
    return problems + [p for p in row_rules if p.line not in bad_lines]


def _key_problems(table: Table, frame: pd.DataFrame, lines: list[int], file: str):
    key, first, problems = list(table.key), {}, []
    for line, values in zip(lines, frame[key].itertuples(index=False, name=None), strict=True):
        if values in first:
            text = f"duplicate key ({', '.join(key)}) = ({choices_text(values)}), first on line"
            problems.append(Problem(file, line, key[-1], f"{text} {first[values]}"))
        first.setdefault(values, line)
    return problems


def written_keys(table: Table, raw: RawTable) -> set[tuple]:
    """The key of every row of ``raw`` as written, valid or not: a row with a bad cell is
    still the row that others name, so naming it is not a second problem."""
    where = [raw.header.index(c) for c in table.key if c in raw.header]
    if len(where) < len(table.key):
        return set()
    return {tuple(row[i] for i in where) for row in raw.rows if len(row) == len(raw.header)}


def _reference_problems(table: Table, frames: dict, keys: dict, read: tuple, bad: set):
    """Rows of ``table`` (``read``: its file and row lines) whose key columns name no row of a
    table they refer to (``keys``: each table's keys as written); ``bad`` (file, line,
    column) cells have their own problem and are not checked again."""
    file, lines = read
    problems, frame = [], frames[table.name]
    for target in table.references:
        if frame is None or frames[target] is None:
            continue  # the unreadable table has its own problem already
        key, known = list(TABLES[target].key), keys[target]
        for line, values in zip(lines, frame[key].itertuples(index=False, name=None), strict=True):
            if any((file, line, c) in bad for c in key):
                continue
            if values not in known:
                choices = choices_text(sorted({v[-1] for v in known if v[:-1] == values[:-1]}))
                text = f"'{values[-1]}' is not a known {key[-1]} in {target}.csv (known: {choices})"
                problems.append(Problem(file, line, key[-1], text))
    return problems


def required_tables(names: list[str]) -> list[str]:
    """``names`` and every table they refer to, in a stable order."""
    out = list(names)
    for name in out:  # the list grows as it is read: each table's references, once
        out += [target for target in TABLES[name].references if target not in out]
    return list(dict.fromkeys(out))


def validate_tables(data_dir: Path, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read and validate ``names`` (default: every table) from ``data_dir``.

    Raises :class:`DataError` listing every problem in every file read.
    """
    frames: dict[str, pd.DataFrame | None] = {}
    read: dict[str, tuple[str, list[int]]] = {}  # the file name and row lines of each table read
    keys: dict[str, set[tuple]] = {}  # each table's keys as written
    problems: list[Problem] = []
    for name in required_tables(list(names or TABLES)):
        raw, found = read_raw_csv(data_dir / TABLES[name].file)
        frames[name] = None
        if raw is not None:
            frames[name], lines, more = parse_table(TABLES[name], raw)
            read[name], keys[name], found = (
                (raw.file, lines),
                written_keys(TABLES[name], raw),
                found + more,
            )
        problems += found
    bad = {(p.file, p.line, p.column) for p in problems}
    for name, where in read.items():
        problems += _reference_problems(TABLES[name], frames, keys, where, bad)
    if problems:
        raise DataError(problems)
    return frames  # type: ignore[return-value]
