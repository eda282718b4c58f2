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
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

from . import __version__
from .cache import CACHE_NAME, cache_key, data_digest, load_cache, package_digest, table_files
from .inputs import check_all, check_names, resolve_path_parameters, typed_parameters
from .outdir import BuildError, check_out_dir, open_out_dir, write_atomic
from .paths import NOTEBOOKS_DIR, resolve_data_dir
from .sweep import MARKER as SWEEP_MARKER

PACKAGE_DIR = Path(__file__).parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS_MARKER = 'data-wbroles="plotly.js"'
BUNDLE = TEMPLATES_DIR / "plotly-wbroles.min.js"  # built by `make bundle` (bundle/build.mjs)
BUNDLE_HEADER = re.compile(r"/\*! plotly\.js v(\S+) \(wbroles bundle\) traces: ([a-z0-9,]+) ")
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
    takeaway: str = ""
    parameters: str = ""
    reused: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class BuildOptions:
    """``parameters``: ``-p`` values as text; ``check``: check every value against the data
    before any notebook runs (``wbroles.inputs.check_all``); ``scheduler``: the address of a
    Dask scheduler to run the notebooks on, instead of ``jobs`` local processes."""

    out_dir: Path
    parameters: dict[str, str] = field(default_factory=dict)
    jobs: int = 1
    force: bool = False
    kernel_name: str | None = None
    check: bool = True
    data_digest: str = ""
    scheduler: str | None = None


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


class MemoryHandler:
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
    papermill_io.register(MEMORY, MemoryHandler)


def _kernel_files(token: str) -> str:
    """Where a kernel's sockets (IPC: nothing crosses TCP in plain text) and connection file
    go: Jupyter's runtime folder, under a name this build chose (to remove after a stop)."""
    from jupyter_core.paths import jupyter_runtime_dir

    os.makedirs(jupyter_runtime_dir(), mode=0o700, exist_ok=True)
    return os.path.join(jupyter_runtime_dir(), f"wbroles-{token}")


def execute_here(*args):
    """:func:`execute` in a worker of the build's own process pool."""
    try:
        return execute(*args)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # nbclient put back Python's default
        signal.signal(signal.SIGTERM, _stop_worker)


