"""The ``wbroles`` command. Heavy libraries are imported inside each command, so that
``wbroles --help`` answers at once."""

from __future__ import annotations

import argparse
import sys

EXIT_DATA = 2


def _cmd_validate(args: argparse.Namespace) -> int:
    from .errors import DataError
    from .load import load_all
    from .paths import resolve_data_dir
    from .schemas import TABLES

    folder = resolve_data_dir(args.data_dir)
    if not folder.is_dir():
        print(f"wbroles: data folder not found: {folder}", file=sys.stderr)
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
