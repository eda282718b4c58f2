"""Read a CSV file as text cells, remembering the line each record starts on.

Nothing here interprets values: every cell stays a string, so that no value is coerced
(or silently turned into NaN) before the schema has had its say.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem


@dataclass
class RawTable:
    file: str  # the name used in messages
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # physical line on which each row starts


RAGGED = "has {n} fields but the header has {w} (a missing or extra comma, or a truncated row)"


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


# A table file is at most this big; larger files are refused before they are read.
MAX_BYTES = 20_000_000
# Python's CSV reader refuses a value longer than this (csv.field_size_limit's default).
MAX_CELL = 131_072
_SIGNATURES = {
    b"\xff\xfe": "UTF-16 text; save it as UTF-8",
    b"\xfe\xff": "UTF-16 text; save it as UTF-8",
    b"\x1f\x8b": "compressed (gzip), not a CSV text file; decompress it first",
    b"PK\x03\x04": "compressed (zip), not a CSV text file; extract it first",
    b"PAR1": "a Parquet file, not a CSV text file",
}


def file_kind_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a data file (missing, a folder, a FIFO, a device, a
    symlink loop, too big), or None for a regular file of a readable size. Never opens it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return "symlink to nothing (file is missing)" if path.is_symlink() else "file is missing"
    except OSError as err:  # ELOOP: a symlink loop; EACCES: no permission
        return "symlink loop" if err.errno == 40 else f"cannot be read ({err.strerror})"
    kinds = [
        (stat.S_ISDIR, "is a folder"),
        (stat.S_ISFIFO, "is a FIFO (named pipe)"),
        (stat.S_ISCHR, "is a device"),
        (stat.S_ISBLK, "is a device"),
        (stat.S_ISSOCK, "is a socket"),
    ]
    for test, text in kinds:
        if test(info.st_mode):
            return f"{text}, not a CSV file"
    if info.st_size > MAX_BYTES:
        return f"is {info.st_size:,} bytes; a table may hold at most {MAX_BYTES:,}"
    return None


def read_raw_csv(path: Path) -> tuple[RawTable | None, list[Problem]]:
    """Read ``path`` into a :class:`RawTable`, or report why it cannot be read."""
    name = display_path(path)
    if kind := file_kind_problem(path):
        return None, [Problem(name, None, None, kind)]
    data = path.read_bytes()[: MAX_BYTES + 1]
    kind = next((text for sign, text in _SIGNATURES.items() if data.startswith(sign)), None)
    if kind or not data.strip():
        return None, [Problem(name, None, None, kind or "file is empty (no header row)")]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(name, line, None, "binary content (NUL byte): not a CSV text file")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        bad = data[err.start : err.start + 1].hex()
        return None, [Problem(name, line, None, f"not valid UTF-8 (byte 0x{bad}); save as UTF-8")]

    records = list(csv_records(io.StringIO(text, newline=""), name))
    if records and isinstance(records[-1][1], Problem):
        return None, [records[-1][1]]
    if not records:
        return None, [Problem(name, None, None, "file is empty (no header row)")]
    (_, header), body = records[0], records[1:]
    return RawTable(name, header, [r for _, r in body], [n for n, _ in body]), []


def csv_records(handle, name: str):
    """Each record of ``handle`` read by Python's strict CSV reader, with the line it starts
    on: (line, cells), blank lines skipped; a malformed file ends with (line, Problem) naming
    the file as ``name``."""
    reader, start = csv.reader(handle, strict=True), 1
    try:
        for record in reader:
            if record:  # a blank line holds no data
                yield start, record
            start = reader.line_num + 1
    except csv.Error as err:
        if "field larger than field limit" in str(err):
            message = f"a value is longer than {MAX_CELL:,} characters (the limit for one cell)"
        else:
            message = f"malformed CSV ({err}); is a quote left open?"
        yield start, Problem(name, start, None, message)
