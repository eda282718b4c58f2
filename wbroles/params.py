"""Checking a notebook's parameters against the data, with one clear line per mistake.

Papermill converts ``-p`` values loosely (``-p level 007`` arrives as the int 7, ``-p roles PM``
as a string), so the checks accept a comma-separated string for a list and reject values of
the wrong type by name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .paths import resolve_data_dir


class ParameterError(ValueError):
    """A notebook or report parameter that the data cannot answer."""


@dataclass(frozen=True)
class Params:
    data_dir: Path
    company: str
    roles: list[str]
    levels: list[str]
    level: str | None
    component: str | None


def _as_list(name: str, value) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, Iterable):
        items = list(value)
        if all(isinstance(v, str) for v in items):
            return items
    raise ParameterError(f'{name} must be a list of codes such as ["PM", "TPM"], got {value!r}')


def _pick(name: str, wanted: list[str] | None, available: list[str]) -> list[str]:
    if wanted is None:
        return available
    unknown = [v for v in wanted if v not in available]
    if unknown or not wanted:
        raise ParameterError(
            f"unknown {name} {', '.join(map(repr, unknown)) or '(none given)'}; "
            f"choose from: {', '.join(available)}"
        )
    return [v for v in available if v in wanted]


def _one(name: str, value, available: list[str]) -> str:
    if not isinstance(value, str):
        raise ParameterError(
            f"{name} must be one of {', '.join(available)} (text), got {value!r} "
            f"({type(value).__name__}); with papermill use -r {name} VALUE to pass text as is"
        )
    return _pick(name, [value], available)[0]


def check_params(
    *,
    data_dir: str | os.PathLike | None = None,
    company: str | None = None,
    roles: Iterable[str] | str | None = None,
    levels: Iterable[str] | str | None = None,
    level: str | None = None,
    component: str | None = None,
    compare: bool = False,
) -> Params:
    """Validate notebook parameters against the data; raise ``ParameterError`` naming choices.

    ``company=None`` means the data's only company (an error if it holds several);
    ``roles``/``levels`` of ``None`` mean all of that company's roles and levels.
    ``compare=True`` requires at least two roles (the first is compared with the second).
    """
    from .load import load_all

    folder = resolve_data_dir(data_dir)
    if not folder.is_dir():
        raise ParameterError(f"data_dir {str(folder)!r} is not a folder")
    # Every table, not just the bands: the notebook loads them all next, from this cache.
    comp = load_all(folder)["compensation"]
    companies = list(dict.fromkeys(comp["company"]))
    if company is None:
        if len(companies) != 1:
            raise ParameterError(
                f"the data holds several companies; set company to one of: {', '.join(companies)}"
            )
        company = companies[0]
    company = _one("company", company, companies)
    comp = comp[comp["company"] == company]
    all_roles = [r for r in comp["role"].cat.categories if r in set(comp["role"])]
    all_levels = [lv for lv in comp["level"].cat.categories if lv in set(comp["level"])]
    chosen_roles = _pick("role", _as_list("roles", roles), all_roles)
    if compare and len(chosen_roles) < 2:
        raise ParameterError(
            f"choose at least two roles to compare, got {', '.join(chosen_roles)}; "
            f"choose from: {', '.join(all_roles)}"
        )
    chosen_levels = _pick("level", _as_list("levels", levels), all_levels)
    if level is not None:
        level = _one("level", level, all_levels)
    if component is not None:
        component = _one("component", component, list(dict.fromkeys(comp["component"])))
    return Params(folder, company, chosen_roles, chosen_levels, level, component)
