"""Individual compensation observations: one row per data point, from CSV or Parquet.

An observations file holds data points a user brings (offers, an HR export, a survey), not
published ranges. Columns, in any order:

========== ======== =================================================================
company    required the company, written exactly the same on every row
role       required a role code (letter, then letters, digits, _ + -); for a company whose
                    roles are published in the data folder's ``roles.csv`` (Weights &
                    Biases), one of those codes
level      required a level code, as the company names its levels (L5, IC4, ...)
base       required base salary, US dollars a year, >= 0
bonus      optional bonus, US dollars a year, >= 0; empty = not reported (never 0)
equity     optional equity, US dollars a year, >= 0; empty = not reported
sign_on    optional sign-on bonus, US dollars (once), >= 0; empty = not reported
date       optional when the data point was observed, YYYY-MM-DD (the column may be absent)
location   optional free text such as "New York, NY" (the column may be absent)
source_id  required a source code; checked against a sources table when one is given
========== ======== =================================================================

"Required" columns must be in the header; "required" values must not be empty. Nothing is
coerced: "$180,000", " 180000", "1e999" or "N/A" in a money column is a problem, not a
number or a missing value. Every problem is reported with its place in the file
(``file:LINE: column 'X': value and rule``; for Parquet the number is the row, first row = 1),
all of them at once in one :class:`wbroles.DataError` that shows the first 50 and the total.

A path may also be a folder of such files (a partitioned dataset) or a glob pattern; each file
is checked on its own and its problems name it. DuckDB reads a CSV file as text (ragged rows,
invalid UTF-8 and open quotes go to its rejects table) and streams a Parquet file; each rule
is SQL over a column's distinct values. A row's line is its position + 2 when records and
lines match one to one; otherwise one streaming pass of Python's strict CSV reader finds the
lines of the rows at fault. DuckDB keeps to a memory limit and spills to a temporary folder.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import glob
import io
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import DataError, ParameterError, Problem
from .format import LIMITS, NUMBER, NUMBER_RULE, choices_text, choose, choose_many
from .load import load_roles
from .paths import DEFAULT_DATA_DIR, resolve_data_dir
from .reading import RAGGED, csv_records, display_path, read_raw_csv
from .schemas import BLANK, CODE, CODE_TEXT, DATE_TEXT, ISO_DATE, TABLES
from .validation import EMPTY, header_problems, parse_table

COLUMNS = tuple("company role level base bonus equity sign_on date location source_id".split())  # noqa: SIM905
OPTIONAL_COLUMNS = ("date", "location")
MONEY_COLUMNS = ("base", "bonus", "equity", "sign_on")
TEXT_COLUMNS = ("company", "role", "level", "location", "source_id")
SUFFIXES = (".csv", ".parquet", ".pq")  # the files of a folder
DEFAULT_MEMORY_LIMIT = "2GB"  # DuckDB spills to a temporary folder beyond it
GROUPS = ("role", "level")  # codes sorted naturally, L2 before L10
REQUIRED_VALUES = ("company", "role", "level", "base", "source_id")
MAX_LISTED = 1_000  # problems given a line; beyond this they are only counted
SYNTHETIC_PUBLISHER = "synthetic"
EXAMPLE_OBSERVATIONS = DEFAULT_DATA_DIR / "examples" / "observations_synthetic.csv"
EXAMPLE_SOURCES = DEFAULT_DATA_DIR / "examples" / "sources_synthetic.csv"
BLOCK = 1 << 22
PathLike = str | os.PathLike
# The Arrow types a Parquet column may have besides text, and the words for them.
PARQUET_TYPES = {
    **{m: (r"u?int|float|double|halffloat|decimal", "a number type") for m in MONEY_COLUMNS},
    "date": ("date", "a date (date32) or YYYY-MM-DD text"),
}

# (columns, message, SQL condition on a column's distinct value v), in the order a CASE tries
# them: a value breaks the first rule it fails, so each condition takes the earlier as passed.
RULES = [
    (("role", "level", "source_id"), CODE_TEXT, f"NOT regexp_matches(v, '{CODE}')"),
    (("company",), BLANK, r"NOT regexp_matches(v, '\S')"),
    (
        ("company",),
        "'{v}' has leading or trailing spaces (a second company)",
        r"regexp_matches(v, '^\s|\s$')",
    ),
    (("date",), DATE_TEXT, f"NOT regexp_matches(v, '{ISO_DATE}')"),
    (
        ("date",),
        "'{v}' is not a calendar date",
        "NOT coalesce(TRY_CAST(v AS DATE) BETWEEN '0001-01-01' AND '9999-12-31', false)",
    ),
    # the one number rule (format.NUMBER), as DuckDB reads it
    (
        MONEY_COLUMNS,
        "'{v}' is not a number ({hint})",
        f"NOT regexp_full_match(v, '{NUMBER.pattern}')",
    ),
    (MONEY_COLUMNS, "{x:g} is below 0", "TRY_CAST(v AS DOUBLE) < 0"),
    (
        MONEY_COLUMNS,
        f"{{v}} is above {LIMITS['usd'][1]:,.0f} (US dollars)",
        f"TRY_CAST(v AS DOUBLE) > {LIMITS['usd'][1]}",
    ),
]
REFERENCES = {  # message, and SQL giving (row id, value, detail) of each row at fault
    "company": (
        "'{v}' looks like '{d}' in roles.csv; write it exactly",
        "SELECT rowid, company, near.d FROM raw JOIN near ON company = near.v",
    ),
    "role": (
        "'{v}' is not a known role of {d} in roles.csv (known: {known})",
        "SELECT rowid, role, company FROM raw WHERE company IN (SELECT company FROM known) "
        "AND role NOT IN (SELECT role FROM known k WHERE k.company = raw.company)",
    ),
    "source_id": (
        "'{v}' is not a known source_id in {where} (known: {sources})",
        "SELECT rowid, source_id, NULL FROM raw WHERE source_id NOT IN (SELECT s FROM cited)",
    ),
    "synthetic": (
        "'{v}' is a synthetic source, but the row names {d}, a company with published "
        "data; synthetic rows must name a fictitious company",
        "SELECT rowid, source_id, company FROM raw WHERE company IN (SELECT company FROM "
        "known) AND source_id IN (SELECT s FROM cited WHERE fake)",
    ),
}


def natural_key(code) -> tuple:
    """Sort key that puts L2 before L10: runs of digits compare as numbers."""
    parts = re.split(r"(\d+)", str(code))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


# --- reading into a table of text ------------------------------------------------------------


def _raw(con, header: list[str], source: str, native=(), kind: str = "TABLE") -> str:
    """Table (or view) ``raw``: every column as text but those in ``native`` (the rules cast
    their distinct values), an absent optional column as NULL. Returns the query that reads
    the file again in its own types, for the summary."""

    def select(native) -> str:
        text = (
            "NULL::VARCHAR" if c not in header else c if c in native else f"CAST({c} AS VARCHAR)"
            for c in COLUMNS
        )
        return ", ".join(f"{t} AS {c}" for t, c in zip(text, COLUMNS, strict=True))

    rowid = "file_row_number AS rowid, " if kind == "VIEW" else ""
    con.execute(f"CREATE {kind} raw AS SELECT {rowid}{select(native)} FROM {source}")
    return f"SELECT {select(COLUMNS)} FROM {source}"


def _literal(path: Path) -> str:
    """``path`` as a SQL string literal (a view holds no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def _scan(path: Path) -> tuple[int, bool]:
    """Line breaks and whether the last line ends with one; True if there is a NUL byte."""
    newlines, last, nul = 0, b"\n", False
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            newlines, last, nul = newlines + block.count(b"\n"), block[-1:], nul or b"\0" in block
    return newlines + (last != b"\n"), nul


def _walk(path: Path, name: str, width: int, wanted: set[int]):
    """One streaming pass of Python's strict CSV reader: the start line of each wanted row
    (by position among the well-formed records) and the problems of the malformed ones."""
    lines, problems, kept = {}, [], -1  # the header is record -1
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for start, record in csv_records(handle, name):
            if isinstance(record, Problem):
                return {}, [record]
            if len(record) != width:
                problems.append(Problem(name, start, None, RAGGED.format(n=len(record), w=width)))
                continue
            lines.update({kept: start} if kept in wanted else ())
            kept += 1
    return lines, problems


def _read_csv(con, path: Path, name: str):
    """The file into table ``raw``; returns (locate, problems, scan): locate maps row ids to
    lines, scan reads the file again. A file DuckDB cannot read as UTF-8 text is left to
    ``read_raw_csv`` for its message."""
    if not path.is_file() or not path.stat().st_size or (lines := _scan(path))[1]:
        return None, read_raw_csv(path)[1], None
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        header = next((r for r in csv.reader(io.StringIO(handle.read(1 << 16))) if r), None)
    if not header or (problems := header_problems(name, header, COLUMNS, OPTIONAL_COLUMNS)):
        return None, problems if header else read_raw_csv(path)[1], None
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in header) + "}"
    options = (
        "delim=',', quote='\"', escape='\"', header=true, auto_detect=false, store_rejects=true"
    )
    scan = _raw(con, header, f"read_csv({_literal(path)}, columns={columns}, {options})")
    kinds = {k for (k,) in con.execute("SELECT DISTINCT error_type FROM reject_errors").fetchall()}
    if kinds - {"MISSING COLUMNS", "TOO MANY COLUMNS"}:  # a quote left open, not UTF-8
        problems = read_raw_csv(path)[1] or [Problem(name, None, None, f"unreadable: {kinds}")]
        return None, problems, None
    ragged = dict(con.execute(RAGGED_ROWS).fetchall())
    if lines[0] == con.execute("SELECT count(*) + 1 FROM raw").fetchone()[0] + len(ragged):
        # one line per record, so DuckDB's lines are the file's: no second pass of the file
        skipped = sorted(ragged)
        problems = [
            Problem(name, n, None, RAGGED.format(n=f, w=len(header))) for n, f in ragged.items()
        ]
        return (lambda ids: {i: _line(i, skipped) for i in ids}), problems, scan
    _, problems = _walk(path, name, len(header), set())  # a quoted field spans lines
    return (lambda ids: _walk(path, name, len(header), set(ids))[0]), problems, scan


