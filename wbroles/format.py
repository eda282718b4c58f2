"""The bottom layer: how every number, label and choice reads, and text made safe for the place
it goes. Every other module imports these from here; this module imports nothing of wbroles
but its errors.

Money reads as people say it ("$280k", "$1.25M"), an open upper bound keeps its "+"
("$400k–$650k+"), and a value the source does not state reads "not stated", never 0.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence

from .errors import ParameterError

DASH = "\u2013"
MINUS = "\u2212"
NOT_STATED = "not stated"
COMPONENT_LABELS = {
    "total": "Total compensation",
    "base": "Base salary",
    "bonus": "Target bonus",
    "equity": "Equity per year",
    "sign_on": "Sign-on bonus",
}
ROLE_LABELS = {"PM": "Product Manager (PM)", "TPM": "Technical Program Manager (TPM)"}
PERCENT_UNITS = ("pct_of_base", "pct_of_company")
_SCALES = ((1e12, "T", 2), (1e9, "B", 2), (1e6, "M", 2), (1e3, "k", 1))  # and decimals


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value, *, open_high: bool = False) -> str:
    """``value`` in dollars as people say them: '$950', '$280k', '$1.25M'; ``open_high``
    adds the '+' of an open bound. A missing value reads "not stated"."""
    if _missing(value):
        return NOT_STATED
    value = float(value)
    sign, amount = "-" if value < 0 else "", abs(value)
    if math.isinf(amount):
        return f"{sign}$\u221e"
    scale, suffix, digits = next((s for s in _SCALES if amount >= s[0]), (1, "", 0))
    text = f"{amount / scale:,.{digits}f}"
    text = text.rstrip("0").rstrip(".") if digits else text
    return f"{sign}${text}{suffix}{'+' if open_high else ''}"


def signed_money(value) -> str:
    """'+$20k', '−$14k' or '$0': a difference."""
    if _missing(value) or value == 0:
        return money(value) if _missing(value) else "$0"
    return ("+" if value > 0 else MINUS) + money(abs(value))


def number(value) -> str:
    """A plain number without trailing zeros: 12, 12.5, 0.05."""
    return NOT_STATED if _missing(value) else f"{float(value):.10g}"


def percent(value, *, digits: int | None = None, signed: bool = False) -> str:
    """'12%', '12.5%', '+7.7%' (``digits`` fixes the decimals)."""
    if _missing(value):
        return NOT_STATED
    text = number(abs(value)) if digits is None else f"{abs(value):.{digits}f}"
    sign = MINUS if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}{text}%"


def points(value) -> str:
    """A difference of percentages: '+5 pp', '−2.5 pp', '0 pp'."""
    return percent(value, signed=True)[:-1] + " pp"


def amount(value, unit: str) -> str:
    """A value in its unit: money for dollars, '12%' for a percent of base or of the company."""
    return percent(value) if unit in PERCENT_UNITS else money(value)


def band(low, high, *, open_high: bool = False, unit: str = "usd_per_year") -> str:
    """The band from ``low`` to ``high``: '$280k–$450k', '$400k–$650k+' (``open_high``), or
    '10%–15%' when ``unit`` is a percentage."""
    if unit in PERCENT_UNITS:
        return f"{percent(low)}{DASH}{percent(high)}{'+' if open_high else ''}"
    return f"{money(low)}{DASH}{money(high, open_high=open_high)}"


def label(code: str, labels: dict[str, str] | None = None) -> str:
    """The display label of ``code`` in ``labels`` (default ``COMPONENT_LABELS``), else the code."""
    return (labels if labels is not None else COMPONENT_LABELS).get(str(code), str(code))


def level_label(level, titles=None) -> str:
    """'L6 Principal' for ``level`` from ``titles`` (the levels table), else the code."""
    if titles is not None and len(titles):
        match = titles.loc[titles["level"].astype(str) == str(level), "title"]
        if len(match):
            return f"{level} {match.iloc[0]}"
    return str(level)


def source_label(source_id, sources=None) -> str:
    """'Weights & Biases pm vs tpm (2026-05-25)' from the sources table, else the id."""
    if sources is not None and len(sources):
        match = sources.loc[sources["source_id"].astype(str) == str(source_id)]
        if len(match):
            return f"{match['keyword'].iloc[0]} ({match['date'].iloc[0]})"
    return str(source_id)


def source_line(source_ids: Iterable, sources=None) -> str:
    """'Source: …' (or 'Sources: …; …') naming each of ``source_ids`` once, in order, by
    keyword and date from ``sources``."""
    names = list(dict.fromkeys(source_label(s, sources) for s in source_ids))
    return f"{'Source' if len(names) == 1 else 'Sources'}: " + "; ".join(names)


# --- the one number rule -------------------------------------------------------------------------

# Written as plain ASCII digits with at most one decimal point ("-" only so that a negative
# value is named as such); then within the plausible range of its unit.
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
NUMBER_RULE = "write plain digits, e.g. 280000"
LIMITS = {
    "usd_per_year": (0, 100_000_000),
    "usd": (0, 1_000_000_000),
    "pct_of_base": (0, 100),
    "pct_of_company": (0, 100),
    "pct": (0, 100),
    "days": (0, 3_650),
    "rounds": (0, 100),
    "years": (0, 80),
    "count": (0, 1_000_000),
    "months": (0, 600),
    "pct_of_grant": (0, 100),
}


UNIT_WORDS = {
    "usd_per_year": "US dollars a year",
    "usd": "US dollars",
    "pct_of_base": "percent of base",
    "pct_of_company": "percent of the company",
    "pct": "percent",
    "months": "months",
    "pct_of_grant": "percent of the initial grant a year",
}


def to_number(name: str, value, unit: str | None = None) -> float:
    """``value`` (text or a number) as a float, checked against the one number rule and the
    range of ``unit`` (see ``LIMITS``); ParameterError naming ``name`` and the value otherwise."""
    if isinstance(value, str):
        shown = value.strip()  # the value as written, in every message
        if not NUMBER.fullmatch(shown):
            raise ParameterError(f"{name}: {plain(value)!r} is not a number ({NUMBER_RULE})")
        value = float(shown)
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    else:
        shown = number(value)
    value = float(value)
    low, high = LIMITS.get(unit or "", (-math.inf, math.inf))
    what = f" ({UNIT_WORDS.get(unit, unit)})" if unit else ""
    if not math.isfinite(value):
        raise ParameterError(f"{name}: {value} is not a finite number")
    if value < low:
        raise ParameterError(f"{name}: {shown} is below {number(low)}{what}")
    if value > high:
        raise ParameterError(f"{name}: {shown} is above {number(high)}{what}")
    return value


# --- shared parameter docs -----------------------------------------------------------------------

# Parameter documentation that functions share, written once (as seaborn's _docstrings and
# plotly's _doc do); a builder's docstring names them as {company}, {roles}, ...
DOCS = {
    "company": "company : str, optional\n"
    "        The company to draw; required when the frame holds several.",
    "roles": "roles : str or list of str, optional\n"
    "        Roles to draw, in the order given (default: all); the first is compared with\n"
    "        the second.",
    "levels": "levels : list of str, optional\n        Levels to draw (default: all, by rank).",
    "sources": "sources : DataFrame, optional\n"
    "        The sources table (``load_sources``), to name each source by keyword and date in\n"
    "        the hover and the source line; without it the source ids are shown.",
    "level_titles": "level_titles : DataFrame, optional\n"
    '        The levels table (``load_levels``), to label levels "L6 Principal".',
    "raises": "Raises\n    ------\n    ValueError\n"
    "        For an empty frame; ParameterError (a ValueError) for several companies without\n"
    "        ``company=`` or an unknown company, role, level or component, naming the choices.",
}


def documented(**extra: str):
    """A decorator filling a docstring's placeholders ({company}, {roles}, ...) from ``DOCS``
    and from ``extra``, the entries a module adds for its own parameters; the one mechanism
    for shared parameter docs."""

    def fill(func):
        func.__doc__ = func.__doc__.format(**{**DOCS, **extra})
        return func

    return fill


# --- choices -------------------------------------------------------------------------------------


def choices_text(allowed: Iterable) -> str:
    """``allowed`` as the list an error names: 'L5, L6' (or 'none')."""
    return ", ".join(map(str, allowed)) or "none"


def choose(name: str, value, allowed: Sequence):
    """``value`` if it is one of ``allowed``; else ParameterError "unknown level 'L9';
    choose from: L5, L6"."""
    allowed = list(allowed)
    if not allowed:  # a header-only table: nothing to choose from, whatever was asked
        raise ParameterError(f"no {name} to choose from: the data holds none")
    if value not in allowed or isinstance(value, bool):
        raise ParameterError(f"unknown {name} {value!r}; choose from: {choices_text(allowed)}")
    return value


