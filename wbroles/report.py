"""Build the offline HTML reports: papermill runs the notebooks, nbconvert exports them.

Only public APIs: ``papermill.execute_notebook`` in a process pool (papermill changes the
working folder of its process), one nbconvert ``HTMLExporter`` with the ``wbroles_report``
template in this process, the index from a Jinja template. One build per output folder at a
time (a lock file); every file is written to a fresh, exclusively created temporary file in
the output folder and moved into place, so a report is replaced only by a successful run. A
notebook whose inputs are unchanged (see :func:`cache_key`) is not run again.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import re
import secrets
import signal
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__
from .cache import CACHE_NAME, cache_key, data_digest, load_cache, package_digest, table_files
from .inputs import check_all, check_names, resolve_path_parameters, typed_parameters
from .outdir import BuildError, check_out_dir, open_out_dir, write_atomic
from .paths import NOTEBOOKS_DIR, resolve_data_dir

PACKAGE_DIR = Path(__file__).parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS_MARKER = 'data-wbroles="plotly.js"'
MEMORY = "wbroles-memory://"  # papermill writes the executed notebook here: to this process


class Stopped(BaseException):
    """SIGINT or SIGTERM reached the build."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


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
    reused: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class BuildOptions:
    """``parameters``: ``-p`` values as text; ``check``: check every value against the data
    before any notebook runs (``wbroles.inputs.check_all``)."""

    out_dir: Path
    parameters: dict[str, str] = field(default_factory=dict)
    jobs: int = 1
    force: bool = False
    kernel_name: str | None = None
    check: bool = True
    data_digest: str = ""


def available_notebooks(folder: Path = NOTEBOOKS_DIR) -> dict[str, Path]:
    """Report notebooks by name (file stem), in alphabetical order."""
    return {p.stem: p for p in sorted(folder.glob("*.ipynb")) if not p.name.startswith(".")}


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


# --- running (in the pool's processes) --------------------------------------------------------


class _MemoryHandler:
    """papermill I/O handler keeping the written notebook in this process (papermill_io API)."""

    written: dict[str, str] = {}

    @classmethod
    def write(cls, buf, path):
        cls.written[path] = buf

    @classmethod
    def read(cls, path):
        return cls.written[path]

    @classmethod
    def listdir(cls, path):
        return list(cls.written)

    @classmethod
    def pretty_path(cls, path):
        return path


def _stop_worker(signum, frame):
    raise SystemExit(128 + signum)  # unwinds papermill and nbclient, which stop the kernel


def _init_worker() -> None:
    """A worker ignores Ctrl-C between notebooks (the build decides) and leaves on SIGTERM;
    while a notebook runs, nbclient's own handlers shut its kernel down on either. Its errors
    come back as results: its stderr (and its kernels') is not the build's."""
    from papermill.iorw import papermill_io

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # kernel logs and asyncio's noise on a stop
    papermill_io.register(MEMORY, _MemoryHandler)


def _kernel_files(token: str) -> str:
    """Where a kernel's sockets (IPC: nothing crosses TCP in plain text) and connection file
    go: Jupyter's runtime folder, under a name this build chose (to remove after a stop)."""
    from jupyter_core.paths import jupyter_runtime_dir

    os.makedirs(jupyter_runtime_dir(), mode=0o700, exist_ok=True)
    return os.path.join(jupyter_runtime_dir(), f"wbroles-{token}")