# The rows DuckDB set aside for their number of fields: line -> fields found. It reports a
# short row once per missing field and a long row once per extra one, each with its count.
RAGGED_ROWS = """
SELECT line, CASE WHEN any_value(error_type) = 'MISSING COLUMNS' THEN min(n) ELSE max(n) END
FROM (SELECT line, error_type,
             CAST(regexp_extract(error_message, 'Found: ([0-9]+)', 1) AS INTEGER) AS n
      FROM reject_errors)
GROUP BY line ORDER BY line
"""


def _line(row: int, skipped: list[int]) -> int:
    """The file line of kept row ``row`` (0-based, after the header) when the lines in
    ``skipped`` (sorted) were set aside: each one at or before it moves it down a line."""
    line, before = row + 2, 0
    while (now := bisect.bisect_right(skipped, row + 2 + before)) != before:
        before = now
    return line + before


def _read_parquet(con, path: Path, name: str):
    """View ``raw`` of a Parquet file whose column types fit: text, numbers for money, and
    dates or text for the date. Each query streams the file: nothing is held in memory."""
    try:
        schema = pq.read_schema(path)
    except (pa.ArrowInvalid, OSError) as err:
        what = "file is missing" if not path.exists() else f"not a readable Parquet file ({err})"
        return None, [Problem(name, None, None, what)], None
    problems = header_problems(name, schema.names, COLUMNS, OPTIONAL_COLUMNS, None)
    for field in [] if problems else schema:
        kind = str(getattr(field.type, "value_type", field.type))
        pattern, want = PARQUET_TYPES.get(field.name, ("$^", "text"))
        if kind not in ("string", "large_string", "null") and not re.match(pattern, kind):
            text = f"stored as {field.type}; {want} is required"
            problems.append(Problem(name, None, field.name, text))
    if problems:
        return None, problems, None
    source = f"read_parquet({_literal(path)}, file_row_number=true)"
    scan = _raw(con, schema.names, source, (*MONEY_COLUMNS, "date"), kind="VIEW")
    return (lambda ids: {i: i + 1 for i in ids}), problems, scan


