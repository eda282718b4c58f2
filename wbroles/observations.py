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

Large files take a fast path: Arrow reads the CSV on all cores, the rules run vectorised
(text rules on each column's distinct values only), and line numbers are computed only for
rows that break a rule. A row is its line + 2 when every record sits on one line; when the
file has blank lines or line breaks inside quoted values, the line of each record is found
by re-reading the file with Python's CSV reader. Files Arrow refuses (ragged rows, invalid
UTF-8, binary content, an unbalanced quote) are read with Python's CSV reader from the start,
which gives the same messages as the bands' validation.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from .errors import DataError, Problem
from .paths import DEFAULT_DATA_DIR, resolve_data_dir
from .reading import display_path, read_raw_csv
from .schemas import CODE

__all__ = [
    "COLUMNS",
    "EXAMPLE_OBSERVATIONS",
    "EXAMPLE_SOURCES",
    "MONEY_COLUMNS",
    "OPTIONAL_COLUMNS",
    "TooManyProblems",
    "is_synthetic",
    "load_example_observations",
    "load_observation_sources",
    "load_observations",
]

COLUMNS = (
    "company",
    "role",
    "level",
    "base",
    "bonus",
    "equity",
    "sign_on",
    "date",
    "location",
    "source_id",
)
OPTIONAL_COLUMNS = ("date", "location")
MONEY_COLUMNS = ("base", "bonus", "equity", "sign_on")
TEXT_COLUMNS = ("company", "role", "level", "date", "location", "source_id")
CODE_COLUMNS = ("role", "level", "source_id")
REQUIRED_VALUES = ("company", "role", "level", "base", "source_id")
# Beyond this many problems only the first ones (by place in the file) become Problem objects:
# a file whose columns are shifted can break a rule on every one of a million rows.
MAX_LISTED = 10_000
SYNTHETIC_PUBLISHER = "synthetic"
EXAMPLE_OBSERVATIONS = DEFAULT_DATA_DIR / "examples" / "observations_synthetic.csv"
EXAMPLE_SOURCES = DEFAULT_DATA_DIR / "examples" / "sources_synthetic.csv"

_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_NUMBER_HINT = "write plain digits, e.g. 280000"
_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"  # as the bands' number rule
_DICT = pa.dictionary(pa.int32(), pa.string())
_SCAN_BLOCK = 1 << 22  # bytes read at a time when scanning a file

PathLike = str | os.PathLike


class TooManyProblems(DataError):
    """A :class:`DataError` for a file with more than ``MAX_LISTED`` problems.

    ``problems`` holds the first ``MAX_LISTED`` of them by place in the file; ``total``
    counts them all, and the message states it.
    """

    def __init__(self, problems: list[Problem], *, total: int, shown: int = 50):
        super().__init__(problems, shown=shown)
        self.total = total
        head = [str(p) for p in self.problems[:shown]]
        head.append(
            f"... and {total - len(head)} more problem(s) ({total} in all; "
            f"the first {len(self.problems)} are listed in .problems)"
        )
        self.args = (f"{total} data problems:\n" + "\n".join(head),)


# --- collecting problems -----------------------------------------------------------------------


@dataclass
class _Found:
    rows: np.ndarray  # row positions (0-based, in file order)
    column: str | None
    message: Callable[[int], str]  # the text for one row position


