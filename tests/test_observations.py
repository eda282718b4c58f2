"""Observation files: the loader's output, every rule with its line, line numbers, Parquet."""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wbroles.observations as observations
from wbroles.errors import DataError, ParameterError
from wbroles.observations import (
    COLUMNS,
    EXAMPLE_OBSERVATIONS,
    EXAMPLE_SOURCES,
    MAX_LISTED,
    is_synthetic,
    load_example_observations,
    load_observation_sources,
    load_observations,
    pick_company,
)
from wbroles.paths import DEFAULT_DATA_DIR
from wbroles.percentiles import open_observations

BAD = Path(__file__).parent / "data" / "bad_observations"
VALID = BAD / "valid.csv"
CASES = list(csv.DictReader((BAD / "cases.csv").open(newline="")))
# Cases whose line needs the second, streaming pass of Python's CSV reader: the file's
# structure is broken, or records and lines do not match one to one.
NEEDS_WALK = {
    "invalid_utf8",
    "unterminated_quote",
    "unterminated_quote_last_line",
    "quoted_line_break_then_error",
    "blank_lines_then_error",
}
sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import make_observations  # noqa: E402


def only_problem(err: DataError):
    assert len(err.problems) == 1, [str(p) for p in err.problems]
    return err.problems[0]


@pytest.fixture
def no_walk(monkeypatch):
    """Fail if the streaming pass runs: one line per record needs none."""

    def refuse(path, *args):
        raise AssertionError(f"walked {path}")

    monkeypatch.setattr(observations, "_walk", refuse)


# --- a valid file ------------------------------------------------------------------------------


def test_valid_file_gives_typed_columns_in_file_order():
    obs = load_observations(VALID)
    assert list(obs.columns) == list(COLUMNS)
    assert len(obs) == 8
    raw = list(csv.DictReader(VALID.open(newline="")))
    assert list(obs["base"]) == [float(r["base"]) for r in raw]
    assert list(obs["company"].astype(str)) == [r["company"] for r in raw]
    for name in ("company", "role", "level", "location", "source_id"):
        assert isinstance(obs[name].dtype, pd.CategoricalDtype), name
    for name in ("base", "bonus", "equity", "sign_on"):
        assert obs[name].dtype == np.float64, name
    assert str(obs["date"].dtype).startswith("datetime64")


def test_empty_cells_are_missing_never_zero():
    obs = load_observations(VALID)
    # Row 2 (line 3) leaves sign_on empty; row 3 (line 4) reports a sign-on of 0.
    assert np.isnan(obs.loc[1, "sign_on"]) and obs.loc[2, "sign_on"] == 0
    assert np.isnan(obs.loc[3, "bonus"]) and pd.isna(obs.loc[3, "date"])
    assert pd.isna(obs.loc[2, "location"])
    assert obs.loc[0, "date"] == pd.Timestamp("2025-03-01")
    assert obs.loc[0, "location"] == "Austin, TX"


def test_levels_are_ordered_naturally(tmp_path):
    path = tmp_path / "levels.csv"
    rows = ["company,role,level,base,bonus,equity,sign_on,source_id"]
    rows += [f"Acme,PM,{lv},100000,,,,s" for lv in ["L10", "L2", "IC3", "L9"]]
    path.write_text("\n".join(rows) + "\n")
    obs = load_observations(path)
    assert obs["level"].cat.ordered
    assert list(obs["level"].cat.categories) == ["IC3", "L2", "L9", "L10"]


def test_optional_columns_may_be_absent():
    obs = load_observations(BAD / "accepted_without_optional_columns.csv")
    assert list(obs.columns) == list(COLUMNS)
    assert obs["date"].isna().all() and obs["location"].isna().all()


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in BAD.glob("accepted_*.csv") if "without_optional" not in p.name),
)
def test_accepted_encodings_and_quoting_read_like_the_valid_file(name):
    obs = load_observations(BAD / name)
    valid = load_observations(VALID)
    money = ["base", "bonus", "equity", "sign_on"]
    pd.testing.assert_frame_equal(obs[money], valid[money])
    assert list(obs["company"].astype(str)) == list(valid["company"].astype(str))


def test_a_line_break_inside_a_quoted_value_is_kept():
    obs = load_observations(BAD / "accepted_quoted_line_break.csv")
    assert "Chicago,\nIL" in set(obs["location"].dropna())


