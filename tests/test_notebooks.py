"""The notebooks as papermill runs them: every notebook x a matrix of parameters."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

from wbroles.nbtools import problems
from wbroles.report import available_notebooks

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = available_notebooks()


def _other_data(folder: Path) -> Path:
    """A copy of the data in which the PM L6 total band tops out at $700,000+ instead."""
    shutil.copytree(ROOT / "data", folder)
    path = folder / "compensation.csv"
    text = path.read_text(encoding="utf-8")
    assert "L6,total,400000,650000,true" in text
    path.write_text(text.replace("L6,total,400000,650000,true", "L6,total,400000,700000,true"))
    return folder


def _bad_input(name: str) -> tuple[dict, str]:
    """A parameter value the data cannot answer, and the one line that must say so."""
    declared = papermill.inspect_notebook(str(NOTEBOOKS[name]))
    if "roles" in declared:
        return {"roles": ["PM", "XX"]}, r"unknown role 'XX'; choose from: PM, TPM"
    if "role" in declared:  # a notebook about one role (an offer)
        return {"role": "XX"}, r"unknown role 'XX'( at [^;]+)?; choose from: PM, TPM"
    return {"company": "Nope"}, r"unknown company 'Nope'; choose from: .+"


CASES = {
    "defaults": {},
    "level L6": {"level": "L6"},
    "other data_dir": {"data_dir": "OTHER"},
    "bad role": {"roles": ["PM", "XX"]},
}


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    """Run every notebook x case once, two kernels at a time; keep outputs or errors."""
    base = tmp_path_factory.mktemp("matrix")
    other = _other_data(base / "other_data")

    def run(name, case):
        params = {k: (str(other) if v == "OTHER" else v) for k, v in CASES[case].items()}
        if case == "bad role":
            params, _ = _bad_input(name)
        out = base / f"{name}-{case.replace(' ', '_')}.ipynb"
        try:
            papermill.execute_notebook(
                str(NOTEBOOKS[name]),
                str(out),
                parameters=params,
                kernel_name="python3",
                progress_bar=False,
                # No cwd=: papermill changes the whole process's folder for it, which two
                # threads undo in the wrong order (test_plain_papermill_cli_from_another_folder
                # runs a notebook from elsewhere).
            )
            return name, case, nbformat.read(out, as_version=4), None
        except PapermillExecutionError as err:
            return name, case, None, err

    jobs = [(n, c) for n in NOTEBOOKS for c in CASES]
    with pytest.MonkeyPatch.context() as mp, ThreadPoolExecutor(max_workers=2) as pool:
        mp.setenv("JUPYTER_PREFER_ENV_PATH", "1")  # this environment's kernel, not a stale one
        results = list(pool.map(lambda job: run(*job), jobs))
    return {(n, c): (nb, err) for n, c, nb, err in results}


def _outputs_text(notebook) -> str:
    return json.dumps([c.get("outputs", []) for c in notebook.cells])


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
@pytest.mark.parametrize("case", ["defaults", "level L6", "other data_dir"])
def test_notebook_runs(matrix, name, case):
    notebook, error = matrix[(name, case)]
    assert error is None, f"{name} with {case}: {error}"
    figures = _outputs_text(notebook).count("application/vnd.plotly.v1+json")
    assert figures > 0


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_bad_role_fails_with_one_clear_line(matrix, name):
    notebook, error = matrix[(name, "bad role")]
    assert notebook is None and error is not None
    _, message = _bad_input(name)
    assert error.ename in ("ParameterError", "ValueError")
    assert re.fullmatch(message, error.evalue), error.evalue
    # cells: 0 header, 1 parameters, 2 papermill's injected parameters, 3 the check
    assert error.cell_index == 3


@pytest.mark.parametrize("name", ["compensation_by_level", "overview"])
def test_other_data_dir_changes_the_numbers(matrix, name):
    default, _ = matrix[(name, "defaults")]
    other, _ = matrix[(name, "other data_dir")]
    assert "$700k+" in _outputs_text(other)
    assert "$700k+" not in _outputs_text(default)


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_committed_notebook_is_small_and_checkable(name):
    assert problems(NOTEBOOKS[name]) == []


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_every_parameter_is_documented_for_papermill(name):
    notebook = nbformat.read(NOTEBOOKS[name], as_version=4)
    [cell] = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    lines = [line for line in cell.source.splitlines() if line.strip()]
    declared = papermill.inspect_notebook(str(NOTEBOOKS[name]))
    assert len(declared) == len(lines), "papermill could not parse every parameter line"
    for info in declared.values():
        assert info["inferred_type_name"] != "None", info
        assert info["help"], info
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "wbroles report" in first.source and "Parameters" in first.source


def test_plain_papermill_cli_from_another_folder(tmp_path):
    """The README's way 2: plain papermill, any working folder, a level parameter."""
    source = NOTEBOOKS["compensation_by_level"]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            str(source),
            "out.ipynb",
            "-p",
            "level",
            "L5",
            "-k",
            "python3",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "JUPYTER_PREFER_ENV_PATH": "1"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    text = _outputs_text(nbformat.read(tmp_path / "out.ipynb", as_version=4))
    assert "At L5 (Senior)" in text
