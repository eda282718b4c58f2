"""The ``wbroles`` command. Heavy libraries are imported inside each command, so that
``wbroles --help`` answers at once."""

from __future__ import annotations

import argparse
import os
import sys

EXIT_DATA = 2


def _data_folder(data_dir: str | None, prog: str):
    """The data folder to read, or None after saying on stderr that it does not exist."""
    from .paths import resolve_data_dir

    folder = resolve_data_dir(data_dir)
    if not folder.is_dir():
        print(f"{prog}: data folder not found: {folder}", file=sys.stderr)
        return None
    return folder


def _cmd_validate(args: argparse.Namespace) -> int:
    from .errors import DataError
    from .load import load_all
    from .schemas import TABLES

    folder = _data_folder(args.data_dir, "wbroles")
    if folder is None:
        return EXIT_DATA
    try:
        frames = load_all(folder)
    except DataError as err:
        print(f"wbroles validate: {folder}", file=sys.stderr)
        print(str(err), file=sys.stderr)
        return EXIT_DATA
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
    from .errors import ParameterError

    given: dict[str, str] = {}
    for name, value in pairs or []:
        if name in given:
            raise ParameterError(f"parameter {name!r} is given twice (-p {name} ...)")
        given[name] = value
    return given


def _cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .errors import DataError, ParameterError
    from .report import BuildError, BuildOptions, Stopped, available_notebooks, build_reports

    folder = Path(args.notebooks_dir).resolve() if args.notebooks_dir else None
    notebooks = available_notebooks(folder) if folder else available_notebooks()
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
        options = BuildOptions(
            out_dir=Path(args.out), parameters=_parameters(args.parameters), jobs=args.jobs
        )
        options.force = args.force
        results = build_reports(notebooks, options, on_done=done)
    except DataError as err:
        print(f"wbroles report: the data is not valid:\n{err}", file=sys.stderr)
        return EXIT_DATA
    except (ParameterError, BuildError) as err:
        print(f"wbroles report: {err}", file=sys.stderr)
        return EXIT_DATA
    except Stopped as stop:
        print(f"wbroles report: stopped by {stop}; earlier reports kept", file=sys.stderr)
        sys.stdout.flush()
        os._exit(128 + stop.signum)  # all is cleaned up; the interpreter's teardown takes 1 s
    _say(str(options.out_dir / "index.html"))
    failed = [r for r in results if not r.ok]
    if failed:
        print(
            f"wbroles report: {len(failed)} of {len(results)} notebooks failed: "
            f"{', '.join(r.name for r in failed)}",
            file=sys.stderr,
        )
        return 1
    return 0


def _cmd_offer(args: argparse.Namespace) -> int:
    from .errors import DataError
    from .load import load_compensation, load_sources
    from .offer import offer_from_params, offer_text
    from .params import ParameterError

    folder = _data_folder(args.data_dir, "wbroles offer")
    if folder is None:
        return EXIT_DATA
    try:
        comp = load_compensation(folder)
        offer = offer_from_params(
            comp,
            role=args.role,
            level=args.level,
            base=args.base,
            bonus_pct=args.bonus_pct,
            equity_total=args.equity_total,
            equity_annual=args.equity_annual,
            vesting=args.vesting,
            sign_on=args.sign_on,
            sign_on_schedule=args.sign_on_schedule,
            company=args.company,
        )
        text = offer_text(offer, comp, sources=load_sources(folder))
    except DataError as err:
        print(f"wbroles offer: the data is not valid:\n{err}", file=sys.stderr)
        return EXIT_DATA
    except ParameterError as err:
        print(f"wbroles offer: {err}", file=sys.stderr)
        return EXIT_DATA
    print(text)
    return 0


def _amounts(text: str) -> list[float]:
    """'10000,10000' -> [10000.0, 10000.0], for --sign-on-schedule."""
    try:
        return [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected dollars per year separated by commas, such as 10000,10000; got {text!r}"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wbroles",
        description="PM vs TPM at Weights & Biases: cited bands, notebooks, offline reports.",
    )
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
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="notebooks run in parallel (default: the number of cores)",
    )
    report.add_argument(
        "--force", action="store_true", help="run every notebook, even those unchanged"
    )
    report.set_defaults(run=_cmd_report)

    offer = commands.add_parser(
        "offer",
        help="place an offer in the PM and TPM bands of its level; pay year by year",
        description="Where an offer falls in the published bands of its level, for its own role "
        "and the other roles (below, inside with its position in percent, or above; an open "
        "upper bound is never given a percent), and its total pay in each vesting year. "
        "Money in US dollars. Exit 2 with the reason on bad input.",
    )
    offer.add_argument("--role", required=True, help="the offer's role, e.g. PM")
    offer.add_argument("--level", required=True, help="the offer's level, e.g. L5")
    offer.add_argument(
        "--base", required=True, type=float, metavar="USD", help="base salary a year"
    )
    offer.add_argument(
        "--bonus-pct",
        type=float,
        default=0.0,
        metavar="PCT",
        help="target bonus, percent of base (default 0)",
    )
    equity = offer.add_mutually_exclusive_group(required=True)
    equity.add_argument(
        "--equity-total",
        type=float,
        metavar="USD",
        help="the whole equity grant, vested by --vesting (0 for no equity)",
    )
    equity.add_argument(
        "--equity-annual",
        type=float,
        metavar="USD",
        help="equity per year instead: the same value each year for 4 years",
    )
    offer.add_argument(
        "--vesting",
        default=None,
        metavar="SCHEDULE",
        help="even (25/25/25/25, default), front (40/30/20/10), back (5/15/40/40), "
        "or yearly percentages such as 40,30,20,10",
    )
    offer.add_argument(
        "--sign-on",
        type=float,
        default=0.0,
        metavar="USD",
        help="sign-on bonus, paid in year 1 (default 0)",
    )
    offer.add_argument(
        "--sign-on-schedule",
        type=_amounts,
        default=None,
        metavar="USD,USD,...",
        help="when the sign-on is paid, dollars per year, e.g. 10000,10000 (adds up to --sign-on)",
    )
    offer.add_argument(
        "--company", default=None, help="company whose bands apply (default: the data's only one)"
    )
    offer.add_argument(
        "--data-dir",
        default=None,
        metavar="DIR",
        help="data folder (default: $WBROLES_DATA_DIR, else the project's data/)",
    )
    offer.set_defaults(run=_cmd_offer)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