@dataclass
class _Problems:
    """Problems found so far: rows broken by a rule, located in the file only when raised."""

    file: str
    located: list[Problem] = field(default_factory=list)
    found: list[_Found] = field(default_factory=list)

    def add(self, line: int | None, column: str | None, message: str) -> None:
        self.located.append(Problem(self.file, line, column, message))

    def rows(self, rows: np.ndarray, column: str | None, message: Callable[[int], str]) -> None:
        if len(rows):
            self.found.append(_Found(np.asarray(rows, dtype=np.int64), column, message))

    def __bool__(self) -> bool:
        return bool(self.located or self.found)

    def raise_if_any(self, locate: Callable[[np.ndarray], np.ndarray]) -> None:
        if not self:
            return
        total = len(self.located) + sum(len(f.rows) for f in self.found)
        if not self.found:
            raise DataError(self.located)
        rows = np.concatenate([f.rows for f in self.found])
        which = np.concatenate([np.full(len(f.rows), i) for i, f in enumerate(self.found)])
        lines = np.asarray(locate(rows), dtype=np.int64)
        order = np.lexsort((which, lines))[: max(MAX_LISTED - len(self.located), 0)]
        problems = list(self.located)
        for k in order:
            f = self.found[which[k]]
            problems.append(Problem(self.file, int(lines[k]), f.column, f.message(int(rows[k]))))
        if total > len(problems):
            raise TooManyProblems(problems, total=total)
        raise DataError(problems)


# --- reading -------------------------------------------------------------------------------------


@dataclass
class _Read:
    """A file read into Arrow: text columns dictionary-encoded, money as text or numbers."""

    columns: dict[str, pa.ChunkedArray]
    rows: int
    locate: Callable[[np.ndarray], np.ndarray]  # row positions -> line (or row) numbers
    # For the fast reader: whether the file must be read again exactly before problems are
    # reported (binary content, an unbalanced quote); looked at only when there are problems.
    suspect: Callable[[], bool] = lambda: False
    text: dict[str, _Text] = field(init=False)

    def __post_init__(self) -> None:
        self.text = {
            name: _Text.of(column)
            for name, column in self.columns.items()
            if name in TEXT_COLUMNS and pa.types.is_dictionary(column.type)
        }


def _header_problems(header: list[str], problems: _Problems, *, line: int | None) -> bool:
    """Check the column names; return True when the body can be read."""
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.add(line, name, "column appears twice in the header")
        elif name not in COLUMNS:
            problems.add(line, name, f"unknown column (expected: {', '.join(COLUMNS)})")
        seen.add(name)
    for name in COLUMNS:
        if name not in seen and name not in OPTIONAL_COLUMNS:
            problems.add(line, name, "required column is missing from the header")
    return not problems


def _first_record(path: Path) -> list[str] | None:
    """The header record, or None when it cannot be read cheaply (left to the exact reader)."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    try:
        return next(csv.reader(io.StringIO(text, newline=""), strict=True), None)
    except csv.Error:
        return None


@dataclass
class _Scan:
    newlines: int
    quotes: int
    nul: bool
    ends_with_newline: bool

    @property
    def suspect(self) -> bool:
        """Binary content or an odd number of quotes: leave the file to the exact reader."""
        return self.nul or self.quotes % 2 == 1


def _scan(path: Path) -> _Scan:
    """Count line breaks and quote characters in blocks, without holding the file in memory."""
    newlines = quotes = 0
    nul = False
    last = b""
    with path.open("rb") as handle:
        while block := handle.read(_SCAN_BLOCK):
            newlines += block.count(b"\n")
            quotes += block.count(b'"')
            nul = nul or b"\x00" in block
            last = block[-1:]
    return _Scan(newlines, quotes, nul, last == b"\n")


def _record_lines(path: Path) -> np.ndarray:
    """The physical line each data record starts on, by Python's CSV reader (exact, slower)."""
    lines = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        start = 1
        for record in reader:
            if record:
                lines.append(start)
            start = reader.line_num + 1
    return np.asarray(lines[1:], dtype=np.int64)  # the first record is the header


