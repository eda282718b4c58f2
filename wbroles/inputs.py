"""The inputs of ``wbroles report``: ``-p`` text to the type each notebook declares, paths
made absolute, and every value checked once, up front, by the code the notebooks call."""

from __future__ import annotations

import ast
from pathlib import Path

PATH_PARAMETERS = ("data_dir", "observations", "observation_sources")
BAND_PARAMETERS = ("company", "roles", "levels", "level", "component")


def resolve_path_parameters(raw: dict[str, str], cwd: Path) -> dict[str, str]:
    """``raw`` with the paths (data_dir, observations, observation_sources) made absolute
    against ``cwd``, the caller's folder: kernels run in the output folder."""
    return {
        k: v if k not in PATH_PARAMETERS or v in ("", "None") else str((cwd / v).resolve())
        for k, v in raw.items()
    }


def check_names(declared, raw: dict[str, str]) -> None:
    """ParameterError for the first name in ``raw`` that none of ``declared`` (the parameter
    names of each notebook) takes."""
    from .errors import ParameterError

    known = sorted({p for names in declared for p in names})
    unknown = [name for name in raw if name not in known]
    if unknown:
        raise ParameterError(
            f"unknown parameter {unknown[0]!r}; the notebooks take: {', '.join(known)}"
        )


def typed_parameters(declared: dict[str, dict], raw: dict[str, str]) -> dict[str, dict]:
    """Each notebook's ``-p`` values, converted by :func:`wbroles.params.coerce` to the type the
    notebook declares (``declared``: papermill.inspect_notebook of each notebook; ``raw``: the
    text given).

    Raises ParameterError for a name no notebook declares, or a value of the wrong type.
    """
    from .params import coerce

    check_names(declared.values(), raw)
    return {
        nb: {k: coerce(k, v, d[k]["inferred_type_name"]) for k, v in raw.items() if k in d}
        for nb, d in declared.items()
    }


def with_defaults(declared: dict, values: dict) -> dict:
    """The values a notebook will run with: its declared defaults, then ``values``."""
    defaults = {}
    for name, info in declared.items():
        try:
            defaults[name] = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            defaults[name] = None
    return {**defaults, **values}


def check_values(values: dict) -> None:
    """Check one notebook's values (defaults included) as the notebook will: the offer by
    ``offer_from_params``, observations against the observations file it reads (its company,
    level and component), bands by ``check_params``. Raises ParameterError or DataError."""
    from .params import check_params

    data_dir = values.get("data_dir")
    if "base" in values:  # the offer check: None takes the reported offer's term, as there
        from .load import load_all
        from .offer import TERMS, reported_or_given

        p = check_params(data_dir=data_dir, company=values.get("company"), level=values["level"])
        terms = {k: v for k, v in values.items() if k in TERMS}
        reported_or_given(load_all(p.data_dir), **terms | {"company": p.company})
    elif "min_n" in values:  # observed pay: company, level and component of the file
        _check_observed(values)
    else:
        bands = {k: values[k] for k in BAND_PARAMETERS if k in values}
        check_params(data_dir=data_dir, compare="roles" in values, **bands)
        if values.get("observations"):
            _check_observed({**values, "company": None, "level": None, "component": None})


def _check_observed(values: dict) -> None:
    """The observations file opens, and holds the company, level and component asked for.

    TODO(observations): wbroles.observations should offer this check itself, so that the
    notebook and this build share it; until then it uses the notebook's own calls.
    """
    from .format import choose
    from .observations import pick_company
    from .percentiles import COMPONENTS, open_observations

    summary, _ = open_observations(
        values.get("observations"),
        sources=values.get("observation_sources"),
        data_dir=values.get("data_dir"),
    )
    company = pick_company(summary, values.get("company"))
    if values.get("level") is not None:
        levels = sorted({str(v) for v in summary.loc[summary["company"] == company, "level"]})
        choose("level", values["level"], levels)
    if values.get("component") is not None:
        choose("component", values["component"], list(COMPONENTS))


def check_all(declared: dict[str, dict], values: dict[str, dict]) -> None:
    """:func:`check_values` for every notebook, each distinct set of values once."""
    seen = set()
    for name, given in values.items():
        full = with_defaults(declared[name], given)
        key = repr(sorted(full.items()))
        if key not in seen:
            seen.add(key)
            check_values(full)
