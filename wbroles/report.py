"""Build the offline HTML reports: papermill runs every notebook, nbconvert exports each.

One process does all the work (papermill's and nbconvert's Python APIs, the exporter built
once), kernels run in parallel threads. Each report is written to a temporary file and moved
into place, so a failed run never replaces a good report; a failed notebook is kept, partly
executed, under ``failed/``.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import html
import importlib
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .paths import PROJECT_ROOT, resolve_data_dir

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
TEMPLATES_DIR = Path(__file__).parent / "templates"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS_MARKER = 'data-wbroles="plotly.js"'


class ReportError(RuntimeError):
    """A report that must not be shipped (for example a chart that did not export)."""


class BuildCancelled(Exception):
    """The build's inputs were refused while its first kernels were starting."""


@dataclass
class NotebookResult:
    name: str
    html: Path | None = None
    notebook: Path | None = None
    failed_notebook: Path | None = None
    error: str | None = None
    seconds: float = 0.0
    figures: int = 0
    title: str = ""
    summary: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class BuildOptions:
    out_dir: Path
    parameters: dict[str, object] = field(default_factory=dict)
    data_dir: Path | None = None
    jobs: int = 1
    kernel_name: str = "python3"


def available_notebooks(folder: Path = NOTEBOOKS_DIR) -> dict[str, Path]:
    """Report notebooks by name (file stem), in alphabetical order."""
    return {p.stem: p for p in sorted(folder.glob("*.ipynb")) if not p.name.startswith(".")}


def data_digest(data_dir: Path) -> str:
    """A short SHA-256 over the names and bytes of the data folder's CSV files."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.glob("*.csv")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def describe(notebook) -> tuple[str, str]:
    """Title (first heading) and one-line summary (first paragraph) of a notebook."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        lines = [line.strip() for line in cell.source.splitlines()]
        title = next((line.lstrip("# ") for line in lines if line.startswith("#")), "")
        body = next((line for line in lines if line and not line.startswith("#")), "")
        return title, re.sub(r"[*_`]", "", body)
    return "", ""


# --- export ---------------------------------------------------------------------------------


