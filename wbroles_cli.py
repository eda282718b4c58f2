"""The ``wbroles`` command line: validate, report, offer, notebooks.

It sits outside the ``wbroles`` package, above it: importing the package imports pandas,
pandera and plotly, so each command imports what it needs when it runs, and ``wbroles --help``
or ``wbroles --version`` answer without importing any of it.
"""

from __future__ import annotations

import argparse
import os
import sys

EXIT_DATA = 2


def _data_folder(data_dir: str | None, prog: str):
    """The data folder to read, or None after saying on stderr that it does not exist."""
    from wbroles.paths import resolve_data_dir

    folder = resolve_data_dir(data_dir)
    if not folder.is_dir():
        print(f"{prog}: data folder not found: {folder}", file=sys.stderr)
        return None
    return folder


def _data_problems(head: str, err) -> int:
    """Print a DataError: ``head`` and the count, then each problem on its line, made safe
    for the terminal (the first 50, then how many more); the exit code for bad data."""
    from wbroles.format import plain

    print(f"{head}: {err.total} problem(s)", file=sys.stderr)
    for problem in err.problems[:50]:
        print(plain(problem), file=sys.stderr)
    if err.total > 50:
        print(f"... and {err.total - 50} more", file=sys.stderr)
    return EXIT_DATA


def _cmd_validate(args: argparse.Namespace) -> int:
    from wbroles.errors import DataError
    from wbroles.format import plain
    from wbroles.load import load_all
    from wbroles.schemas import TABLES

    folder = _data_folder(args.data_dir, "wbroles")
    if folder is None:
        return EXIT_DATA
    try:
        frames = load_all(folder)
    except DataError as err:
        return _data_problems(f"wbroles validate: {plain(folder)}", err)
    width = max(len(t.file) for t in TABLES.values())
    for name, frame in frames.items():
        table = TABLES[name]
        print(f"{table.file:<{width}}  {len(frame):>5} rows  ok  ({table.description})")
    print(f"{len(frames)} tables valid in {folder}")
    return 0


