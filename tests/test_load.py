"""The loaders on the real data: counts, the article's bands, categories, where data comes from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import wbroles
from wbroles import load
from wbroles.errors import DataError
from wbroles.paths import DATA_DIR_ENV
from wbroles.schemas import TABLES
from wbroles.validation import columns

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"

# Rows per table, counted from the two articles (see data/README.md for what each row is).
ROW_COUNTS = {
    "sources": 2,  # the role-comparison and the system-design article
    "roles": 2,  # PM, TPM
    "levels": 2,  # L5 Senior, L6 Principal
    "role_facts": 10,  # 5 aspects x 2 roles
    "compensation": 16,  # 2 roles x 2 levels x (total, base, bonus, equity)
    "offer_points": 3,  # base, sign-on, equity share of the one offer
    "negotiations": 2,  # Principal PM first-year equity, Principal TPM sign-on
    "audience": 3,  # L5+ readers' total comp; PM readers' earnings and experience
    "skill_axes": 7,
    "skills": 14,  # 7 axes x 2 roles
    "interview_rounds": 13,  # PM 4 + culture fit, TPM 3 + culture fit, system-design PM 4
    "interview_process": 2,  # four rounds, 21 days
    "rubric": 3,  # 40 / 30 / 30
    "career_paths": 9,  # PM 5 steps, TPM 2 steps and 2 branches
}

# Every band the role-comparison article states, copied by hand from the article:
# (role, level, component, low, high, open_high).
ROLE_COMPARISON_BANDS = [
    ("PM", "L5", "total", 280_000, 450_000, False),
    ("PM", "L5", "base", 170_000, 220_000, False),
    ("PM", "L5", "bonus", 10, 15, False),
    ("PM", "L5", "equity", 80_000, 200_000, False),
    ("TPM", "L5", "total", 260_000, 420_000, False),
    ("TPM", "L5", "base", 160_000, 210_000, False),
    ("TPM", "L5", "bonus", 10, 15, False),
    ("TPM", "L5", "equity", 70_000, 180_000, False),
    ("PM", "L6", "total", 400_000, 650_000, True),
    ("PM", "L6", "base", 220_000, 280_000, False),
    ("PM", "L6", "bonus", 15, 20, False),
    ("PM", "L6", "equity", 150_000, 300_000, True),
    ("TPM", "L6", "total", 380_000, 600_000, True),
    ("TPM", "L6", "base", 210_000, 270_000, False),
    ("TPM", "L6", "bonus", 15, 20, False),
    ("TPM", "L6", "equity", 140_000, 280_000, True),
]
COMPANY = "Weights & Biases"


def band(comp: pd.DataFrame, role: str, level: str, component: str) -> pd.Series:
    rows = comp[
        (comp["company"] == COMPANY)
        & (comp["role"] == role)
        & (comp["level"] == level)
        & (comp["component"] == component)
    ]
    assert len(rows) == 1, f"{role} {level} {component}: {len(rows)} rows"
    return rows.iloc[0]


def data_copy(tmp_path: Path, name: str = "data") -> Path:
    folder = tmp_path / name
    shutil.copytree(DATA_DIR, folder)
    return folder


def set_pm_l5_total_high(folder: Path, value: int) -> None:
    """Edit a copy (never the real data) so that a test can tell folders apart."""
    path = folder / "compensation.csv"
    text = path.read_text(encoding="utf-8")
    old = ",PM,L5,total,280000,450000,"
    assert text.count(old) == 1
    path.write_text(text.replace(old, f",PM,L5,total,280000,{value},"), encoding="utf-8")


@pytest.fixture(autouse=True)
def no_data_dir_env(monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)


@pytest.fixture(scope="module")
def comp() -> pd.DataFrame:
    return wbroles.load_compensation()


# --- the real data -----------------------------------------------------------------------------


def test_every_table_has_a_row_count():
    assert set(ROW_COUNTS) == set(TABLES)


@pytest.mark.parametrize("name", list(TABLES))
def test_row_count(name):
    loader = getattr(wbroles, f"load_{name}")
    assert len(loader()) == ROW_COUNTS[name]


@pytest.mark.parametrize("name", list(TABLES))
def test_loader_returns_the_documented_columns(name):
    loader = getattr(wbroles, f"load_{name}")
    frame = loader()
    assert list(frame.columns) == columns(TABLES[name])
    assert f"Columns: {', '.join(columns(TABLES[name]))}." in loader.__doc__
    assert frame.attrs == {}  # nothing travels in experimental frame attributes


@pytest.mark.parametrize(
    ("role", "level", "component", "low", "high", "open_high"),
    ROLE_COMPARISON_BANDS,
    ids=[f"{r}-{lv}-{c}" for r, lv, c, *_ in ROLE_COMPARISON_BANDS],
)
def test_role_comparison_band_present(comp, role, level, component, low, high, open_high):
    row = band(comp, role, level, component)
    assert (row["low"], row["high"], row["open_high"]) == (low, high, open_high)
    assert row["source_id"] == "wb-pm-vs-tpm"
    assert row["unit"] == ("pct_of_base" if component == "bonus" else "usd_per_year")


def test_role_comparison_bands_are_all_the_bands(comp):
    found = sorted(
        (r.role, r.level, r.component)
        for r in comp[comp["source_id"] == "wb-pm-vs-tpm"].itertuples()
    )
    assert found == sorted((r, lv, c) for r, lv, c, *_ in ROLE_COMPARISON_BANDS)


def test_open_bounds_marked(comp):
    pm_l5 = band(comp, "PM", "L5", "total")
    assert (pm_l5["low"], pm_l5["high"], pm_l5["open_high"]) == (280_000, 450_000, False)
    pm_l6 = band(comp, "PM", "L6", "total")
    assert (pm_l6["low"], pm_l6["high"], pm_l6["open_high"]) == (400_000, 650_000, True)
    tpm_l6 = band(comp, "TPM", "L6", "total")
    assert (tpm_l6["low"], tpm_l6["high"], tpm_l6["open_high"]) == (380_000, 600_000, True)
    assert band(comp, "PM", "L6", "equity")["open_high"]
    assert band(comp, "TPM", "L6", "equity")["open_high"]
    open_rows = comp[comp["open_high"]]
    found = sorted(open_rows[["role", "level", "component"]].itertuples(index=False, name=None))
    assert found == [
        ("PM", "L6", "equity"),
        ("PM", "L6", "total"),
        ("TPM", "L6", "equity"),
        ("TPM", "L6", "total"),
    ]


def test_value_types(comp):
    assert comp["low"].dtype == "float64"
    assert comp["high"].dtype == "float64"
    assert comp["open_high"].dtype == "bool"
    assert not comp[["low", "high"]].isna().any().any()


def test_role_and_level_are_categorical_in_every_table():
    frames = wbroles.load_all()
    with_role = [name for name, f in frames.items() if "role" in f]
    with_level = [name for name, f in frames.items() if "level" in f]
    assert {"compensation", "skills", "interview_rounds", "offer_points"} <= set(with_role)
    assert {"compensation", "offer_points", "negotiations", "levels"} <= set(with_level)
    for name in with_role:
        role = frames[name]["role"]
        assert isinstance(role.dtype, pd.CategoricalDtype), name
        assert list(role.cat.categories) == ["PM", "TPM"], name
        assert not role.cat.ordered, name
    for name in with_level:
        level = frames[name]["level"]
        assert isinstance(level.dtype, pd.CategoricalDtype), name
        assert list(level.cat.categories) == ["L5", "L6"], name
        assert level.cat.ordered, name


def test_level_order_follows_rank(tmp_path):
    folder = data_copy(tmp_path)
    path = folder / "levels.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(",Senior,5,") == 1
    path.write_text(text.replace(",Senior,5,", ",Senior,7,"), encoding="utf-8")
    levels = wbroles.load_compensation(folder)["level"]
    assert list(levels.cat.categories) == ["L6", "L5"]


# --- where the data comes from ---------------------------------------------------------------


def test_loaders_work_from_another_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    comp = wbroles.load_compensation()
    assert len(comp) == ROW_COUNTS["compensation"]


def test_environment_variable_names_the_folder(tmp_path, monkeypatch):
    folder = data_copy(tmp_path)
    set_pm_l5_total_high(folder, 460_000)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    comp = wbroles.load_compensation()
    assert band(comp, "PM", "L5", "total")["high"] == 460_000


def test_argument_wins_over_environment_variable(tmp_path, monkeypatch):
    from_env = data_copy(tmp_path, "from_env")
    set_pm_l5_total_high(from_env, 460_000)
    from_arg = data_copy(tmp_path, "from_arg")
    set_pm_l5_total_high(from_arg, 470_000)
    monkeypatch.setenv(DATA_DIR_ENV, str(from_env))
    assert band(wbroles.load_compensation(from_arg), "PM", "L5", "total")["high"] == 470_000
    assert band(wbroles.load_compensation(str(from_arg)), "PM", "L5", "total")["high"] == 470_000


def test_relative_argument_is_read_from_the_working_directory(tmp_path, monkeypatch):
    folder = data_copy(tmp_path)
    set_pm_l5_total_high(folder, 460_000)
    monkeypatch.chdir(tmp_path)
    comp = wbroles.load_compensation("data")
    assert band(comp, "PM", "L5", "total")["high"] == 460_000


def test_broken_data_raises_data_error(tmp_path):
    folder = data_copy(tmp_path)
    (folder / "levels.csv").unlink()
    with pytest.raises(DataError, match=r"levels\.csv: file is missing"):
        wbroles.load_compensation(folder)


def test_a_loader_reads_only_the_tables_it_needs(tmp_path):
    folder = data_copy(tmp_path)
    (folder / "skills.csv").write_bytes(b"")
    assert len(wbroles.load_compensation(folder)) == ROW_COUNTS["compensation"]
    with pytest.raises(DataError, match=r"skills\.csv: file is empty"):
        wbroles.load_skills(folder)
    with pytest.raises(DataError, match=r"skills\.csv: file is empty"):
        wbroles.load_all(folder)


# --- the cache ---------------------------------------------------------------------------------


def test_cache_sees_a_file_edit(tmp_path):
    folder = data_copy(tmp_path)
    assert band(wbroles.load_compensation(folder), "PM", "L5", "total")["high"] == 450_000
    set_pm_l5_total_high(folder, 460_000)  # same size: only the modification time changes
    assert band(wbroles.load_compensation(folder), "PM", "L5", "total")["high"] == 460_000


def test_cache_sees_a_referenced_table_change(tmp_path):
    folder = data_copy(tmp_path)
    wbroles.load_compensation(folder)
    (folder / "roles.csv").unlink()
    with pytest.raises(DataError, match=r"roles\.csv: file is missing"):
        wbroles.load_compensation(folder)


def test_cached_frames_are_not_shared_with_callers(tmp_path):
    folder = data_copy(tmp_path)
    first = wbroles.load_compensation(folder)
    first.loc[0, "low"] = -1.0
    first["extra"] = 1
    again = wbroles.load_compensation(folder)
    assert again.loc[0, "low"] == 280_000
    assert "extra" not in again
    everything = wbroles.load_all(folder)
    everything["compensation"].loc[0, "low"] = -1.0
    assert wbroles.load_all(folder)["compensation"].loc[0, "low"] == 280_000


def test_unknown_table_name_lists_the_tables():
    with pytest.raises(ValueError, match=r"unknown table 'salaries'; choose from: ") as caught:
        load.load_table("salaries")
    assert str(caught.value).endswith(", ".join(TABLES))


def test_loaders_keep_the_rows_of_the_chosen_company(two_company_data):
    data = two_company_data
    every = load.load_compensation(data)
    acme = load.load_compensation(data, company="Acme Tools")
    assert set(every["company"]) == {"Weights & Biases", "Acme Tools"}
    assert set(acme["company"]) == {"Acme Tools"}
    assert len(acme) == (every["company"] == "Acme Tools").sum() == len(every) // 2
    assert list(acme.index) == list(range(len(acme)))
    both = load.load_levels(data, company=["Acme Tools", "Weights & Biases"])
    assert len(both) == len(load.load_levels(data))


def test_an_unknown_company_names_the_companies_the_table_holds(two_company_data):
    data = two_company_data
    with pytest.raises(ValueError) as caught:
        load.load_roles(data, company="Initech")
    assert str(caught.value) == (
        "unknown company 'Initech'; choose from: Weights & Biases, Acme Tools"
    )
