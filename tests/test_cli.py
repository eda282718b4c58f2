"""The ``wbroles`` command: help, a clean validate, and clear failures without tracebacks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import wbroles
from wbroles.paths import DATA_DIR_ENV
from wbroles.schemas import TABLES
from wbroles_cli import EXIT_DATA

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
SCRIPT = Path(sys.executable).with_name("wbroles")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, script: bool = False):
    base = {k: v for k, v in os.environ.items() if k != DATA_DIR_ENV}
    command = [str(SCRIPT)] if script else [sys.executable, "-m", "wbroles_cli"]
    return subprocess.run(
        [*command, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**base, **(env or {})},
        timeout=120,
    )


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("script", [False, True], ids=["python-m", "console-script"])
def test_help_lists_validate(tmp_path, script):
    if script and not SCRIPT.exists():
        pytest.skip(f"console script not installed at {SCRIPT}")
    result = run("--help", cwd=tmp_path, script=script)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: wbroles")
    assert re.search(r"^\s+validate\s+check every data table", result.stdout, re.M)


def test_no_command_prints_help(tmp_path):
    result = run(cwd=tmp_path)
    assert result.returncode == 0
    assert "validate" in result.stdout


def test_validate_help_explains_the_argument(tmp_path):
    result = run("validate", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "DATA_DIR" in result.stdout
    assert DATA_DIR_ENV in result.stdout


def _summary_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("how", ["argument", "default", "environment"])
def test_validate_real_data_prints_one_line_per_table(tmp_path, how):
    args: list[str | Path] = ["validate"]
    env = None
    if how == "argument":
        args.append(DATA_DIR)
    elif how == "environment":
        env = {DATA_DIR_ENV: str(DATA_DIR)}
    result = run(*args, cwd=tmp_path, env=env)  # another working folder on purpose

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = _summary_lines(result.stdout)
    assert len(lines) == len(TABLES) + 1
    for line, (name, table) in zip(lines, TABLES.items(), strict=False):
        rows = len(wbroles.load_table(name))
        assert re.match(rf"^{re.escape(table.file)}\s+{rows} rows\s+ok\s+\(", line), line
        assert line.endswith(f"({table.description})")
    assert lines[-1] == f"{len(TABLES)} tables valid in {DATA_DIR}"


def test_validate_nonexistent_folder_exits_2_with_a_clear_message(tmp_path):
    missing = tmp_path / "no-such-folder"
    result = run("validate", missing, cwd=tmp_path)
    assert result.returncode == EXIT_DATA == 2
    assert result.stderr.strip() == f"wbroles: data folder not found: {missing}"
    assert result.stdout == ""
    assert_no_traceback(result)


def test_validate_a_file_instead_of_a_folder_exits_2(tmp_path):
    result = run("validate", DATA_DIR / "compensation.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert "data folder not found" in result.stderr
    assert_no_traceback(result)


def test_validate_broken_folder_lists_problems_on_stderr(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    (folder / "roles.csv").write_bytes(b"\x00\x01binary")
    result = run("validate", folder, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"wbroles validate: {folder}: 1 problem(s)"
    # the file is named as the user would type it: relative to the working folder
    assert lines[1] == "data/roles.csv:1: binary content (NUL byte): not a CSV text file"
    assert_no_traceback(result)


def test_validate_never_prints_control_characters_from_the_data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "levels.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",5,", ",\x1b]0;pwned\x07\x1b[2J,", 1), encoding="utf-8")
    result = run("validate", folder, cwd=tmp_path)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "'?]0;pwned??[2J' is not a whole number" in result.stderr
    assert_no_traceback(result)


def test_version_comes_from_the_package_metadata():
    from importlib.metadata import version

    result = run("--version", cwd=DATA_DIR)
    assert result.returncode == 0
    assert result.stdout.strip() == f"wbroles {version('wbroles')}"


def test_main_returns_exit_codes_in_process(capsys, tmp_path):
    from wbroles_cli import main

    assert main(["validate", str(DATA_DIR)]) == 0
    assert f"{len(TABLES)} tables valid" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "missing")]) == 2
    assert "data folder not found" in capsys.readouterr().err