def execute(source: str, parameters: dict, cwd: str, kernel_name: str | None, token: str):
    """Run the notebook ``source`` with papermill (``parameters``, in ``cwd``): (error text or
    None, executed notebook JSON or None). In a process of its own (papermill changes the
    working folder) where the memory handler is registered (the pool's initializer, or the
    cluster's worker plugin, ``wbroles.cluster``)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    out, files = f"{MEMORY}{token}/{Path(source).name}", _kernel_files(token)
    MemoryHandler.written.clear()
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
        return None, MemoryHandler.written.get(out)
    except PapermillExecutionError as err:
        text = f"cell {err.exec_count} (index {err.cell_index}) raised {err.ename}: {err.evalue}"
        return text, MemoryHandler.written.get(out)
    except Exception as err:
        return f"{type(err).__name__}: {err}", MemoryHandler.written.get(out)


# --- export (in this process) ----------------------------------------------------------------

CSV_FORMULA = re.compile(r"^[=+\-@\t\r]")  # text a spreadsheet would run as a formula (OWASP)


def chart_text(fig: dict) -> dict:
    """A chart (plotly's JSON) as text, for its page: ``summary`` (its accessible name),
    ``columns`` and ``rows`` (every number it draws, with its source:
    ``wbroles.plots.base.chart_table``) and ``csv_href``, that table as a data: URL (text that
    a spreadsheet would read as a formula starts with an apostrophe)."""
    from urllib.parse import quote

    from .format import number
    from .plots.base import chart_summary, chart_table

    table = chart_table(fig)
    title = chart_summary({"layout": fig.get("layout", {})}).lower()
    safe = table.map(lambda v: f"'{v}" if isinstance(v, str) and CSV_FORMULA.match(v) else v)
    return {
        "summary": chart_summary(fig, table),
        "columns": list(table.columns),
        "rows": table.map(lambda v: number(v) if isinstance(v, float) else str(v)).values.tolist(),
        "file": (re.sub(r"[^a-z0-9]+", "-", title).strip("-")[:60] or "chart") + ".csv",
        "csv_href": "data:text/csv;charset=utf-8,"
        + quote(safe.to_csv(index=False, float_format="%.10g")),
    }


class _Scripts(HTMLParser):
    """The ``data-wbroles`` names and ``src`` of every script element of a page (a library's
    text inside a script is not markup to the parser)."""

    def __init__(self, page: str):
        super().__init__()
        self.names, self.sources = [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.names.append(dict(attrs).get("data-wbroles"))
            self.sources.append(dict(attrs).get("src") or "")


def read_bundle(path: Path = BUNDLE) -> tuple[str, frozenset[str]] | None:
    """The vendored plotly.js bundle at ``path`` and the trace types its header names; None,
    after one line on stderr, when it is not the plotly.js that plotly.py inlines."""
    import plotly
    import plotly.offline

    wanted = plotly.offline.get_plotlyjs_version()
    try:
        js = path.read_text(encoding="utf-8")
    except OSError as err:
        problem = f"cannot be read ({err.strerror})"
    else:
        header = BUNDLE_HEADER.match(js)
        problem = "has no wbroles bundle header" if header is None else f"is plotly.js {header[1]}"
        if header and header[1] == wanted:
            return js, frozenset(header[2].split(","))
    print(
        f"wbroles report: the plotly.js bundle {path} {problem}, but plotly {plotly.__version__} "
        f"inlines plotly.js {wanted}: embedding plotly's full plotly.js (run `make bundle`)",
        file=sys.stderr,
    )
    return None


class Exporter:
    """nbconvert's HTMLExporter with the offline template: plotly figures (plotly's JSON mime
    type) drawn by the page's one inlined copy of plotly.js (the vendored ``bundle`` when it
    matches plotly.py and holds every trace type of the page, else plotly's full one), their
    shared layout template set once per page, code and stderr hidden."""

    def __init__(self, bundle: Path = BUNDLE):
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        self.bundle = read_bundle(bundle)
        priority = [PLOTLY_MIME, *HTMLExporter().default_config.NbConvertBase.display_data_priority]
        self.html = HTMLExporter(
            config=Config(
                {
                    "NbConvertBase": {"display_data_priority": priority},
                    "CSSHTMLHeaderPreprocessor": {"enabled": False},  # pygments CSS: no code shown
                }
            ),
            template_name="wbroles_report",
            filters={"chart_text": chart_text},
            extra_template_basedirs=[str(TEMPLATES_DIR)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )

    def plotly_js(self, types: set[str]) -> str:
        """The bundle when it holds every trace type in ``types``, else plotly's full bundle."""
        import plotly.offline

        if self.bundle and types <= self.bundle[1]:
            return self.bundle[0]
        if self.bundle:
            missing = ", ".join(sorted(types - self.bundle[1]))
            print(
                f"wbroles report: trace types {missing} are not in the wbroles plotly.js bundle: "
                "this page embeds plotly's full plotly.js (run `make bundle`)",
                file=sys.stderr,
            )
        return plotly.offline.get_plotlyjs()

    def export(self, notebook, provenance: dict) -> tuple[str, int]:
        figures = [
            out["data"][PLOTLY_MIME]
            for cell in notebook.cells
            for out in cell.get("outputs", [])
            if PLOTLY_MIME in out.get("data", {})
        ]
        types = {trace.get("type", "scatter") for fig in figures for trace in fig.get("data", [])}
        template = figures[0].get("layout", {}).get("template") if figures else None
        resources = {
            "wbroles": {"plotly_js": self.plotly_js(types), "template": template, **provenance}
        }
        body, _ = self.html.from_notebook_node(notebook, resources=resources)
        scripts = _Scripts(body)
        if scripts.names.count("plotly.js") != 1:
            raise BuildError(f"plotly.js is in the page {scripts.names.count('plotly.js')} times")
        if scripts.names.count("figure") != len(figures):
            raise BuildError(f"{len(figures)} figures in the notebook, not all drawn in the page")
        if any(re.match(r"\s*(https?:)?//", src) for src in scripts.sources):
            raise BuildError("the report loads a script from the network")
        return body, len(figures)


def takeaway(notebook) -> str:
    """A report in one line, from its data: its first chart's title and the first two
    values (one, where two make a long line) of its first two series (``chart_summary``)."""
    from .plots.base import chart_summary

    for cell in notebook.cells:
        for out in cell.get("outputs", []):
            if PLOTLY_MIME in out.get("data", {}):
                fig = out["data"][PLOTLY_MIME]
                line = chart_summary(fig, items=2, series=2)
                return line if len(line) <= 240 else chart_summary(fig, items=1, series=2)
    return ""


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
            result.takeaway, result.parameters = takeaway(notebook), provenance["parameters"]
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

    if not isinstance(pool, ProcessPoolExecutor):  # a cluster's: running tasks finish there
        pool.shutdown(wait=False)
        return
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