# --- the bad-row corpus --------------------------------------------------------------------------


def _case_path(case: str, tmp_path: Path) -> Path:
    path = BAD / f"{case}.csv"
    return path if path.exists() else tmp_path / f"{case}.csv"


def _assert_case(case: dict, err: DataError, path: Path):
    problem = only_problem(err)
    assert problem.file.endswith(path.name)
    assert str(problem.line or "") == case["line"]
    assert (problem.column or "") == case["column"]
    assert case["message"] in problem.message
    assert str(problem) in str(err)


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_bad_file_reports_its_one_problem(case, tmp_path):
    path = _case_path(case["case"], tmp_path)
    with pytest.raises(DataError) as err:
        load_observations(path)
    _assert_case(case, err.value, path)


FAST_CASES = [c for c in CASES if c["case"] not in NEEDS_WALK]


@pytest.mark.parametrize("case", FAST_CASES, ids=[c["case"] for c in FAST_CASES])
def test_problems_are_placed_without_a_second_pass(case, tmp_path, no_walk):
    path = _case_path(case["case"], tmp_path)
    with pytest.raises(DataError) as err:
        load_observations(path)
    _assert_case(case, err.value, path)


def test_a_ragged_row_and_a_bad_value_after_blank_lines_and_line_breaks(tmp_path):
    lines = VALID.read_text().split("\n")
    lines[1] = lines[1].replace('"Austin, TX"', '"Austin,\nTX"')  # line 2 spans lines 2-3
    lines[3] = lines[3].rsplit(",", 1)[0]  # a truncated row: line 4 + 1 + 2 blank lines
    lines[6] = lines[6].replace(",138000,", ",-2,")  # line 7 + 1 + 2
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join(lines[:3] + ["", ""] + lines[3:]))  # two blank lines: +2
    with pytest.raises(DataError) as err:
        load_observations(path)
    assert [(p.line, p.column) for p in err.value.problems] == [(7, None), (10, "base")]
    assert "has 9 fields but the header has 10" in err.value.problems[0].message


def test_short_and_long_rows_are_placed_by_duckdb_without_a_second_pass(tmp_path, no_walk):
    lines = VALID.read_text().splitlines()
    lines[2] = lines[2].rsplit(",", 3)[0]  # line 3: three fields short
    lines[4] += ",extra,more"  # line 5: two fields too many
    lines[5] += ",extra"  # line 6
    lines[8] = lines[8].replace(",TPM,", ",T PM,")  # line 9, after three set-aside rows
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as err:
        load_observations(path)
    found = [(p.line, p.column, p.message.split(" (")[0]) for p in err.value.problems]
    assert found[:3] == [
        (3, None, "has 7 fields but the header has 10"),
        (5, None, "has 12 fields but the header has 10"),
        (6, None, "has 11 fields but the header has 10"),
    ]
    assert [(p.line, p.column) for p in err.value.problems[3:]] == [(9, "role")]


def test_corpus_lists_every_file():
    listed = {c["case"] for c in CASES}
    files = {p.stem for p in BAD.glob("*.csv")} - {"cases", "valid"}
    assert files - {f for f in files if f.startswith("accepted_")} == listed - {"missing_file"}


def test_every_problem_of_a_file_is_reported_in_file_order(tmp_path):
    lines = VALID.read_text().splitlines()
    lines[1] = lines[1].replace(",150000,", ",-1,")  # line 2
    lines[6] = lines[6].replace(",TPM,", ",T PM,")  # line 7
    lines[3] = lines[3].replace(",38000,", ",x,")  # line 4
    path = tmp_path / "three.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as err:
        load_observations(path)
    found = [(p.line, p.column) for p in err.value.problems]
    assert found == [(2, "base"), (4, "equity"), (7, "role")]
    assert str(err.value).startswith("3 data problems:")


# --- large files ---------------------------------------------------------------------------------


