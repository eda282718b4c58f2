"""Every chart of the package, drawn from the bundled data, as PNG files to look at.

``python -m wbroles.gallery --out build/gallery`` (``make gallery``) writes one PNG per chart
and an ``index.html`` showing them all. The images go through kaleido and a Chromium-family
browser (``BROWSER_PATH=/usr/bin/chromium`` points kaleido at Debian's); they are for review,
not for committing.
"""

from __future__ import annotations

import argparse
import html
import sys
from collections.abc import Callable
from pathlib import Path

EXIT_DATA = 2


def gallery_figures(data_dir=None) -> dict[str, Callable[[], object]]:
    """Chart name -> a function drawing it from the data in ``data_dir`` (default: bundled)."""
    from . import offer as offers
    from . import plots
    from .load import load_all
    from .observations import EXAMPLE_SOURCES, load_example_observations, load_observation_sources

    data = load_all(data_dir)
    comp, sources = data["compensation"], data["sources"]
    labels = {"sources": sources, "level_titles": data["levels"]}
    # The offer the interview article reports (its equity share has no dollar value).
    point = offers.reported_offer(data)
    terms = {name: point[name] for name in ("role", "level", "base", "company")}
    offer = offers.offer_from_params(
        comp, **terms, bonus_pct=0.0, equity_total=0.0, sign_on=point["sign_on"] or 0.0
    )
    observations = load_example_observations()
    example = {"sources": load_observation_sources(EXAMPLE_SOURCES)}
    example_level = str(observations["level"].iloc[0])
    charts = {
        f"ranges_{component}": lambda component=component: plots.comp_ranges(
            comp, component=component, **labels
        )
        for component in dict.fromkeys(comp["component"].astype(str))
    }
    return charts | {
        "breakdown": lambda: plots.comp_breakdown(comp, **labels),
        "role_gap": lambda: plots.role_gap_chart(comp, **labels),
        "offer_references": lambda: plots.offer_reference_chart(
            comp, offers=data["offer_points"], negotiations=data["negotiations"], **labels
        ),
        "skills_radar": lambda: plots.skills_radar(
            data["skills"], axes=data["skill_axes"], sources=sources
        ),
        "interview_loops": lambda: plots.interview_loops(data["interview_rounds"], sources=sources),
        "interview_timeline": lambda: plots.interview_timeline(
            data["interview_process"], rounds=data["interview_rounds"], sources=sources
        ),
        "rubric": lambda: plots.rubric_chart(data["rubric"], sources=sources),
        "career_paths": lambda: plots.career_paths_chart(data["career_paths"], sources=sources),
        "offer_placement": lambda: plots.offer_placement_chart(
            offers.place_offer(offer, comp), sources=sources
        ),
        "offer_years": lambda: plots.offer_years_chart(offers.offer_years(offer), offer=offer),
        "observed_percentiles": lambda: plots.percentile_bands(observations, **example),
        "observed_companies": lambda: plots.company_comparison(
            observations, level=example_level, **example
        ),
    }


def write_gallery(
    out_dir: Path, *, data_dir=None, width: int = 1000, scale: float = 1.0
) -> list[Path]:
    """Write every chart as ``out_dir/NAME.png`` and an ``index.html`` of them; return the PNGs.

    ``width`` is in CSS pixels: about what a report's page gives a chart on a laptop screen.
    """
    import plotly.io as pio

    charts = gallery_figures(data_dir)
    figures = [draw() for draw in charts.values()]
    out_dir.mkdir(parents=True, exist_ok=True)  # only once every chart has drawn
    paths = [out_dir / f"{name}.png" for name in charts]
    # kaleido draws at 700 x 500 unless told: give each chart the height it asks for.
    heights = [fig.layout.height or 500 for fig in figures]
    pio.write_images(figures, paths, width=width, height=heights, scale=scale)
    items = "\n".join(
        f'<figure><img src="{p.name}" alt="{html.escape(n)}"><figcaption>{html.escape(n)}'
        "</figcaption></figure>"
        for n, p in zip(charts, paths, strict=True)
    )
    (out_dir / "index.html").write_text(
        f"<!doctype html><meta charset='utf-8'><title>wbroles chart gallery</title>\n{items}\n",
        encoding="utf-8",
    )
    return paths


def main(argv: list[str] | None = None) -> int:
    """The command: ``argv`` as on the command line; the exit code (2 for invalid data)."""
    parser = argparse.ArgumentParser(prog="python -m wbroles.gallery", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("build/gallery"), help="output folder")
    parser.add_argument("--data-dir", default=None, help="data folder (default: bundled data/)")
    parser.add_argument("--width", type=int, default=1000, help="chart width in CSS pixels")
    parser.add_argument("--scale", type=float, default=1.0, help="pixel scale of the PNGs")
    args = parser.parse_args(argv)
    from .errors import DataError
    from .format import plain

    try:
        paths = write_gallery(args.out, data_dir=args.data_dir, width=args.width, scale=args.scale)
    except DataError as err:
        lines = [f"{err.total} data problem(s)", *map(plain, err.problems[:50])]
        print("wbroles gallery: the data is not valid:", *lines, sep="\n", file=sys.stderr)
        return EXIT_DATA
    print(f"{len(paths)} charts in {args.out}/ (open {args.out / 'index.html'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
