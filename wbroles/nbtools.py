"""Keep committed notebooks small: outputs stripped except the curated cells nbval checks.

``python -m wbroles.nbtools refresh notebooks/*.ipynb`` runs each notebook (in the current
environment, with its default parameters) and stores the outputs of the cells tagged
``nbval-check-output`` only, with their execution counts (nbval skips a cell without one).
``python -m wbroles.nbtools check notebooks/*.ipynb`` fails if a notebook carries anything else.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHECKED = "nbval-check-output"
MAX_BYTES = 100_000


def is_checked(cell) -> bool:
    """Whether nbval compares this cell's stored outputs."""
    return CHECKED in cell.get("metadata", {}).get("tags", [])


def strip(notebook):
    """Drop outputs and counts of every cell but the checked ones; drop volatile metadata."""
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if cell.cell_type != "code" or is_checked(cell):
            continue
        cell.outputs = []
        cell.execution_count = None
    notebook.metadata.pop("papermill", None)
    notebook.metadata.pop("widgets", None)
    return notebook


def problems(path: Path) -> list[str]:
    """What makes a committed notebook too big or its checked cells uncheckable."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    found = []
    text = path.read_text(encoding="utf-8")
    if len(text.encode()) > MAX_BYTES:
        found.append(f"{path}: {len(text.encode())} bytes, more than {MAX_BYTES}")
    if "plotly.js" in text or "Plotly.newPlot" in text or "application/vnd.plotly" in text:
        found.append(f"{path}: carries a plotly figure or plotly.js")
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    if len(tagged) != 1:
        found.append(f"{path}: {len(tagged)} cells tagged 'parameters', expected exactly 1")
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            if not cell.outputs or cell.execution_count is None:
                found.append(f"{path}: checked cell {index} has no stored output or count")
        elif cell.outputs or cell.execution_count is not None:
            found.append(f"{path}: cell {index} keeps outputs but is not a checked cell")
    return found


def refresh(path: Path) -> None:
    """Execute ``path`` and keep only the checked cells' outputs."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    nbformat.write(strip(notebook), path)


def main(argv: list[str] | None = None) -> int:
    """The command: ``argv`` as on the command line; the exit code."""
    parser = argparse.ArgumentParser(prog="python -m wbroles.nbtools", description=__doc__)
    parser.add_argument("action", choices=["refresh", "strip", "check"])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.action == "check":
        found = [p for path in args.notebooks for p in problems(path)]
        print("\n".join(found) or f"{len(args.notebooks)} notebooks ok")
        return 1 if found else 0
    import nbformat

    for path in args.notebooks:
        if args.action == "refresh":
            refresh(path)
        else:
            nbformat.write(strip(nbformat.read(path, as_version=4)), path)
        print(f"{args.action}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