# --- the rules ---------------------------------------------------------------------------------


def _normal(company: str) -> str:
    return re.sub(r"[^0-9a-z]", "", company.casefold().replace("&", "and"))


def _references(con, data_dir: Path, sources: pd.DataFrame | None) -> dict[str, str]:
    """Tables ``near`` (names that look like a published company), ``known`` (the role codes
    of the published companies present) and ``cited`` (the sources); the words of the rules."""
    try:
        with (data_dir / "roles.csv").open(encoding="utf-8-sig", newline="") as handle:
            norm = {_normal(r["company"]): r["company"] for r in csv.DictReader(handle)}
    except (OSError, UnicodeDecodeError, csv.Error, KeyError):
        norm = {}
    present = [c for (c,) in con.execute("SELECT DISTINCT company FROM raw").fetchall() if c]
    near = {c: norm[_normal(c)] for c in present if _normal(c) in norm and c not in norm.values()}
    real = [c for c in present if c in norm.values()]
    roles = load_roles(data_dir) if real else pd.DataFrame({"company": [], "role": []})
    known = roles.loc[roles["company"].isin(real), ["company", "role"]].astype(str)
    con.register("near", pd.DataFrame({"v": list(near), "d": list(near.values())}, dtype=str))
    con.register("known", known)
    ids = [] if sources is None else list(dict.fromkeys(sources["source_id"].astype(str)))
    if sources is not None:
        fake = sources["publisher"].astype(str).str.casefold() == SYNTHETIC_PUBLISHER
        con.register("cited", pd.DataFrame({"s": sources["source_id"].astype(str), "fake": fake}))
    shown = ", ".join(ids[:10]) + (", ..." if len(ids) > 10 else "")
    roles = known.groupby("company")["role"].agg(", ".join)
    used = {
        "near_rows": bool(near),
        "known_rows": len(known) > 0,
        "cited_rows": sources is not None,
    }
    return {"roles": roles, "sources": shown or "none"} | used


