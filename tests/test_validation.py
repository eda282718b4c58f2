"""Validation answers every broken file with one clear problem, and reports all problems at once.

The corpus is ``tests/data/bad``: one folder per case, holding the table file with exactly one
problem, and ``cases.csv`` saying where the problem is and which rule it breaks (see the
README there).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from wbroles.errors import DataError
from wbroles.reading import read_raw_csv
from wbroles.schemas import TABLES
from wbroles.validation import columns, parse_table, validate_tables

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
BAD_DIR = Path(__file__).resolve().parent / "data" / "bad"
ACCEPTED_PREFIX = "accepted_"


def _manifest() -> list[dict[str, str]]:
    with (BAD_DIR / "cases.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CASES = _manifest()
CASE_IDS = [case["case"] for case in CASES]

# The kinds of damage the corpus must cover, by case name.
REQUIRED_CASES = {
    "missing_file",
    "empty_file",
    "whitespace_only",
    "binary_nul",
    "invalid_utf8",
    "truncated_row",
    "extra_field",
    "unterminated_quote",
    "missing_column",
    "unknown_column",
    "duplicate_column",
    "non_numeric_low",
    "negative_money",
    "low_above_high",
    "bonus_above_100",
    "unit_not_fitting_component",
    "unknown_role",
    "unknown_level",
    "unknown_source_id",
    "empty_quote",
    "blank_required_text",
    "bad_open_high",
    "duplicate_key",
    "bad_date",
    "skill_score_4",
    "skill_not_in_axes",
    "non_integer_round_order",
}


def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def install_case(folder: Path, case: str, table: str) -> Path:
    """Put the case's file in place of the real table; no file in the case means delete it."""
    target = folder / TABLES[table].file
    broken = BAD_DIR / case / TABLES[table].file
    if broken.exists():
        shutil.copyfile(broken, target)
    else:
        target.unlink()
    return target