def _generated(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "generated.csv"
    make_observations.write(make_observations.observations(rows, seed=3), path, fmt="csv")
    return path


def test_generated_file_loads_whole(tmp_path):
    obs = load_observations(_generated(tmp_path, 3000))
    assert len(obs) == 3000
    assert set(obs["role"].astype(str)) == {"PM", "TPM"}
    assert obs["company"].nunique() == len(make_observations.COMPANIES)
    assert obs["sign_on"].isna().any() and not obs["base"].isna().any()


def _rewrite(path: Path, edit) -> None:
    lines = path.read_text().split("\n")
    edit(lines)
    path.write_text("\n".join(lines))


def test_large_file_problems_name_their_lines(tmp_path, no_walk):
    path = _generated(tmp_path, 5000)

    def edit(lines):
        fields = lines[4322].split(",")  # line 4323
        fields[3] = "-7"
        lines[4322] = ",".join(fields)

    _rewrite(path, edit)
    with pytest.raises(DataError) as err:
        load_observations(path)
    assert [(p.line, p.column, p.message) for p in err.value.problems] == [
        (4323, "base", "-7 is below 0")
    ]


def test_large_file_line_numbers_count_quoted_line_breaks(tmp_path):
    path = _generated(tmp_path, 5000)

    def edit(lines):
        lines[10] = lines[10].replace("synthetic-benchmark", '"synthetic-\nbenchmark"', 1)
        fields = lines[3000].split(",")  # line 3001 before the break above: line 3002 after
        fields[3] = "-7"
        lines[3000] = ",".join(fields)

    _rewrite(path, edit)
    with pytest.raises(DataError) as err:
        load_observations(path)
    problems = [(p.line, p.column) for p in err.value.problems]
    assert (3002, "base") in problems
    assert (11, "source_id") in problems  # the line break makes it no code


def test_many_problems_show_the_first_50_and_the_total(tmp_path):
    rows = MAX_LISTED + 2345
    path = tmp_path / "all_bad.csv"
    body = "".join(f"Acme,PM,L5,-{i + 1},,,,s\n" for i in range(rows))
    path.write_text("company,role,level,base,bonus,equity,sign_on,source_id\n" + body)
    with pytest.raises(DataError) as err:
        load_observations(path)
    assert err.value.total == rows
    assert len(err.value.problems) == MAX_LISTED
    assert [p.line for p in err.value.problems[:3]] == [2, 3, 4]
    message = str(err.value)
    assert message.startswith(f"{rows} data problems:\n")
    assert message.count("is below 0") == 50
    assert f"... and {rows - 50} more problem(s) ({rows} in all)" in message


# --- company filter, sources, the synthetic example ----------------------------------------------


def test_company_filter_keeps_only_that_company():
    obs = load_observations(VALID, company="Acme (test)")
    assert set(obs["company"].astype(str)) == {"Acme (test)"}
    assert list(obs["company"].cat.categories) == ["Acme (test)"]
    assert len(obs) == 4


def test_unknown_company_names_the_choices():
    with pytest.raises(ValueError, match=r"unknown company 'Initech'; choose from: Acme \(test\)"):
        load_observations(VALID, company="Initech")


def _sources_file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "sources.csv"
    path.write_text("source_id,keyword,company,date,publisher,file\n" + "\n".join(rows) + "\n")
    return path


def test_source_ids_must_be_listed_when_sources_are_given(tmp_path):
    sources = _sources_file(tmp_path, "other,Other survey,Acme (test),2026-01-01,survey,")
    with pytest.raises(DataError) as err:
        load_observations(VALID, sources=sources)
    assert len(err.value.problems) == 8
    first = err.value.problems[0]
    assert (first.line, first.column) == (2, "source_id")
    assert "'test-fixture' is not a known source_id in" in first.message
    assert "(known: other)" in first.message


def test_a_synthetic_source_may_not_back_a_company_with_published_data(tmp_path):
    sources = _sources_file(tmp_path, "test-fixture,Made up,Tests,2026-01-01,synthetic,")
    with pytest.raises(DataError) as err:
        load_observations(VALID, sources=sources)
    assert [(p.line, p.column) for p in err.value.problems] == [(8, "source_id"), (9, "source_id")]
    assert "a synthetic source, but the row names Weights & Biases" in str(err.value)


def test_sources_table_is_validated(tmp_path):
    sources = _sources_file(tmp_path, "bad id,Made up,Tests,2026-13-01,synthetic,")
    with pytest.raises(DataError, match="is not a code"):
        load_observation_sources(sources)


def test_example_is_a_fictitious_company_labelled_synthetic():
    obs = load_example_observations()
    companies = set(obs["company"].astype(str))
    assert len(companies) == 1 and "(synthetic)" in next(iter(companies))
    sources = load_observation_sources(EXAMPLE_SOURCES)
    assert is_synthetic(sources, obs["source_id"].astype(str))
    assert set(sources["publisher"]) == {"synthetic"}
    assert "not real data" in sources["keyword"].iloc[0]


def test_open_observations_gives_a_summary_with_its_cited_sources_and_picks_the_company():
    summary, cited = open_observations()
    assert is_synthetic(cited, cited["source_id"])
    assert pick_company(summary) == str(summary["company"].iloc[0]) == cited["company"].iloc[0]
    with pytest.raises(ParameterError, match=r"unknown company 'Initech'; choose from: Northwind"):
        pick_company(summary, "Initech")
    with pytest.raises(ParameterError, match=r"several companies; pass company= \(one of: Acme"):
        pick_company(load_observations(VALID))
    summary, cited = open_observations(EXAMPLE_OBSERVATIONS, sources=EXAMPLE_SOURCES)
    assert list(cited["source_id"]) == ["synthetic-example"] and list(cited["n"]) == [46]
    assert summary.loc[summary["component"] == "base", "n"].sum() == 46
    assert "publisher" in cited  # the sources table's own columns


def test_example_lives_outside_the_band_tables():
    assert EXAMPLE_OBSERVATIONS.parent == DEFAULT_DATA_DIR / "examples"
    assert EXAMPLE_SOURCES.parent == DEFAULT_DATA_DIR / "examples"
    assert EXAMPLE_OBSERVATIONS.name not in {p.name for p in DEFAULT_DATA_DIR.glob("*.csv")}


def test_example_cannot_name_the_real_company(tmp_path):
    path = tmp_path / "mixed.csv"
    text = EXAMPLE_OBSERVATIONS.read_text()
    lines = text.splitlines()
    company = lines[1].split(",")[0]
    lines[5] = lines[5].replace(company, "Weights & Biases", 1)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match="synthetic rows must name a fictitious company"):
        load_observations(path, sources=EXAMPLE_SOURCES)


