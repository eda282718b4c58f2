"""Findings in words: every number comes from the data, "$" never opens a maths span, and
text from a data file is HTML-escaped."""

from __future__ import annotations

import re

import pytest

import wbroles
from wbroles import narrative
from wbroles.derive import reconciliation, role_gap
from wbroles.format import markdown_text, money

COMPANY = "Weights & Biases"


@pytest.fixture(scope="module")
def data():
    return wbroles.load_all()


def unescaped_dollars(text: str) -> list[str]:
    return re.findall(r"(?<!\\)\$", text)


@pytest.mark.parametrize("level", ["L5", "L6"])
def test_compensation_findings_state_the_gap_the_data_gives(data, level):
    text = narrative.compensation_findings(data, company=COMPANY, level=level).data
    gap = role_gap(data["compensation"], role="PM", versus="TPM")
    row = gap[(gap["level"] == level) & (gap["component"] == "total")].iloc[0]
    for diff, pct in [
        (row["diff_low"], row["diff_low_pct"]),
        (row["diff_high"], row["diff_high_pct"]),
    ]:
        side = "above" if diff > 0 else "below"
        shown = f"{money(abs(diff))} ({abs(pct):.1f}%) {side}".replace("$", "\\$")
        assert shown in text
    assert unescaped_dollars(text) == []


def test_an_open_upper_bound_is_named_as_a_floor_not_a_maximum(data):
    comp = data["compensation"]
    opened = comp[(comp["component"] == "total") & comp["open_high"]]
    assert len(opened), "the data states open total bands ($650,000+)"
    level = str(opened["level"].iloc[0])
    text = narrative.compensation_findings(data, company=COMPANY, level=level).data
    assert "stated floors of open ranges, not true maxima" in text
    assert "+)" in text  # the band label keeps its "+"


def test_the_stated_vs_derived_sentence_quotes_the_widest_gap(data):
    text = narrative.compensation_findings(data, company=COMPANY, level="L5").data
    recon = reconciliation(data["compensation"])
    pcts = list(recon["gap_low_pct"]) + list(recon["gap_high_pct"])
    assert f"by {min(pcts):+.1f}% to {max(pcts):+.1f}%" in text


def test_the_widest_gap_at_the_high_end_names_the_high_end(data):
    comp = data["compensation"].copy()
    pm_l5 = (comp["component"] == "total") & (comp["role"] == "PM") & (comp["level"] == "L5")
    comp.loc[pm_l5, "high"] = 300_000.0  # derived high 453k: +51 %, the widest gap
    changed = {**data, "compensation": comp}
    text = narrative.compensation_findings(changed, company=COMPANY, level="L5").data
    assert "+51.0%, most at the high end of PM L5 (\\$453k against a stated \\$300k)." in text


def test_a_level_without_both_bands_says_so(data):
    comp = data["compensation"]
    only_pm = {**data, "compensation": comp[comp["role"] == "PM"]}
    text = narrative.compensation_findings(only_pm, company=COMPANY, level="L6").data
    assert "The data holds no PM and TPM total compensation bands at L6 (Principal)." in text


def test_skills_findings_sort_every_axis_by_the_scores(data):
    text = narrative.skills_findings(data, company=COMPANY, roles=["PM", "TPM"]).data
    skills = data["skills"]
    wide = skills.pivot_table(index="skill", columns="role", values="score", observed=True)
    assert f"On {len(wide)} shared axes" in text
    for skill in wide.index:
        assert f"*{markdown_text(skill)}*" in text
    same = [s for s, r in wide.iterrows() if r["PM"] == r["TPM"]]
    pm_more = [s for s, r in wide.iterrows() if r["PM"] > r["TPM"]]
    first_same = text.index(f"*{markdown_text(same[0])}*")
    first_pm = text.index(f"*{markdown_text(pm_more[0])}*")
    assert text.index("same emphasis") < first_same < text.index("PM leans further") < first_pm


def test_skills_findings_with_one_role_compare_nothing(data):
    text = narrative.skills_findings(data, company=COMPANY, roles=["PM"]).data
    assert text.split("\n\n")[1] == "Only one role is selected; there is nothing to compare."


def test_interview_findings_count_each_loop_and_sum_the_rubric(data):
    text = narrative.interview_findings(data, company=COMPANY, roles=["PM", "TPM"]).data
    rounds = data["interview_rounds"]
    for (_source, role), loop in rounds.groupby(["source_id", "role"], observed=True):
        assert f"{role} {len(loop)} rounds" in text
    rubric = data["rubric"]
    assert f"they add up to {rubric['weight_pct'].sum():g}%" in text
    assert f"scored {rubric['weight_pct'].max():g}%" in text


@pytest.mark.parametrize(
    ("injected", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[click me](javascript:alert(document.domain))", "[click me](javascript:alert"),
        ("**bold** _it_ `code`", "**bold** _it_ `code`"),
        ("$x$ and $y$", "$x$ and $y$"),
    ],
)
def test_text_from_the_data_stays_text_once_rendered(data, injected, shown):
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    rounds = data["interview_rounds"].copy()
    rounds["round"] = rounds["round"].astype(str) + " " + injected
    text = narrative.interview_findings(
        {**data, "interview_rounds": rounds}, company=COMPANY, roles=["PM", "TPM"]
    ).data
    page = markdown2html_mistune(text)
    assert "<script" not in page and "<a " not in page and "<strong>" not in page
    assert "<em>" not in page and "<code>" not in page
    assert shown in page.replace("\\$", "$")


def test_markdown_escapes_every_dollar_sign_and_keeps_mathjax_out():
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    shown = narrative.markdown("**From** $190k to $280k")
    assert shown.data == (
        '<div class="tex2jax_ignore mathjax_ignore">\n\n**From** \\$190k to \\$280k\n\n</div>'
    )
    page = markdown2html_mistune(shown.data)  # the Markdown inside the block still renders
    assert '<div class="tex2jax_ignore mathjax_ignore">' in page
    assert "<strong>From</strong>" in page and "$190k to $280k" in page
