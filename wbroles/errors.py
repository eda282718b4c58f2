"""The package's exceptions: bad data (every problem at once) and bad parameters (one line)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One broken rule, located as precisely as the file allows.

    ``line`` is the 1-based physical line in the file (the header is line 1; for Parquet, the
    row), ``None`` when the problem concerns the whole file.
    """

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"column '{self.column}': " if self.column else ""
        return f"{where}: {what}{self.message}"


class DataError(ValueError):
    """Data files that break their rules; ``problems`` lists those found, ``total`` counts
    them all (it may exceed ``len(problems)`` for a file broken on every row)."""

    def __init__(self, problems: list[Problem], *, total: int | None = None, shown: int = 50):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or ""))
        self.total = max(total or 0, len(self.problems))
        head = [str(p) for p in self.problems[:shown]]
        if self.total > len(head):
            head.append(f"... and {self.total - len(head)} more problem(s) ({self.total} in all)")
        noun = "problem" if self.total == 1 else "problems"
        super().__init__(f"{self.total} data {noun}:\n" + "\n".join(head))


class ParameterError(ValueError):
    """A parameter (of a notebook, a chart or the command line) that cannot be used."""
