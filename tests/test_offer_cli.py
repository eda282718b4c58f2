"""The offer check from the outside: ``wbroles offer`` in a subprocess, and
``notebooks/offer_check.ipynb`` under papermill with a few offers (inside, below, above, an open
band, a bad parameter). Kernel starts cost seconds, so the notebook runs share one fixture and run
in parallel threads.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from wbroles.format import NO_MATH
from wbroles.offer import OPEN_FLOOR_TEXT, reported_offer

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "offer_check.ipynb"
EXAMPLE_ARGS = [
    "--role", "PM", "--level", "L5", "--base", "185000", "--bonus-pct", "12",
    "--equity-total", "400000", "--vesting", "front", "--sign-on", "20000",
]  # fmt: skip


def wbroles(*args: str, env_data: Path | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "wbroles_cli", "offer", *args]
    if env_data is not None:
        command += ["--data-dir", str(env_data)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)


def has_row(text: str, cells: list[str]) -> bool:
    """Whether a line of ``text`` holds exactly these cells, in order, as pandas' to_string
    aligns them (one space or more between cells)."""
    pattern = re.compile(r"\s+".join(map(re.escape, cells)))
    return any(pattern.fullmatch(line.strip()) for line in text.splitlines())


# --- the command -------------------------------------------------------------------------------


def test_offer_command_prints_placement_and_years():
    result = wbroles(*EXAMPLE_ARGS)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "PM L5 offer at Weights & Biases: base $185k, bonus 12% ($22.2k), equity $400k over "
        "4 years (front 40/30/20/10), sign-on $20k"
    )
    out = result.stdout
    # base 185k in 170k-220k: (185 - 170) / 50 = 30 %; in TPM 160k-210k: 25 / 50 = 50 %
    assert has_row(out, [
        "Base salary", "PM L5 (offer's role)", "$185k", "$170k\u2013$220k",
        "inside, at 30% of the range", "lower half",
    ])  # fmt: skip
    assert has_row(out, [
        "Base salary", "TPM L5", "$185k", "$160k\u2013$210k", "inside, at 50% of the range",
        "upper half",
    ])  # fmt: skip
    # the midpoint of 170k-220k is 195k; of the 280k-450k total band 365k < 387.2k
    assert "  Base salary: lower half, from the low end $170k to under the midpoint $195k" in lines
    assert "  Total, year 1: upper half, from the midpoint $365k to the top $450k" in lines
    deals = lines.index("Negotiation outcomes the sources report (single cases, not advice):")
    assert lines[deals + 1].startswith("  +$50k first-year equity (PM L6, Weights & Biases")
    assert lines[deals + 2].startswith("  +$25k sign-on (TPM L6, Weights & Biases")
    # year 1: 185,000 + 22,200 + 40 % of 400,000 + 20,000 = 387,200
    assert has_row(out, ["1", "$185k", "$22.2k", "$160k", "$20k", "$387.2k", "$387.2k"])
    assert has_row(out, ["4", "$185k", "$22.2k", "$40k", "$0", "$247.2k", "$1.25M"])
    assert (
        "Year 1: $387.2k. Steady state: $287.2k a year (average of years 2\u20134). "
        "Cumulative over 4 years: $1.25M." in lines
    )
    assert lines[-1].startswith("Bands as the sources state them: Weights & Biases pm vs tpm")


def test_vesting_as_a_comma_list_equals_the_named_schedule():
    named = wbroles(*EXAMPLE_ARGS)
    listed = wbroles(*[("40,30,20,10" if a == "front" else a) for a in EXAMPLE_ARGS])
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == named.stdout  # the list is recognised as the front schedule


def test_an_open_band_is_reported_as_its_floor():
    result = wbroles(
        "--role", "PM", "--level", "L6", "--base", "300000", "--bonus-pct", "20",
        "--equity-annual", "400000",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    total_rows = [line for line in result.stdout.splitlines() if line.startswith(" ") and
                  line.strip().startswith("Total,") and not line.startswith("  Total")]  # fmt: skip
    assert len(total_rows) == 4
    assert all(row.endswith(f"{OPEN_FLOOR_TEXT} at or above the floor") for row in total_rows)
    # 300,000 + 20 % + 400,000 = 760,000
    assert has_row(result.stdout, [
        "Total, year 1", "PM L6 (offer's role)", "$760k", "$400k\u2013$650k+", OPEN_FLOOR_TEXT,
        "at or above the floor",
    ])  # fmt: skip


BAD_INPUT = [
    (["--role", "EM", "--level", "L5", "--base", "1", "--equity-total", "0"],
     "wbroles offer: unknown role 'EM'; choose from: PM, TPM\n"),
    (["--role", "PM", "--level", "L9", "--base", "1", "--equity-total", "0"],
     "wbroles offer: unknown level 'L9'; choose from: L5, L6\n"),
    (["--role", "PM", "--level", "L5", "--base", "-5", "--equity-total", "0"],
     "wbroles offer: base: -5 is below 0 (US dollars a year)\n"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "0",
      "--bonus-pct", "120"], "bonus_pct: 120 is above 100 (percent of base)"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "1",
      "--vesting", "50,40"], "vesting schedule 50/40 adds up to 90%, not 100%"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "1",
      "--vesting", "fast"], "unknown vesting 'fast'; choose from: even, front, back"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "1", "--sign-on", "10",
      "--sign-on-schedule", "5,4"], "sign_on_schedule adds up to 9.00, not the sign_on of 10.00"),
    (["--role", "PM", "--level", "L5", "--base", "1"],
     "give exactly one of equity_total (a grant vested by a schedule), equity_annual"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "1",
      "--equity-annual", "1"], "not allowed with argument --equity-total"),
    (["--role", "PM", "--level", "L5", "--base", "abc", "--equity-total", "0"],
     "wbroles offer: base: 'abc' is not a number (write plain digits, e.g. 280000)\n"),
    (["--role", "PM", "--level", "L5", "--base", "1e308", "--equity-total", "0"],
     "wbroles offer: base: '1e308' is not a number (write plain digits, e.g. 280000)\n"),
    (["--role", "PM", "--level", "L5", "--base", "1e12", "--equity-total", "0"],
     "wbroles offer: base: '1e12' is not a number (write plain digits, e.g. 280000)\n"),
    (["--role", "PM", "--level", "L5", "--base", "1000000000000", "--equity-total", "0"],
     "wbroles offer: base: 1000000000000 is above 100000000 (US dollars a year)\n"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--base", "2", "--equity-total", "0"],
     "wbroles offer: argument --base: given twice; give it once\n"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "0", "--role", "TPM"],
     "wbroles offer: argument --role: given twice; give it once\n"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "1",
      "--vesting", "-10,110"], "wbroles offer: vesting year 1: -10 is below 0 (percent)\n"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "1",
      "--vesting=-10,110"], "wbroles offer: vesting year 1: -10 is below 0 (percent)\n"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "1", "--sign-on", "5",
      "--sign-on-schedule", "-5,10"], "sign_on_schedule year 1: -5 is below 0 (US dollars)"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "0",
      "--company", "Acme"],
     "wbroles offer: unknown company 'Acme'; choose from: Weights & Biases\n"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "0",
      "--data-dir", "/nonexistent/wbroles"], "data folder not found: /nonexistent/wbroles"),
    (["--role", "PM", "--level", "L5"],
     "wbroles offer: give --role, --level and --base (one offer), or --offers FILE\n"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "1",
      "--cliff-months", "49"], "cliff_months: 49 is longer than the 48-month vesting schedule"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "1",
      "--refresher-pct", "101"], "refresher_pct: 101 is above 100 (percent of the initial grant"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-share", "0.05",
      "--company-value", "-5,10"], "wbroles offer: company_value_low: -5 is below 0\n"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-share", "0.05",
      "--company-value", "5,10", "--dilution-pct", "100", "--rounds", "1"],
     "dilution_pct: 100 is outside the rule: from 0 to under 100"),
    (["--role", "PM", "--level", "L5", "--base", "1", "--equity-share", "0.05",
      "--company-value", "5,10,20"],
     "wbroles offer: company_value: '5,10,20' is not LOW,HIGH (or one value)\n"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "reason"), BAD_INPUT)
def test_bad_input_exits_2_with_the_reason(args, reason, capsys):
    """In process (each subprocess pays the data-stack import); exits as the command would."""
    from wbroles_cli import main

    try:
        code = main(["offer", *args])
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert reason in err
    if reason.endswith("\n"):  # the command's own refusals: exactly one line
        assert err == reason


@pytest.mark.parametrize(
    "case", [0, 2, 9, 10, 13, 15],
    ids=["unknown-role", "negative-base", "not-a-number", "1e308", "repeated", "dash-vesting"],
)  # fmt: skip
def test_bad_input_in_a_subprocess_gives_no_traceback(case):
    args, reason = BAD_INPUT[case]
    result = wbroles(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == reason
    assert "Traceback" not in result.stderr


def test_invalid_data_exits_2_with_every_problem(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copy(ROOT / "tests" / "data" / "bad" / "negative_money" / "compensation.csv", data)
    result = wbroles("--role", "PM", "--level", "L5", "--base", "1", "--equity-total", "0",
                     env_data=data)  # fmt: skip
    assert result.returncode == 2
    assert "wbroles offer: the data is not valid:" in result.stderr
    assert re.search(r"compensation\.csv:\d+: column 'low'", result.stderr)
    assert "Traceback" not in result.stderr


def test_offer_help_names_every_option():
    result = subprocess.run(
        [sys.executable, "-m", "wbroles_cli", "offer", "--help"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0
    for option in (
        "--role", "--level", "--base", "--bonus-pct", "--equity-total", "--equity-annual",
        "--vesting", "--sign-on", "--sign-on-schedule", "--company", "--data-dir",
    ):  # fmt: skip
        assert option in result.stdout


# --- the notebook ------------------------------------------------------------------------------


def test_notebook_defaults_are_the_reported_offer(real):
    """The defaults are None: the terms come from data/ (reported_or_given), never typed in."""
    import papermill

    declared = papermill.inspect_notebook(str(NOTEBOOK))
    default = {name: ast.literal_eval(spec["default"]) for name, spec in declared.items()}
    assert {n: v for n, v in default.items() if v is not None} == {
        "vesting": "even",
        "cliff_months": 12,
        "vest_every": "month",
        "price_changes": "-50,0,50",
        "leave_after": 18,
    }  # the assumptions of vesting; every term of the offer itself from data/
    assert set(declared) == {
        "role", "level", "base", "bonus_pct", "equity_total", "equity_annual", "equity_share",
        "vesting", "sign_on", "company", "data_dir", "cliff_months", "vest_every", "refresher",
        "refresher_pct", "price_changes", "leave_after",
    }  # fmt: skip
    assert all(spec["help"] for spec in declared.values())  # every parameter commented
    setup = next(c for c in nbformat.read(NOTEBOOK, as_version=4).cells
                 if "offer-setup" in c.metadata.get("tags", []))  # fmt: skip
    assert "offer = offers.reported_or_given(\n    data, role=role," in setup.source
    assert reported_offer(real)["bonus"] is None  # so the default bonus is "not stated"


def test_stored_notebook_is_stripped_but_for_checked_cells():
    from wbroles.nbtools import problems

    assert problems(NOTEBOOK) == []
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert notebook.cells[0].source.startswith("# Offer check")


RUNS = {
    # The reported offer: base at the low end of the PM band, no bonus, no equity counted.
    "default": {},
    # Above a closed band (base 300k > 280k) and above the open total and equity bands.
    "open": {
        "level": "L6", "base": 300_000, "bonus_pct": 20, "equity_total": None,
        "equity_annual": 400_000, "sign_on": 0,
    },
    # Inside every L5 band.
    "inside": {
        "base": 185_000, "bonus_pct": 12, "equity_total": 400_000, "vesting": "front",
    },
    "bad_role": {"role": "CEO"},
}  # fmt: skip


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Each run's executed notebook, or the papermill error it raised."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    out = tmp_path_factory.mktemp("offer_check")

    def run(name: str):
        path = out / f"{name}.ipynb"
        try:
            papermill.execute_notebook(
                str(NOTEBOOK), str(path), parameters=RUNS[name], kernel_name="python3",
                progress_bar=False,  # no cwd=: papermill's chdir is not thread-safe
            )  # fmt: skip
        except PapermillExecutionError as err:
            return err
        return nbformat.read(path, as_version=4)

    with ThreadPoolExecutor(max_workers=len(RUNS)) as pool:
        return dict(zip(RUNS, pool.map(run, RUNS), strict=True))


def tagged(notebook, tag: str) -> dict:
    """The result of the cell tagged ``tag``: mime type -> text ("\\$" read as "$")."""
    (cell,) = [c for c in notebook.cells if tag in c.metadata.get("tags", [])]
    (output,) = [o for o in cell.outputs if o.get("output_type") == "execute_result"]
    wrapper = (f'<div class="{NO_MATH}">\n\n', "\n\n</div>")  # the block MathJax skips
    return {
        mime: text.removeprefix(wrapper[0]).removesuffix(wrapper[1]).replace("\\$", "$")
        for mime, text in output["data"].items()
    }


def figures(notebook) -> list[dict]:
    return [
        o["data"]["application/vnd.plotly.v1+json"]
        for c in notebook.cells
        for o in c.get("outputs", [])
        if "application/vnd.plotly.v1+json" in o.get("data", {})
    ]


def test_notebook_default_run(runs, real):
    notebook = runs["default"]
    findings = tagged(notebook, "offer-findings")["text/markdown"]
    # year 1: 170,000 + 20,000 sign-on = 190,000 known, 90,000 under the PM total band's 280,000
    missing = "bonus (not stated) and equity (not valued)"
    assert findings.startswith(
        f"In year 1 this PM L5 offer pays at least $190k (without {missing})"
    )
    assert (
        "the base of $170k is inside the PM band of $170k\u2013$220k (at its low end)" in findings
    )
    assert "No equity is counted" not in findings and "lower bound" in findings
    table = tagged(notebook, "offer-placement-table")["text/html"]
    assert "inside, at 0% of the range" in table
    assert "no position: not stated" in table and "no position: not valued" in table
    assert "below: 10 pts under the low end" not in table  # the old 0 % bonus placement
    assert "at least $190k" in table and "not placed" in table
    years = tagged(notebook, "offer-years-table")["text/html"]
    assert "$190k" in years and "$700k" in years  # 190k + 3 x 170k
    assert "not stated" in years and "not valued" in years
    setup_text = tagged(notebook, "offer-setup")["text/markdown"]
    assert "not valued (never $0)" in setup_text and "This run uses those values." in setup_text
    references = tagged(notebook, "offer-reference-table")["text/html"]
    longest = max(real["negotiations"]["quote"], key=len)
    assert f"\u201c{longest}\u201d" in references  # whole, not cut to pandas' 50 characters
    charts = figures(notebook)
    assert len(charts) == 3
    band = [t for t in charts[2]["data"] if t.get("fill") == "tonexty"]
    assert len(band) == 1 and "\u221250% to +50%" in band[0]["name"]  # scenarios: a band
    leaving = tagged(notebook, "offer-leaving")["text/markdown"]
    # 18 x 170k / 12 = 255k base + 20k sign-on; no bonus stated, the share not valued
    assert leaving.startswith("Leaving after month 18 pays at least $275k: base $255k, bonus not")
    placement = charts[0]
    assert "Totals (\u2265) are lower bounds" in placement["layout"]["title"]["subtitle"]["text"]
    assert all(
        any("Source: Weights" in a.get("text", "") or "Source: the offer" in a.get("text", "")
            for a in chart["layout"]["annotations"])
        for chart in charts
    )  # fmt: skip


def test_notebook_above_an_open_band(runs):
    notebook = runs["open"]
    findings = tagged(notebook, "offer-findings")["text/markdown"]
    # 300,000 + 60,000 + 400,000 = 760,000 every year
    assert findings.startswith("This PM L6 offer pays $760k in each of its 4 years, at or above")
    assert "above the PM band of $220k\u2013$280k ($20k over its top)" in findings
    table = tagged(notebook, "offer-placement-table")["text/html"]
    assert table.count(OPEN_FLOOR_TEXT) == 6  # equity and two totals, against both roles
    assert "This run checks a different offer" in tagged(notebook, "offer-setup")["text/markdown"]


def test_notebook_inside_the_bands(runs):
    table = tagged(runs["inside"], "offer-placement-table")["text/html"]
    assert "inside, at 30% of the range" in table
    assert "below" not in table and "above" not in table


def test_notebook_bad_parameter_fails_in_the_setup_cell_with_one_line(runs):
    from papermill.exceptions import PapermillExecutionError

    err = runs["bad_role"]
    assert isinstance(err, PapermillExecutionError)
    assert err.ename == "ParameterError"
    assert err.evalue == "unknown role 'CEO'; choose from: PM, TPM"