def _read_csv_fast(path: Path, problems: _Problems) -> _Read | None:
    """Arrow's multi-threaded reader; None when the file needs the exact reader.

    Arrow is more lenient than Python's strict reader in two places that matter: it reads
    on past a quote left open, and keeps NUL bytes as text. Both are caught before any row is
    trusted: a quote left open either puts line breaks into a value (then every record is
    located by the exact reader, which stops at the fault) or sits on the last line (checked
    on its own); NUL bytes and odd quote counts are looked for when a problem is reported.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return None
    header = _first_record(path)
    if not header:
        return None
    if not _header_problems(header, problems, line=1):
        return _Read({}, 0, lambda rows: rows + 2)
    types = {name: (pa.string() if name in MONEY_COLUMNS else _DICT) for name in header}
    try:
        table = pa_csv.read_csv(
            path,
            convert_options=pa_csv.ConvertOptions(
                column_types=types,
                null_values=[""],  # and nothing else: "NA" or "null" stay text, then fail a rule
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # ragged rows, invalid UTF-8: the exact reader says where
    table = table.unify_dictionaries()
    columns = {name: table.column(name) for name in header}
    texts = [
        columns[name].chunk(0).dictionary
        for name in header
        if name not in MONEY_COLUMNS and columns[name].num_chunks
    ]
    if any(pc.any(pc.match_substring_regex(t, "\x00")).as_py() for t in texts):
        return None  # binary content
    multiline = any(pc.any(pc.match_substring_regex(t, "[\r\n]")).as_py() for t in texts)
    record_lines: np.ndarray | None = None
    if multiline:
        try:
            record_lines = _record_lines(path)
        except (csv.Error, UnicodeDecodeError):
            return None
        if len(record_lines) != table.num_rows:
            return None
    elif not _last_line_closed(path):
        return None
    rows = table.num_rows

    scanned: list[_Scan] = []  # one pass over the file, only once a problem is found

    def scan() -> _Scan:
        if not scanned:
            scanned.append(_scan(path))
        return scanned[0]

    def locate(positions: np.ndarray) -> np.ndarray:
        nonlocal record_lines
        if record_lines is None:
            counts = scan()
            if counts.newlines + (0 if counts.ends_with_newline else 1) == rows + 1:
                return positions + 2  # one line per record: no blank lines, no line breaks
            record_lines = _record_lines(path)
        return record_lines[positions]

    read = _Read(columns, rows, locate)
    read.suspect = lambda: scan().suspect
    return read


def _last_line_closed(path: Path) -> bool:
    """Whether the file's last line parses on its own (a quote left open there does not)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(size - (1 << 16), 0))
        tail = handle.read()
    last = tail.rstrip(b"\r\n").rsplit(b"\n", 1)[-1]
    try:
        list(csv.reader(io.StringIO(last.decode("utf-8", "replace"), newline=""), strict=True))
    except csv.Error:
        return False
    return True


def _read_csv_exact(path: Path, problems: _Problems) -> _Read | None:
    """Python's strict CSV reader, as for the bands: every structural problem with its line."""
    raw, read_problems = read_raw_csv(path)
    problems.located += read_problems
    if raw is None:
        return None
    if not _header_problems(raw.header, problems, line=1):
        return None
    width = len(raw.header)
    kept_rows, kept_lines = [], []
    for line, row in zip(raw.lines, raw.rows, strict=True):
        if len(row) == width:
            kept_rows.append(row)
            kept_lines.append(line)
        else:
            problems.add(
                line,
                None,
                f"has {len(row)} fields but the header has {width}"
                " (a missing or extra comma, or a truncated row)",
            )
    columns = {}
    for i, name in enumerate(raw.header):
        values = pa.array([row[i] for row in kept_rows], type=pa.string())
        values = pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)
        columns[name] = pa.chunked_array(
            [values if name in MONEY_COLUMNS else pc.dictionary_encode(values)]
        )
    lines = np.asarray(kept_lines, dtype=np.int64)
    return _Read(columns, len(kept_rows), lambda rows: lines[rows])


