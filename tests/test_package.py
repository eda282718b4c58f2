"""The wheel, installed outside the checkout, does what the README says.

The wheel is built from this checkout, installed with its dependencies into a fresh venv (no
site packages of this environment) in a temporary folder, and every command runs from another
temporary folder with no PYTHONPATH and no WBROLES_DATA_DIR: nothing can come from the
checkout. Marked ``slow`` (about a minute; `-m "not slow"` leaves it out).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

from wbroles.load import load_compensation
from wbroles.paths import DATA_DIR_ENV

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _run(command, *, cwd: Path, env: dict[str, str] | None = None, timeout: int = 600):
    result = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, cwd=cwd, env=env,
        timeout=timeout,
    )  # fmt: skip
    assert result.returncode == 0, f"{command}: {result.stderr[-2000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(bin folder, site-packages folder, a clean environment, an unrelated working folder)."""
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT], cwd=dist)
    (wheel,) = dist.glob("wbroles-*.whl")
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=True, clear=True)
    bin_dir = home / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", DATA_DIR_ENV)}
    env |= {"VIRTUAL_ENV": str(home), "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"}
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    _run([bin_dir / "python", "-m", "pip", "install", "-q", wheel], cwd=elsewhere, env=env)
    site = _run(
        [bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        cwd=elsewhere, env=env,
    ).stdout.strip()  # fmt: skip
    return bin_dir, Path(site), env, elsewhere


def test_the_package_is_imported_from_the_venv(installed):
    bin_dir, site, env, here = installed
    code = "import wbroles, wbroles.paths as p; print(wbroles.__file__); print(p.DEFAULT_DATA_DIR)"
    out = _run([bin_dir / "python", "-c", code], cwd=here, env=env).stdout.splitlines()
    assert out == [str(site / "wbroles" / "__init__.py"), str(site / "wbroles" / "data")]


def test_version_from_the_metadata(installed):
    bin_dir, _, env, here = installed
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert _run([bin_dir / "wbroles", "--version"], cwd=here, env=env).stdout == (
        f"wbroles {version}\n"
    )
    module = _run([bin_dir / "python", "-m", "wbroles", "--version"], cwd=here, env=env)
    assert module.stdout == f"wbroles {version}\n"


def test_validate_reads_the_bundled_data(installed):
    bin_dir, site, env, here = installed
    out = _run([bin_dir / "wbroles", "validate"], cwd=here, env=env).stdout
    assert out.splitlines()[-1] == f"14 tables valid in {site / 'wbroles' / 'data'}"


def test_load_compensation_gives_the_checkouts_rows(installed):
    bin_dir, _, env, here = installed
    code = "import wbroles; c = wbroles.load_compensation(); print(len(c), int(c['high'].sum()))"
    expected = load_compensation()
    out = _run([bin_dir / "python", "-c", code], cwd=here, env=env).stdout.split()
    assert out == [str(len(expected)), str(int(expected["high"].sum()))]


def test_report_draws(installed, tmp_path):
    bin_dir, site, env, _ = installed
    command = [bin_dir / "wbroles", "report", "--out", "OUT", "--notebook", "skill_emphasis"]
    out = _run([*command, "--jobs", "1"], cwd=tmp_path, env=env).stdout
    assert f"{tmp_path / 'OUT' / 'skill_emphasis.html'}  1 chart" in out
    html = (tmp_path / "OUT" / "skill_emphasis.html").read_text(encoding="utf-8")
    assert html.count('class="plotly-graph-div"') == 1
    assert str(site / "wbroles" / "data") in html  # the data folder the report states


def test_offer(installed):
    bin_dir, _, env, here = installed
    command = [bin_dir / "wbroles", "offer", "--role", "PM", "--level", "L5", "--base", "185000"]
    out = _run([*command, "--equity-total", "400000"], cwd=here, env=env).stdout
    assert out.startswith("PM L5 offer at Weights & Biases: base $185k")
    assert "Where it falls in the L5 bands" in out


def test_papermill_on_a_copied_notebook(installed, tmp_path):
    bin_dir, site, env, _ = installed
    _run([bin_dir / "wbroles", "notebooks", "mine"], cwd=tmp_path, env=env)
    path = tmp_path / "mine" / "interview_rounds.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    # Which wbroles the kernel imports: a kernel of another environment would show it here.
    probe = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
             "source": ["import wbroles\n", "print(wbroles.__file__)"]}  # fmt: skip
    notebook["cells"].append(probe)
    path.write_text(json.dumps(notebook), encoding="utf-8")
    command = [bin_dir / "papermill", path, tmp_path / "out.ipynb"]
    _run([*command, "-p", "company", "Weights & Biases"], cwd=tmp_path, env=env)
    executed = json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8"))
    outputs = [o for cell in executed["cells"] for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert any(o.get("data", {}).get("application/vnd.plotly.v1+json") for o in outputs)
    assert executed["cells"][-1]["outputs"][0]["text"] == [f"{site / 'wbroles' / '__init__.py'}\n"]