class _Exporter:
    """nbconvert's HTMLExporter with our offline template, built once (by ``prepare``, or at
    the first export) and shared by the threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.exporter = None

    def prepare(self) -> None:
        with self._lock:
            if self.exporter is not None:
                return
            import plotly.offline
            from nbconvert import HTMLExporter

            self.plotly_js = plotly.offline.get_plotlyjs()
            self.exporter = HTMLExporter(
                template_name="wbroles_report",
                extra_template_basedirs=[str(TEMPLATES_DIR)],
                exclude_input=True,
                exclude_input_prompt=True,
                exclude_output_prompt=True,
            )

    def export(self, notebook, *, provenance_html: str, title: str) -> tuple[str, int]:
        self.prepare()
        notebook = _plotly_outputs_to_html(notebook)
        figures = sum(
            1
            for cell in notebook.cells
            for out in cell.get("outputs", [])
            if "wbroles-figure" in str(out.get("data", {}).get("text/html", ""))
        )
        notebook.metadata["title"] = title
        resources = {"wbroles": {"plotly_js": self.plotly_js, "provenance_html": provenance_html}}
        body, _ = self.exporter.from_notebook_node(notebook, resources=resources)
        _check_report(body, figures)
        return body, figures


def _plotly_outputs_to_html(notebook):
    """Give every plotly figure output an HTML form that draws with the page's plotly.js.

    Figures are stored as plotly's JSON mime type, which nbconvert cannot draw; this turns each
    into a div and a ``Plotly.newPlot`` call, without another copy of plotly.js. Stderr streams
    (warnings) are left out of the report; they stay in the executed notebook.
    """
    import copy

    import plotly.io as pio

    notebook = copy.deepcopy(notebook)
    count = 0
    for cell in notebook.cells:
        outputs = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                continue
            data = out.get("data", {})
            if PLOTLY_MIME in data:
                count += 1
                fig = data[PLOTLY_MIME]
                div = pio.to_html(
                    fig,
                    include_plotlyjs=False,
                    include_mathjax=False,
                    full_html=False,
                    div_id=f"wbroles-figure-{count}",
                    validate=False,
                    config={"displaylogo": False, "responsive": True},
                )
                out["data"] = {"text/html": div}
            outputs.append(out)
        if "outputs" in cell:
            cell["outputs"] = outputs
    return notebook


def _check_report(body: str, figures: int) -> None:
    """Refuse a report whose charts would not draw offline."""
    if body.count(PLOTLY_JS_MARKER) != 1:
        raise ReportError(f"plotly.js is included {body.count(PLOTLY_JS_MARKER)} times, not once")
    drawn = body.count("Plotly.newPlot(")
    if drawn != figures:
        raise ReportError(f"{figures} figures in the notebook but {drawn} drawn in the HTML")
    if re.search(r"<script[^>]+src=[\"']https?://", body):
        raise ReportError("the report loads a script from the network")


# --- running --------------------------------------------------------------------------------


def _import_jsonschema_quickly() -> None:
    """Import jsonschema without its optional IRI format checks.

    nbformat imports jsonschema, which imports ``rfc3987_syntax`` when installed (jupyterlab
    brings it); that compiles some 40 lark grammars: 1.2 s of CPU, in this process (papermill,
    nbconvert) and in every kernel (plotly's renderers import nbformat at the first figure).
    Nothing here checks the "iri" formats it serves, and a later explicit import still works.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # makes its import fail; jsonschema skips the checks
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        pass
    finally:
        del sys.modules["rfc3987_syntax"]


# Modules a kernel imports before its notebook runs (see _warm_modules), comma-separated.
WARM_ENV = "WBROLES_KERNEL_WARM"
# Only wbroles and the libraries it is built on are imported early: their imports do not
# depend on anything a notebook sets first.
WARM_PACKAGES = ("wbroles", "pandas", "numpy", "plotly", "pandera")


def load_ipython_extension(ipython) -> None:
    """Loaded by every report kernel before its notebook runs (see ``_papermill_options``).

    The kernel imports what its notebook will import (``WARM_ENV``) while the build is still
    checking its inputs; a module that fails here is left for the notebook to import, so its
    error shows in the cell that needs it.
    """
    _import_jsonschema_quickly()
    for module in filter(None, os.environ.pop(WARM_ENV, "").split(",")):
        with contextlib.suppress(Exception):  # the notebook's own import reports it
            importlib.import_module(module)


def _warm_modules(source: Path) -> list[str]:
    """The modules a notebook's top-level import statements name, among ``WARM_PACKAGES``.

    ``from a import b`` names ``a`` and, in case ``b`` is a submodule, ``a.b`` (a name that is
    not a module fails quietly in the kernel).
    """
    import nbformat

    names: list[str] = []
    for cell in nbformat.read(source, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython magics
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return [n for n in dict.fromkeys(names) if n.split(".")[0] in WARM_PACKAGES]


class _Gate:
    """Holds started kernels until the build's inputs are checked (``build_reports(check=)``)."""

    def __init__(self):
        self._event = threading.Event()
        self._opened = False

    def open(self) -> None:
        self._opened = True
        self._event.set()

    def cancel(self) -> None:
        self._event.set()

    def wait(self) -> bool:
        """Block until opened (True) or cancelled (False)."""
        self._event.wait()
        return self._opened


@functools.cache
def _kernel_manager_base():
    from jupyter_client.manager import AsyncKernelManager

    class ReportKernelManager(AsyncKernelManager):
        """Kernels on Unix sockets in a private folder: nothing crosses TCP in plain text
        (and the kernel has no reason to warn that it does). Each starts in its notebook's
        working folder (papermill's ``cwd`` changes this whole process's folder, which
        threads share), with the modules to import early, and waits at the gate, if any."""

        kernel_cwd: str | None = None
        warm_modules: tuple[str, ...] = ()
        gate: _Gate | None = None

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if os.name == "posix":
                self._socket_dir = tempfile.mkdtemp(prefix="wbroles-kernel-")
                self.transport = "ipc"
                self.ip = os.path.join(self._socket_dir, "kernel")

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if not restart and getattr(self, "_socket_dir", None):
                shutil.rmtree(self._socket_dir, ignore_errors=True)

        cleanup_resources = _async_cleanup_resources  # the base class binds its own

        async def _async_start_kernel(self, **kwargs) -> None:
            if self.kernel_cwd:
                kwargs["cwd"] = self.kernel_cwd
            if self.warm_modules:
                kwargs["env"] = {
                    **(kwargs.get("env") or os.environ),
                    WARM_ENV: ",".join(self.warm_modules),
                }
            await super()._async_start_kernel(**kwargs)
            if self.gate is not None and not self.gate.wait():  # blocks this thread only
                await self._async_shutdown_kernel(now=True)
                raise BuildCancelled("the inputs were refused before the notebook ran")

        start_kernel = _async_start_kernel

    return ReportKernelManager


def _kernel_manager_class(*, cwd: Path, warm: list[str], gate: _Gate | None):
    """The kernel manager for one notebook (nbclient makes it from a class, with no options)."""
    return type(
        "ReportKernelManager",
        (_kernel_manager_base(),),
        {"kernel_cwd": str(cwd), "warm_modules": tuple(warm), "gate": gate},
    )


ENGINE_NAME = "wbroles"


@functools.cache
def _register_engine() -> str:
    """papermill's nbclient engine, writing the executed notebook once instead of twice a cell.

    papermill saves the whole notebook (a deep copy, JSON, validation) when each cell starts
    and ends: about 0.1 s of this process's CPU per cell once figures are in it, for snapshots
    nobody reads here. papermill still writes the final notebook, with its error banner when a
    cell fails; anything else that stops a run (a dead kernel) writes what had run so far.
    """
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.iorw import write_ipynb

    class ReportEngine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, **kwargs):
            try:
                return super().execute_notebook(nb, kernel_name, output_path=None, **kwargs)
            except Exception as err:
                if output_path and not isinstance(err, BuildCancelled):
                    write_ipynb(nb, output_path)
                raise

    papermill_engines.register(ENGINE_NAME, ReportEngine)
    return ENGINE_NAME


def _papermill_options(*, cwd: Path, warm: list[str], gate: _Gate | None) -> dict:
    """How papermill runs a report notebook: its engine, and how it starts and stops kernels.

    The kernel loads this module as an IPython extension (``load_ipython_extension``) and is
    stopped at once when the notebook has run: the graceful path interrupts it (logging a
    KeyboardInterrupt) and waits for it, and a finished report kernel has nothing to save.
    """
    return {
        "engine_name": _register_engine(),
        "kernel_manager_class": _kernel_manager_class(cwd=cwd, warm=warm, gate=gate),
        "extra_arguments": [f"--IPKernelApp.extra_extensions={__name__}"],
        "shutdown_kernel": "immediate",
    }


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a report is for sharing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def provenance_html(name: str, parameters: dict, data_dir: Path, digest: str) -> str:
    from . import __version__

    shown = ", ".join(f"{k} = {json.dumps(v)}" for k, v in parameters.items()) or "defaults"
    built = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"<strong>{html.escape(name)}</strong> &middot; parameters: "
        f"<code>{html.escape(shown)}</code><br>data: <code>{html.escape(str(data_dir))}</code>"
        f" (sha256 <code>{digest}</code>) &middot; built {built} with wbroles {__version__}"
        " &middot; every number cites its source; charts draw offline"
    )