def _read_parquet(path: Path, problems: _Problems) -> _Read | None:
    import pyarrow.parquet as pq

    if not path.is_file():
        problems.add(None, None, "file is missing" if not path.exists() else "is a folder")
        return None
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as err:
        problems.add(None, None, f"not a readable Parquet file ({err})")
        return None
    header = parquet.schema_arrow.names
    if not _header_problems(header, problems, line=None):
        return None
    table = parquet.read()
    columns = {}
    for name in header:
        column = table.column(name)
        kind = column.type
        if pa.types.is_dictionary(kind):
            kind = kind.value_type
        if name in MONEY_COLUMNS:
            if pa.types.is_string(kind) or pa.types.is_large_string(kind):
                columns[name] = column.cast(pa.string())  # checked value by value, as in CSV
            elif any(
                test(kind)
                for test in (pa.types.is_integer, pa.types.is_floating, pa.types.is_decimal)
            ) or pa.types.is_null(kind):
                columns[name] = column.cast(pa.float64())
            else:
                problems.add(None, name, f"stored as {column.type}; a number type is required")
        elif name == "date" and (pa.types.is_date(kind) or pa.types.is_null(kind)):
            columns[name] = column.cast(pa.date32())
        elif pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind):
            columns[name] = pc.dictionary_encode(column.cast(pa.string())).unify_dictionaries()
        else:
            wanted = "a date (date32) or YYYY-MM-DD text" if name == "date" else "text"
            problems.add(None, name, f"stored as {column.type}; {wanted} is required")
    if problems:
        return None
    return _Read(columns, table.num_rows, lambda rows: rows + 1)


def _is_parquet(path: Path) -> bool:
    if path.suffix.lower() in (".parquet", ".pq"):
        return True
    if path.suffix.lower() in (".csv", ".txt") or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(4) == b"PAR1"


# --- the rules -----------------------------------------------------------------------------------


@dataclass
class _Text:
    """A text column as its distinct values and, per row, the position of its value."""

    values: pa.Array  # string
    codes: np.ndarray  # int32 per row, -1 where the cell is empty

    @classmethod
    def of(cls, column: pa.ChunkedArray) -> _Text:
        if column.num_chunks == 0:
            return cls(pa.array([], type=pa.string()), np.zeros(0, dtype=np.int32))
        indices = pa.chunked_array([chunk.indices for chunk in column.chunks])
        codes = pc.fill_null(indices, -1).to_numpy()
        return cls(column.chunk(0).dictionary, codes)  # one dictionary after unifying

    @property
    def names(self) -> list[str]:
        return self.values.to_pylist()

    def rows_with(self, positions: Iterable[int]) -> np.ndarray:
        """Rows whose value is one of the distinct values at ``positions``."""
        return np.flatnonzero(np.isin(self.codes, np.fromiter(positions, dtype=np.int64)))


def _text_rule(
    text: _Text,
    name: str,
    problems: _Problems,
    *,
    broken: pa.Array,
    message: Callable[[str], str],
) -> None:
    """Report every row whose value is one of the distinct values flagged in ``broken``."""
    bad = np.flatnonzero(pc.fill_null(broken, False).to_numpy(zero_copy_only=False))
    if not len(bad):
        return
    shown = {int(i): text.values[int(i)].as_py() for i in bad}
    problems.rows(text.rows_with(bad), name, lambda row: message(shown[int(text.codes[row])]))


def _check_text(read: _Read, problems: _Problems) -> None:
    for name, text in read.text.items():
        if name in REQUIRED_VALUES:
            problems.rows(
                np.flatnonzero(text.codes < 0), name, lambda row: "is empty (a value is required)"
            )
        values = text.values
        if name in CODE_COLUMNS:
            _text_rule(
                text,
                name,
                problems,
                broken=pc.invert(pc.match_substring_regex(values, CODE)),
                message=lambda v: f"'{v}' is not a code (a letter, then letters, digits, _ + -)",
            )
        elif name == "company":
            blank = pc.invert(pc.match_substring_regex(values, r"\S"))
            _text_rule(
                text, name, problems, broken=blank, message=lambda v: "is blank (text is required)"
            )
            _text_rule(
                text,
                name,
                problems,
                broken=pc.and_(
                    pc.invert(blank), pc.not_equal(pc.utf8_trim_whitespace(values), values)
                ),
                message=lambda v: f"'{v}' has leading or trailing spaces (a second company)",
            )
        elif name == "date":
            _text_rule(
                text,
                name,
                problems,
                broken=pa.array([not _is_iso_date(v) for v in text.names], pa.bool_()),
                message=_date_message,
            )


