"""One loader per data table: validated, tidy pandas frames with categorical codes.

Every loader takes the data folder (default: ``WBROLES_DATA_DIR``, else the project's
``data/``), validates the table together with the tables it refers to, and raises
:class:`wbroles.DataError` listing every problem found. Results are cached per folder
and file state, so a notebook that loads a table twice validates it once.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .paths import HANDOVER_ENV, resolve_data_dir
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
        frame.attrs = {"table": name}
        out[name] = frame[columns(TABLES[name])]
    return out


def load_table(
    name: str, data_dir: PathLike = None, *, company: str | Iterable[str] | None = None
) -> pd.DataFrame:
    """Load and validate one table by name (see ``wbroles.schemas.TABLES``).

    ``company`` keeps that company's rows (or those of several); an unknown one raises
    ``ValueError`` naming the companies the table holds.
    """
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; choose from: {', '.join(TABLES)}")
    folder = resolve_data_dir(data_dir)
    frames = _handed_over(folder, tuple(required_tables(list(TABLES))))
    if frames is None:
        names = tuple(required_tables([name]))
        frames = _validated(folder, names, _signature(folder, names))
    frame = frames[name]
    if company is not None and "company" in frame:
        frame = frame[frame["company"].isin(_companies(frame, company, name))]
    frame = frame.reset_index(drop=True)
    frame.attrs = {"table": name, "data_dir": str(folder)}
    return frame


def _companies(frame: pd.DataFrame, company: str | Iterable[str], table: str) -> list[str]:
    wanted = [company] if isinstance(company, str) else list(company)
    available = list(dict.fromkeys(frame["company"]))
    unknown = [c for c in wanted if c not in available]
    if unknown or not wanted:
        raise ValueError(
            f"unknown company {', '.join(map(repr, unknown)) or '(none given)'} in {table}; "
            f"choose from: {', '.join(available)}"
        )
    return wanted


def load_all(data_dir: PathLike = None) -> dict[str, pd.DataFrame]:
    """Every table of the folder, validated in one pass (all problems reported at once)."""
    folder = resolve_data_dir(data_dir)
    names = tuple(required_tables(list(TABLES)))
    frames = _handed_over(folder, names) or _validated(folder, names, _signature(folder, names))
    out = {}
    for name, frame in frames.items():
        out[name] = frame.copy()
        out[name].attrs = {"table": name, "data_dir": str(folder)}
    return out


def hand_over(path: Path, data_dir: PathLike = None) -> None:
    """Validate every table of ``data_dir`` and write the frames to ``path`` for
    :func:`load_all` in processes whose ``WBROLES_VALIDATED_FRAMES`` names that file.

    The file is used only while every data file keeps the size and modification time it had
    here; raises :class:`wbroles.DataError` for invalid data (nothing is written then).
    """
    folder = resolve_data_dir(data_dir)
    names = tuple(required_tables(list(TABLES)))
    signature = _signature(folder, names)
    frames = _validated(folder, names, signature)
    record = {"key": (str(folder), names, signature), "frames": frames}
    Path(path).write_bytes(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))


def _handed_over(folder: Path, names: tuple[str, ...]) -> dict | None:
    """The frames a report build handed over for these files in their present state, if any."""
    path = os.environ.get(HANDOVER_ENV)
    if not path:
        return None
    try:
        record = _read_handover(path, os.stat(path).st_mtime_ns)
    except (OSError, pickle.UnpicklingError, EOFError):
        return None  # validate here instead
    if record.get("key") != (str(folder), names, _signature(folder, names)):
        return None
    return record["frames"]


@lru_cache(maxsize=2)
def _read_handover(path: str, mtime_ns: int) -> dict:
    # Written by the report build that started this process, in its private folder.
    return pickle.loads(Path(path).read_bytes())


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
