"""Tables for reading: values from the data, open bounds kept, and display that escapes
markup, hides the index and aligns prose left and amounts right."""

from __future__ import annotations

import pandas as pd
import pytest

import wbroles
from wbroles import tables
from wbroles.derive import reconciliation
from wbroles.format import money


@pytest.fixture(scope="module")
def comp():
    return wbroles.load_compensation()


def test_band_table_quotes_every_band_whole_and_keeps_open_bounds(comp):
    table = tables.band_table(comp)
    assert len(table) == len(comp)
    assert list(table["Quote"]) == list(comp["quote"])  # never cut short
    opened = table[[bool(o) for o in comp["open_high"]]]
    assert len(opened) and all(band.endswith("+") for band in opened["Band"])
    pm_l6 = table[(table["Role"] == "PM") & (table["Level"] == "L6")]
    assert "$400k\u2013$650k+" in set(pm_l6["Band"])


def test_reconciliation_table_shows_the_derived_sums(comp):
    table = tables.reconciliation_table(comp)
    recon = reconciliation(comp)
    assert len(table) == len(recon)
    shown = " ".join(table.astype(str).to_numpy().ravel())
    for value in recon["derived_low"]:
        assert money(value) in shown


def test_text_columns_are_the_prose_not_the_amounts():
    frame = pd.DataFrame(
        {
            "Role": ["PM", "TPM"],
            "Band": ["$280k\u2013$450k", "$260k\u2013$420k"],
            "Gap": ["+$20k", "\u2212$5k"],
            "Share": ["12%", "3%"],
            "Quote": ["Senior PMs earn", "Principal TPMs earn"],
        }
    )
    assert tables.text_columns(frame) == ["Role", "Quote"]


def test_show_escapes_markup_hides_the_index_and_aligns_prose_left():
    frame = pd.DataFrame({"What": ["<script>alert(1)</script>"], "Amount": ["$280k"]})
    page = tables.show(frame, name="probe").to_html()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'id="T_probe"' in page and 'class="wbroles-table tex2jax_ignore mathjax_ignore"' in page
    assert "#T_probe td.col0 {\n  text-align: left;" in page
    assert "td.col1 {" not in page  # the amount column keeps the right alignment
    assert "row_heading" not in page  # no index column