def test_roles_of_other_companies_are_free_codes(tmp_path):
    path = tmp_path / "em.csv"
    path.write_text("company,role,level,base,bonus,equity,sign_on,source_id\nAcme,EM,M1,1,,,,s\n")
    assert list(load_observations(path)["role"].astype(str)) == ["EM"]


def test_published_roles_come_from_the_chosen_data_folder(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data, ignore=shutil.ignore_patterns("examples"))
    roles = (data / "roles.csv").read_text()
    (data / "roles.csv").write_text(
        roles.replace(",TPM,Technical Program Manager,", ",EM,Manager,")
    )
    with pytest.raises(DataError) as err:
        load_observations(VALID, data_dir=data)
    problem = only_problem(err.value)
    assert (problem.line, problem.column) == (9, "role")
    assert "'TPM' is not a known role of Weights & Biases in roles.csv (known: PM, EM)" in str(
        problem
    )


# --- Parquet -------------------------------------------------------------------------------------


def _parquet(tmp_path: Path, table: pa.Table, name: str = "obs.parquet") -> Path:
    path = tmp_path / name
    pq.write_table(table, path)
    return path


def _valid_table() -> pa.Table:
    frame = pd.read_csv(VALID, dtype=str, keep_default_na=False)
    columns = {}
    for name in frame.columns:
        values = [v if v != "" else None for v in frame[name]]
        if name in ("base", "bonus", "equity", "sign_on"):
            columns[name] = pa.array([None if v is None else int(v) for v in values], pa.int64())
        else:
            columns[name] = pa.array(values, pa.string())
    return pa.table(columns)


def test_parquet_reads_like_the_csv(tmp_path):
    from_parquet = load_observations(_parquet(tmp_path, _valid_table()))
    from_csv = load_observations(VALID)
    pd.testing.assert_frame_equal(from_parquet, from_csv)


def test_parquet_dates_may_be_stored_as_dates(tmp_path):
    table = _valid_table()
    dates = pa.array(
        [None if v is None else pd.Timestamp(v).date() for v in table["date"].to_pylist()],
        pa.date32(),
    )
    table = table.set_column(table.schema.get_field_index("date"), "date", dates)
    obs = load_observations(_parquet(tmp_path, table))
    assert obs.loc[0, "date"] == pd.Timestamp(dates[0].as_py())