def _is_iso_date(text: str) -> bool:
    if not re.fullmatch(_ISO_DATE, text):
        return False
    try:
        Date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _date_message(text: str) -> str:
    if re.fullmatch(_ISO_DATE, text):
        return f"'{text}' is not a calendar date"
    return f"'{text}' is not a date written YYYY-MM-DD"


def _money(read: _Read, problems: _Problems) -> dict[str, np.ndarray]:
    """Each money column as float64 (NaN = not reported), with its problems reported.

    Text cells are cast by Arrow, whose parser accepts exactly the plain numbers the bands
    accept (digits, one point, an exponent) plus "inf" and "nan", which the finite check
    then rejects; when the cast fails, a regular expression finds every cell at fault.
    """
    out = {}
    for name in MONEY_COLUMNS:
        column = read.columns[name]
        required = name in REQUIRED_VALUES
        hint = _NUMBER_HINT if required else _NUMBER_HINT + "; leave empty if not reported"
        missing = _null_mask(column)
        if required:
            problems.rows(
                np.flatnonzero(missing), name, lambda row: "is empty (a value is required)"
            )
        text = column if pa.types.is_string(column.type) else None
        numbers = column
        if text is not None:
            try:
                numbers = pc.cast(text, pa.float64())
            except pa.ArrowInvalid:
                # Some cells are not numbers: find them all, then read the others.
                broken = pc.invert(pc.fill_null(pc.match_substring_regex(text, _NUMBER), True))
                problems.rows(
                    np.flatnonzero(broken.to_numpy(zero_copy_only=False)),
                    name,
                    lambda row, t=text, h=hint: f"'{t[row].as_py()}' is not a number ({h})",
                )
                numbers = pc.cast(
                    pc.if_else(broken, pa.scalar(None, pa.string()), text), pa.float64()
                )
        values = numbers.to_numpy() if numbers.num_chunks else np.zeros(0)
        values = np.asarray(values, dtype=np.float64)  # NaN where missing
        not_finite = np.flatnonzero(~np.isfinite(values) & ~_null_mask(numbers))
        if text is not None:
            problems.rows(
                not_finite,
                name,
                lambda row, t=text, h=hint: f"'{t[row].as_py()}' is not a number ({h})",
            )
        else:
            problems.rows(
                not_finite, name, lambda row, v=values: f"{v[row]} is not a finite number"
            )
        with np.errstate(invalid="ignore"):
            negative = np.flatnonzero(np.isfinite(values) & (values < 0))  # -inf: reported above
        problems.rows(negative, name, lambda row, v=values: f"{v[row]:g} is below 0")
        out[name] = values
    return out


def _null_mask(column: pa.ChunkedArray) -> np.ndarray:
    if column.null_count == 0:
        return np.zeros(len(column), dtype=bool)
    return pc.is_null(column).to_numpy(zero_copy_only=False)


# --- references: published roles, sources ------------------------------------------------------


def _normalised(company: str) -> str:
    return re.sub(r"[^0-9a-z]", "", company.casefold().replace("&", "and"))


def _published_companies(data_dir: Path) -> set[str]:
    """Companies named in the data folder's roles.csv, read cheaply (validated when used)."""
    path = data_dir / "roles.csv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return {row.get("company") or "" for row in csv.DictReader(handle)}
    except (OSError, UnicodeDecodeError, csv.Error):
        return set()


