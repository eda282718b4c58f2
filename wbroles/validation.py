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
from .format import LIMITS, NUMBER, NUMBER_RULE, number
from .reading import RawTable, read_raw_csv
from .schemas import CODE, ISO_DATE, ROW_RULES, TABLES, Table

PROVENANCE = ("source_id", "quote")
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


def _parse_cell(text: str, dtype: str, nullable: bool):
    """Return (value, error message or None)."""
    if text.strip() == "":
        if nullable:
            return None, None
        return None, "is empty (a value is required)"
    if dtype.startswith("float"):
        if not NUMBER.fullmatch(text):
            return None, f"'{text}' is not a number ({NUMBER_RULE})"
        value = float(text)
        if abs(value) > MAX_NUMBER:
            return None, f"{text} is above {number(MAX_NUMBER)}, the largest plausible value"
        return value, None
    if dtype.startswith("int"):
        if not _INT.fullmatch(text):
            return None, f"'{text}' is not a whole number"
        if len(text.lstrip("-")) > 7 or abs(int(text)) > MAX_WHOLE:
            return None, f"{text} is above {number(MAX_WHOLE)}, the largest whole number allowed"
        return int(text), None
    if dtype == "bool":
        if text.lower() in _BOOL:
            return _BOOL[text.lower()], None
        return None, f"'{text}' is not true or false"
    return text, None


def _check_message(check: str, value) -> str:
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    if m := re.fullmatch(r"greater_than_or_equal_to\((.*)\)", check):
        return f"{shown} is below {m[1]}"
    if m := re.fullmatch(r"less_than_or_equal_to\((.*)\)", check):
        return f"{shown} is above {m[1]}"
    if m := re.fullmatch(r"in_range\((.*), (.*)\)", check):
        return f"{shown} is outside {m[1]}-{m[2]}"
    if m := re.fullmatch(r"isin\(\[(.*)\]\)", check):
        allowed = ", ".join(s.strip(" '") for s in m[1].split(","))
        return f"'{shown}' is not one of: {allowed}"
    if check == "real_date":
        return f"'{shown}' is not a real calendar date"
    if check.startswith("str_matches"):
        if CODE in check:
            return f"'{shown}' is not a code (a letter, then letters, digits, _ + -)"
        if ISO_DATE in check:
            return f"'{shown}' is not a date written YYYY-MM-DD"
        return "is blank (text is required)"
    return f"'{shown}' breaks rule {check}"


def parse_table(
    table: Table, raw: RawTable
) -> tuple[pd.DataFrame | None, list[int], list[Problem]]:
    """Validate one raw table: the frame of its valid rows, the line each row came from, and
    every problem found."""
    problems: list[Problem] = []
    schema = table.model.to_schema()
    expected = columns(table)
    seen = set()
    for name in raw.header:
        if name in seen:
            problems.append(Problem(raw.file, 1, name, "column appears twice in the header"))
        seen.add(name)
        if name not in expected:
            problems.append(
                Problem(raw.file, 1, name, f"unknown column (expected: {', '.join(expected)})")
            )
    missing = [c for c in expected if c not in raw.header]
    for name in missing:
        problems.append(Problem(raw.file, 1, name, "required column is missing from the header"))
    if missing:
        return None, [], problems

    position = {name: raw.header.index(name) for name in expected}
    records, lines = [], []
    for line, row in zip(raw.lines, raw.rows, strict=True):
        if len(row) != len(raw.header):
            problems.append(
                Problem(
                    raw.file,
                    line,
                    None,
                    f"has {len(row)} fields but the header has {len(raw.header)}"
                    " (a missing or extra comma, or a truncated row)",
                )
            )
            continue
        record, ok = {}, True
        for name in expected:
            col = schema.columns[name]
            value, error = _parse_cell(row[position[name]], str(col.dtype), col.nullable)
            if error:
                problems.append(Problem(raw.file, line, name, error))
                ok = False
            record[name] = value
        if ok:
            records.append(record)
            lines.append(line)

    frame = _typed_frame(records, expected, schema)
    problems += _model_problems(table, frame, lines, raw.file)
    problems += _key_problems(table, frame, lines, raw.file)
    return frame, lines, problems