def _quick(column: str, kind: str) -> str | None:
    """For a Parquet column of whole numbers or dates, an aggregate over the rows that is true
    when a value may break a rule (the rules then run row by row); None for other columns,
    whose distinct values are tested."""
    if column in MONEY_COLUMNS and re.fullmatch("U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?", kind):
        empty = f"count(*) > count({column}) OR " if column in REQUIRED_VALUES else ""
        return f"{empty}coalesce(min({column}) < 0 OR max({column}) > {LIMITS['usd'][1]}, false)"
    if column == "date" and kind == "DATE":
        return "coalesce(min(date) < '0001-01-01' OR max(date) > '9999-12-31', false)"
    return None


def _problems(con, name: str, locate, words: dict) -> tuple[list[Problem], int]:
    """Every rule as SQL over ``raw``: the first ``MAX_LISTED`` problems, and the total. A CASE
    gives the rule a value breaks (-1: empty; -2 marks a reference); it is run row by row only
    on the columns whose distinct values break one."""
    cases = {}
    for c in dict.fromkeys(c for columns, _, _ in RULES for c in columns):
        tests = " ".join(f"WHEN {sql} THEN {k}" for k, (cs, _, sql) in enumerate(RULES) if c in cs)
        cases[c] = f"CASE WHEN v IS NULL THEN {-1 if c in REQUIRED_VALUES else 'NULL'} {tests} END"
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE raw)").fetchall())
    quick = {c: sql for c in cases if (sql := _quick(c, types[c]))}
    distinct = [
        f"(SELECT bool_or({t} IS NOT NULL) FROM (SELECT CAST(v AS VARCHAR) AS v FROM "
        f"(SELECT DISTINCT {c} AS v FROM raw)))"
        for c, t in cases.items()
        if c not in quick
    ]
    # one scan for the columns of whole numbers and dates, one per column of text
    broken = dict(
        zip(
            [*quick, *(c for c in cases if c not in quick)],
            con.execute(
                f"SELECT {', '.join([*quick.values(), *distinct])} FROM raw"
                if quick
                else f"SELECT {', '.join(distinct)}"
            ).fetchone(),
            strict=True,
        )
    )
    parts = [
        f"SELECT rowid, '{c}', {case} AS k, v, NULL FROM (SELECT rowid, CAST({c} AS VARCHAR) "
        "AS v FROM raw) WHERE k IS NOT NULL"
        for c, case in cases.items()
        if broken[c]
    ]
    parts += [
        sql.replace("SELECT rowid, ", f"SELECT rowid, '{key}', -2, ", 1)
        for key, (_, sql) in REFERENCES.items()
        # a reference to an empty table finds nothing: no scan of the file for it
        if all(words[f"{t}_rows"] for t in ("near", "known", "cited") if f" {t}" in sql)
    ]
    found = (
        con.execute(  # a cell that breaks its own rule is not a reference problem too
            f"WITH f(r, c, k, v, d) AS ({' UNION ALL '.join(parts)}) SELECT *, count(*) OVER () "
            "FROM f WHERE k <> -2 OR NOT EXISTS (SELECT 1 FROM f g WHERE g.r = f.r AND g.c = f.c "
            f"AND g.k <> -2) ORDER BY 1, 2, 3 DESC LIMIT {MAX_LISTED}"
        ).fetchall()
        if parts
        else []
    )
    lines = locate({row[0] for row in found}) if found else {}
    problems = []
    for i, column, k, value, detail, _ in found:
        text = EMPTY if k == -1 else REFERENCES[column][0] if k == -2 else RULES[k][1]
        hint = NUMBER_RULE + ("" if column == "base" else "; leave empty if not reported")
        x, known = float(value) if "x:g" in text else 0, words["roles"].get(detail)
        text = text.format(**words, v=value, d=detail, hint=hint, x=x, known=known)
        problems.append(Problem(name, lines.get(i), column.replace("synthetic", "source_id"), text))
    return problems, found[0][-1] if found else 0


