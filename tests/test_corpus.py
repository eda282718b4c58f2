"""The hostile corpus: one bad input at a time, each answered with exactly one line that names
the file, line, column and rule (or the parameter and value), exit code 2 and no traceback.

Cells: every family of bad value in a copy of data/ (numbers past the one number rule, whole
numbers, ranges, codes, references, choices, booleans, dates, blank text), one cell changed per
case. A bad value costs one problem, not a cascade: rows that name a row with another problem
are not reported again. Command-line values: ``wbroles offer`` options and ``wbroles report -p``
parameters, checked before any notebook runs. Files of the wrong kind are in test_validation.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
from pathlib import Path

import pytest

from wbroles.schemas import TABLES
from wbroles_cli import main

DATA = Path(__file__).resolve().parents[1] / "data"

NOT_A_NUMBER = ["2.8e5", "+5", "1e308", "inf", "nan", "NaN", "0x10", "1_000", " 5", "5 ", "1,000",
                "$5", "5%", "5.", ".5", "5.5.5", "\uff15", "\u0665", "abc", "5k"]  # fmt: skip
NOT_WHOLE = ["5.0", "2.8e5", "+5", "1_000", "\u0665", "abc", "5.", " 5"]
MONEY_CELLS = [("compensation", 2, "low"), ("offer_points", 2, "value"),
               ("negotiations", 2, "amount"), ("audience", 2, "high"),
               ("interview_process", 2, "value"), ("rubric", 2, "weight_pct")]  # fmt: skip
WHOLE_CELLS = [("levels", 2, "rank", 0), ("skill_axes", 2, "axis_order", 1),
               ("interview_rounds", 2, "round_order", 1), ("career_paths", 2, "step_order", 1),
               ("skills", 2, "score", None)]  # fmt: skip

CELLS = [
    *[(t, n, c, v, f"{v!r} is not a number (write plain digits") for t, n, c in MONEY_CELLS
      for v in NOT_A_NUMBER],
    *[(t, n, c, "-5", "-5 is below 0") for t, n, c in MONEY_CELLS],
    *[(t, n, c, "9" * 25, "is above 1000000000, the largest plausible value")
      for t, n, c in MONEY_CELLS],
    *[(t, n, c, "", "is empty (a value is required)") for t, n, c in MONEY_CELLS],
    *[(t, n, c, v, f"{v!r} is not a whole number") for t, n, c, _ in WHOLE_CELLS
      for v in NOT_WHOLE],
    *[(t, n, c, str(2**64), "is above 1000000, the largest whole number allowed")
      for t, n, c, _ in WHOLE_CELLS],
    *[(t, n, c, str(2**63), "is above 1000000, the largest whole number allowed")
      for t, n, c, _ in WHOLE_CELLS],
    *[(t, n, c, "-1", f"-1 is below {low}") for t, n, c, low in WHOLE_CELLS if low is not None],
    ("skills", 2, "score", "4", "'4' is not one of: 1, 2, 3"),
    ("skills", 2, "score", "0", "'0' is not one of: 1, 2, 3"),
    ("rubric", 2, "weight_pct", "101", "101 is above 100"),
    ("compensation", 2, "high", "450000000",
     "450000000 is above 100000000, the largest plausible value in usd_per_year"),
    ("audience", 4, "high", "81", "81 is above 80, the largest plausible value in years"),
    ("audience", 3, "high", "200000000", "is above 100000000, the largest plausible value"),
    ("interview_process", 3, "value", "99999", "99999 is above 3650, the largest plausible"),
    ("interview_process", 2, "value", "101", "101 is above 100, the largest plausible value"),
    ("offer_points", 2, "value", "100000001", "100000001 is above 100000000"),
    ("compensation", 4, "high", "150", "150 is above 100 (a percentage)"),
    ("compensation", 2, "low", "450001", "450001 is above high 450000"),
    ("audience", 2, "low", "400000", "400000 is above high 380000"),
    ("compensation", 2, "role", "P M", "'P M' is not a code (a letter, then letters"),
    ("compensation", 2, "role", "PM\u200b", "'PM?' is not a code"),
    ("compensation", 2, "level", "L 5", "'L 5' is not a code"),
    ("compensation", 2, "role", "", "is empty (a value is required)"),
    ("compensation", 2, "role", "EM", "'EM' is not a known role in roles.csv (known: PM, TPM)"),
    ("compensation", 2, "level", "L9", "'L9' is not a known level in levels.csv (known: L5, L6)"),
    ("compensation", 2, "source_id", "nowhere", "'nowhere' is not a known source_id"),
    ("skills", 2, "skill", "Nope", "'Nope' is not a known skill in skill_axes.csv"),
    ("compensation", 2, "component", "stock", "'stock' is not one of: base, bonus, equity, total"),
    ("compensation", 2, "unit", "eur", "'eur' is not one of: pct_of_base, usd_per_year"),
    ("compensation", 4, "unit", "usd_per_year", "'usd_per_year' does not fit component 'bonus'"),
    ("interview_process", 2, "measure", "weeks", "'weeks' is not one of: rounds, duration"),
    ("interview_process", 2, "unit", "hours", "'hours' is not one of: rounds, days"),
    ("compensation", 2, "open_high", "yes", "'yes' is not true or false"),
    ("compensation", 2, "open_high", "1", "'1' is not true or false"),
    ("compensation", 2, "open_high", "", "is empty (a value is required)"),
    ("offer_points", 2, "approximate", "maybe", "'maybe' is not true or false"),
    ("sources", 2, "date", "2026-02-30", "'2026-02-30' is not a real calendar date"),
    ("sources", 2, "date", "2026-13-01", "'2026-13-01' is not a real calendar date"),
    ("sources", 2, "date", "0000-01-01", "'0000-01-01' is not a real calendar date"),
    ("sources", 2, "date", "26-01-01", "'26-01-01' is not a date written YYYY-MM-DD"),
    ("sources", 2, "date", "", "is empty (a value is required)"),
    ("compensation", 2, "quote", "", "is empty (a value is required)"),
    ("compensation", 2, "quote", " ", "is empty (a value is required)"),
    ("compensation", 2, "quote", "\u200b", "is blank (text is required)"),
    ("compensation", 2, "quote", "\ufeff", "is blank (text is required)"),
    ("compensation", 2, "company", "\u2060", "is blank (text is required)"),
    ("levels", 2, "title", "\u200b", "is blank (text is required)"),
]  # fmt: skip

BASE_OFFER = {"--role": "PM", "--level": "L5", "--base": "170000", "--equity-total": "0"}
OFFER_VALUES = [
    ("--base", "1e308", "base: '1e308' is not a number"),
    ("--base", "1e12", "base: '1e12' is not a number"),
    ("--base", "-5", "base: -5 is below 0"),
    ("--base", "abc", "base: 'abc' is not a number"),
    ("--base", "", "base: '' is not a number"),
    ("--base", "\u0665\u0660\u0660\u0660", "is not a number"),
    ("--base", "9" * 12, "base: 999999999999 is above 100000000"),
    ("--bonus-pct", "100.0001", "bonus_pct: 100.0001 is above 100"),
    ("--bonus-pct", "-1", "bonus_pct: -1 is below 0"),
    ("--equity-total", "nan", "equity_total: 'nan' is not a number"),
    ("--equity-total", "inf", "equity_total: 'inf' is not a number"),
    ("--sign-on", "1e308", "sign_on: '1e308' is not a number"),
    ("--vesting", "-10,110", "vesting year 1: -10 is below 0"),
    ("--vesting", "sideways", "unknown vesting 'sideways'; choose from: even, front, back"),
    ("--sign-on-schedule", "1,2", "sign_on_schedule adds up to"),
    ("--level", "L9", "unknown level 'L9'; choose from: L5, L6"),
    ("--role", "EM", "unknown role 'EM'; choose from: PM, TPM"),
    ("--role", "TPM\x1b[2J", "unknown role 'TPM\\x1b[2J'"),
    ("--company", "Nope", "unknown company 'Nope'; choose from: Weights & Biases"),
    ("--data-dir", "/nonexistent", "data folder not found: /nonexistent"),
]
REPORT_VALUES = [
    (["-p", "level", "L9"], "unknown level 'L9'; choose from: L5, L6"),
    (["-p", "level", "4"], "unknown level '4'; choose from: L5, L6"),
    (["-p", "level", "L5\x1b[2J"], "unknown level 'L5\\x1b[2J'"),
    (["-p", "levels", "L5,L9"], "unknown level 'L9'"),
    (["-p", "roles", "EM"], "unknown role 'EM'; choose from: PM, TPM"),
    (["-p", "roles", "PM,PM"], "role 'PM' is given twice"),
    (["-p", "roles", "PM"], "choose at least two roles to compare"),
    (["-p", "base", "-5"], "base: -5 is below 0"),
    (["-p", "base", "1e308"], "base: '1e308' is not a number"),
    (["-p", "vesting", "-10,110"], "vesting year 1: -10 is below 0"),
    (["-p", "min_n", "abc"], "min_n: 'abc' is not a number"),
    (["-p", "min_n", "-1"], "min_n: -1 is below 0"),
    (["-p", "component", "stock"], "unknown component 'stock'"),
    (["-p", "company", "Nope"], "unknown company 'Nope'"),
    (["-p", "nonsense", "1"], "unknown parameter 'nonsense'; the notebooks take: base,"),
    (["-p", "level", "L5", "-p", "level", "L6"], "parameter 'level' is given twice"),
    (["-p", "data_dir", "/etc/passwd"], "data_dir '/etc/passwd' is not a folder"),
    (["-p", "observations", "/nonexistent.csv"], "/nonexistent.csv: file is missing"),
    (["--jobs", "0"], "--jobs: '0' is not a whole number of at least 1"),
    (["--jobs", "abc"], "--jobs: 'abc' is not a whole number of at least 1"),
    (
        ["--notebook", "nope"],
        "unknown notebook nope; choose from: compare_offers, compensation_by_level",
    ),
]


def _run(argv: list[str]) -> tuple[int, list[str]]:
    """``wbroles ARGV`` in this process: its exit code and its stderr lines."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse's own errors
            code = exit_.code
    return code, err.getvalue().splitlines()


