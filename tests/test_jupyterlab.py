"""The notebooks as a JupyterLab user meets them, and each notebook's header.

The browser tests start one JupyterLab (tests/lab.py) on a copy of notebooks/, so running the
cells never writes outputs into the committed files, and drive headless Chromium: open each
notebook from the file browser, Run All Cells from the Run menu, save, then compare what the
page shows with what the saved notebook holds. The user-level data folder holds a stale
``python3`` kernelspec pointing at an interpreter that does not exist, as a user's often does:
the environment's own kernel has to win without any kernel registration.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import lab  # tests/lab.py
import nbformat
import pytest

from browser import CHROMIUM_ARGS, require_chromium
from wbroles.report import NOTEBOOKS_DIR, available_notebooks

NOTEBOOKS = list(available_notebooks())
REPO = NOTEBOOKS_DIR.parent
HARNESS_DIR = "harness-check"  # synthetic notebooks that show the checks can fail

STALE_KERNEL = {
    "argv": ["/nonexistent/stale-python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
    "display_name": "Python 3 (a stale user-level kernel)",
    "language": "python",
}
# Notebooks whose tables and prose show money ("$280k"), which MathJax must leave alone.
MONEY_NOTEBOOKS = {"compensation_by_level", "observed_pay", "offer_check", "overview"}


def require_jupyterlab() -> None:
    pytest.importorskip(
        "jupyterlab", reason="JupyterLab is the `lab` extra: pip install -e '.[lab]'"
    )


def add_stale_user_kernelspec(state_dir: Path) -> None:
    folder = state_dir / "data" / "kernels" / "python3"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kernel.json").write_text(json.dumps(STALE_KERNEL))


def broken_notebook() -> nbformat.NotebookNode:
    """A chart, a cell that raises, then a chart Run All never reaches."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Broken on purpose"),
        nbformat.v4.new_code_cell(
            "import plotly.graph_objects as go\n"
            "go.Figure(go.Bar(x=['a', 'b'], y=[1, 2], hovertext=['first', 'second']))"
        ),
        nbformat.v4.new_code_cell("raise ValueError('broken on purpose')"),
        nbformat.v4.new_code_cell("go.Figure(go.Bar(x=['c'], y=[3]))"),
    ]
    return notebook


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """One JupyterLab for the module, on a copy of notebooks/ plus the harness notebooks."""
    require_jupyterlab()
    require_chromium()
    root = tmp_path_factory.mktemp("lab-root")
    for path in available_notebooks().values():
        shutil.copy2(path, root / path.name)
    (root / HARNESS_DIR).mkdir()
    nbformat.write(broken_notebook(), root / HARNESS_DIR / "broken.ipynb")
    state = tmp_path_factory.mktemp("lab-state")
    add_stale_user_kernelspec(state)
    server = lab.start_lab(root, state_dir=state)
    try:
        yield server
    finally:
        lab.stop_lab(server)


