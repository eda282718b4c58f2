"""Where the data and the notebooks live: the argument, else ``WBROLES_DATA_DIR``, else the
bundled ``data/`` (the checkout's own folder in a checkout or an editable install; inside the
package, through importlib.resources, in an installed wheel)."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

DATA_DIR_ENV = "WBROLES_DATA_DIR"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "data").is_dir()
_BUNDLED = PROJECT_ROOT if _CHECKOUT else Path(str(files("wbroles")))
DEFAULT_DATA_DIR = _BUNDLED / "data"
NOTEBOOKS_DIR = _BUNDLED / "notebooks"
EXAMPLES_DIR = DEFAULT_DATA_DIR / "examples"


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The data folder to read, as an absolute path (it is not required to exist yet).

    Parameters
    ----------
    data_dir : str or Path, optional
        The folder; ``None`` or "" means ``$WBROLES_DATA_DIR``, else the bundled data.
    """
    if data_dir is None or str(data_dir) == "":
        data_dir = os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR
    return Path(data_dir).expanduser().resolve()
