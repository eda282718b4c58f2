"""The package's one data exception and the problems it carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One broken rule, located as precisely as the file allows.

    ``line`` is the 1-based physical line in the file (the header is line 1),
    ``None`` when the problem concerns the whole file.
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
    """Raised when data files break their schema; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], *, shown: int = 50):
        self.problems = sorted(problems, key=_sort_key)
        head = [str(p) for p in self.problems[:shown]]
        more = len(self.problems) - len(head)
        if more > 0:
            head.append(f"... and {more} more problem(s) ({len(self.problems)} in all)")
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(f"{len(self.problems)} data {noun}:\n" + "\n".join(head))


def _sort_key(problem: Problem) -> tuple:
    return (problem.file, problem.line or 0, problem.column or "", problem.message)
