"""Random bytes and random mutations of the real tables: validation always ends with valid
frames or a DataError listing one-line problems, never another exception, and quickly."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wbroles.errors import DataError
from wbroles.format import plain
from wbroles.schemas import TABLES
from wbroles.validation import validate_tables

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
ORIGINALS = {name: (DATA_DIR / table.file).read_bytes() for name, table in TABLES.items()}


@st.composite
def mutated(draw):
    """A table's real bytes with a few slices replaced, deleted or repeated, or noise."""
    name = draw(st.sampled_from(sorted(TABLES)))
    data = bytearray(ORIGINALS[name])
    if draw(st.booleans()):
        return name, draw(st.binary(max_size=600))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        width = draw(st.integers(0, 12))
        insert = draw(
            st.one_of(
                st.binary(max_size=8),
                st.sampled_from([b",", b'"', b"\n", b"\r", b"-", b"9" * 30, b"\xef\xbb\xbf"]),
                st.text(max_size=6).map(lambda t: t.encode("utf-8")),
            )
        )
        data[at : at + width] = insert
    return name, bytes(data)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA_DIR, path)
    return path


@settings(
    max_examples=80,
    deadline=3000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mutated())
def test_validation_ends_in_frames_or_one_line_problems(folder, case):
    name, data = case
    path = folder / TABLES[name].file
    try:
        path.write_bytes(data)
        try:
            validate_tables(folder, [name])
        except DataError as err:
            assert err.problems and err.total >= len(err.problems)
            for problem in err.problems:
                assert "\n" not in plain(problem) and problem.file
    finally:
        path.write_bytes(ORIGINALS[name])


@pytest.mark.parametrize("seed", range(3))
def test_the_command_exits_0_or_2_without_a_traceback(tmp_path, seed):
    import random

    rng = random.Random(seed)
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    for name in rng.sample(sorted(TABLES), 3):
        raw = bytearray(ORIGINALS[name])
        at = rng.randrange(len(raw))
        raw[at : at + 5] = bytes(rng.randrange(256) for _ in range(5))
        (data / TABLES[name].file).write_bytes(bytes(raw))
    result = subprocess.run(
        [sys.executable, "-m", "wbroles_cli", "validate", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode in (0, 2), result.stderr
    assert "Traceback" not in result.stderr
    assert all(line.isprintable() for line in result.stderr.splitlines())
