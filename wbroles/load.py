"""One loader per data table: validated, tidy pandas frames with categorical codes.

Every loader takes the data folder (default: ``WBROLES_DATA_DIR``, else the project's
``data/``), validates the table together with the tables it refers to, and raises
:class:`wbroles.DataError` listing every problem found. Results are cached per folder
and file state, so a notebook that loads a table twice validates it once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .format import choose, choose_many
from .paths import resolve_data_dir
from .schemas import TABLES
from .validation import columns, required_tables, validate_tables

PathLike = str | os.PathLike | None


def _state(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError:
        return None, None
    return st.st_mtime_ns, st.st_size


def _frames(data_dir: PathLike, names: list[str]) -> dict[str, pd.DataFrame]:
    """The tables ``names`` and those they refer to, validated; cached by folder and file state."""
    folder, names = resolve_data_dir(data_dir), tuple(required_tables(names))
    return _validated(folder, names, tuple(_state(folder / TABLES[n].file) for n in names))


@lru_cache(maxsize=32)
def _validated(data_dir: Path, names: tuple[str, ...], signature: tuple) -> dict:
    """Role codes become categoricals (file order), level codes ordered ones (by rank)."""
    frames = validate_tables(data_dir, list(names))
    types = {}
    if "roles" in frames:
        types["role"] = pd.CategoricalDtype(list(dict.fromkeys(frames["roles"]["role"])))
    if "levels" in frames:
        levels = frames["levels"].sort_values(["rank", "level"], kind="stable")["level"]
        types["level"] = pd.CategoricalDtype(list(dict.fromkeys(levels)), ordered=True)
    return {
        name: frame.astype({c: t for c, t in types.items() if c in frame}).reset_index(drop=True)
        for name, frame in frames.items()
    }


def load_table(
    name: str, data_dir: PathLike = None, *, company: str | Iterable[str] | None = None
) -> pd.DataFrame:
    """Load and validate one table by name (see ``wbroles.schemas.TABLES``).

    ``company`` keeps that company's rows (or those of several); an unknown one raises
    ``ValueError`` naming the companies the table holds.
    """
    frame = _frames(data_dir, [choose("table", name, list(TABLES))])[name]
    if company is not None and "company" in frame:
        companies = list(dict.fromkeys(frame["company"]))
        frame = frame[frame["company"].isin(choose_many("company", company, companies))]
    return frame.reset_index(drop=True)


def load_all(data_dir: PathLike = None) -> dict[str, pd.DataFrame]:
    """Every table of the folder, validated in one pass (all problems reported at once)."""
    return {name: frame.copy() for name, frame in _frames(data_dir, list(TABLES)).items()}


def _loader(name: str):
    def load(
        data_dir: PathLike = None, *, company: str | Iterable[str] | None = None
    ) -> pd.DataFrame:
        return load_table(name, data_dir, company=company)

    load.__name__ = load.__qualname__ = f"load_{name}"
    load.__doc__ = (
        f"Load ``{TABLES[name].file}``: {TABLES[name].description}.\n\n"
        f"Columns: {', '.join(columns(TABLES[name]))}.\n"
        "``role`` is categorical and ``level`` an ordered categorical where present.\n"
        "``company=`` keeps one company's rows (or several); an unknown one raises ValueError.\n"
        "Raises wbroles.DataError listing every problem in the files read."
    )
    return load


load_sources = _loader("sources")
load_roles = _loader("roles")
load_levels = _loader("levels")
load_role_facts = _loader("role_facts")
load_compensation = _loader("compensation")
load_offer_points = _loader("offer_points")
load_negotiations = _loader("negotiations")
load_audience = _loader("audience")
load_skill_axes = _loader("skill_axes")
load_skills = _loader("skills")
load_interview_rounds = _loader("interview_rounds")
load_interview_process = _loader("interview_process")
load_rubric = _loader("rubric")
load_career_paths = _loader("career_paths")