def _say(text: str) -> None:
    """A line on stdout; once stdout is closed (``| head``), the build goes on quietly."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _parameters(pairs) -> dict[str, str]:
    """``-p NAME VALUE`` pairs as a dict; a name given twice is a mistake, not last-wins."""
    from wbroles.errors import ParameterError

    given: dict[str, str] = {}
    for name, value in pairs or []:
        if name in given:
            raise ParameterError(f"parameter {name!r} is given twice (-p {name} ...)")
        given[name] = value
    return given


def _cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from wbroles.errors import DataError, ParameterError
    from wbroles.paths import NOTEBOOKS_DIR
    from wbroles.report import BuildError, BuildOptions, Stopped, available_notebooks, build_reports
    from wbroles.sweep import build_sweep, read_sweep

    folder = Path(args.notebooks_dir).resolve() if args.notebooks_dir else NOTEBOOKS_DIR
    notebooks = available_notebooks(folder)
    if not notebooks:
        print(f"wbroles report: no notebooks (*.ipynb) in {folder}", file=sys.stderr)
        return EXIT_DATA
    unknown = [n for n in args.notebook or [] if n not in notebooks]
    if unknown:
        print(
            f"wbroles report: unknown notebook {', '.join(unknown)}; choose from: "
            f"{', '.join(notebooks)}",
            file=sys.stderr,
        )
        return EXIT_DATA
    if args.notebook:
        notebooks = {n: notebooks[n] for n in args.notebook}

    def done(result):
        if result.ok:
            charts = f"{result.figures} chart{'' if result.figures == 1 else 's'}"
            how = "reused" if result.reused else f"{result.seconds:.1f} s"
            _say(f"{result.html}  {charts}  {how}")
        else:
            kept = (
                f" (partial notebook: {result.failed_notebook})" if result.failed_notebook else ""
            )
            print(f"FAILED {result.name}: {result.error}{kept or ''}", file=sys.stderr, flush=True)

    try:
        runs = read_sweep(Path(args.sweep)) if args.sweep else None
    except DataError as err:
        return _data_problems("wbroles report: the sweep file is not valid", err)
    try:
        options = BuildOptions(
            out_dir=Path(args.out), parameters=_parameters(args.parameters), jobs=args.jobs
        )
        options.force, options.scheduler = args.force, args.scheduler
        if runs is None:
            folders = {options.out_dir: build_reports(notebooks, options, on_done=done)}
        else:
            swept = build_sweep(notebooks, runs, options, on_done=done)
            folders = {options.out_dir / name: run for name, run in swept.items()}
        results = [r for run in folders.values() for r in run]
    except DataError as err:
        return _data_problems("wbroles report: the data is not valid", err)
    except (ParameterError, BuildError) as err:
        print(f"wbroles report: {err}", file=sys.stderr)
        return EXIT_DATA
    except Stopped as stop:
        print(f"wbroles report: stopped by {stop}; earlier reports kept", file=sys.stderr)
        sys.stdout.flush()
        os._exit(128 + stop.signum)  # all is cleaned up; the interpreter's teardown takes 1 s
    _say(str(options.out_dir / "index.html"))
    if args.pdf and _print_pdfs([r.html for r in results if r.ok]):
        from wbroles.cache import load_cache
        from wbroles.report import write_index

        for folder, built in folders.items():  # the index of each folder, with its PDFs
            write_index(folder, built, load_cache(folder))
    failed = [r for r in results if not r.ok]
    if failed:
        print(
            f"wbroles report: {len(failed)} of {len(results)} notebooks failed: "
            f"{', '.join(r.name for r in failed)}",
            file=sys.stderr,
        )
        return 1
    return 0


def _print_pdfs(pages) -> bool:
    """A PDF beside each report, or one line saying why not; whether any was written."""
    import subprocess

    from wbroles.report import BuildError, chromium, write_pdf

    browser = chromium(os.environ.get("WBROLES_CHROMIUM"))
    if browser is None:
        _say(
            "wbroles report: --pdf skipped: no Chromium found (install `chromium`, or set "
            "WBROLES_CHROMIUM to a Chromium binary)"
        )
        return False
    for page in pages:
        try:
            _say(str(write_pdf(page, browser)))
        except (BuildError, OSError, subprocess.TimeoutExpired) as err:
            print(f"wbroles report: no PDF for {page.name}: {err}", file=sys.stderr)
    return True


def _offers_text(args, data) -> str:
    """What ``wbroles offer --offers FILE`` prints: the offers side by side, their
    differences, and what "close" means here."""
    from wbroles.compare import compare_offers, offer_differences, read_offers
    from wbroles.format import plain
    from wbroles.params import coerce
    from wbroles.tables import comparison_table, differences_table

    month = coerce("leave_after", args.leave_after or "12", "int")
    margin = coerce("margin_pct", args.margin_pct or "2", "float")
    comparison = compare_offers(read_offers(args.offers, data["compensation"]), leave_month=month)
    differences = offer_differences(comparison, margin_pct=margin)
    return "\n".join([
        "Offers side by side (\"at least\": a part not stated or not valued is left out)",
        comparison_table(comparison, leave_month=month).map(plain).to_string(index=False),
        "",
        f"Differences, A - B (close: within {margin:g}% of B)",
        differences_table(differences, margin_pct=margin).map(plain).to_string(index=False),
    ])  # fmt: skip


def _valuation_text(args, offer) -> str:
    """The offer's equity valued as a range with its assumptions, side by side."""
    from wbroles.compare import Valuation, compare_offers, valued
    from wbroles.errors import ParameterError
    from wbroles.format import plain
    from wbroles.params import coerce
    from wbroles.tables import comparison_table

    ends = {"company_value": args.company_value, "price": args.price_per_share}
    terms = {}
    for name, text in ends.items():
        if text is not None:
            ends_given = text.split(",")
            if len(ends_given) > 2:
                raise ParameterError(f"{name}: {text!r} is not LOW,HIGH (or one value)")
            low, high = (coerce(name, v, "float") for v in (ends_given * 2)[:2])
            terms |= {f"{name}_low": low, f"{name}_high": high}
    worth = Valuation(**terms, strike=args.strike, dilution_pct=args.dilution_pct or 0,
                      rounds=args.rounds or 0)  # fmt: skip
    low, high, words = valued(offer, worth)
    month = coerce("leave_after", args.leave_after or "12", "int")
    table = comparison_table(compare_offers({"low": low, "high": high}, leave_month=month),
                             leave_month=month)  # fmt: skip
    return "\n".join(["", plain(words), table.map(plain).to_string(index=False)])