def choose_many(name: str, values, allowed: Sequence) -> list:
    """Each of ``values`` checked by :func:`choose`, in the order given; ``None`` means all
    of ``allowed``; a single string means one value. Repeats and an empty list are errors."""
    allowed = list(allowed)
    if values is None:
        return allowed
    values = [values] if isinstance(values, str) else list(values)
    if not values:
        raise ParameterError(f"no {name} given; choose from: {choices_text(allowed)}")
    for value in values:
        choose(name, value, allowed)
    twice = [v for i, v in enumerate(values) if v in values[:i]]
    if twice:
        raise ParameterError(f"{name} {twice[0]!r} is given twice")
    return values


# --- text from data, made safe for where it goes --------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def plain(text) -> str:
    """One line of text with control characters (line breaks, terminal escapes, bidi
    overrides) replaced by '?': safe to print, and one line stays one line."""
    return _CONTROL.sub("?", unicodedata.normalize("NFC", str(text)))


def markdown_text(text) -> str:
    """Text for Markdown (and the HTML it becomes): no link, emphasis or markup. "$" is left
    to ``narrative.markdown``, which escapes every one of them, so no maths span opens."""
    return _MARKDOWN.sub(r"\\\1", plain(text)).replace("\n", " ")


def svg_text(text, width: int | None = None) -> str:
    """Text for plotly labels and hovers, which read <b>, <a>, <br> as markup: tags escaped,
    and long text wrapped with <br> at ``width`` characters."""
    lines = textwrap.wrap(plain(text), width) if width else [plain(text)]
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def quote_text(quote, width: int = 70) -> str:
    """``quote`` in curly quotes for a hover, escaped and wrapped at ``width`` characters."""
    return svg_text(f"\u201c{quote}\u201d", width)


# The classes that JupyterLab's MathJax skips: money such as "$280k-$450k" is never maths.
NO_MATH = "tex2jax_ignore mathjax_ignore"