# --- sources, the frame, the loader --------------------------------------------------------------


def load_observation_sources(path: PathLike) -> pd.DataFrame:
    """Read and validate ``path``, a sources table for observations (the columns of
    data/sources.csv); DataError listing every problem. A source whose ``publisher`` is
    ``synthetic`` marks made-up data: rows citing it may not name a company with published data."""
    raw, problems = read_raw_csv(Path(path))
    frame, _, more = parse_table(TABLES["sources"], raw) if raw else (None, None, [])
    if problems := problems + more:
        raise DataError(problems)
    return frame.reset_index(drop=True)


def is_synthetic(sources: pd.DataFrame | None, source_ids: Iterable) -> bool:
    """True when any of ``source_ids`` is a synthetic source (publisher 'synthetic') of
    ``sources`` (a sources table, or None: nothing is known to be synthetic)."""
    if sources is None or not len(sources) or "publisher" not in sources:
        return False
    fake = sources["publisher"].astype(str).str.casefold() == SYNTHETIC_PUBLISHER
    return bool((fake & sources["source_id"].astype(str).isin({str(s) for s in source_ids})).any())


def _files(path: PathLike) -> list[Path]:
    """The files of ``path``: one file; a folder's CSV and Parquet files, in its subfolders
    too (a partitioned dataset such as ``year=2025/part-0.parquet``); or those a glob pattern
    such as ``exports/*.parquet`` matches (``**`` for any depth). DataError if there are none."""
    text, path = str(path), Path(path)
    if path.is_dir():
        files = [f for f in path.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()]
    elif not path.exists() and any(c in text for c in "*?["):
        files = [Path(f) for f in glob.glob(text, recursive=True) if Path(f).is_file()]
    else:
        return [path]
    if not files:
        rule = "holds no CSV or Parquet file" if path.is_dir() else "matches no file"
        raise DataError([Problem(display_path(path), None, None, rule)])
    return sorted(files)


