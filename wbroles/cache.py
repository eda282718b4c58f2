"""What a report depends on, as one key: the notebook, its parameters, the data files, wbroles'
version and sources. Computed without pandas or papermill, so an unchanged rebuild is quick."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from . import __version__
from .inputs import PATH_PARAMETERS

PACKAGE_DIR = Path(__file__).parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
CACHE_NAME = ".wbroles-cache.json"


def _digest(paths) -> str:
    """SHA-256 over the names and bytes of the regular files among ``paths``."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        if os.path.isfile(path):  # a folder or FIFO with a table's name is not read
            digest.update(f"{path}\0".encode() + Path(path).read_bytes() + b"\0")
    return digest.hexdigest()


def package_digest() -> str:
    """Digest of wbroles' version, Python sources, templates, CSS and plotly.js bundle."""
    files = [
        *PACKAGE_DIR.rglob("*.py"),
        *TEMPLATES_DIR.rglob("*.j2"),
        *TEMPLATES_DIR.rglob("*.json"),
        *TEMPLATES_DIR.rglob("*.css"),
        *TEMPLATES_DIR.rglob("*.js"),
    ]
    return hashlib.sha256((__version__ + _digest(files)).encode()).hexdigest()


def table_files(cache: dict, package: str) -> list[str]:
    """The data files the loader reads, remembered in ``cache`` for this ``package`` digest (so a
    rebuild needs no pandas)."""
    if cache.get("package") != package or "tables" not in cache:
        from .schemas import TABLES

        cache["tables"] = sorted(t.file for t in TABLES.values())
    return cache["tables"]


def data_digest(data_dir: Path, files: list[str] | None = None) -> str:
    """A short digest of the data folder's table files (only regular files are read)."""
    if files is None:
        from .schemas import TABLES

        files = [t.file for t in TABLES.values()]
    return _digest([Path(data_dir) / name for name in files])[:16]


def cache_key(source: Path, parameters: dict[str, str], *, data: str, package: str) -> str:
    """What a report depends on: the notebook, its parameters (text; paths resolved, with the
    digest of the files they name), the data digest, wbroles' version and sources."""
    named = [v for k, v in parameters.items() if k in PATH_PARAMETERS[1:]]
    parts = [_digest([source]), json.dumps(parameters, sort_keys=True), data, package]
    return hashlib.sha256("\0".join([*parts, _digest(named)]).encode()).hexdigest()


def load_cache(out: Path) -> dict:
    """The cache record of the build folder ``out``; empty when missing or unreadable."""
    try:
        cache = json.loads((out / CACHE_NAME).read_text(encoding="utf-8"))
        return cache if isinstance(cache, dict) else {}
    except (OSError, ValueError):
        return {}