def _cmd_offer(args: argparse.Namespace) -> int:
    from wbroles.errors import DataError, ParameterError
    from wbroles.format import plain
    from wbroles.load import load_all
    from wbroles.offer import offer_from_params, reference_points
    from wbroles.tables import offer_text

    folder = _data_folder(args.data_dir, "wbroles offer")
    if folder is None:
        return EXIT_DATA
    terms = ("role", "level", "base", "bonus_pct", "equity_total", "equity_annual", "vesting",
             "sign_on", "sign_on_schedule", "company", "equity_share", "equity_units",
             "cliff_months", "vest_every", "refresher", "refresher_pct",
             "price_change_pct")  # fmt: skip
    valuing = (args.company_value, args.price_per_share)
    try:
        data = load_all(folder)
        if args.offers is not None:
            text = _offers_text(args, data)
        elif None in (args.role, args.level, args.base):
            raise ParameterError("give --role, --level and --base (one offer), or --offers FILE")
        else:
            comp, points = data["compensation"], reference_points(data)
            given = {name: getattr(args, name) for name in terms}
            offer = offer_from_params(comp, **{n: v for n, v in given.items() if v is not None})
            text = offer_text(
                offer, comp, sources=data["sources"], points=points,
                leave_month=args.leave_after, price_changes=args.price_changes,
            )  # fmt: skip
            if any(v is not None for v in valuing):
                text += "\n" + _valuation_text(args, offer)
    except DataError as err:
        return _data_problems("wbroles offer: the data is not valid", err)
    except ParameterError as err:
        print(f"wbroles offer: {plain(err)}", file=sys.stderr)
        return EXIT_DATA
    print(text)
    return 0


def _cmd_notebooks(args: argparse.Namespace) -> int:
    """Copy the bundled notebooks (and with --data the bundled data) into a folder of the
    user's; nothing is written when a file would be replaced without --overwrite."""
    import shutil
    from pathlib import Path

    from wbroles.format import plain
    from wbroles.paths import DEFAULT_DATA_DIR
    from wbroles.report import available_notebooks

    target = Path(args.dir).expanduser().resolve()
    copies = {p: target / p.name for p in available_notebooks().values()}
    if args.data:
        files = (p for p in sorted(DEFAULT_DATA_DIR.rglob("*")) if p.is_file())
        copies |= {p: target / "data" / p.relative_to(DEFAULT_DATA_DIR) for p in files}
    blocked = next((d for d in [target, *copies.values()] if d.exists() and not d.is_dir()), None)
    if blocked == target or (blocked and not args.overwrite):
        what = "is not a folder" if blocked == target else "exists; --overwrite replaces it"
        print(f"wbroles notebooks: {plain(blocked)} {what}", file=sys.stderr)
        return EXIT_DATA
    try:
        for source, dest in copies.items():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
    except OSError as err:
        print(
            f"wbroles notebooks: cannot write {plain(err.filename)}: {err.strerror}",
            file=sys.stderr,
        )
        return EXIT_DATA
    notebooks = sum(d.suffix == ".ipynb" and d.parent == target for d in copies.values())
    print(f"{notebooks} notebooks copied to {target}" + (" (data in data/)" if args.data else ""))
    data = f" -p data_dir {target / 'data'}" if args.data else ""
    print(f"build them with: wbroles report --notebooks-dir {target}{data}")
    return 0


