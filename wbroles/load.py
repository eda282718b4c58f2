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

from .format import choose_many
from .paths import resolve_data_dir
from .schemas import TABLES
from .validation import columns, required_tables, validate_tables

PathLike = str | os.PathLike | None


def _signature(data_dir: Path, names: tuple[str, ...]) -> tuple:
    state = []
    for name in names:
        try:
            st = (data_dir / TABLES[name].file).stat()
            state.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            state.append((name, None, None))
    return tuple(state)


@lru_cache(maxsize=32)
def _validated(data_dir: Path, names: tuple[str, ...], signature: tuple) -> dict:
    frames = validate_tables(data_dir, list(names))
    return _with_categories(frames)


def _with_categories(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Role codes become categoricals (file order), level codes ordered ones (by rank)."""
    roles = frames.get("roles")
    levels = frames.get("levels")
    role_order = list(dict.fromkeys(roles["role"])) if roles is not None else None
    level_order = (
        list(dict.fromkeys(levels.sort_values(["rank", "level"], kind="stable")["level"]))
        if levels is not None
        else None
    )
    out = {}
    for name, frame in frames.items():
        frame = frame.reset_index(drop=True)
        if role_order is not None and "role" in frame:
            frame["role"] = pd.Categorical(frame["role"], categories=role_order)
        if level_order is not None and "level" in frame:
            frame["level"] = pd.Categorical(frame["level"], categories=level_order, ordered=True)
        out[name] = frame[columns(TABLES[name])]
    return out


def load_table(
    name: str, data_dir: PathLike = None, *, company: str | Iterable[str] | None = None
) -> pd.DataFrame:
    """Load and validate one table by name (see ``wbroles.schemas.TABLES``).

    ``company`` keeps that company's rows (or those of several); an unknown one raises
    ``ValueError`` naming the companies the table holds.
    """
    choose_many("table", [name], list(TABLES))
    folder = resolve_data_dir(data_dir)
    names = tuple(required_tables([name]))
    frame = _validated(folder, names, _signature(folder, names))[name]
    if company is not None and "company" in frame:
        companies = list(dict.fromkeys(frame["company"]))
        frame = frame[frame["company"].isin(choose_many("company", company, companies))]
    return frame.reset_index(drop=True)


def load_all(data_dir: PathLike = None) -> dict[str, pd.DataFrame]:
    """Every table of the folder, validated in one pass (all problems reported at once)."""
    folder = resolve_data_dir(data_dir)
    names = tuple(required_tables(list(TABLES)))
    frames = _validated(folder, names, _signature(folder, names))
    return {name: frame.copy() for name, frame in frames.items()}


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