@pytest.fixture(scope="module")
def browser_context(lab_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        try:
            # One context for every notebook: Lab's scripts are fetched once, then cached.
            yield browser.new_context(viewport={"width": 1280, "height": 1000})
        finally:
            browser.close()


@pytest.fixture
def run_in_lab(lab_server, browser_context, tmp_path):
    """Run a notebook through the UI; its kernel is shut down afterwards, pass or fail."""
    started = []

    def run(notebook: str) -> lab.LabRun:
        started.append(notebook)
        screenshot = tmp_path / (notebook.replace("/", "_") + ".png")
        return lab.run_all(browser_context, lab_server, notebook, screenshot=screenshot)

    yield run
    for notebook in started:
        lab.shut_down_kernel(lab_server, notebook)


def test_the_server_offers_this_environment_as_python3(lab_server):
    specs = lab_server.api("kernelspecs")
    assert specs["default"] == "python3"
    argv = specs["kernelspecs"]["python3"]["spec"]["argv"]
    # jupyter_client starts a bare "python" with the server's own interpreter: this one.
    assert argv[0] in {"python", sys.executable}, (
        f"python3 resolves to {argv[0]!r}, not this environment ({sys.executable}); "
        "the user-level kernelspec won over the environment's"
    )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_run_all_in_jupyterlab_shows_every_chart(name, run_in_lab, lab_server):
    run = run_in_lab(f"{name}.ipynb")
    where = run.where()
    assert run.dialogs == [], f"{where} a dialog stopped the run: {run.dialogs}"
    display_name = lab_server.api("kernelspecs")["kernelspecs"]["python3"]["spec"]["display_name"]
    assert run.kernel_status == f"{display_name} | Idle", where
    assert run.kernel_command[:1] == [sys.executable], (
        f"{where} the kernel runs {run.kernel_command[:1]}, not this environment's Python"
    )
    assert run.error_outputs == [], f"{where} cells raised: {run.error_outputs}"
    assert run.error_texts == [], f"{where} error text shown: {run.error_texts}"
    assert run.stderr_texts == [], f"{where} cells wrote to stderr: {run.stderr_texts}"
    assert run.typeset_math == [], f"{where} MathJax typeset output text: {run.typeset_math}"
    if name in MONEY_NOTEBOOKS:
        assert re.search(r"\$\d+k", run.output_text), f"{where} no money shown as '$280k'"
    assert run.unexecuted_cells == [], f"{where} cells never ran: {run.unexecuted_cells}"
    assert run.page_errors == [], f"{where} JavaScript errors: {run.page_errors}"
    assert run.blocked_requests == [], f"{where} the page reached off the server"
    assert run.figure_outputs >= 1, f"{where} the saved notebook holds no plotly figure"
    assert run.charts == run.figure_outputs, (
        f"{where} {run.charts} charts on the page for {run.figure_outputs} figure outputs"
    )
    assert run.charts_with_svg == run.charts, (
        f"{where} only {run.charts_with_svg} of {run.charts} charts drew their SVG"
    )
    silent = [index for index, text in enumerate(run.hover_texts) if not text]
    assert silent == [], f"{where} charts (0-based) that showed no hover label: {silent}"


def test_the_run_all_checks_catch_a_failing_cell(run_in_lab):
    run = run_in_lab(f"{HARNESS_DIR}/broken.ipynb")
    assert run.error_outputs == ["cell 2: ValueError: broken on purpose"]
    assert len(run.error_texts) == 1
    assert "ValueError: broken on purpose" in run.error_texts[0]
    assert run.unexecuted_cells == [3]
    assert (run.figure_outputs, run.charts, run.charts_with_svg) == (1, 1, 1)
    # The label of the first bar: its (x, y) pair and its hover text.
    [label] = run.hover_texts
    assert "first" in label


# --- make lab ------------------------------------------------------------------------------

URL = re.compile(r"http://127\.0\.0\.1:(\d+)/lab\?token=([0-9a-f]+)")


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_lab_serves_loopback_only_prints_its_url_and_uses_this_environment(tmp_path):
    require_jupyterlab()
    import psutil

    root = tmp_path / "notebooks"
    root.mkdir()
    state = tmp_path / "state"
    env = lab.lab_environment(state)  # the user's Jupyter folders stay out of it
    add_stale_user_kernelspec(state)
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(name, None)
    venv = Path(sys.prefix)
    command = [
        "make",
        "--no-print-directory",
        "-C",
        str(REPO),
        # Never install from a test: the environment running this test is the one to serve.
        "-o",
        str(venv / ".installed"),
        f"VENV={venv}",
        f"LAB_DIR={root}",
        f"LAB_PORT={lab.free_port()}",
        "lab",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("LAB_ARGS=--allow-root")  # CI containers often run as root
    log_path = tmp_path / "make-lab.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        match = None
        deadline = time.monotonic() + 90
        while match is None and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.25)
            match = URL.search(log_path.read_text(errors="replace"))
        output = log_path.read_text(errors="replace")
        assert match, f"`make lab` printed no http://127.0.0.1:PORT/lab?token=... URL:\n{output}"
        server = lab.LabServer(process, f"http://127.0.0.1:{match[1]}/", match[2], root, log_path)
        specs = server.api("kernelspecs")
        assert specs["kernelspecs"]["python3"]["spec"]["argv"][0] in {"python", sys.executable}
        listening = [
            (p.pid, c.laddr.ip)
            for p in [psutil.Process(process.pid), *psutil.Process(process.pid).children(True)]
            for c in p.net_connections(kind="inet")
            if c.status == psutil.CONN_LISTEN
        ]
        assert listening, "found no listening socket of the server"
        assert {ip for _, ip in listening} <= {"127.0.0.1", "::1"}, listening
    finally:
        lab.stop_process_tree(process)


# --- notebook headers (no browser) ----------------------------------------------------------


def parameter_names(notebook) -> list[str]:
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    names = []
    for node in ast.parse(cell.source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return names


def test_there_are_notebooks_to_check():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOKS_DIR}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_header_says_what_it_shows_its_parameters_and_how_to_report(name):
    notebook = nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    first = notebook.cells[0]
    assert first.cell_type == "markdown", f"{name}: the first cell is not markdown"
    header = first.source
    lines = header.splitlines()
    assert re.match(r"# \S", lines[0]), f"{name}: the header does not open with a '# ' title"
    summary = next((line for line in lines[1:] if line.strip()), "")
    assert summary and not summary.startswith(("#", "**")), (
        f"{name}: no one-paragraph summary under the title"
    )
    assert "Parameters" in header, f"{name}: the header does not list its parameters"
    missing = [p for p in parameter_names(notebook) if f"`{p}`" not in header]
    assert missing == [], f"{name}: parameters missing from the header: {missing}"
    assert f"wbroles report --notebook {name}" in header, (
        f"{name}: the header does not say how to run it as a report "
        f"(`wbroles report --notebook {name}`)"
    )