def _check_published_roles(read: _Read, problems: _Problems, data_dir: Path) -> list[str]:
    """A company whose roles the data folder publishes (Weights & Biases) uses those codes.

    A name that differs from such a company only in case, spacing or "&"/"and" is flagged,
    so that its rows cannot slip past this rule. Returns the companies with published roles.
    """
    company = read.text["company"]
    companies = company.names
    published = {c for c in _published_companies(data_dir) if c}
    if not published:
        return []
    by_norm = {_normalised(c): c for c in published}
    near = {
        i: by_norm[_normalised(c)]
        for i, c in enumerate(companies)
        if c not in published and _normalised(c) in by_norm
    }
    problems.rows(
        company.rows_with(near),
        "company",
        lambda row: (
            f"'{companies[company.codes[row]]}' looks like "
            f"'{near[int(company.codes[row])]}' in roles.csv; write it exactly"
        ),
    )
    present = [c for c in companies if c in published]
    if not present:
        return []
    from .load import load_roles  # validates roles.csv (and sources.csv), cached per folder

    roles = load_roles(data_dir)
    role = read.text["role"]
    role_names = role.names
    for name in present:
        known = [str(r) for r in roles.loc[roles["company"] == name, "role"]]
        unknown = [i for i, r in enumerate(role_names) if r not in known]
        if not unknown:
            continue
        rows = role.rows_with(unknown)
        rows = rows[company.codes[rows] == companies.index(name)]
        problems.rows(
            rows,
            "role",
            lambda row, c=name, k=known: (
                f"'{role_names[role.codes[row]]}' is not a known role of {c} in roles.csv "
                f"(known: {', '.join(k)})"
            ),
        )
    return present


def _check_sources(
    read: _Read, problems: _Problems, sources: pd.DataFrame, real: list[str], where: str
) -> None:
    """Every source_id is listed; a synthetic source never backs a company with real data."""
    source = read.text["source_id"]
    ids = source.names
    known = list(dict.fromkeys(sources["source_id"].astype(str)))
    unknown = [i for i, s in enumerate(ids) if s not in known]
    shown = ", ".join(known[:10]) + (", ..." if len(known) > 10 else "")
    problems.rows(
        source.rows_with(unknown),
        "source_id",
        lambda row: (
            f"'{ids[source.codes[row]]}' is not a known source_id in {where} "
            f"(known: {shown or 'none'})"
        ),
    )
    synthetic = set(sources.loc[_synthetic_mask(sources), "source_id"].astype(str))
    fake = [i for i, s in enumerate(ids) if s in synthetic]
    if not (fake and real):
        return
    company = read.text["company"]
    companies = company.names
    rows = source.rows_with(fake)
    rows = rows[np.isin(company.codes[rows], [companies.index(c) for c in real])]
    problems.rows(
        rows,
        "source_id",
        lambda row: (
            f"'{ids[source.codes[row]]}' is a synthetic source, but the row names "
            f"{companies[company.codes[row]]}, a company with published data; "
            "synthetic rows must name a fictitious company"
        ),
    )


def _synthetic_mask(sources: pd.DataFrame) -> pd.Series:
    if "publisher" not in sources:
        return pd.Series(False, index=sources.index)
    return sources["publisher"].astype(str).str.casefold() == SYNTHETIC_PUBLISHER


def is_synthetic(sources: pd.DataFrame | None, source_ids: Iterable[str]) -> bool:
    """True when any of ``source_ids`` is a synthetic source (publisher 'synthetic')."""
    if sources is None or not len(sources):
        return False
    ids = {str(s) for s in source_ids}
    return bool((_synthetic_mask(sources) & sources["source_id"].astype(str).isin(ids)).any())


def load_observation_sources(path: PathLike) -> pd.DataFrame:
    """Read and validate a sources table for observations (the columns of data/sources.csv).

    A source whose ``publisher`` is ``synthetic`` marks made-up data: the charts say so, and
    rows citing it may not name a company with published data. Raises
    :class:`wbroles.DataError` listing every problem.
    """
    from .schemas import TABLES
    from .validation import parse_table

    raw, problems = read_raw_csv(Path(path))
    frame = None
    if raw is not None:
        frame, table_problems = parse_table(TABLES["sources"], raw)
        problems += table_problems
    if problems:
        raise DataError(problems)
    frame = frame.reset_index(drop=True)
    frame.attrs = {"table": "sources", "file": display_path(Path(path))}
    return frame