def _set_cell(folder: Path, table: str, line: int, column: str, value: str) -> Path:
    path = folder / TABLES[table].file
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


@pytest.fixture
def folder(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"


def test_the_corpus_holds_at_least_150_cases():
    assert len(CELLS) + len(OFFER_VALUES) + len(REPORT_VALUES) >= 150
    assert len({(t, n, c, v) for t, n, c, v, _ in CELLS}) == len(CELLS)  # no case twice


@pytest.mark.parametrize(("table", "line", "column", "value", "message"), CELLS)
def test_one_bad_cell_is_one_line_naming_file_line_column_and_rule(
    folder, table, line, column, value, message
):
    path = _set_cell(folder, table, line, column, value)
    code, lines = _run(["validate", str(folder)])
    assert code == 2
    assert lines[0] == f"wbroles validate: {folder}: 1 problem(s)", lines
    assert lines[1].startswith(f"{path}:{line}: column '{column}': "), lines
    assert message in lines[1], lines
    assert len(lines) == 2 and not any("Traceback" in x for x in lines)


@pytest.mark.parametrize(("option", "value", "message"), OFFER_VALUES)
def test_a_bad_offer_value_is_one_line_naming_it(option, value, message):
    args = {**BASE_OFFER, option: value}
    code, lines = _run(["offer", *[word for pair in args.items() for word in pair]])
    assert code == 2
    assert len(lines) == 1 and lines[0].startswith("wbroles offer: "), lines
    assert message in lines[0], lines


def test_a_header_only_band_table_says_there_is_nothing_to_choose(folder):
    bands = folder / TABLES["compensation"].file
    bands.write_text(bands.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    args = [word for pair in BASE_OFFER.items() for word in pair]
    code, lines = _run(["offer", *args, "--data-dir", str(folder)])
    assert (code, lines) == (2, ["wbroles offer: no company to choose from: the data holds none"])


@pytest.mark.parametrize(("args", "message"), REPORT_VALUES)
def test_a_bad_report_value_is_refused_before_any_notebook_runs(tmp_path, args, message):
    out = tmp_path / "out"
    code, lines = _run(["report", "--out", str(out), *args])
    assert code == 2
    assert message in lines[-1], lines
    # before the line: nothing, argparse's usage, or the count of data problems (one)
    lead = [x for x in lines[:-1] if not x.startswith(("usage: ", " "))]
    assert lead in ([], ["wbroles report: the data is not valid: 1 problem(s)"]), lines
    assert not any("Traceback" in x for x in lines)
    assert not out.exists() or not list(out.glob("*.html"))
