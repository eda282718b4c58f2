"""What the compensation charts hold: bands, open bounds, labels, colours, hover, source line.

Real data through the loaders, plus the synthetic second company of ``plots_fixtures`` (a
third level, a third role) to show that nothing is tied to two roles, two levels or one company.
"""

from __future__ import annotations

import re

import pytest
from plots_fixtures import (
    SYNTHETIC_BANDS,
    SYNTHETIC_COMPANY,
    SYNTHETIC_SOURCE_LINE,
    synthetic_compensation,
    synthetic_negotiations,
    synthetic_offers,
    synthetic_quote,
    synthetic_sources,
    two_companies,
)

from wbroles.plots.base import FIXED_COLORS, role_colors
from wbroles.plots.compensation import (
    comp_breakdown,
    comp_ranges,
    offer_reference_chart,
    role_gap_chart,
)

REAL_SOURCE_LINE = "Weights &amp; Biases pm vs tpm (2026-05-25)"


@pytest.fixture(scope="module")
def data():
    from wbroles.load import load_all

    return load_all()


@pytest.fixture(scope="module")
def comp(data):
    return data["compensation"]


@pytest.fixture(scope="module")
def kw(data):
    return {"sources": data["sources"], "level_titles": data["levels"]}


@pytest.fixture(scope="module")
def both(comp):
    return two_companies(comp)


def bars(fig, role=None, part=None):
    """(position, low, high, part, text, hover, colour, pattern) of every bar."""
    out = []
    for t in fig.data:
        if role is not None and t.name != role:
            continue
        pos, size = (t.y, t.x) if t.orientation == "h" else (t.x, t.y)
        texts = t.text if t.text is not None else [""] * len(pos)
        for i, (p, b, s) in enumerate(zip(pos, t.base, size, strict=True)):
            row = (p, b, b + s, t.customdata[i][2], texts[i], t.customdata[i][0])
            if part is None or row[3] == part:
                out.append((*row, t.marker.color, t.marker.pattern.shape))
    return out


def source_line(fig) -> str:
    texts = [a.text for a in fig.layout.annotations if a.name == "source"]
    assert len(texts) == 1
    return texts[0]


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", html.replace("<br>", " "))


def test_ranges_pm_l6_total_is_400k_650k_and_open(comp, kw):
    fig = comp_ranges(comp, **kw)
    pm = bars(fig, "PM", "band")
    assert ("L6 Principal", 400_000, 650_000) in [b[:3] for b in pm]
    fade = bars(fig, "PM", "open_end")
    assert {b[0] for b in fade} == {"L6 Principal"}
    assert min(b[1] for b in fade) == 650_000
    assert "$400k\u2013$650k+" in [b[4] for b in fade]
    assert all("+" not in b[4] for b in pm if b[0] == "L5 Senior")
    assert list(fig.layout.xaxis.categoryarray) == ["L5 Senior", "L6 Principal"]
    assert fig.layout.yaxis.tickformat == "$~s"
    assert REAL_SOURCE_LINE in source_line(fig)


def test_ranges_colours_hover_and_bare_codes(comp, kw):
    fig = comp_ranges(comp, **kw)
    for role, color in FIXED_COLORS.items():
        assert {b[6] for b in bars(fig, role)} == {color}
    tpm = next(b for b in bars(fig, "TPM", "band") if b[0] == "L6 Principal")
    quote = comp[(comp.role == "TPM") & (comp.level == "L6") & (comp.component == "total")]
    assert (
        quote["quote"].iloc[0].replace("&", "&amp;") in plain(tpm[5])
        and "$380k\u2013$600k+" in tpm[5]
    )
    assert REAL_SOURCE_LINE in tpm[5]
    bare = comp_ranges(synthetic_compensation(), sources=synthetic_sources())
    assert {b[0] for b in bars(bare)} == {"L5", "L6", "L7"}
    assert source_line(bare) == f"Source: {SYNTHETIC_SOURCE_LINE}"


def test_ranges_bonus_in_percent(comp):
    fig = comp_ranges(comp, component="bonus")
    assert fig.layout.yaxis.title.text == "% of base" and fig.layout.yaxis.ticksuffix == "%"
    assert ("L5", 10, 15, "band", "10%\u201315%") in [b[:5] for b in bars(fig, "PM")]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"component": "salary"}, r"unknown component 'salary'; choose from: total, base, bonus"),
        ({"roles": ["CEO"]}, r"unknown role 'CEO'; choose from: PM, TPM"),
        ({"levels": ["L9"]}, r"unknown level 'L9'; choose from: L5, L6"),
        ({"company": "Acme"}, r"unknown company 'Acme'; choose from: Weights & Biases"),
    ],
)
def test_ranges_unknown_choices(comp, options, message):
    with pytest.raises(ValueError, match=message):
        comp_ranges(comp, **options)


def test_ranges_second_company_third_role(both):
    with pytest.raises(ValueError, match="choose one with company=: Weights & Biases, Example"):
        comp_ranges(both)
    fig = comp_ranges(both, company=SYNTHETIC_COMPANY, sources=synthetic_sources())
    assert [b[0] for b in bars(fig, "EM", "band")] == ["L7"]
    assert {b[6] for b in bars(fig, "EM")} == {role_colors(["PM", "TPM", "EM"])["EM"]}
    low, high, _ = SYNTHETIC_BANDS[("PM", "L7")]["total"]
    assert {b[0] for b in bars(fig, "PM", "open_end")} == {"L7"}
    assert ("L7", low, high) in [b[:3] for b in bars(fig, "PM", "band")]
    em = " ".join(b[5] for b in bars(fig, "EM"))
    assert synthetic_quote("EM", "L7", "total") in plain(em)


