"""The floor of the report build: run every ``empty_*.ipynb`` of a folder through papermill's
Python API in one process, ``JOBS`` at a time, as ``wbroles report`` runs its kernels.

    python benchmarks/floor_child.py DIR JOBS

Started by ``bench_report.py`` as a cold process; imports only what the floor itself needs, and
prints its in-process timings (papermill import, kernels) as one JSON line.
"""

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def main(folder: Path, jobs: int) -> None:
    started = time.perf_counter()
    import papermill

    imported = time.perf_counter()
    out = folder / "executed"
    out.mkdir(exist_ok=True)

    def run(source: Path) -> None:
        papermill.execute_notebook(
            str(source), str(out / source.name), kernel_name="python3", progress_bar=False
        )

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(run, sorted(folder.glob("empty_*.ipynb"))))
    finished = time.perf_counter()
    print(json.dumps({"import_s": imported - started, "kernels_s": finished - imported}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
