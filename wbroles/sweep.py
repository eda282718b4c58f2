"""A sweep: many report runs from one command (``wbroles report --sweep FILE``), one set of
parameters a row, each run in its own folder ``OUT/NAME/`` with its own cache and index, and
``OUT/index.html`` comparing the runs.

The file is CSV (a ``name`` column, then one column per parameter; an empty cell leaves that
parameter to the notebook's default) or YAML (a list of mappings, each with a ``name``; a list
value such as ``roles: [TPM, PM]`` is the text "TPM,PM"). Values are text, read as ``-p``
values are: each notebook converts them to the type it declares. A run's name is its folder:
letters, digits, "-" and "_", at most 64 characters, unique in the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import DataError, Problem
from .reading import display_path, file_kind_problem, read_raw_csv

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
NAME_RULE = 'a run name is its folder: letters, digits, "-" and "_", at most 64 characters'
PARAMETER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MARKER = ".wbroles-sweep.json"  # in OUT: the runs of the last sweep there


def read_sweep(path: Path) -> dict[str, dict[str, str]]:
    """The runs of a sweep file: name -> parameters (text). DataError naming the file, line
    and column of each problem."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        rows, problems = _yaml_rows(path)
    else:
        rows, problems = _csv_rows(path)
    name, seen = display_path(path), {}
    for line, run in rows:
        problems += _run_problems(name, line, run, seen)
    if not problems and not rows:
        problems.append(Problem(name, None, None, "lists no runs: give one row per run"))
    if problems:
        raise DataError(problems)
    return {run["name"]: {k: v for k, v in run.items() if k != "name"} for _, run in rows}


def _run_problems(name: str, line: int, run: dict, seen: dict) -> list[Problem]:
    problems = [
        Problem(name, line, key, "is not a parameter name (a Python identifier)")
        for key in run
        if not PARAMETER.fullmatch(key)
    ]
    given = run.get("name")
    if not given:
        problems.append(Problem(name, line, "name", "is empty: every run needs a name"))
    elif not NAME.fullmatch(given):
        problems.append(Problem(name, line, "name", f"{given!r}: {NAME_RULE}"))
    elif given in seen:
        problems.append(Problem(name, line, "name", f"{given!r} is the name of line {seen[given]}"))
    else:
        seen[given] = line
    return problems


def _csv_rows(path: Path) -> tuple[list[tuple[int, dict]], list[Problem]]:
    table, problems = read_raw_csv(path)
    if table is None:
        return [], problems
    header = [cell.strip() for cell in table.header]
    if "name" not in header:
        problems.append(Problem(table.file, 1, None, "has no 'name' column (the run names)"))
    for column in sorted({c for c in header if header.count(c) > 1}):
        problems.append(Problem(table.file, 1, column, "is a column twice"))
    rows = []
    for line, cells in zip(table.lines, table.rows, strict=True):
        if len(cells) != len(header):
            rule = f"has {len(cells)} fields but the header has {len(header)}"
            problems.append(Problem(table.file, line, None, rule))
        else:
            rows.append((line, {k: v for k, v in zip(header, cells, strict=True) if v != ""}))
    return (rows if not problems else []), problems


def _yaml_rows(path: Path) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """YAML nodes (not values): each scalar as written, with its line."""
    import yaml

    name = display_path(path)
    if kind := file_kind_problem(path):
        return [], [Problem(name, None, None, kind.replace("CSV", "YAML"))]
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        return [], [Problem(name, line, None, f"is not valid YAML: {getattr(err, 'problem', err)}")]
    if not isinstance(root, yaml.SequenceNode):
        line = root.start_mark.line + 1 if root else None
        return [], [Problem(name, line, None, "must be a list of runs (- name: ...)")]
    rows, problems = [], []
    for item in root.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(Problem(name, line, None, "a run must be a mapping (name: ...)"))
            continue
        run = {}
        for key, value in item.value:
            text = _yaml_text(value)
            if text is None:
                rule = "must be text, a number or a list of them"
                problems.append(Problem(name, value.start_mark.line + 1, key.value, rule))
            elif text != "":
                run[str(key.value)] = text
        rows.append((line, run))
    return (rows if not problems else []), problems


def _yaml_text(node) -> str | None:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return "" if node.tag.endswith(":null") and node.value in ("", "~", "null") else node.value
    if isinstance(node, yaml.SequenceNode) and all(
        isinstance(n, yaml.ScalarNode) and "," not in n.value for n in node.value
    ):
        return ",".join(n.value for n in node.value)
    return None


def check_parameters(runs: dict[str, dict[str, str]], given: dict[str, str]) -> None:
    """ParameterError for a name set both by ``-p`` (``given``) and by a run."""
    from .errors import ParameterError

    for run, values in runs.items():
        both = sorted(set(values) & set(given))
        if both:
            raise ParameterError(
                f"parameter {both[0]!r} is given by -p and by run {run!r} of the sweep file"
            )


def write_sweep_index(out: Path, runs: dict[str, dict[str, str]], results: dict) -> Path:
    """``OUT/index.html``: a row per run with its parameters, its reports (linked, with their
    one-line summaries) and its failures; the runs recorded in ``OUT/.wbroles-sweep.json``."""
    import jinja2

    from .outdir import write_atomic
    from .report import TEMPLATES_DIR

    columns = list(dict.fromkeys(k for values in runs.values() for k in values))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True, keep_trailing_newline=True
    )
    page = env.get_template("sweep.html.j2").render(
        columns=columns,
        runs=[{"name": name, "values": runs[name], "results": results[name]} for name in runs],
    )
    write_atomic(out / MARKER, json.dumps(runs, indent=1).encode())
    write_atomic(out / "index.html", page.encode())
    return out / "index.html"


def build_sweep(notebooks: dict[str, Path], runs: dict[str, dict[str, str]], options, **kw):
    """Every run of ``runs`` (:func:`read_sweep`) into ``options.out_dir / NAME``, all sharing
    one pool of ``options.jobs`` processes and each its own cache (``wbroles.report``); then
    the sweep's index. ``options.parameters`` apply to every run. Results by run name."""
    import os
    from dataclasses import replace

    from .cache import CACHE_NAME
    from .outdir import BuildError, check_out_dir, open_out_dir
    from .report import build_runs

    check_parameters(runs, options.parameters)
    out = check_out_dir(options.out_dir, {p.parent for p in notebooks.values()})
    if (out / CACHE_NAME).exists():
        raise BuildError(f"--out {out} holds the reports of one build; give a sweep its own folder")
    lock = open_out_dir(out) if out.is_dir() else None  # as a build: created once checked
    try:
        each = [
            replace(options, out_dir=out / name, parameters={**options.parameters, **values})
            for name, values in runs.items()
        ]
        results = dict(zip(runs, build_runs(notebooks, each, **kw), strict=True))
        lock = lock if lock is not None else open_out_dir(out)
        write_sweep_index(out, runs, results)
        return results
    finally:
        if lock is not None:
            os.close(lock)