def _pool(jobs: int, scheduler: str | None):
    """The executor of the notebook runs, and the function it runs: ``jobs`` processes of
    this machine, or the Dask cluster at ``scheduler`` (``wbroles.cluster``)."""
    if scheduler:
        from .cluster import cluster_executor

        return cluster_executor(scheduler), execute
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker), execute_here


def _outcome(future) -> tuple[str | None, str | None]:
    """(error, notebook text) of a finished run; a worker that died is the run's error."""
    try:
        return future.result()
    except Exception as err:  # BrokenProcessPool, a cluster's KilledWorker
        return f"its worker stopped ({type(err).__name__}: {err})", None


def _run(plans: list[_Plan], options: BuildOptions, on_done) -> None:
    """Run every plan's ``todo`` on one executor; save each notebook as it finishes."""
    tasks = [(plan, name) for plan in plans for name in plan.todo]
    tokens = [secrets.token_hex(6) for _ in tasks]
    executor, run = _pool(max(1, min(options.jobs, len(tasks))), options.scheduler)
    with executor as pool:
        try:
            started = time.perf_counter()
            futures = {
                pool.submit(
                    run,
                    str(plan.todo[name]),
                    plan.values[name],
                    str(plan.out),
                    options.kernel_name,
                    token,
                ): (plan, name)
                for (plan, name), token in zip(tasks, tokens, strict=True)
            }
            exporter = Exporter()  # while the kernels run
            for future in as_completed(futures):
                plan, name = futures[future]
                result = NotebookResult(name)
                error, text = _outcome(future)
                provenance = _provenance(name, plan.values[name], plan.options)
                _save(result, error, text, plan.out, exporter, provenance)
                result.seconds = time.perf_counter() - started
                plan.results.append(result)
                if on_done:
                    on_done(result)
        except BaseException:
            _stop(pool, tokens)
            raise


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


@dataclass
class _Plan:
    """One output folder's share of a build: its options, cache, and the notebooks it reuses
    (``reused``) or runs (``todo``, with the typed ``values`` of each)."""

    options: BuildOptions
    raw: dict[str, str]
    cache: dict
    lock: int | None
    keys: dict = field(default_factory=dict)
    todo: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    results: list = field(default_factory=list)

    @property
    def out(self) -> Path:
        return self.options.out_dir


def build_reports(notebooks: dict[str, Path], options: BuildOptions, *, on_done=None):
    """Run and export ``notebooks`` into ``options.out_dir``; write the index; a result each.

    Raises BuildError (unusable folder, another build running, full disk), Stopped (SIGINT or
    SIGTERM: kernels stopped, earlier reports kept), or what ``options.check`` raises.
    """
    return build_runs(notebooks, [options], on_done=on_done)[0]


def build_runs(notebooks: dict[str, Path], runs: list[BuildOptions], *, on_done=None):
    """:func:`build_reports` for several output folders (one a run of a sweep) at once: every
    notebook to run, of every run, shares one pool of ``runs[0].jobs`` processes. A list of
    results per run."""
    folders = {p.parent for p in notebooks.values()}
    for options in runs:
        options.out_dir = check_out_dir(options.out_dir, folders)
    previous = {signum: signal.signal(signum, _raise_stopped) for signum in (2, 15)}
    plans: list[_Plan] = []
    try:
        package = package_digest()
        for options in runs:
            plans.append(_plan(notebooks, options, package))
        todo = [plan for plan in plans if plan.todo]
        declared = _declared(notebooks) if todo else {}
        for plan in plans:
            if plan.todo:
                _check(plan, declared, package)
            else:  # nothing runs: the names are checked against what each notebook declared
                check_names([plan.cache["notebooks"][n]["declared"] for n in notebooks], plan.raw)
        if todo:
            _run(todo, runs[0], on_done)
        for result in (r for plan in plans for r in plan.results if r.reused):
            on_done and on_done(result)
        for plan in plans:
            plan.results.sort(key=lambda r: r.name)
            _finish(plan, package, declared)
        return [plan.results for plan in plans]
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for plan in plans:
            if plan.lock is not None:
                os.close(plan.lock)