def test_parquet_problems_name_the_row(tmp_path):
    table = _valid_table()
    equity = table["equity"].to_pylist()
    equity[2] = -5000
    table = table.set_column(table.schema.get_field_index("equity"), "equity", pa.array(equity))
    path = _parquet(tmp_path, table)
    with pytest.raises(DataError) as err:
        load_observations(path)
    problem = only_problem(err.value)
    assert (problem.line, problem.column, problem.message) == (3, "equity", "-5000 is below 0")
    assert str(problem) == f"{problem.file}:3: column 'equity': -5000 is below 0"


def test_parquet_money_stored_as_text_is_checked_cell_by_cell(tmp_path):
    table = _valid_table()
    base = [str(v) for v in table["base"].to_pylist()]
    base[4] = "$140,000"
    table = table.set_column(table.schema.get_field_index("base"), "base", pa.array(base))
    with pytest.raises(DataError) as err:
        load_observations(_parquet(tmp_path, table))
    problem = only_problem(err.value)
    assert (problem.line, problem.column) == (5, "base")
    assert "'$140,000' is not a number" in problem.message


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        ("bonus", [True] * 8, "stored as bool; a number type is required"),
        ("level", [5] * 8, "stored as int64; text is required"),
        ("date", [pd.Timestamp("2025-01-01")] * 8, "stored as timestamp[us]; a date (date32)"),
    ],
)
def test_parquet_column_types_are_checked(tmp_path, column, values, message):
    table = _valid_table()
    table = table.set_column(table.schema.get_field_index(column), column, pa.array(values))
    with pytest.raises(DataError) as err:
        load_observations(_parquet(tmp_path, table))
    problem = only_problem(err.value)
    assert (problem.line, problem.column) == (None, column)
    assert message in problem.message


@pytest.mark.parametrize("value", [2**53 + 1, 2**60, 2**63 - 1])
def test_a_parquet_int64_past_2_53_is_named_with_its_file_row_and_column(tmp_path, value):
    table = _valid_table()
    base = table.column("base").to_pylist()
    base[2] = value  # row 3
    table = table.set_column(table.schema.get_field_index("base"), "base", pa.array(base))
    with pytest.raises(DataError) as err:
        load_observations(_parquet(tmp_path, table))
    problem = only_problem(err.value)
    assert (Path(problem.file).name, problem.line, problem.column) == ("obs.parquet", 3, "base")
    assert problem.message == f"{value} is above 1,000,000,000 (US dollars)"


def test_parquet_missing_column_and_unreadable_file(tmp_path):
    table = _valid_table().drop_columns(["source_id"])
    with pytest.raises(DataError) as err:
        load_observations(_parquet(tmp_path, table))
    problem = only_problem(err.value)
    assert (problem.column, problem.message) == (
        "source_id",
        "required column is missing from the header",
    )
    junk = tmp_path / "junk.parquet"
    junk.write_bytes(b"not parquet at all")
    with pytest.raises(DataError, match="not a readable Parquet file"):
        load_observations(junk)


# --- the number rule ----------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789+-.eEinfaINFtyx _,$\t", min_size=1, max_size=9))
def test_money_cells_follow_the_bands_number_rule(tmp_path_factory, text):
    """A money cell is a number exactly when the bands' parser would take it as one: the one
    number rule, plain digits with at most one decimal point."""
    from wbroles.validation import _parse_cell

    _, error = _parse_cell(text, "float64", True)
    accepted = error is None and text.strip() != ""
    path = tmp_path_factory.mktemp("number") / "one.csv"
    quoted = '"' + text + '"'
    path.write_text(
        f"company,role,level,base,bonus,equity,sign_on,source_id\nA,PM,L1,1,{quoted},,,s\n"
    )
    try:
        obs = load_observations(path)
    except DataError as err:
        problem = only_problem(err)
        assert problem.column == "bonus"
        if accepted:  # a number, but below zero
            assert problem.message == f"{float(text):g} is below 0", (text, str(err))
        else:
            assert problem.message.startswith(f"'{text}' is not a number"), problem.message
    else:
        assert accepted, text
        assert obs.loc[0, "bonus"] == float(text)


