"""The chart gallery: every builder drawn from the bundled data, written as PNG files."""

from __future__ import annotations

import struct

import plotly.graph_objects as go
import pytest

from browser import require_chromium
from wbroles import gallery, plots


@pytest.fixture(scope="module")
def figures():
    return {name: draw() for name, draw in gallery.gallery_figures().items()}


def test_the_gallery_draws_every_builder_of_the_package(figures):
    drawn_by = {draw.__code__.co_names for draw in gallery.gallery_figures().values()}
    used = set().union(*drawn_by)
    assert set(plots.__all__) <= used, f"builders missing: {set(plots.__all__) - used}"
    assert {f"ranges_{c}" for c in ("base", "bonus", "equity", "total")} <= set(figures)


def test_every_gallery_chart_holds_data_and_its_source_line(figures):
    for name, fig in figures.items():
        assert isinstance(fig, go.Figure), name
        assert len(fig.data), f"{name} is empty"
        sources = [a.text for a in fig.layout.annotations if a.name == "source"]
        assert len(sources) == 1 and sources[0].startswith("Source"), name


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_write_gallery_writes_one_png_per_chart_at_its_height(tmp_path, monkeypatch, figures):
    browser = require_chromium()
    monkeypatch.setenv("BROWSER_PATH", browser)
    paths = gallery.write_gallery(tmp_path, width=800, scale=1)
    assert [p.stem for p in paths] == list(figures)
    for path in paths:
        width, height = _png_size(path.read_bytes())
        assert (width, height) == (800, figures[path.stem].layout.height or 500), path.name
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert index.count("<img ") == len(paths)


def test_the_command_names_bad_data_and_exits_2(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    assert gallery.main(["--out", str(tmp_path / "g"), "--data-dir", str(tmp_path / "data")]) == 2
    assert "wbroles gallery: the data is not valid" in capsys.readouterr().err
    assert not (tmp_path / "g").exists()