def test_breakdown_sum_of_parts_beside_stated(comp, kw):
    fig = comp_breakdown(comp, **kw)
    bonus = [b for b in bars(fig, "PM", "band") if b[0] == "Bonus, $ (% \u00d7 base)"]
    derived = next(b for b in bars(fig, "PM", "band") if b[0] == "Total: sum of parts")
    assert derived[1:3] == pytest.approx((267_000, 453_000))
    assert "\u2212$13k / +$3k vs stated" in derived[4] and derived[7] == "/"
    assert (17_000, 33_000) in [tuple(b[1:3]) for b in bonus]  # 10%-15% of $170k-$220k
    assert all("% of base" in b[5] for b in bonus)
    stated = [b for b in bars(fig, "PM", "band") if b[0] == "Total: as stated"]
    assert (280_000, 450_000) in [b[1:3] for b in stated] and stated[0][7] == ""
    fade = bars(fig, "PM", "open_end")
    assert "$400k\u2013$650k+" in [b[4] for b in fade]
    assert [t.name for t in fig.data if t.showlegend] == ["PM", "TPM"]
    assert "Hatched" in fig.layout.title.subtitle.text
    with pytest.raises(ValueError, match="needs base, bonus or equity.*only: total"):
        comp_breakdown(comp[comp["component"] == "total"])


def test_gap_l6_total_open_and_colours(comp, kw):
    fig = role_gap_chart(comp, **kw)
    rows = [
        (t.customdata[i][1], t.customdata[i][2], t.x[i], t.text[i], t.marker.color, t)
        for t in fig.data
        for i in range(len(t.x))
    ]
    total = [r for r in rows if r[0] == "total"]
    assert [r[3] for r in total if r[2] == 50_000] == ["+$50k (+8.3%) vs open bound"]
    assert "+$20k (+7.7%)" in [r[3] for r in total]
    opened = next(r for r in total if r[2] == 50_000)[5]
    assert opened.marker.pattern.shape == "/" and "stated floors" in plain(
        opened.hovertext or opened.customdata[0][0]
    )
    assert {r[4] for r in rows if r[2] > 0} == {FIXED_COLORS["PM"]}
    assert {r[3] for r in rows if r[0] == "bonus"} == {"0 pp (same)"}
    reverse = role_gap_chart(comp, role="TPM", versus="PM")
    neg = [t for t in reverse.data if t.x[0] < 0]
    assert neg and {t.marker.color for t in neg} == {FIXED_COLORS["PM"]}
    assert REAL_SOURCE_LINE in source_line(fig)


def test_gap_errors(comp, both):
    with pytest.raises(ValueError, match=r"unknown role 'CEO'; choose from: PM, TPM"):
        role_gap_chart(comp, role="CEO")
    with pytest.raises(ValueError, match=r"both 'PM'.*from: PM, TPM"):
        role_gap_chart(comp, versus="PM")
    with pytest.raises(ValueError, match=r"unknown component 'stock'; choose from: total"):
        role_gap_chart(comp, components=["stock"])
    em = role_gap_chart(both, company=SYNTHETIC_COMPANY, role="EM", versus="PM")
    assert {a.text for a in em.layout.annotations if "L7" in a.text}


# --- offer and negotiation reference points ----------------------------------------------------


def _reference(data, **options):
    return offer_reference_chart(
        data["compensation"],
        offers=data["offer_points"],
        negotiations=data["negotiations"],
        sources=data["sources"],
        level_titles=data["levels"],
        **options,
    )


def test_reference_offer_base_sits_on_both_bands_and_the_equity_share_is_not_dollars(data):
    fig = _reference(data)
    marks = [t for t in fig.data if t.name == "marks"]
    assert sorted(y for t in marks for y in t.y) == [
        "Base salary band \u00b7 PM",
        "Base salary band \u00b7 TPM",
    ]
    assert {x for t in marks for x in t.x} == {170_000}
    own = [t for t in marks if t.marker.symbol == "diamond"]
    assert len(own) == 1 and own[0].text[0] == "offer: about $170k"
    assert "with a base salary around $170,000" in own[0].customdata[0]
    notes = [t for t in fig.data if t.name == "notes"]
    assert len(notes) == 1 and notes[0].text[0].startswith("0.05% of the company: no valuation")
    bars = [t for t in fig.data if t.type == "bar"]
    xs = [(y, b + x) for t in bars for y, b, x in zip(t.y, t.base, t.x, strict=True)]
    assert not [y for y, _ in xs if "equity share" in y]  # never drawn as $0
    assert ("Negotiated extra first-year equity \u00b7 PM", 50_000) in xs
    texts = {text for t in bars for text in t.text if text}
    assert {"+$50k negotiated", "+$25k negotiated", "$20k", "$170k\u2013$220k"} <= texts
    assert "not advice" in fig.layout.title.subtitle.text
    assert {a.text for a in fig.layout.annotations} >= {"L5 Senior", "L6 Principal"}


def test_reference_chart_for_a_second_company(data):
    both = two_companies(data["compensation"])
    offers = synthetic_offers()
    deals = synthetic_negotiations()
    with pytest.raises(ValueError, match="several companies"):
        offer_reference_chart(both, offers=offers, negotiations=deals)
    fig = offer_reference_chart(both, offers=offers, negotiations=deals, company=SYNTHETIC_COMPANY)
    marks = [t for t in fig.data if t.name == "marks"]
    assert {x for t in marks for x in t.x} == {250_000}
    notes = [t for t in fig.data if t.name == "notes"]
    assert notes[0].text[0].startswith("0.1% of the company")
    with pytest.raises(ValueError, match="no offer points or negotiation outcomes for Weights"):
        offer_reference_chart(both, offers=offers, negotiations=deals, company="Weights & Biases")
