"""Read a CSV file as text cells, remembering the line each record starts on.

Nothing here interprets values: every cell stays a string, so that no value is coerced
(or silently turned into NaN) before the schema has had its say.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem


@dataclass
class RawTable:
    file: str  # the name used in messages
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # physical line on which each row starts


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def read_raw_csv(path: Path) -> tuple[RawTable | None, list[Problem]]:
    """Read ``path`` into a :class:`RawTable`, or report why it cannot be read."""
    name = display_path(path)
    if not path.exists():
        return None, [Problem(name, None, None, "file is missing")]
    if path.is_dir():
        return None, [Problem(name, None, None, "is a folder, not a CSV file")]
    data = path.read_bytes()
    if not data.strip():
        return None, [Problem(name, None, None, "file is empty (no header row)")]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(name, line, None, "binary content (NUL byte): not a CSV text file")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        bad = data[err.start : err.start + 1].hex()
        return None, [Problem(name, line, None, f"not valid UTF-8 (byte 0x{bad}); save as UTF-8")]

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            if record:  # a blank line holds no data
                records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as err:
        return None, [Problem(name, start, None, f"malformed CSV ({err}); is a quote left open?")]
    if not records:
        return None, [Problem(name, None, None, "file is empty (no header row)")]
    (_, header), body = records[0], records[1:]
    return RawTable(name, header, [r for _, r in body], [n for n, _ in body]), []
