"""Where the data lives: the argument, else ``WBROLES_DATA_DIR``, else the project's ``data/``."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "WBROLES_DATA_DIR"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """Return the data folder to read, as an absolute path (it is not required to exist yet)."""
    if data_dir is None or str(data_dir) == "":
        data_dir = os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR
    return Path(data_dir).expanduser().resolve()
