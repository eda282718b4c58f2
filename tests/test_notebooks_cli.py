"""``wbroles notebooks DIR``: the bundled notebooks (and data) copied into a folder of the
user's, never over an existing file unless told; ``wbroles report --notebooks-dir`` builds
the copies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from wbroles.paths import DATA_DIR_ENV, DEFAULT_DATA_DIR, NOTEBOOKS_DIR

NOTEBOOKS = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))
DATA_FILES = sorted(str(p.relative_to(DEFAULT_DATA_DIR)) for p in DEFAULT_DATA_DIR.rglob("*.csv"))


def wbroles(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != DATA_DIR_ENV}
    return subprocess.run(
        [sys.executable, "-m", "wbroles", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def test_copies_the_notebooks_byte_for_byte(tmp_path):
    result = wbroles("notebooks", "mine", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    copied = tmp_path / "mine"
    assert sorted(p.name for p in copied.iterdir()) == NOTEBOOKS
    for name in NOTEBOOKS:
        assert (copied / name).read_bytes() == (NOTEBOOKS_DIR / name).read_bytes()
    assert f"{len(NOTEBOOKS)} notebooks copied to {copied}" in result.stdout
    assert f"wbroles report --notebooks-dir {copied}" in result.stdout


def test_data_flag_copies_the_data_into_dir_data(tmp_path):
    result = wbroles("notebooks", tmp_path / "mine", "--data", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = tmp_path / "mine" / "data"
    assert sorted(str(p.relative_to(data)) for p in data.rglob("*.csv")) == DATA_FILES
    for name in DATA_FILES:
        assert (data / name).read_bytes() == (DEFAULT_DATA_DIR / name).read_bytes()
    assert f"-p data_dir {data}" in result.stdout
    # The copy is a data folder of its own: validate reads it.
    valid = wbroles("validate", data, cwd=tmp_path)
    assert valid.returncode == 0, valid.stderr
    assert f"valid in {data}" in valid.stdout


def test_refuses_to_replace_an_edited_notebook(tmp_path):
    first = NOTEBOOKS[0]
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / first).write_text("my edits", encoding="utf-8")
    result = wbroles("notebooks", "mine", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"wbroles notebooks: {tmp_path / 'mine' / first} exists; --overwrite replaces it\n"
    )
    # Nothing at all is written: the check comes before the first copy.
    assert [p.name for p in (tmp_path / "mine").iterdir()] == [first]
    assert (tmp_path / "mine" / first).read_text(encoding="utf-8") == "my edits"


def test_refuses_to_replace_a_data_file(tmp_path):
    (tmp_path / "mine" / "data").mkdir(parents=True)
    (tmp_path / "mine" / "data" / "roles.csv").write_text("mine\n", encoding="utf-8")
    result = wbroles("notebooks", "mine", "--data", cwd=tmp_path)
    assert result.returncode == 2
    assert f"{tmp_path / 'mine' / 'data' / 'roles.csv'} exists" in result.stderr
    assert not list((tmp_path / "mine").glob("*.ipynb"))


def test_overwrite_replaces(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / NOTEBOOKS[0]).write_text("my edits", encoding="utf-8")
    result = wbroles("notebooks", "mine", "--overwrite", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mine" / NOTEBOOKS[0]).read_bytes() == (
        NOTEBOOKS_DIR / NOTEBOOKS[0]
    ).read_bytes()


def test_a_file_is_not_a_folder_even_with_overwrite(tmp_path):
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    result = wbroles("notebooks", "taken", "--overwrite", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"wbroles notebooks: {tmp_path / 'taken'} is not a folder\n"
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "x"


def test_unwritable_place_is_one_line(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = wbroles("notebooks", tmp_path / "file" / "below", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"wbroles notebooks: cannot write {tmp_path / 'file'}")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_report_builds_the_edited_copy(tmp_path):
    assert wbroles("notebooks", "mine", cwd=tmp_path).returncode == 0
    path = tmp_path / "mine" / "skill_emphasis.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    heading = notebook["cells"][0]
    assert heading["cell_type"] == "markdown"
    heading["source"] = ["# My own skill notes\n", "\n", "Edited after copying.\n"]
    path.write_text(json.dumps(notebook), encoding="utf-8")
    result = wbroles(
        "report", "--notebooks-dir", "mine", "--notebook", "skill_emphasis", "--out", "out",
        "--jobs", "1", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "skill_emphasis.html").read_text(encoding="utf-8")
    assert "My own skill notes" in html
    assert "My own skill notes" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_report_names_an_empty_notebooks_dir(tmp_path):
    (tmp_path / "empty").mkdir()
    result = wbroles("report", "--notebooks-dir", "empty", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"wbroles report: no notebooks (*.ipynb) in {tmp_path / 'empty'}\n"