def _plan(notebooks: dict[str, Path], options: BuildOptions, package: str) -> _Plan:
    """Which notebooks of ``options.out_dir`` are current (reused) and which must run."""
    out = options.out_dir
    if (out / SWEEP_MARKER).exists():
        raise BuildError(f"--out {out} holds a sweep; build into a folder of its own")
    lock = open_out_dir(out) if out.is_dir() else None
    cache = {} if options.force or lock is None else load_cache(out)
    plan = _Plan(options, resolve_path_parameters(options.parameters, Path.cwd()), cache, lock)
    data_dir = resolve_data_dir(plan.raw.get("data_dir"))
    options.data_digest = data_digest(data_dir, table_files(cache, package))
    for name, source in notebooks.items():
        entry = cache.get("notebooks", {}).get(name, {})
        mine = {k: v for k, v in plan.raw.items() if k in entry.get("declared", plan.raw)}
        plan.keys[name] = cache_key(source, mine, data=options.data_digest, package=package)
        if entry.get("key") == plan.keys[name] and (out / f"{name}.html").is_file():
            on_file = {k: entry.get(k, "") for k in ("title", "summary", "takeaway")}
            on_file["figures"] = entry["figures"]
            result = NotebookResult(name, out / f"{name}.html", out / f"{name}.ipynb", **on_file)
            plan.results.append(replace(result, reused=True))
        else:
            plan.todo[name] = source
    return plan


def _declared(notebooks: dict[str, Path]) -> dict[str, dict]:
    import papermill

    return {n: papermill.inspect_notebook(str(p)) for n, p in notebooks.items()}


def _check(plan: _Plan, declared: dict[str, dict], package: str) -> None:
    """The typed values of what ``plan`` runs, checked (``options.check``) before any runs;
    its keys from the names each notebook declares; its folder locked."""
    typed = typed_parameters(declared, plan.raw)  # a name no notebook takes is refused
    plan.values = {n: typed[n] for n in plan.todo}
    if plan.options.check:  # what is reused was checked when it ran, on the same inputs
        check_all(declared, plan.values)
    plan.lock = plan.lock if plan.lock is not None else open_out_dir(plan.out)
    for name, source in plan.todo.items():
        given = {k: v for k, v in plan.raw.items() if k in declared[name]}
        plan.keys[name] = cache_key(source, given, data=plan.options.data_digest, package=package)


def _finish(plan: _Plan, package: str, declared: dict[str, dict]) -> None:
    """Record the cache, keep only this build's failures under failed/, write the index."""
    out, cache, results = plan.out, plan.cache, plan.results
    entries = cache.setdefault("notebooks", {})
    cache["package"] = package
    for r in results:
        if r.ok and not r.reused:
            entries[r.name] = {"key": plan.keys[r.name], "declared": list(declared[r.name])}
            entries[r.name].update(title=r.title, summary=r.summary, figures=r.figures)
            entries[r.name].update(takeaway=r.takeaway, parameters=r.parameters)
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
            page, pdf = out / f"{name}.html", out / f"{name}.pdf"
            size = page.stat().st_size
            reports.append(
                {
                    **entry,
                    "name": name,
                    "reused": bool(result and result.reused),
                    "size": f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size / 1e3:.0f} kB",
                    "pdf": pdf.is_file() and pdf.stat().st_mtime >= page.stat().st_mtime,
                }
            )
    page = env.get_template("index.html.j2").render(
        reports=reports, failed=[asdict(r) for r in results if not r.ok]
    )
    write_atomic(out / "index.html", page.encode())
    return out / "index.html"


def chromium(given: str | None = None) -> str | None:
    """A Chromium binary: ``given`` (the command's ``$WBROLES_CHROMIUM``), ``chromium`` on the
    PATH, /usr/bin/chromium; None if there is none."""
    import shutil

    found = [given, shutil.which("chromium"), "/usr/bin/chromium"]
    return next((c for c in found if c and Path(c).is_file()), None)


def write_pdf(html: Path, browser: str, timeout: float = 120) -> Path:
    """``html`` printed to a PDF beside it by the headless Chromium ``browser``
    (``--print-to-pdf``, the page's print stylesheet: every table open, no chart cut across
    pages), within ``timeout`` seconds; returns its path. Raises BuildError naming the report
    if Chromium fails."""
    import subprocess
    import tempfile

    pdf = html.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="wbroles-pdf-") as profile:
        part = Path(profile) / pdf.name
        args = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--window-size=700,1000",  # charts laid out as wide as a printed page
            "--virtual-time-budget=20000",  # every chart drawn before the page prints
            f"--print-to-pdf={part}",
            html.resolve().as_uri(),
        ]
        done = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
        if done.returncode or not part.is_file():
            raise BuildError(f"{html.name}: Chromium did not print a PDF (exit {done.returncode})")
        write_atomic(pdf, part.read_bytes())
    return pdf