def run_notebook(
    name: str,
    source: Path,
    *,
    options: BuildOptions,
    exporter: _Exporter,
    digest: str,
    gate: _Gate | None = None,
) -> NotebookResult:
    """Execute one notebook and export it; never raises for a failing notebook."""
    import papermill

    result = NotebookResult(name)
    started = time.perf_counter()
    out = options.out_dir
    out.mkdir(parents=True, exist_ok=True)
    executed = out / f".{name}.running.ipynb"
    parameters = {}
    try:
        # Only what the notebook declares: papermill would inject the rest and log each as an
        # unknown parameter.
        declared = notebook_parameters(source)
        parameters = {k: v for k, v in options.parameters.items() if k in declared}
        if "data_dir" in declared:
            parameters["data_dir"] = str(options.data_dir)
        notebook = papermill.execute_notebook(
            str(source),
            str(executed),
            parameters=parameters,
            kernel_name=options.kernel_name,
            progress_bar=False,
            log_output=False,
            **_papermill_options(cwd=out, warm=_warm_modules(source), gate=gate),
        )
        result.title, result.summary = describe(notebook)
        body, result.figures = exporter.export(
            notebook,
            provenance_html=provenance_html(name, parameters, options.data_dir, digest),
            title=result.title or name,
        )
        result.html = out / f"{name}.html"
        result.notebook = out / f"{name}.ipynb"
        _atomic_write(result.html, body)
        os.replace(executed, result.notebook)
    except BuildCancelled as err:
        result.error = str(err)
        executed.unlink(missing_ok=True)
    except Exception as err:  # one notebook's failure must not stop the others
        result.error = _failure_text(err)
        if executed.exists():
            failed = out / "failed" / f"{name}.ipynb"
            failed.parent.mkdir(parents=True, exist_ok=True)
            os.replace(executed, failed)
            result.failed_notebook = failed
    finally:
        result.seconds = time.perf_counter() - started
    return result


def _failure_text(err: Exception) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(err, PapermillExecutionError):
        return f"cell {err.exec_count} (index {err.cell_index}) raised {err.ename}: {err.evalue}"
    return f"{type(err).__name__}: {err}"


def notebook_parameters(path: Path) -> dict[str, dict]:
    """The parameters a notebook declares (name -> papermill's description of it)."""
    _import_jsonschema_quickly()
    import papermill

    return papermill.inspect_notebook(str(path))