class _Once(argparse.Action):
    """Store an option's value, refusing the option a second time (never last-wins)."""

    def __call__(self, parser, namespace, values, option_string=None):
        if getattr(namespace, f"_{self.dest}_given", False):
            parser.exit(2, f"{parser.prog}: argument {option_string}: given twice; give it once\n")
        setattr(namespace, f"_{self.dest}_given", True)
        setattr(namespace, self.dest, values)


# Options whose value may start with "-" ("--vesting -10,110"): argparse takes such a value only
# as "--vesting=-10,110", so main() joins the two words before parsing.
_DASH_VALUES = ("--vesting", "--sign-on-schedule", "--base", "--bonus-pct", "--equity-total",
                "--equity-annual", "--sign-on", "--equity-share", "--price-change-pct",
                "--price-changes", "--refresher", "--refresher-pct", "--cliff-months",
                "--leave-after", "--company-value", "--price-per-share", "--strike",
                "--dilution-pct", "--rounds", "--margin-pct", "--equity-units")  # fmt: skip


def _dash_values(argv: list[str]) -> list[str]:
    """``argv`` with "--vesting -10,110" joined into "--vesting=-10,110" (likewise for every
    option of ``wbroles offer`` that takes a number), so that the number rule, not argparse's
    "expected one argument", answers a negative value."""
    out: list[str] = []
    for word in argv:
        if out and out[-1] in _DASH_VALUES and word.startswith("-") and word[1:2].isdigit():
            out[-1] = f"{out[-1]}={word}"
        else:
            out.append(word)
    return out


def _parameter_words(argv: list[str]) -> tuple[list[str], list[list[str]]]:
    """``argv`` without its ``-p NAME VALUE`` words, and those pairs taken verbatim: argparse
    would read a VALUE that starts with "-" ("-p vesting -10,110") as an option. A ``-p``
    without two words after it stays, for argparse to refuse."""
    rest, pairs, words = [], [], iter(range(len(argv)))
    for i in words:
        if argv[i] in ("-p", "--parameter") and i + 2 < len(argv) and rest[:1] == ["report"]:
            pairs.append(argv[i + 1 : i + 3])
            next(words), next(words)
        else:
            rest.append(argv[i])
    return rest, pairs