@contextlib.contextmanager
def validated(
    path: PathLike,
    *,
    sources: PathLike | pd.DataFrame | None = None,
    data_dir: PathLike | None = None,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
):
    """Check every rule on every file of ``path`` (see :func:`load_observations`), one file
    after the other in one DuckDB connection; yield it and a query reading all the files
    (columns ``COLUMNS``, money and dates in the files' own types). DuckDB keeps to
    ``memory_limit`` and spills to a temporary folder, removed afterwards. DataError with every
    problem of every file (the first 50 in the message, and the total)."""
    where = "the sources table"
    if sources is not None and not isinstance(sources, pd.DataFrame):
        where, sources = display_path(Path(sources)), load_observation_sources(sources)
    files, problems, total, scans = _files(path), [], 0, []
    with (
        tempfile.TemporaryDirectory(prefix="wbroles-duckdb-") as spill,
        _connect(memory_limit, spill) as con,
    ):
        for file in files:
            name = display_path(file)
            read = _read_parquet if _is_parquet(file) else _read_csv
            locate, more, scan = read(con, file, name)
            total += len(more)
            if locate is not None:
                words = _references(con, resolve_data_dir(data_dir), sources)
                found, count = _problems(con, name, locate, words | {"where": where})
                more, total = more + found, total + count
            problems += more[: MAX_LISTED - len(problems)]
            scans.append(scan)
            for kind, table in (("VIEW", "raw"), ("TABLE", "raw"), *REJECTS):  # the next afresh
                with contextlib.suppress(duckdb.CatalogException):
                    con.execute(f"DROP {kind} IF EXISTS {table}")
        if total:
            raise DataError(problems, total=total)
        yield con, " UNION ALL BY NAME ".join(f"({scan})" for scan in scans)


REJECTS = (("TABLE", "reject_errors"), ("TABLE", "reject_scans"))


@contextlib.contextmanager
def _connect(memory_limit: str, spill: str):
    """A DuckDB connection held to ``memory_limit``, spilling to the folder ``spill``."""
    if not isinstance(memory_limit, str):
        raise ParameterError(f"memory_limit must be a size such as '2GB', not {memory_limit!r}")
    try:
        con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": spill})
    except duckdb.Error as err:
        reason = str(err).splitlines()[0].removeprefix("Parser Error: ")
        raise ParameterError(
            f"memory_limit={memory_limit!r}: {reason}; give a size such as '2GB' or '500MB'"
        ) from None
    with con:
        # No progress bar in a terminal; in a Jupyter kernel it is off already and DuckDB
        # refuses the setting unless ipywidgets is installed.
        with contextlib.suppress(duckdb.InvalidInputException):
            con.execute("SET enable_progress_bar = false")
        yield con