@contextlib.contextmanager
def _kernel_environment(handover: Path | None = None):
    """Kernels inherit this process's environment: keep figures as plotly's JSON mime type
    (the exporter draws them), prefer the environment's own kernelspec over a stale
    user-level one, and read the data this build validated from ``handover``."""
    wanted = {"PLOTLY_RENDERER": "plotly_mimetype", "JUPYTER_PREFER_ENV_PATH": "1"}
    saved = {key: os.environ.get(key) for key in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_reports(
    notebooks: dict[str, Path],
    options: BuildOptions,
    *,
    on_done: Callable[[NotebookResult], None] | None = None,
    check: Callable[[], object] | None = None,
) -> list[NotebookResult]:
    """Run and export ``notebooks`` in parallel; write the index; return one result each.

    ``check`` (say, validating the data and the parameters) runs in this thread while the first
    kernels start and import what their notebooks import: the notebooks run only once it has
    returned. If it raises, the kernels are stopped, nothing is written (a folder this build
    created is removed) and its exception propagates.
    """
    options.data_dir = resolve_data_dir(options.data_dir)
    options.out_dir = options.out_dir.resolve()
    created = _outermost_missing(options.out_dir)
    _import_jsonschema_quickly()
    exporter = _Exporter()
    digest = data_digest(options.data_dir)
    gate = _Gate() if check is not None else None
    results: list[NotebookResult] = []
    handover_dir = Path(tempfile.mkdtemp(prefix="wbroles-frames-"))  # private: mode 0700
    handover = handover_dir / "validated.pickle"
    with (
        _kernel_environment(handover if gate is not None else None),
        ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool,
    ):
        futures = [
            pool.submit(
                run_notebook,
                name,
                path,
                options=options,
                exporter=exporter,
                digest=digest,
                gate=gate,
            )
            for name, path in notebooks.items()
        ]
        if gate is not None:
            try:
                check()
            except BaseException:
                gate.cancel()
                for future in futures:
                    future.cancel()
                wait(futures)
                if created is not None:
                    shutil.rmtree(created, ignore_errors=True)
                shutil.rmtree(handover_dir, ignore_errors=True)
                raise
            gate.open()
        exporter.prepare()  # while the kernels run
        try:
            for future in as_completed(futures):
                result = future.result()
                results.append(result)
                if on_done:
                    on_done(result)
        finally:
            shutil.rmtree(handover_dir, ignore_errors=True)
    results.sort(key=lambda r: r.name)
    write_index(options.out_dir, digest=digest, options=options)
    return results


def _outermost_missing(folder: Path) -> Path | None:
    """The outermost of ``folder`` and its parents that does not exist yet, if any."""
    missing = None
    for path in (folder, *folder.parents):
        if path.exists():
            return missing
        missing = path
    return missing


def write_index(out_dir: Path, *, digest: str, options: BuildOptions) -> Path:
    """``index.html`` linking every report in the folder, with one line on each."""
    import nbformat

    items = []
    for page in sorted(out_dir.glob("*.html")):
        if page.name == "index.html":
            continue
        executed = page.with_suffix(".ipynb")
        title, summary = (page.stem, "")
        if executed.exists():
            title, summary = describe(nbformat.read(executed, as_version=4))
        items.append(
            f'<li><a href="{html.escape(page.name)}">{html.escape(title or page.stem)}</a>'
            f" &mdash; {html.escape(summary)} "
            f'<small>(<a href="{html.escape(executed.name)}">notebook</a>)</small></li>'
        )
    failed = sorted((out_dir / "failed").glob("*.ipynb")) if (out_dir / "failed").exists() else []
    failed_html = ""
    if failed:
        failed_html = (
            "<h2>Failed runs kept for inspection</h2><ul>"
            + "".join(
                f'<li><a href="failed/{html.escape(p.name)}">{html.escape(p.name)}</a></li>'
                for p in failed
            )
            + "</ul>"
        )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>wbroles reports: PM vs TPM</title>
<style>body{{font:15px/1.6 sans-serif;max-width:860px;margin:40px auto;padding:0 20px;color:#222}}
li{{margin:8px 0}} small,.meta{{color:#666}}</style></head><body>
<h1>PM vs TPM at Weights &amp; Biases: reports</h1>
<p class="meta">Data: <code>{html.escape(str(options.data_dir))}</code> (sha256
<code>{digest}</code>). Every report draws its charts offline; every number cites its source.</p>
<ul>{"".join(items)}</ul>{failed_html}
</body></html>
"""
    path = out_dir / "index.html"
    _atomic_write(path, page)
    return path
