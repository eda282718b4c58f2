"""``wbroles report --sweep FILE``: the sweep file read as text with every problem placed, one
folder and cache per run, one pool for all of them, and an index comparing the runs."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from test_report_faults import _cli, _probe

from wbroles.errors import DataError
from wbroles.sweep import MARKER, read_sweep

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "examples" / "sweep_levels.csv"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_runs_are_text_and_an_empty_cell_leaves_the_default(tmp_path):
    path = _write(tmp_path / "s.csv", 'name,level,roles\nl5,L5,\nl6-tpm,L6,"TPM,PM"\n')
    assert read_sweep(path) == {"l5": {"level": "L5"}, "l6-tpm": {"level": "L6", "roles": "TPM,PM"}}


def test_yaml_runs_keep_each_scalar_as_written_and_a_list_as_comma_text(tmp_path):
    text = "- name: a\n  base: 185000.50\n  roles: [TPM, PM]\n  level: ~\n- name: b\n  level: L6\n"
    assert read_sweep(_write(tmp_path / "s.yaml", text)) == {
        "a": {"base": "185000.50", "roles": "TPM,PM"},
        "b": {"level": "L6"},
    }


def test_the_bundled_example_lists_each_level_and_both_role_orders():
    runs = read_sweep(EXAMPLE)
    assert {r.get("level") for r in runs.values()} == {"L5", "L6"}
    assert {r.get("roles") for r in runs.values()} >= {"PM,TPM", "TPM,PM"}


@pytest.mark.parametrize(
    ("name", "text", "problems"),
    [
        (
            "s.csv",
            "name,level\nl5,L5\nl5,L6\nbad/x,L6\n,L5\n",
            [
                "s.csv:3: column 'name': 'l5' is the name of line 2",
                "s.csv:4: column 'name': 'bad/x': a run name is its folder: letters, digits, "
                '"-" and "_", at most 64 characters',
                "s.csv:5: column 'name': is empty: every run needs a name",
            ],
        ),
        ("s.csv", "level\nL5\n", ["s.csv:1: has no 'name' column (the run names)"]),
        ("s.csv", "name,level\na,L5,x\n", ["s.csv:2: has 3 fields but the header has 2"]),
        ("s.csv", "name,level,level\na,L5,L6\n", ["s.csv:1: column 'level': is a column twice"]),
        (
            "s.csv",
            "name,my-level\na,L5\n",
            ["s.csv:2: column 'my-level': is not a parameter name (a Python identifier)"],
        ),  # fmt: skip
        ("s.csv", "name,level\n", ["s.csv: lists no runs: give one row per run"]),
        (
            "s.csv",
            "name\n..\n",
            [
                "s.csv:2: column 'name': '..': a run name is its folder: letters, digits, "
                '"-" and "_", at most 64 characters'
            ],
        ),  # fmt: skip
        ("s.yaml", "name: a\n", ["s.yaml:1: must be a list of runs (- name: ...)"]),
        (
            "s.yaml",
            "- name: a\n  level: {x: 1}\n- 3\n",
            [
                "s.yaml:2: column 'level': must be text, a number or a list of them",
                "s.yaml:3: a run must be a mapping (name: ...)",
            ],
        ),  # fmt: skip
        ("s.yaml", "- name: [a\n", ["s.yaml:2: is not valid YAML: expected ',' or ']', but got"]),
    ],
)
def test_each_problem_of_a_sweep_file_names_its_line_and_column(
    tmp_path, monkeypatch, name, text, problems
):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError) as caught:
        read_sweep(_write(tmp_path / name, text))
    found = [str(p) for p in caught.value.problems]
    assert len(found) == len(problems)
    for got, want in zip(found, problems, strict=True):
        assert got.startswith(want)


def _runs(folder: Path) -> Path:
    return _write(folder / "sweep.csv", "name,mode\nfirst,ok\nsecond,<b>ok</b>\nthird,\n")


def test_each_run_has_its_folder_cache_and_index_and_a_rerun_reuses_all(tmp_path):
    notebooks, out = _probe(tmp_path / "nb"), tmp_path / "out"
    sweep = _runs(tmp_path)
    built = _cli(notebooks, out, "--sweep", str(sweep), "--jobs", "2", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["first", "second", "third"]
    for run, mode in [("first", "ok"), ("second", "<b>ok</b>"), ("third", None)]:
        executed = nbformat.read(out / run / "probe.ipynb", as_version=4)
        injected = [
            c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])
        ]
        assert bool(injected) == (mode is not None)
        if mode is not None:
            assert f"mode = {json.dumps(mode)}" in injected[0].source
        assert (out / run / "index.html").is_file() and (out / run / "probe.html").is_file()
    page = (out / "index.html").read_text(encoding="utf-8")
    for run in ("first", "second", "third"):
        assert f'<a href="{run}/index.html">{run}</a>' in page
        assert f'<a href="{run}/probe.html">Probe</a>' in page
    assert "&lt;b&gt;ok&lt;/b&gt;" in page and "<b>ok</b>" not in page  # data text is text
    assert json.loads((out / MARKER).read_text())["second"] == {"mode": "<b>ok</b>"}

    again = _cli(notebooks, out, "--sweep", str(sweep), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("reused") == 3
    assert "(reused)" in (out / "index.html").read_text(encoding="utf-8")


def test_a_failed_run_is_named_and_the_others_are_built(tmp_path):
    notebooks, out = _probe(tmp_path / "nb"), tmp_path / "out"
    sweep = _write(tmp_path / "s.csv", "name,mode\ngood,ok\nbad,fail\n")
    built = _cli(notebooks, out, "--sweep", str(sweep), cwd=tmp_path)
    assert built.returncode == 1
    assert "FAILED probe: cell" in built.stderr and "forced failure" in built.stderr
    assert (out / "good" / "probe.html").is_file() and not (out / "bad" / "probe.html").exists()
    assert (out / "bad" / "failed" / "probe.ipynb").is_file()
    assert "probe failed: cell" in (out / "index.html").read_text(encoding="utf-8")


def test_a_sweep_and_a_single_build_never_share_a_folder(tmp_path):
    notebooks, sweep = _probe(tmp_path / "nb"), _runs(tmp_path)
    single, swept = tmp_path / "single", tmp_path / "swept"
    assert _cli(notebooks, single, cwd=tmp_path).returncode == 0
    refused = _cli(notebooks, single, "--sweep", str(sweep), cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr == (
        f"wbroles report: --out {single} holds the reports of one build; give a sweep its "
        "own folder\n"
    )
    assert _cli(notebooks, swept, "--sweep", str(sweep), cwd=tmp_path).returncode == 0
    refused = _cli(notebooks, swept, cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr == (
        f"wbroles report: --out {swept} holds a sweep; build into a folder of its own\n"
    )


def test_a_parameter_set_by_p_and_by_a_run_is_refused_before_anything_runs(tmp_path):
    notebooks, sweep, out = _probe(tmp_path / "nb"), _runs(tmp_path), tmp_path / "out"
    refused = _cli(notebooks, out, "--sweep", str(sweep), "-p", "mode", "ok", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr == (
        "wbroles report: parameter 'mode' is given by -p and by run 'first' of the sweep file\n"
    )
    assert not out.exists()


def test_a_bad_sweep_file_is_refused_in_one_line_per_problem_with_exit_2(tmp_path):
    notebooks, out = _probe(tmp_path / "nb"), tmp_path / "out"
    sweep = _write(tmp_path / "s.csv", "name,mode\nx y,ok\n")
    refused = _cli(notebooks, out, "--sweep", "s.csv", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        "wbroles report: the sweep file is not valid: 1 problem(s)",
        f"{sweep.name}:2: column 'name': 'x y': a run name is its folder: letters, digits, "
        '"-" and "_", at most 64 characters',
    ]
    assert not out.exists()