def execute(source: str, parameters: dict, cwd: str, kernel_name: str | None, token: str):
    """Run the notebook ``source`` with papermill (``parameters``, in ``cwd``): (error text or
    None, executed notebook JSON or None)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    out, files = f"{MEMORY}{token}/{Path(source).name}", _kernel_files(token)
    _MemoryHandler.written.clear()
    try:
        papermill.execute_notebook(
            source,
            out,
            parameters=parameters,
            cwd=cwd,
            kernel_name=kernel_name,
            request_save_on_cell_execute=False,
            progress_bar=False,
            shutdown_kernel="immediate",  # nbclient option: a finished report has nothing to save
            config=Config(
                {
                    "KernelManager": {
                        "transport": "ipc",
                        "ip": files,
                        "connection_file": f"{files}.json",
                    }
                }
            ),
        )
        return None, _MemoryHandler.written.get(out)
    except PapermillExecutionError as err:
        text = f"cell {err.exec_count} (index {err.cell_index}) raised {err.ename}: {err.evalue}"
        return text, _MemoryHandler.written.get(out)
    except Exception as err:
        return f"{type(err).__name__}: {err}", _MemoryHandler.written.get(out)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # nbclient put back Python's default
        signal.signal(signal.SIGTERM, _stop_worker)


# --- export (in this process) ----------------------------------------------------------------


class Exporter:
    """nbconvert's HTMLExporter with the offline template: plotly figures (plotly's JSON mime
    type) drawn by the page's one inlined copy of plotly.js, code and stderr hidden."""

    def __init__(self):
        import plotly.offline
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        self.plotly_js = plotly.offline.get_plotlyjs()
        priority = [PLOTLY_MIME, *HTMLExporter().default_config.NbConvertBase.display_data_priority]
        self.html = HTMLExporter(
            config=Config({"NbConvertBase": {"display_data_priority": priority}}),
            template_name="wbroles_report",
            extra_template_basedirs=[str(TEMPLATES_DIR)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )

    def export(self, notebook, provenance: dict) -> tuple[str, int]:
        figures = sum(
            PLOTLY_MIME in out.get("data", {})
            for cell in notebook.cells
            for out in cell.get("outputs", [])
        )
        resources = {"wbroles": {"plotly_js": self.plotly_js, **provenance}}
        body, _ = self.html.from_notebook_node(notebook, resources=resources)
        if body.count(PLOTLY_JS_MARKER) != 1:
            raise BuildError(f"plotly.js is in the page {body.count(PLOTLY_JS_MARKER)} times")
        if body.count("Plotly.newPlot(") != figures:
            raise BuildError(f"{figures} figures in the notebook, not all drawn in the page")
        if re.search(r"<script[^>]+src=[\"']https?://", body):
            raise BuildError("the report loads a script from the network")
        return body, figures


def _save(result: NotebookResult, error, text, out: Path, exporter, provenance) -> None:
    """Write a finished run: the report and notebook, or the notebook under failed/."""
    import nbformat

    if text is None:
        result.error = error or "the run wrote no notebook"
        return
    notebook = nbformat.reads(text, as_version=4)
    result.title, result.summary = describe(notebook)
    if error is None:
        try:
            body, result.figures = exporter.export(notebook, provenance)
        except BuildError as err:
            error = str(err)
    if error is not None:
        result.error, result.failed_notebook = error, out / "failed" / f"{result.name}.ipynb"
        result.failed_notebook.parent.mkdir(exist_ok=True)
        write_atomic(result.failed_notebook, text.encode())
        return
    result.html, result.notebook = out / f"{result.name}.html", out / f"{result.name}.ipynb"
    write_atomic(result.html, body.encode())
    write_atomic(result.notebook, text.encode())


# --- the build -------------------------------------------------------------------------------


def _raise_stopped(signum, frame):
    raise Stopped(signum)


def _stop(pool: ProcessPoolExecutor, tokens: list[str]) -> None:
    """Queued notebooks never start; running workers get SIGTERM (nbclient stops their
    kernels); what is still there after 1 s, worker or kernel, is killed, its files removed."""
    import psutil  # ipykernel's own dependency

    pool.shutdown(wait=False, cancel_futures=True)
    workers = [psutil.Process(c.pid) for c in multiprocessing.active_children()]
    for worker in workers:
        worker.terminate()
    seen, deadline = {}, time.monotonic() + 0.7
    while time.monotonic() < deadline and any(w.is_running() for w in workers):
        for worker in workers:  # kernels a worker is still starting, too
            with contextlib.suppress(psutil.Error):
                seen.update((k.pid, k) for k in worker.children(recursive=True))
        time.sleep(0.05)
    for process in [*workers, *seen.values()]:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs([*workers, *seen.values()], timeout=0.5)
    pool.shutdown(wait=True)
    for token in tokens:
        for leftover in Path(_kernel_files(token)).parent.glob(f"wbroles-{token}*"):
            leftover.unlink(missing_ok=True)


def _run(todo: dict, out: Path, options: BuildOptions, values, on_done) -> list[NotebookResult]:
    """Run ``todo`` (name -> source) in a process pool and save each as it finishes."""
    jobs = max(1, min(options.jobs, len(todo)))
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    results, tokens = [], {name: secrets.token_hex(6) for name in todo}
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker) as pool:
        try:
            started = time.perf_counter()
            args = (options.kernel_name,)
            futures = {
                pool.submit(execute, str(src), values[n], str(out), *args, tokens[n]): n
                for n, src in todo.items()
            }
            exporter = Exporter()  # while the kernels run
            for future in as_completed(futures):
                result = NotebookResult(futures[future])
                error, text = future.result()
                provenance = _provenance(result.name, values[result.name], options)
                _save(result, error, text, out, exporter, provenance)
                result.seconds = time.perf_counter() - started
                results.append(result)
                if on_done:
                    on_done(result)
        except BaseException:
            _stop(pool, list(tokens.values()))
            raise
    return results