def _typed_frame(records: list[dict], names: list[str], schema) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=names)
    for name in names:
        dtype = str(schema.columns[name].dtype)
        if dtype.startswith("string") or dtype == "str":
            frame[name] = frame[name].astype("str")
        else:
            frame[name] = frame[name].astype(dtype)
    return frame


def _model_problems(table: Table, frame: pd.DataFrame, lines: list[int], file: str):
    try:
        table.model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return []
    problems = []
    for case in cases.itertuples(index=False):
        index = None if pd.isna(case.index) else int(case.index)
        line = lines[index] if index is not None else None
        if case.check in ROW_RULES:
            column, message = ROW_RULES[case.check]
            if case.column != column:  # pandera repeats a frame check once per column
                continue
            problems.append(Problem(file, line, column, message(frame.iloc[index])))
        else:
            problems.append(
                Problem(file, line, case.column, _check_message(case.check, case.failure_case))
            )
    return problems


def _key_problems(table: Table, frame: pd.DataFrame, lines: list[int], file: str):
    problems = []
    key = list(table.key)
    first_line: dict[tuple, int] = {}
    for i, values in enumerate(frame[key].itertuples(index=False, name=None)):
        if values in first_line:
            shown = ", ".join(map(str, values))
            problems.append(
                Problem(
                    file,
                    lines[i],
                    key[-1],
                    f"duplicate key ({', '.join(key)}) = ({shown}), first on line "
                    f"{first_line[values]}",
                )
            )
        else:
            first_line[values] = lines[i]
    return problems


def _reference_problems(table: Table, frames: dict, lines: list[int], file: str):
    frame = frames[table.name]
    problems = []
    for ref in table.references:
        target = frames.get(ref.target)
        if frame is None or target is None:
            continue  # the unreadable table has its own problem already
        known = set(target[list(ref.target_columns)].itertuples(index=False, name=None))
        for i, values in enumerate(frame[list(ref.columns)].itertuples(index=False, name=None)):
            if values not in known:
                choices = sorted({v[-1] for v in known if v[:-1] == values[:-1]})
                problems.append(
                    Problem(
                        file,
                        lines[i],
                        ref.columns[-1],
                        f"'{values[-1]}' is not a known {ref.target_columns[-1]} in "
                        f"{ref.target}.csv (known: {', '.join(map(str, choices)) or 'none'})",
                    )
                )
    return problems


def required_tables(names: list[str]) -> list[str]:
    """``names`` and every table they refer to, in a stable order."""
    out: list[str] = []
    todo = list(names)
    while todo:
        name = todo.pop(0)
        if name not in out:
            out.append(name)
            todo += [ref.target for ref in TABLES[name].references]
    return out


def validate_tables(data_dir: Path, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read and validate ``names`` (default: every table) from ``data_dir``.

    Raises :class:`DataError` listing every problem in every file read.
    """
    names = required_tables(list(names or TABLES))
    frames: dict[str, pd.DataFrame | None] = {}
    files: dict[str, str] = {}
    lines: dict[str, list[int]] = {}
    problems: list[Problem] = []
    for name in names:
        raw, read_problems = read_raw_csv(data_dir / TABLES[name].file)
        problems += read_problems
        frames[name] = None
        if raw is not None:
            files[name] = raw.file
            frames[name], lines[name], table_problems = parse_table(TABLES[name], raw)
            problems += table_problems
    for name in names:
        if name in files:
            problems += _reference_problems(TABLES[name], frames, lines[name], files[name])
    if problems:
        raise DataError(problems)
    return frames  # type: ignore[return-value]