def _at_least_one(text: str) -> int:
    """A count of at least 1 (``--jobs``), or argparse's one-line error naming the value."""
    if not (text.isascii() and text.isdigit() and int(text) >= 1):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wbroles")
    except PackageNotFoundError:
        return "(not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wbroles",
        description="PM vs TPM at Weights & Biases: cited bands, notebooks, offline reports.",
    )
    parser.add_argument("--version", action="version", version=f"wbroles {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check every data table; print a summary, or every problem (exit 2)",
        description="Validate every table of a data folder. Exit 0 when valid; otherwise "
        "print every problem as FILE:LINE: column 'NAME': what is wrong, and exit 2.",
    )
    validate.add_argument(
        "data_dir",
        nargs="?",
        default=None,
        metavar="DATA_DIR",
        help="data folder (default: $WBROLES_DATA_DIR, else the project's data/)",
    )
    validate.set_defaults(run=_cmd_validate)

    report = commands.add_parser(
        "report",
        help="run the notebooks and export offline HTML reports",
        description="Run every notebook (or those named) with papermill and export each to a "
        "self-contained HTML report that draws its charts offline. A report is replaced only "
        "by a successful run; failed notebooks of the last build are kept under OUT/failed/. "
        "A notebook whose source, parameters, data and wbroles are unchanged is not run again. "
        "Exit 1 if a notebook failed, 2 on bad input, 130/143 when interrupted.",
    )
    report.add_argument(
        "--out", default="reports", metavar="DIR", help="output folder (default: reports)"
    )
    report.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        dest="parameters",
        metavar=("NAME", "VALUE"),
        help="notebook parameter, e.g. -p level L6 or -p roles TPM,PM (the first against the "
        "second); -p data_dir DIR reads another data folder; paths are relative to here",
    )
    report.add_argument(
        "--notebook",
        action="append",
        metavar="NAME",
        help="build only this notebook (repeatable; default: all)",
    )
    report.add_argument(
        "--notebooks-dir",
        default=None,
        metavar="DIR",
        help="folder of the notebooks to build (default: the project's notebooks/)",
    )
    report.add_argument(
        "--jobs",
        type=_at_least_one,
        default=os.cpu_count() or 1,
        metavar="N",
        help="notebooks run in parallel (default: the number of cores)",
    )
    report.add_argument(
        "--force", action="store_true", help="run every notebook, even those unchanged"
    )
    report.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=os.environ.get("WBROLES_SCHEDULER") or None,
        help="run the notebooks on the Dask distributed scheduler at ADDRESS "
        "(tcp://host:8786; default $WBROLES_SCHEDULER) instead of --jobs local processes",
    )
    report.add_argument(
        "--sweep",
        metavar="FILE",
        help="one run per row of FILE (CSV with a name column, or YAML), each into OUT/NAME, "
        "with an index comparing them; -p values apply to every run",
    )
    report.add_argument(
        "--pdf",
        action="store_true",
        help="also print each report to a PDF beside it (headless Chromium; skipped without)",
    )
    report.set_defaults(run=_cmd_report)

    notebooks = commands.add_parser(
        "notebooks",
        help="copy the notebooks (and with --data the data) into a folder, to edit and run",
        description="Copy the bundled notebooks into DIR (created if missing), to open in "
        "JupyterLab and edit; `wbroles report --notebooks-dir DIR` builds them from there. "
        "With --data, the bundled data too, into DIR/data. Existing files are not replaced "
        "without --overwrite (exit 2, nothing written).",
    )
    notebooks.add_argument("dir", metavar="DIR", help="folder to copy into")
    notebooks.add_argument("--data", action="store_true", help="copy the data into DIR/data too")
    notebooks.add_argument("--overwrite", action="store_true", help="replace existing files")
    notebooks.set_defaults(run=_cmd_notebooks)

    offer = commands.add_parser(
        "offer",
        help="place an offer in the PM and TPM bands of its level; pay year by year",
        description="Where an offer falls in the published bands of its level, for its own role "
        "and the other roles (below, inside with its position in percent, or above; an open "
        "upper bound is never given a percent), and its total pay in each vesting year. "
        "Money in US dollars, written as plain digits (185000). Each option once. Exit 2 with "
        "the reason on bad input.",
    )
    option = {"action": _Once}
    offer.add_argument("--role", **option, help="the offer's role, e.g. PM")
    offer.add_argument("--level", **option, help="the offer's level, e.g. L5")
    offer.add_argument("--base", metavar="USD", **option, help="base salary a year")
    offer.add_argument(
        "--bonus-pct", default=None, metavar="PCT", **option,
        help="target bonus, percent of base (default: not stated, never counted as 0)",
    )  # fmt: skip
    equity = offer.add_mutually_exclusive_group()
    equity.add_argument(
        "--equity-total", metavar="USD", **option,
        help="the whole equity grant, vested by --vesting (0 for no equity)",
    )  # fmt: skip
    equity.add_argument(
        "--equity-annual", metavar="USD", **option,
        help="equity per year instead: the same value each year for 4 years",
    )  # fmt: skip
    equity.add_argument(
        "--equity-share", metavar="PCT", **option,
        help="or equity as a percent of the company: not valued (no dollars) without a valuation",
    )  # fmt: skip
    equity.add_argument(
        "--equity-units", metavar="N", **option,
        help="or a number of options or RSUs: not valued without --price-per-share",
    )  # fmt: skip
    offer.add_argument(
        "--company-value", metavar="LOW,HIGH", **option,
        help="your valuation of the company in dollars, for --equity-share (a range)",
    )  # fmt: skip
    offer.add_argument(
        "--price-per-share", metavar="LOW,HIGH", **option,
        help="your price per share in dollars, for --equity-units (a range)",
    )  # fmt: skip
    offer.add_argument("--strike", metavar="USD", **option,
                       help="the options' exercise price per share (none: RSUs)")  # fmt: skip
    offer.add_argument("--dilution-pct", metavar="PCT", **option,
                       help="dilution of a share in each future round (under 100)")  # fmt: skip
    offer.add_argument("--rounds", metavar="N", **option,
                       help="future rounds that dilute it (default 0)")  # fmt: skip
    offer.add_argument(
        "--offers", metavar="FILE", **option,
        help="compare several offers instead: a CSV or YAML file, one labelled offer a row",
    )  # fmt: skip
    offer.add_argument(
        "--margin-pct", metavar="PCT", **option,
        help='with --offers: two offers within this percent are "close" (default 2)',
    )  # fmt: skip
    offer.add_argument(
        "--vesting", default=None, metavar="SCHEDULE", **option,
        help="even (25/25/25/25, default), front (40/30/20/10), back (5/15/40/40), "
        "or yearly percentages such as 40,30,20,10",
    )  # fmt: skip
    offer.add_argument(
        "--sign-on", default="0", metavar="USD", **option,
        help="sign-on bonus, paid in year 1 (default 0)",
    )  # fmt: skip
    offer.add_argument(
        "--sign-on-schedule", default=None, metavar="USD,USD,...", **option,
        help="when the sign-on is paid, dollars per year, e.g. 10000,10000 (adds up to --sign-on)",
    )  # fmt: skip
    offer.add_argument(
        "--cliff-months", default=None, metavar="N", **option,
        help="nothing of the grant vests before month N (default 12; 0: no cliff)",
    )  # fmt: skip
    offer.add_argument(
        "--vest-every", default=None, metavar="EVERY", **option,
        help="after the cliff the grant vests each month (default), quarter or year",
    )  # fmt: skip
    offer.add_argument(
        "--refresher", default=None, metavar="USD", **option,
        help="an assumed refresher grant each year from year 2, in dollars (default none)",
    )  # fmt: skip
    offer.add_argument(
        "--refresher-pct", default=None, metavar="PCT", **option,
        help="or as a percent of the initial grant a year (at most 100)",
    )  # fmt: skip
    offer.add_argument(
        "--price-change-pct", default=None, metavar="PCT", **option,
        help="yearly share-price change, percent (default 0)",
    )  # fmt: skip
    offer.add_argument(
        "--price-changes", default=None, metavar="PCT,PCT,...", **option,
        help="also the total under each yearly share-price change, e.g. -50,0,50",
    )  # fmt: skip
    offer.add_argument(
        "--leave-after", default=None, metavar="MONTHS", **option,
        help="also what is paid on leaving after this many months",
    )  # fmt: skip
    offer.add_argument(
        "--company", default=None, **option,
        help="company whose bands apply (default: the data's only one)",
    )  # fmt: skip
    offer.add_argument(
        "--data-dir", default=None, metavar="DIR", **option,
        help="data folder (default: $WBROLES_DATA_DIR, else the project's data/)",
    )  # fmt: skip
    offer.set_defaults(run=_cmd_offer)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    words, pairs = _parameter_words(sys.argv[1:] if argv is None else list(argv))
    args = parser.parse_args(_dash_values(words))
    if pairs:
        args.parameters = pairs
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