def edited(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"edit target must occur exactly once: {old!r}"
    return text.replace(old, new)


# --- the corpus itself -------------------------------------------------------------------------


def test_corpus_is_large_and_covers_every_required_case():
    assert len(CASES) >= 24
    assert len(set(CASE_IDS)) == len(CASE_IDS), "case names must be unique"
    assert set(CASE_IDS) >= REQUIRED_CASES, sorted(REQUIRED_CASES - set(CASE_IDS))


def test_every_case_folder_is_in_the_manifest():
    folders = {p.name for p in BAD_DIR.iterdir() if p.is_dir()}
    listed = set(CASE_IDS)
    assert folders - listed == {f for f in folders if f.startswith(ACCEPTED_PREFIX)}
    assert listed <= folders


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_case_file_is_a_changed_table(case):
    assert case["table"] in TABLES, f"unknown table {case['table']!r}"
    folder = BAD_DIR / case["case"]
    files = sorted(p.name for p in folder.iterdir() if p.suffix == ".csv")
    if case["case"] == "missing_file":
        assert files == []
        return
    assert files == [TABLES[case["table"]].file], "one table file per case"
    data = (folder / files[0]).read_bytes()
    assert data != (DATA_DIR / TABLES[case["table"]].file).read_bytes()
    # whitespace fixers (pre-commit) must not have turned one case into another
    if case["case"] == "whitespace_only":
        assert data and not data.strip() and b" " in data
    if case["case"] == "empty_file":
        assert data == b""


# --- one problem per broken file -------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_broken_file_reports_its_one_problem(tmp_path, case):
    folder = data_copy(tmp_path)
    install_case(folder, case["case"], case["table"])

    with pytest.raises(DataError) as caught:
        validate_tables(folder, None)

    problems = caught.value.problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    (problem,) = problems
    assert problem.file.endswith(TABLES[case["table"]].file)
    assert Path(problem.file).resolve() == folder / TABLES[case["table"]].file
    assert problem.line == (int(case["line"]) if case["line"] else None)
    assert problem.column == (case["column"] or None)
    assert case["message"] in problem.message
    # the printed form names the file, the line and the rule, in that order
    where = problem.file + (f":{problem.line}" if problem.line else "")
    assert str(problem).startswith(f"{where}: ")
    assert str(problem).endswith(problem.message)
    assert str(caught.value).startswith("1 data problem:\n")


CLI_CASES = [
    c
    for c in CASES
    if c["case"] in {"non_numeric_low", "low_above_high", "unknown_role", "unterminated_quote"}
]


def run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "WBROLES_DATA_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "wbroles_cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("case", CLI_CASES, ids=[c["case"] for c in CLI_CASES])
def test_cli_prints_the_problem_and_exits_2(tmp_path, case):
    folder = data_copy(tmp_path)
    install_case(folder, case["case"], case["table"])

    result = run_cli("validate", folder, cwd=tmp_path)

    assert result.returncode == 2, result.stderr
    column = f"column '{case['column']}': " if case["column"] else ""
    # each manifest message here is the start of the problem's text
    assert f"compensation.csv:{case['line']}: {column}{case['message']}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_cli_names_a_missing_file(tmp_path):
    folder = data_copy(tmp_path)
    (folder / "compensation.csv").unlink()
    result = run_cli("validate", folder, cwd=tmp_path)
    assert result.returncode == 2
    assert "compensation.csv: file is missing" in result.stderr
    assert "Traceback" not in result.stderr


# --- files that must be accepted -------------------------------------------------------------


def _plain(data: bytes) -> bytes:
    return data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")


@pytest.mark.parametrize(
    ("case", "table", "marker"),
    [
        ("accepted_utf8_bom", "compensation", lambda b: b.startswith(b"\xef\xbb\xbf")),
        ("accepted_crlf", "skills", lambda b: b.count(b"\r\n") == b.count(b"\n") > 1),
    ],
    ids=["utf8-bom", "crlf"],
)
def test_bom_and_crlf_are_accepted(tmp_path, case, table, marker):
    data = (BAD_DIR / case / TABLES[table].file).read_bytes()
    assert marker(data), "the fixture must keep its BOM or CRLF line ends"

    folder = data_copy(tmp_path)
    install_case(folder, case, table)
    frame = validate_tables(folder, [table])[table]
    _, lines, _ = parse_table(TABLES[table], read_raw_csv(folder / TABLES[table].file)[0])

    plain = data_copy(tmp_path / "plain")
    (plain / TABLES[table].file).write_bytes(_plain(data))
    expected = validate_tables(plain, [table])[table]
    _, expected_lines, _ = parse_table(TABLES[table], read_raw_csv(plain / TABLES[table].file)[0])

    assert list(frame.columns) == columns(TABLES[table])  # no "\ufeffcompany"
    assert len(frame) > 0
    assert lines == expected_lines
    pd.testing.assert_frame_equal(frame, expected)


def test_column_order_and_true_false_spelling_are_free(tmp_path):
    folder = data_copy(tmp_path)
    path = folder / "compensation.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    flag = rows[0].index("open_high")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for i, row in enumerate(rows):
            if i:
                row[flag] = row[flag].upper() if i % 2 else row[flag].title()  # TRUE, False
            writer.writerow(row[::-1])  # every column in reverse order
    assert "TRUE" in path.read_text(encoding="utf-8")

    frame = validate_tables(folder, ["compensation"])["compensation"]
    expected = validate_tables(DATA_DIR, ["compensation"])["compensation"]
    pd.testing.assert_frame_equal(frame, expected)


def test_header_only_file_is_valid(tmp_path):
    folder = data_copy(tmp_path)
    path = folder / "compensation.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    frame = validate_tables(folder, ["compensation"])["compensation"]
    assert len(frame) == 0
    assert list(frame.columns) == columns(TABLES["compensation"])


# --- lazy validation: every problem in every file, in one run -------------------------------


def test_every_problem_in_two_files_is_reported_at_once(tmp_path):
    folder = data_copy(tmp_path)
    comp = (folder / "compensation.csv").read_text(encoding="utf-8")
    comp = edited(comp, ",PM,L5,total,280000,", ',PM,L5,total,"$280,000",')  # line 2
    comp = edited(comp, ",PM,L5,base,170000,", ",PM,L5,base,-5,")  # line 3
    comp = edited(comp, ",PM,L5,bonus,10,15,", ",PM,L5,bonus,10,150,")  # line 4
    comp = edited(comp, ",TPM,L5,total,", ",PMM,L5,total,")  # line 6
    comp = edited(comp, ",PM,L6,total,400000,650000,true,", ",PM,L6,total,400000,650000,yes,")
    (folder / "compensation.csv").write_text(comp, encoding="utf-8")
    sources = (folder / "sources.csv").read_text(encoding="utf-8")
    sources = edited(sources, ",2026-05-24,", ",24 May 2026,")  # line 3
    (folder / "sources.csv").write_text(sources, encoding="utf-8")

    with pytest.raises(DataError) as caught:
        validate_tables(folder, None)

    found = {
        (Path(p.file).name, p.line, p.column, p.message.split(" (")[0])
        for p in caught.value.problems
    }
    assert found == {
        ("compensation.csv", 2, "low", "'$280,000' is not a number"),
        ("compensation.csv", 3, "low", "-5 is below 0"),
        ("compensation.csv", 4, "high", "150 is above 100"),
        ("compensation.csv", 6, "role", "'PMM' is not a known role in roles.csv"),
        ("compensation.csv", 10, "open_high", "'yes' is not true or false"),
        ("sources.csv", 3, "date", "'24 May 2026' is not a date written YYYY-MM-DD"),
    }
    assert len(caught.value.problems) == len(found)
    assert str(caught.value).startswith("6 data problems:\n")


def test_problems_in_several_files_are_all_printed_by_the_cli(tmp_path):
    folder = data_copy(tmp_path)
    install_case(folder, "negative_money", "compensation")
    install_case(folder, "skill_score_4", "skills")

    result = run_cli("validate", folder, cwd=tmp_path)

    assert result.returncode == 2
    assert "compensation.csv:3: column 'low': -5 is below 0" in result.stderr
    assert "skills.csv:2: column 'score': '4' is not one of: 1, 2, 3" in result.stderr
    assert ": 2 problem(s)" in result.stderr
    assert "Traceback" not in result.stderr


# --- files that are not what they claim, and numbers past the one number rule ----------------


def _replace_cell(folder: Path, table: str, line: int, column: str, value: str) -> None:
    path = folder / TABLES[table].file
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize(
    ("table", "line", "column", "value", "message"),
    [
        ("compensation", 2, "low", "2.8e5", "'2.8e5' is not a number (write plain digits"),
        ("compensation", 2, "low", "+280000", "'+280000' is not a number"),
        ("compensation", 2, "low", "\u0662\u0668\u0660\u0660\u0660\u0660", "is not a number"),
        ("compensation", 2, "low", "\uff12\uff18\uff10\uff10\uff10\uff10", "is not a number"),
        ("compensation", 2, "low", "280000\n", "is not a number"),
        ("compensation", 2, "high", "1" + "0" * 308, "is above 1000000000, the largest plausible"),
        ("levels", 2, "rank", str(2**64), "is above 1000000, the largest whole number allowed"),
        ("levels", 2, "rank", str(2**63), "is above 1000000, the largest whole number allowed"),
        ("skills", 2, "score", "99999999999999999999999", "is above 1000000"),
        ("compensation", 2, "quote", "\u200b", "is blank (text is required)"),
        ("sources", 2, "date", "0000-01-01", "'0000-01-01' is not a real calendar date"),
    ],
)
def test_the_one_number_rule_and_visible_text(tmp_path, table, line, column, value, message):
    folder = data_copy(tmp_path)
    _replace_cell(folder, table, line, column, value)
    with pytest.raises(DataError) as caught:
        validate_tables(folder, [table])
    found = [p for p in caught.value.problems if p.column == column and p.line == line]
    assert found and message in found[0].message, [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "is a FIFO (named pipe), not a CSV file"),
        (lambda p: p.mkdir(), "is a folder, not a CSV file"),
        (lambda p: p.symlink_to("/dev/zero"), "is a device, not a CSV file"),
        (lambda p: p.symlink_to(p), "symlink loop"),
        (lambda p: p.symlink_to(p.parent / "nowhere.csv"), "symlink to nothing"),
        (lambda p: p.write_bytes("company,role\n".encode("utf-16")), "UTF-16 text; save it as"),
        (lambda p: p.write_bytes(b"\x1f\x8b\x08\x00rest"), "compressed (gzip)"),
        (lambda p: p.write_bytes(b"PK\x03\x04rest"), "compressed (zip)"),
        (lambda p: p.write_bytes(b"a,b\n" + b'"' + b"x" * 140_000 + b'"\n'), "longer than 131,072"),
    ],
)
def test_a_table_that_is_not_a_csv_file_is_named_for_what_it_is(tmp_path, make, message):
    folder = data_copy(tmp_path)
    path = folder / TABLES["compensation"].file
    path.unlink()
    make(path)
    with pytest.raises(DataError) as caught:
        validate_tables(folder, ["compensation"])
    texts = [p.message for p in caught.value.problems if p.file.endswith("compensation.csv")]
    assert any(message in t for t in texts), texts