def _provenance(name: str, values: dict, options: BuildOptions) -> dict:
    from datetime import UTC, datetime

    return {
        "name": name,
        "parameters": ", ".join(f"{k} = {json.dumps(v)}" for k, v in values.items()),
        "data_dir": str(resolve_data_dir(values.get("data_dir"))),
        "digest": options.data_digest,
        "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
    }


def build_reports(notebooks: dict[str, Path], options: BuildOptions, *, on_done=None):
    """Run and export ``notebooks`` into ``options.out_dir``; write the index; a result each.

    Raises BuildError (unusable folder, another build running, full disk), Stopped (SIGINT or
    SIGTERM: kernels stopped, earlier reports kept), or what ``options.check`` raises.
    """
    out = options.out_dir = check_out_dir(options.out_dir, {p.parent for p in notebooks.values()})
    raw = resolve_path_parameters(options.parameters, Path.cwd())
    previous = {signum: signal.signal(signum, _raise_stopped) for signum in (2, 15)}
    lock = None
    try:
        lock = open_out_dir(out) if out.is_dir() else None
        cache = {} if options.force or lock is None else load_cache(out)
        package = package_digest()
        data_dir = resolve_data_dir(raw.get("data_dir"))
        options.data_digest = data_digest(data_dir, table_files(cache, package))
        keys, reused = {}, []
        for name, source in notebooks.items():
            entry = cache.get("notebooks", {}).get(name, {})
            mine = {k: v for k, v in raw.items() if k in entry.get("declared", raw)}
            keys[name] = cache_key(source, mine, data=options.data_digest, package=package)
            if entry.get("key") == keys[name] and (out / f"{name}.html").is_file():
                reused.append(
                    NotebookResult(
                        name,
                        out / f"{name}.html",
                        out / f"{name}.ipynb",
                        title=entry["title"],
                        summary=entry["summary"],
                        figures=entry["figures"],
                        reused=True,
                    )
                )
        todo = {n: p for n, p in notebooks.items() if n not in {r.name for r in reused}}
        if todo:
            values, declared = _checked_values(notebooks, raw, options)
            lock = lock if lock is not None else open_out_dir(out)
            for name in todo:  # the key of what runs, from the names it declares
                mine = {k: v for k, v in raw.items() if k in declared[name]}
                keys[name] = cache_key(todo[name], mine, data=options.data_digest, package=package)
            results = _run(todo, out, options, values, on_done)
        else:  # nothing runs: the names are checked against what each notebook declared
            check_names([cache["notebooks"][n]["declared"] for n in notebooks], raw)
            results, declared = [], {}
        for result in reused:
            on_done and on_done(result)
        results = sorted(results + reused, key=lambda r: r.name)
        _finish(out, cache, package, results, keys, declared)
        return results
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if lock is not None:
            os.close(lock)


def _checked_values(notebooks, raw, options):
    """Typed values of each notebook, checked by ``options.check`` before anything runs."""
    import papermill

    declared = {n: papermill.inspect_notebook(str(p)) for n, p in notebooks.items()}
    values = typed_parameters(declared, raw)
    if options.check:
        check_all(declared, values)
    return values, {n: list(d) for n, d in declared.items()}


def _finish(out: Path, cache: dict, package: str, results, keys, declared) -> None:
    """Record the cache, keep only this build's failures under failed/, write the index."""
    entries = cache.setdefault("notebooks", {})
    cache["package"] = package
    for r in results:
        if r.ok and not r.reused:
            entries[r.name] = {"key": keys[r.name], "declared": declared[r.name]}
            entries[r.name].update(title=r.title, summary=r.summary, figures=r.figures)
        elif not r.ok and r.name in entries:
            entries[r.name]["key"] = None  # its earlier report stays, but is not current
    failed = {r.failed_notebook.name for r in results if r.failed_notebook}
    for old in (out / "failed").glob("*.ipynb"):
        if old.name not in failed:
            old.unlink()
    write_atomic(out / CACHE_NAME, json.dumps(cache, indent=1).encode())
    write_index(out, results, cache)


def write_index(out: Path, results: list[NotebookResult], cache: dict) -> Path:
    """``index.html`` in ``out``: every report, which were reused (``results``, ``cache``),
    and this build's failures."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True, keep_trailing_newline=True
    )
    built = {r.name: r for r in results}
    reports = []
    for name, entry in sorted(cache.get("notebooks", {}).items()):
        if (out / f"{name}.html").is_file():
            result = built.get(name)
            reports.append({**entry, "name": name, "reused": bool(result and result.reused)})
    page = env.get_template("index.html.j2").render(
        reports=reports, failed=[asdict(r) for r in results if not r.ok]
    )
    write_atomic(out / "index.html", page.encode())
    return out / "index.html"