# --- into pandas ---------------------------------------------------------------------------------


def natural_key(code: str) -> tuple:
    """Sort key that puts L2 before L10: runs of digits compare as numbers."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", str(code))
        if part
    )


def _categorical(text: _Text | None, rows: int, *, natural: bool = False) -> pd.Categorical:
    if text is None:
        return pd.Categorical.from_codes(np.full(rows, -1, dtype=np.int8), categories=[])
    names = text.names
    key = (lambda i: natural_key(names[i])) if natural else names.__getitem__
    order = sorted(range(len(names)), key=key)
    position = np.empty(len(names) + 1, dtype=np.int32)
    position[order] = np.arange(len(names), dtype=np.int32)
    position[-1] = -1  # an empty cell: index -1 takes this last slot
    return pd.Categorical.from_codes(position[text.codes], categories=[names[i] for i in order])


def _dates(read: _Read) -> np.ndarray:
    if "date" in read.text:
        text = read.text["date"]
        days = np.array([*text.names, None], dtype="datetime64[s]")
        return days[text.codes]  # -1 takes the final NaT
    if "date" in read.columns:  # a Parquet date column
        return np.asarray(read.columns["date"].cast(pa.timestamp("s")).to_numpy())
    return np.full(read.rows, np.datetime64("NaT"), dtype="datetime64[s]")


def _frame(read: _Read, money: dict[str, np.ndarray]) -> pd.DataFrame:
    text = read.text
    frame = pd.DataFrame(
        {
            "company": _categorical(text["company"], read.rows),
            "role": _categorical(text["role"], read.rows, natural=True),
            "level": _categorical(text["level"], read.rows, natural=True).as_ordered(),
            **money,
            "date": _dates(read),
            "location": _categorical(text.get("location"), read.rows),
            "source_id": _categorical(text["source_id"], read.rows),
        },
        copy=False,
    )
    return frame


# --- the loader ----------------------------------------------------------------------------------


def _sources_frame(sources) -> tuple[pd.DataFrame | None, str]:
    if sources is None:
        return None, ""
    if isinstance(sources, pd.DataFrame):
        missing = [c for c in ("source_id", "publisher") if c not in sources]
        if missing:
            raise ValueError(f"sources= lacks column(s): {', '.join(missing)}")
        return sources, sources.attrs.get("file", "the sources table")
    frame = load_observation_sources(sources)
    return frame, frame.attrs["file"]


def load_observations(
    path: PathLike,
    *,
    company: str | Iterable[str] | None = None,
    sources: PathLike | pd.DataFrame | None = None,
    data_dir: PathLike | None = None,
) -> pd.DataFrame:
    """Read and validate an observations file (CSV or Parquet): one row per data point.

    Parameters
    ----------
    path : str or Path
        A CSV or Parquet file (told apart by the suffix, else by content) with the columns
        described in :mod:`wbroles.observations`.
    company : str or list of str, optional
        Keep only these companies; the whole file is validated first. Default: all of them.
    sources : str, Path or DataFrame, optional
        A sources table with the columns of ``data/sources.csv``. When given, every
        ``source_id`` must be listed in it, and rows citing a synthetic source (publisher
        "synthetic") must not name a company with published data.
    data_dir : str or Path, optional
        The data folder whose ``roles.csv`` lists the role codes of companies with published
        data (default: ``WBROLES_DATA_DIR``, else the project's ``data/``).

    Returns
    -------
    DataFrame
        One row per observation, in file order: company, role, level (categoricals, levels
        ordered with L2 before L10), base, bonus, equity, sign_on (float64 dollars, NaN = not
        reported), date (datetime64, NaT when not given), location (categorical) and
        source_id (categorical). ``attrs`` holds ``file``, ``data_dir`` and ``sources`` (the
        sources table as a list of records, or None).

    Raises
    ------
    wbroles.DataError
        Listing every problem as ``file:LINE: column 'X': value and rule`` (the first 50 in
        the message, with the total); :class:`TooManyProblems` beyond ``MAX_LISTED``.
    ValueError
        For a ``company`` the file does not hold, naming the companies it does.
    """
    path = Path(path)
    folder = resolve_data_dir(data_dir)
    sources_table, sources_name = _sources_frame(sources)
    problems = _Problems(display_path(path))
    if _is_parquet(path):
        read = _read_parquet(path, problems)
    else:
        read = _read_csv_fast(path, problems)
        if read is None and not problems:
            read = _read_csv_exact(path, problems)
    money = {}
    if read is not None and read.columns:
        money = _validate(read, problems, folder, sources_table, sources_name)
        if problems and read.suspect():
            # The fast reader may have misread a malformed file: report what the exact reader
            # finds instead.
            problems = _Problems(problems.file)
            read = _read_csv_exact(path, problems)
            if read is not None:
                money = _validate(read, problems, folder, sources_table, sources_name)
    problems.raise_if_any(read.locate if read is not None else (lambda rows: rows))

    frame = _frame(read, money)
    frame.attrs = {
        "table": "observations",
        "file": str(path),
        "data_dir": str(folder),
        "sources": None if sources_table is None else sources_table.to_dict("records"),
    }
    return frame if company is None else _only(frame, company)


def _validate(read, problems, folder, sources_table, sources_name) -> dict[str, np.ndarray]:
    """Every rule, on a file read by any reader; returns the money columns as float64."""
    _check_text(read, problems)
    money = _money(read, problems)
    real = _check_published_roles(read, problems, folder)
    if sources_table is not None:
        _check_sources(read, problems, sources_table, real, sources_name)
    return money


def _only(frame: pd.DataFrame, company: str | Iterable[str]) -> pd.DataFrame:
    wanted = [company] if isinstance(company, str) else list(company)
    present = [str(c) for c in frame["company"].unique()]
    present = sorted(present)
    unknown = [c for c in wanted if c not in present]
    if unknown or not wanted:
        raise ValueError(
            f"unknown company {', '.join(map(repr, unknown)) or 'nothing'}; "
            f"choose from: {', '.join(present) or 'none'}"
        )
    attrs = frame.attrs
    out = frame[frame["company"].isin(wanted)].reset_index(drop=True)
    out["company"] = out["company"].cat.remove_unused_categories()
    out.attrs = attrs
    return out


def load_example_observations(*, company: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The shipped synthetic example: a fictitious company, labelled synthetic in its source."""
    return load_observations(EXAMPLE_OBSERVATIONS, company=company, sources=EXAMPLE_SOURCES)


def open_observations(
    path: PathLike | None = None,
    *,
    sources: PathLike | pd.DataFrame | None = None,
    data_dir: PathLike | None = None,
) -> pd.DataFrame:
    """Observations for a notebook: ``path`` with ``sources`` (default: the data folder's
    ``sources.csv``), or, without a path, the shipped synthetic example with its own sources."""
    if path is None:
        return load_example_observations()
    if sources is None:
        sources = resolve_data_dir(data_dir) / "sources.csv"
    return load_observations(path, sources=sources, data_dir=data_dir)


def pick_company(obs: pd.DataFrame, company: str | None = None) -> str:
    """``company`` if the observations hold it; without one, their only company."""
    present = sorted(str(c) for c in obs["company"].unique())
    if company is None:
        if len(present) != 1:
            raise ValueError(
                f"the observations hold several companies; choose one of: {', '.join(present)}"
            )
        return present[0]
    if company not in present:
        raise ValueError(f"unknown company {company!r}; choose from: {', '.join(present)}")
    return company
