"""Parameters of the notebooks, of ``wbroles report -p`` and of ``wbroles offer``: one coercion
to the declared type, and one check against the data, both with one clear line per mistake.

Values come as text (the command line), as papermill converts them (``-p level 007`` arrives as
the int 7) or as a notebook's defaults; :func:`coerce` turns each into its declared type or
raises :class:`~wbroles.errors.ParameterError` naming the parameter, the value and the rule.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ParameterError
from .format import choices_text, choose, choose_many, plain, to_number
from .paths import resolve_data_dir

# The unit (and so the plausible range, format.LIMITS) of each numeric parameter.
UNITS = {
    "base": "usd_per_year",
    "bonus_pct": "pct_of_base",
    "equity_total": "usd",
    "equity_annual": "usd_per_year",
    "equity_share": "pct_of_company",
    "equity_units": "count",
    "sign_on": "usd",
    "cliff_months": "months",
    "refresher": "usd_per_year",
    "refresher_pct": "pct_of_grant",
    "min_n": "count",
}


def _declared(declared: str) -> tuple[str, bool]:
    """('float', True) for "Optional[float]", "float | None" or "None|float"."""
    text = re.sub(r"^Optional\[(.+)\]$", r"\1|None", declared.replace(" ", "").strip("\"'"))
    kinds = [kind for kind in text.split("|") if kind != "None"]
    return "|".join(kinds), "None" in text.split("|")


def coerce(name: str, value, declared: str = "str"):
    """``value`` as the type a notebook declares for ``name`` (papermill's type name:
    "str", "Optional[str]", "list[str]", "int", "float", "Optional[float]", "bool").

    Text is read strictly: numbers by the one number rule (plain digits), lists as
    comma-separated codes, booleans as true/false; "None" means None only where the type is
    optional. Raises ParameterError naming the parameter, the value and what it should be.
    """
    kind, optional = _declared(declared)
    if value is None or (optional and value == "None"):
        if optional:
            return None
        raise ParameterError(f"{name} needs a value ({kind}), got None")
    if kind.startswith("list"):
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
            raise ParameterError(
                f'{name} must be a list of codes such as ["PM", "TPM"] or PM,TPM, got {value!r}'
            )
        return [i.strip() for i in items if i.strip()]
    if kind in ("int", "float"):
        number = to_number(name, value, UNITS.get(name))
        if kind == "float":
            return number
        if not number.is_integer():
            raise ParameterError(f"{name} must be a whole number, got {plain(value)!r}")
        return int(number)
    if kind == "bool":
        if isinstance(value, str) and value.lower() in ("true", "false"):
            value = value.lower() == "true"
        if isinstance(value, bool):
            return value
        raise ParameterError(f"{name} must be true or false, got {value!r}")
    if not isinstance(value, str):
        raise ParameterError(
            f"{name} must be text, got {value!r} ({type(value).__name__}); "
            f"with papermill use -r {name} VALUE to pass text as it is"
        )
    return value


@dataclass(frozen=True)
class Params:
    """Checked parameters: the data folder, the company, roles and levels (in the order
    given), the focus level and component."""

    data_dir: Path
    company: str
    roles: list[str]
    levels: list[str]
    level: str | None
    component: str | None


def check_params(
    *,
    data_dir: str | os.PathLike | None = None,
    company: str | None = None,
    roles: list[str] | str | None = None,
    levels: list[str] | str | None = None,
    level: str | None = None,
    component: str | None = None,
    compare: bool = False,
) -> Params:
    """Check notebook parameters against the data; raise ParameterError naming the choices.

    Parameters
    ----------
    data_dir : str or Path, optional
        The data folder (default: ``$WBROLES_DATA_DIR``, else the bundled ``data/``).
    company : str, optional
        The company (default: the data's only company; an error if it holds several).
    roles, levels : list of str or comma-separated text, optional
        Roles and levels to show, in this order (default: all of the company's).
    level, component : str, optional
        The level and the pay component the findings focus on.
    compare : bool
        Require at least two roles (the first is compared with the second).

    Raises
    ------
    wbroles.DataError
        For invalid data (every problem listed).
    ParameterError
        For a parameter the data cannot answer.
    """
    from .load import load_all

    data_dir = os.fspath(data_dir) if isinstance(data_dir, os.PathLike) else data_dir
    folder = resolve_data_dir(coerce("data_dir", data_dir, "Optional[str]"))
    if not folder.is_dir():
        raise ParameterError(f"data_dir {str(folder)!r} is not a folder")
    comp = load_all(folder)["compensation"]
    companies = list(dict.fromkeys(comp["company"]))
    if not companies:
        raise ParameterError(f"the data in {folder} holds no compensation bands")
    company = coerce("company", company, "Optional[str]")
    if company is None and len(companies) > 1:
        raise ParameterError(
            f"the data holds several companies; set company to one of: {choices_text(companies)}"
        )
    company = choose("company", companies[0] if company is None else company, companies)
    comp = comp[comp["company"] == company]
    all_roles, all_levels = (
        list(comp[c].cat.remove_unused_categories().cat.categories) for c in ("role", "level")
    )
    roles = choose_many("role", coerce("roles", roles, "Optional[list[str]]"), all_roles)
    if compare and len(roles) < 2:
        raise ParameterError(
            f"choose at least two roles to compare, got {choices_text(roles)}; "
            f"choose from: {choices_text(all_roles)}"
        )
    levels = choose_many("level", coerce("levels", levels, "Optional[list[str]]"), all_levels)
    level = _choose_one("level", level, all_levels)
    component = _choose_one("component", component, list(dict.fromkeys(comp["component"])))
    return Params(folder, company, roles, levels, level, component)


def _choose_one(name: str, value, allowed: list[str]) -> str | None:
    """``value`` as text, or None, checked against ``allowed``."""
    value = coerce(name, value, "Optional[str]")
    return None if value is None else choose(name, value, allowed)