def load_observations(
    path: PathLike,
    *,
    company: str | Iterable[str] | None = None,
    sources: PathLike | pd.DataFrame | None = None,
    data_dir: PathLike | None = None,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
) -> pd.DataFrame:
    """Read and validate observations (CSV or Parquet): one row per data point, in memory.

    For a file of any size, :func:`wbroles.summarize_observations` checks the same rules and
    returns only the percentile summary, never the rows.

    Parameters
    ----------
    path : str or Path
        A CSV or Parquet file (by suffix, else content) with the columns described above, a
        folder of them (subfolders included: a partitioned dataset) or a glob pattern.
    company : str or list of str, optional
        Keep only these companies; every file is validated first. Default: all of them.
    sources : str, Path or DataFrame, optional
        A sources table with the columns of ``data/sources.csv``. When given, every
        ``source_id`` must be listed in it, and rows citing a synthetic source (publisher
        "synthetic") must not name a company with published data.
    data_dir : str or Path, optional
        The data folder whose ``roles.csv`` lists the role codes of companies with published
        data (default: ``WBROLES_DATA_DIR``, else the project's ``data/``).
    memory_limit : str
        The most memory DuckDB may use while checking, such as "2GB" (default); beyond it it
        spills to a temporary folder.

    Returns
    -------
    DataFrame
        One row per observation, in file order (files in name order): company, role, level
        (categoricals, levels ordered, L2 before L10), base, bonus, equity, sign_on (float64
        dollars, NaN = not reported), date (datetime64, NaT if not given), location and
        source_id (categoricals).

    Raises
    ------
    wbroles.DataError
        Listing every problem as ``file:LINE: column 'X': value and rule`` (the first 50 in
        the message, with the total); for Parquet the number is the row.
    wbroles.ParameterError
        For a ``company`` the file does not hold, naming the companies it does, or a
        ``memory_limit`` DuckDB cannot read.
    """
    with validated(path, sources=sources, data_dir=data_dir, memory_limit=memory_limit) as (
        con,
        scan,
    ):
        money = ", ".join(f"TRY_CAST({m} AS DOUBLE) AS {m}" for m in MONEY_COLUMNS)
        text = ", ".join(f"CAST({c} AS VARCHAR) AS {c}" for c in TEXT_COLUMNS)
        typed = f"SELECT * REPLACE ({money}, {text}, TRY_CAST(date AS TIMESTAMP_S) AS date)"
        frame = con.sql(f"{typed} FROM ({scan})").to_arrow_table()
    frame = frame.to_pandas(strings_to_categorical=True)
    for name in TEXT_COLUMNS:
        order = sorted(frame[name].cat.categories, key=natural_key if name in GROUPS else str)
        frame[name] = frame[name].cat.reorder_categories(order, ordered=name == "level")
    if company is None:
        return frame
    present = sorted(str(c) for c in frame["company"].dropna().unique())
    frame = frame[frame["company"].isin(choose_many("company", company, present))]
    frame["company"] = frame["company"].cat.remove_unused_categories()
    return frame.reset_index(drop=True)


def _is_parquet(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq", ".csv", ".txt") or not path.is_file():
        return suffix in (".parquet", ".pq")
    with path.open("rb") as handle:
        return handle.read(4) == b"PAR1"


def load_example_observations(*, company: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The shipped synthetic example, validated against its own sources (a fictitious company,
    labelled synthetic). ``company`` keeps that company only, as in ``load_observations``."""
    return load_observations(EXAMPLE_OBSERVATIONS, company=company, sources=EXAMPLE_SOURCES)


def pick_company(obs: pd.DataFrame, company: str | None = None) -> str:
    """``company`` if ``obs`` (observations or their summary) holds it; without one, their
    only company.
    ParameterError naming the choices otherwise."""
    present = sorted(str(c) for c in obs["company"].dropna().unique())
    if company is None and len(present) != 1:
        raise ParameterError(
            f"the observations hold several companies; pass company= (one of: "
            f"{choices_text(present)})"
        )
    return choose("company", present[0] if company is None else company, present)