# --- folders, globs, the summary of files and the memory limit --------------------------------


def _partitioned(tmp_path: Path) -> Path:
    """valid.csv as a partitioned dataset: two Parquet parts in subfolders and one CSV part."""
    table, root = _valid_table(), tmp_path / "dataset"
    for part, rows in (("year=2024", slice(0, 3)), ("year=2025", slice(3, 6))):
        (root / part).mkdir(parents=True)
        pq.write_table(table[rows], root / part / "part-0.parquet")
    rows = VALID.read_text().splitlines()
    (root / "late.csv").write_text("\n".join([rows[0], *rows[7:]]) + "\n")
    return root


def test_a_folder_or_glob_reads_like_the_one_file(tmp_path):
    from wbroles.percentiles import percentile_summary, summarize_observations

    root = _partitioned(tmp_path)
    whole = load_observations(VALID)
    for path, rows in ((root, 8), (f"{root}/**/*.*", 8), (root / "*" / "*.parquet", 6)):
        obs = load_observations(path)
        assert sorted(obs["base"]) == sorted(whole["base"][:rows]), path
    pd.testing.assert_frame_equal(
        summarize_observations(root, min_n=1), percentile_summary(whole, min_n=1)
    )


def test_problems_of_several_files_name_each_file_and_line(tmp_path):
    root = _partitioned(tmp_path)
    table = pq.read_table(root / "year=2025" / "part-0.parquet")
    equity = table["equity"].to_pylist()
    equity[1] = -5
    table = table.set_column(table.schema.get_field_index("equity"), "equity", pa.array(equity))
    pq.write_table(table, root / "year=2025" / "part-0.parquet")
    late = root / "late.csv"
    late.write_text(late.read_text().replace("230000,", "230k,"))
    with pytest.raises(DataError) as err:
        load_observations(root)
    where = [
        (Path(p.file).parent.name, Path(p.file).name, p.line, p.column) for p in err.value.problems
    ]
    assert where == [  # files in name order
        ("dataset", "late.csv", 3, "base"),
        ("year=2025", "part-0.parquet", 2, "equity"),
    ]
    assert err.value.total == 2


def test_a_folder_or_glob_without_files_is_named(tmp_path):
    with pytest.raises(DataError, match="holds no CSV or Parquet file"):
        load_observations(tmp_path)
    with pytest.raises(DataError, match=r"nothing\*\.parquet: matches no file"):
        load_observations(tmp_path / "nothing*.parquet")


def test_summary_of_a_file_equals_the_summary_of_its_rows(tmp_path):
    from wbroles.percentiles import percentile_summary, summarize_observations

    path = tmp_path / "obs.parquet"
    make_observations.write(make_observations.observations(3000, seed=2), path, fmt="parquet")
    summary = summarize_observations(path, components=["total", "sign_on"], min_n=40)
    expected = percentile_summary(
        load_observations(path), components=["total", "sign_on"], min_n=40
    )
    pd.testing.assert_frame_equal(summary, expected)
    assert summary["suppressed"].notna().any() and summary["suppressed"].isna().any()
    company = str(summary["company"].iloc[0])
    mine = summarize_observations(path, company=company)
    assert set(mine["company"]) == {company}
    with pytest.raises(ParameterError, match="unknown company 'Initech'; choose from: Acme"):
        summarize_observations(path, company="Initech")


def test_memory_limit_is_kept_and_its_spill_folder_removed(tmp_path, monkeypatch):
    import tempfile

    from wbroles.percentiles import summarize_observations

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = tmp_path / "obs.parquet"
    make_observations.write(make_observations.observations(20_000), path, fmt="parquet")
    small = summarize_observations(path, memory_limit="64MB")
    pd.testing.assert_frame_equal(small, summarize_observations(path))
    assert [p.name for p in tmp_path.iterdir()] == ["obs.parquet"]  # no spill folder left
    # DuckDB's own words follow the parameter ("Memory must have a number"; 1.4: "Memory limit")
    for bad, rule in [("lots", "Memory( limit)? must have a number"), (2e9, "must be a size such")]:
        with pytest.raises(ParameterError, match=f"memory_limit.*{rule}") as err:
            summarize_observations(path, memory_limit=bad)
        assert "\n" not in str(err.value)
