"""JupyterLab as a user meets it, for the browser tests: a private server, driven by Chromium.

``start_lab`` runs ``python -m jupyterlab`` from this environment on a free loopback port, with
a random token and its own settings, workspace, runtime, config, data and IPython folders, so
neither the user's Jupyter set-up nor an earlier run leaks in. ``stop_lab`` ends the server and
every process it started, by their process ids. ``run_all`` opens a notebook from the file
browser, runs it with the Run menu's "Run All Cells", saves it, and reports what the page shows
next to what the saved notebook holds.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PLOTLY_MIME = "application/vnd.plotly.v1+json"
LOOPBACK = "127.0.0.1"

# What `make lab` sets too: the environment's own kernelspec wins over a user-level one.
LAB_ENV = {"JUPYTER_PREFER_ENV_PATH": "1"}

# Variables that would let the user's own set-up (or another run's) reach the test server.
_PRIVATE_PREFIXES = ("JUPYTER", "JPY_")
_DROPPED = {"IPYTHONDIR", "PLOTLY_RENDERER", "WBROLES_DATA_DIR"}

# No network from a test: no announcements feed and no update check against PyPI.
_SERVER_CONFIG = {
    "LabApp": {
        "news_url": None,
        "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
        "extension_manager": "readonly",
    }
}

# ... and no "get notified about Jupyter news?" toast over the notebook in the screenshots.
_LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False}
}


class LabError(RuntimeError):
    """The server did not start, or the page never reached the state a step waits for."""


@dataclass
class LabServer:
    process: subprocess.Popen
    base_url: str
    token: str
    root_dir: Path
    log_path: Path

    def api(self, path: str) -> object:
        """GET ``/api/<path>`` as JSON."""
        request = urllib.request.Request(
            f"{self.base_url}api/{path}", headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def kernel_commands(self) -> dict[str, list[str]]:
        """Command line of each running kernel, by kernel id, read from the server's children."""
        import psutil

        commands = {}
        kernel_ids = [kernel["id"] for kernel in self.api("kernels")]
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                cmdline = child.cmdline()
            except psutil.Error:
                continue
            for kernel_id in kernel_ids:
                if any(kernel_id in arg for arg in cmdline):
                    commands[kernel_id] = cmdline
        return commands


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def lab_environment(state_dir: Path, *, token: str | None = None) -> dict[str, str]:
    """This process's environment without Jupyter settings, pointed at private folders
    under ``state_dir``; without ``token`` the server makes one up (and prints it)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(_PRIVATE_PREFIXES) and name not in _DROPPED
    }
    folders = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "IPYTHONDIR": "ipython",
    }
    for name, folder in folders.items():
        (state_dir / folder).mkdir(parents=True, exist_ok=True)
        env[name] = str(state_dir / folder)
    env.update(LAB_ENV)
    if token:
        env["JUPYTER_TOKEN"] = token
    write_lab_config(state_dir)
    return env


def write_lab_config(state_dir: Path) -> None:
    """Server config and Lab settings that keep a test off the network and its screenshots
    free of the news toast."""
    (state_dir / "config" / "jupyter_server_config.json").write_text(json.dumps(_SERVER_CONFIG))
    for plugin, settings in _LAB_SETTINGS.items():
        path = state_dir / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))


def start_lab(root_dir: Path, *, state_dir: Path, timeout_s: float = 90) -> LabServer:
    """Start JupyterLab on ``root_dir``; return once its API answers. Private state in
    ``state_dir`` (its ``data/`` folder may already hold kernelspecs, as a user's would)."""
    token = secrets.token_hex(24)
    env = lab_environment(state_dir, token=token)
    port = free_port()
    log_path = state_dir / "jupyterlab.log"
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--ServerApp.ip={LOOPBACK}",
        f"--ServerApp.port={port}",
        # Fail rather than move to another port than the one we will talk to.
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.user_settings_dir={state_dir / 'settings'}",
        f"--LabApp.workspaces_dir={state_dir / 'workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI containers often run as root
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=state_dir, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    server = LabServer(process, f"http://{LOOPBACK}:{port}/", token, root_dir, log_path)
    try:
        _wait_until_ready(server, timeout_s)
    except BaseException:
        stop_lab(server)
        raise
    return server


def _wait_until_ready(server: LabServer, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise LabError(
                f"JupyterLab exited with code {server.process.returncode} while starting:\n"
                + server.log_tail()
            )
        try:
            server.api("status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise LabError(f"JupyterLab did not answer within {timeout_s:.0f} s:\n" + server.log_tail())


def stop_lab(server: LabServer, *, grace_s: float = 15) -> None:
    """Stop the server and every process it started (its kernels)."""
    stop_process_tree(server.process, grace_s=grace_s)


def stop_process_tree(process: subprocess.Popen, *, grace_s: float = 15) -> None:
    """Terminate ``process`` (SIGTERM lets jupyter_server shut its kernels down cleanly), then
    whatever it started that outlived it; kill what ignores that. Only these pids are touched."""
    import psutil

    try:
        started = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        started = []
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    alive = [p for p in started if p.is_running()]
    for child in alive:
        child.terminate()
    _, still_alive = psutil.wait_procs(alive, timeout=grace_s)
    for child in still_alive:
        child.kill()


# ---------------------------------------------------------------------------------------------
# The browser side

CURRENT_NOTEBOOK = "#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden)"
# The status bar item "Python 3 (ipykernel) | Idle": the toolbar's execution indicator already
# says "idle" while the kernel is still starting, this item says "Initializing".
KERNEL_STATUS = '#jp-main-statusbar .jp-StatusBar-TextItem[title^="Change kernel for"]'

# Counts taken in the page, scoped to the open notebook.
_PAGE_STATE_JS = """
(selector) => {
  const panel = document.querySelector(selector);
  return {
    charts: panel.querySelectorAll('.js-plotly-plot').length,
    chartsWithSvg: [...panel.querySelectorAll('.js-plotly-plot')]
      .filter(d => d.querySelector('svg.main-svg')).length,
    errorTexts: [...panel.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText')]
      .map(e => e.innerText)
      .filter(t => /Traceback|Error/.test(t)),
    stderrTexts: [...panel.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
      .map(e => e.innerText),
    // MathJax typesets text between two "$" ("$280k-$450k" as italic 280k-450k): where it did
    typesetMath: [...panel.querySelectorAll('.jp-OutputArea-output mjx-container')]
      .map(e => (e.closest('td, p, li') || e).textContent.slice(0, 120)),
    outputText: [...panel.querySelectorAll('.jp-OutputArea-output')]
      .map(e => e.innerText).join(' | '),
  };
}
"""

# Set a flag the moment any cell is queued or running, so a fast run cannot slip between polls.
_WATCH_FOR_RUN_JS = """
(selector) => {
  window.__wbrolesRunSeen = false;
  const panel = document.querySelector(selector);
  const seen = () => {
    const busy = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
      .some(e => e.textContent.includes('*'));
    if (busy) window.__wbrolesRunSeen = true;
  };
  new MutationObserver(seen).observe(panel, {subtree: true, childList: true, characterData: true});
}
"""

_RUN_FINISHED_JS = """
([selector, item]) => {
  const panel = document.querySelector(selector);
  const status = document.querySelector(item);
  const busy = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .some(e => e.textContent.includes('*'));
  return (window.__wbrolesRunSeen && !busy && /\\| Idle$/.test(status.textContent.trim()))
    || document.querySelector('.jp-Dialog');
}
"""


@dataclass
class LabRun:
    """What one notebook showed after Run All, and what its saved file holds."""

    notebook: str
    screenshot: Path
    # From the saved notebook.
    figure_outputs: int = 0
    error_outputs: list[str] = field(default_factory=list)
    unexecuted_cells: list[int] = field(default_factory=list)
    # From the page.
    charts: int = 0
    charts_with_svg: int = 0
    error_texts: list[str] = field(default_factory=list)
    stderr_texts: list[str] = field(default_factory=list)
    typeset_math: list[str] = field(default_factory=list)
    output_text: str = ""
    hover_texts: list[str | None] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    kernel_status: str = ""
    kernel_command: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def where(self) -> str:
        return f"[{self.notebook}; screenshot {self.screenshot}]"


def open_page(context, server: LabServer, run: LabRun):
    """A new tab on the Lab page, with the default workspace reset so no notebook from an
    earlier run is reopened; requests that leave the server are blocked and recorded."""
    page = context.new_page()
    page.on("pageerror", lambda error: run.page_errors.append(str(error)))

    def route(request_route):
        url = request_route.request.url
        if url.startswith(server.base_url) or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            run.blocked_requests.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(f"{server.base_url}lab?reset&token={server.token}", wait_until="domcontentloaded")
    return page


def open_from_file_browser(page, path: str, *, timeout_ms: int) -> None:
    """Double-click each folder of ``path`` and then the notebook, as a user would."""
    for part in path.split("/"):
        item = page.locator(".jp-DirListing-item").filter(
            has=page.locator(".jp-DirListing-itemText", has_text=re.compile(f"^{re.escape(part)}$"))
        )
        item.first.wait_for(state="visible", timeout=timeout_ms)
        item.first.dblclick()
    page.locator(CURRENT_NOTEBOOK).wait_for(state="visible", timeout=timeout_ms)


def visible_dialogs(page) -> list[str]:
    return [text.strip() for text in page.locator(".jp-Dialog").all_inner_texts()]


def wait_for_kernel_idle(page, *, timeout_ms: int) -> str:
    """Wait until the status bar shows the notebook's kernel idle (or a dialog asks for
    one); return the status bar's kernel text, such as "Python 3 (ipykernel) | Idle"."""
    page.wait_for_function(
        """([item]) => {
          const status = document.querySelector(item);
          return (status && /\\| Idle$/.test(status.textContent.trim())
                  && !status.textContent.startsWith('No Kernel'))
            || document.querySelector('.jp-Dialog');
        }""",
        arg=[KERNEL_STATUS],
        timeout=timeout_ms,
    )
    return page.locator(KERNEL_STATUS).inner_text().strip()


def click_menu(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(menu)}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def save(page, *, timeout_ms: int) -> None:
    """Save with the File menu and wait until the tab is no longer marked as modified."""
    click_menu(page, "File", "Save Notebook")
    page.wait_for_function(
        "() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')",
        timeout=timeout_ms,
    )


def _line_spots(line) -> list[tuple[float, float]]:
    """Page coordinates of the middle vertex of a line trace's path (``M x,yL x,y...``): its
    points, placed by the path's bounding box (a line answers a hover at its points only)."""
    box, path = line.bounding_box(), line.get_attribute("d") or ""
    points = [tuple(map(float, p.split(","))) for p in re.findall(r"-?[\d.]+,-?[\d.]+", path)]
    if not box or not points:
        return []
    left, top = min(x for x, _ in points), min(y for _, y in points)
    x, y = points[len(points) // 2]
    return [(box["x"] + x - left, box["y"] + y - top)]


def hover_charts(page) -> list[str | None]:
    """Move the mouse over the marks (bars, points, lines) of each chart until one shows a hover
    label; per chart, the label's text, or None where no mark showed one."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    texts: list[str | None] = []
    charts = page.locator(f"{CURRENT_NOTEBOOK} .js-plotly-plot")
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        texts.append(None)
        marks = chart.locator(".point, .bars path, .boxes path")
        spots = []
        for mark_index in range(min(marks.count(), 10)):
            box = marks.nth(mark_index).bounding_box()
            if box and box["width"] >= 1 and box["height"] >= 1:
                spots.append((box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))
        lines = chart.locator(".scatterlayer .js-line")
        for line_index in range(min(lines.count(), 5)):
            spots.extend(_line_spots(lines.nth(line_index)))
        for x, y in spots[:12]:
            page.mouse.move(x, y)
            label = chart.locator(".hoverlayer .hovertext")
            try:
                label.first.wait_for(state="attached", timeout=2_000)
            except PlaywrightTimeout:  # no label at this mark (a fade segment, say)
                continue
            texts[-1] = label.first.text_content() or ""
            break
        page.mouse.move(0, 0)
    return texts


def read_saved(run: LabRun, path: Path) -> None:
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        if cell.execution_count is None:
            run.unexecuted_cells.append(index)
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                run.error_outputs.append(f"cell {index}: {output.ename}: {output.evalue}")
            if PLOTLY_MIME in output.get("data", {}):
                run.figure_outputs += 1


def run_all(
    context, server: LabServer, notebook: str, *, screenshot: Path, timeout_s: float = 180
) -> LabRun:
    """In a new tab of the browser ``context``, open ``notebook`` (a path under the server's
    root) from the file browser, Run All Cells from the Run menu, wait for the kernel to go
    idle, save, and collect what the page shows and what the saved notebook holds.

    A step that times out raises LabError naming the step; the screenshot is taken either way.
    """
    run = LabRun(notebook=notebook, screenshot=screenshot)
    timeout_ms = int(timeout_s * 1000)
    page = open_page(context, server, run)
    try:
        with _step(run, "open from the file browser", server):
            open_from_file_browser(page, notebook, timeout_ms=timeout_ms)
        with _step(run, "wait for the kernel", server):
            run.kernel_status = wait_for_kernel_idle(page, timeout_ms=timeout_ms)
        run.dialogs = visible_dialogs(page)
        if run.dialogs:
            return run
        with _step(run, "Run All Cells", server):
            page.evaluate(_WATCH_FOR_RUN_JS, CURRENT_NOTEBOOK)
            click_menu(page, "Run", "Run All Cells")
            page.wait_for_function(
                _RUN_FINISHED_JS, arg=[CURRENT_NOTEBOOK, KERNEL_STATUS], timeout=timeout_ms
            )
        run.dialogs = visible_dialogs(page)
        if run.dialogs:
            return run
        with _step(run, "save", server):
            save(page, timeout_ms=timeout_ms)
        read_saved(run, server.root_dir / notebook)
        with _step(run, "draw", server):
            # Cells scrolled out of view may draw late; a chart that never draws is counted
            # below, so a timeout here is not an error of its own.
            _wait_quietly(page, _ALL_DRAWN_JS, [CURRENT_NOTEBOOK, run.figure_outputs], 30_000)
        state = page.evaluate(_PAGE_STATE_JS, CURRENT_NOTEBOOK)
        run.charts = state["charts"]
        run.charts_with_svg = state["chartsWithSvg"]
        run.error_texts = state["errorTexts"]
        run.stderr_texts = state["stderrTexts"]
        run.typeset_math = state["typesetMath"]
        run.output_text = state["outputText"]
        with _step(run, "hover", server):
            run.hover_texts = hover_charts(page)
        run.kernel_command = _kernel_command(server, notebook)
    finally:
        try:
            page.screenshot(path=str(screenshot))
        finally:
            page.close()
    return run


_ALL_DRAWN_JS = """
([selector, n]) => [...document.querySelectorAll(selector + ' .js-plotly-plot')]
  .filter(d => d.querySelector('svg.main-svg')).length >= n
"""


def _wait_quietly(page, js: str, arg, timeout_ms: int) -> bool:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(js, arg=arg, timeout=timeout_ms)
    except PlaywrightTimeout:
        return False
    return True


@contextmanager
def _step(run: LabRun, name: str, server: LabServer):
    """Time a step; turn a playwright timeout into an error that says where it happened."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = time.monotonic()
    try:
        yield
    except PlaywrightTimeout as error:
        raise LabError(
            f"{run.where()} timed out at step {name!r}: {error}\n"
            f"server log (last lines):\n{server.log_tail(15)}"
        ) from error
    finally:
        run.seconds[name] = round(time.monotonic() - started, 1)


def _kernel_command(server: LabServer, notebook: str) -> list[str]:
    sessions = [s for s in server.api("sessions") if s["path"] == notebook]
    if not sessions:
        return []
    return server.kernel_commands().get(sessions[0]["kernel"]["id"], [])


def shut_down_kernel(server: LabServer, notebook: str) -> None:
    """End the notebook's session (cleanup between notebooks, not part of what is tested)."""
    for session in server.api("sessions"):
        if session["path"] == notebook:
            request = urllib.request.Request(
                f"{server.base_url}api/sessions/{session['id']}",
                method="DELETE",
                headers={"Authorization": f"token {server.token}"},
            )
            urllib.request.urlopen(request, timeout=30).close()
