"""The notebook runs of a build on a Dask distributed cluster (``wbroles report --scheduler
ADDRESS``): each run is one task, a papermill run on a worker that returns the executed
notebook; the build's own process exports and writes, as with local processes.

The workers need what a local run needs, at the same paths: this environment (wbroles, its
kernel), the notebooks, the data and the output folder (the kernels' working folder), e.g. on
a shared file system. Each worker runs one task at a time (``--nthreads 1``): papermill changes
the working folder of its whole process. A task whose worker dies is run again by the
scheduler on another worker (its ``allowed-failures``), then reported as that notebook's
failure. A stopped build cancels what has not started; a notebook already running on a worker
finishes there, and its result is dropped.
"""

from __future__ import annotations

import contextlib

from distributed import Client, WorkerPlugin

from .outdir import BuildError


class PapermillPlugin(WorkerPlugin):
    """Registers the build's in-memory papermill handler on each worker, present or future."""

    name = "wbroles-papermill"

    def setup(self, worker):
        from papermill.iorw import papermill_io

        from .report import MEMORY, MemoryHandler

        papermill_io.register(MEMORY, MemoryHandler)


@contextlib.contextmanager
def cluster_executor(address: str):
    """A ``concurrent.futures`` executor on the cluster at ``address``; BuildError in one line
    when it cannot be reached or its workers run several tasks at once."""
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as err:
        raise BuildError(f"--scheduler {address}: cannot connect ({err})") from None
    try:
        threads = client.nthreads()
        if not threads:
            raise BuildError(f"--scheduler {address}: the cluster has no workers")
        several = [(w, n) for w, n in sorted(threads.items()) if n != 1]
        if several:
            worker, n = several[0]
            raise BuildError(
                f"--scheduler {address}: worker {worker} runs {n} tasks at once; papermill "
                "changes its process's working folder: start workers with --nthreads 1"
            )
        try:
            client.register_plugin(PapermillPlugin())
        except OSError as err:  # a worker went away meanwhile (CommClosedError)
            raise BuildError(
                f"--scheduler {address}: a worker could not be set up ({err})"
            ) from None
        yield client.get_executor(pure=False)
    finally:
        client.close()
