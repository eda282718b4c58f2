"""Shared fixtures: the project's real tables, and a small synthetic second company.

The synthetic company ("Acme") has three roles (PM, TPM and a third, EM) so that tests can
show that nothing is tied to two roles or to one company. Its frames have the columns and
dtypes the loaders return (``role`` categorical in role-table order).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from wbroles.load import load_all

ACME = "Acme"
ACME_ROLES = ["PM", "TPM", "EM"]
ACME_SOURCE = "acme-roles"


@pytest.fixture(autouse=True)
def _working_folder_kept():
    """Fail a test that leaves the process in another folder (papermill's cwd= does, from
    threads): pytest's own relative paths, such as nbval's sanitize file, break after it."""
    before = os.getcwd()
    yield
    after = os.getcwd()
    if after != before:
        os.chdir(before)
        pytest.fail(f"the test left the working folder at {after} (it was {before})")


@pytest.fixture
def two_company_data(tmp_path) -> Path:
    """A copy of the project's data/ whose roles, levels and bands are also given, copied,
    to a second company, "Acme Tools"."""
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", data)
    for name in ("roles.csv", "levels.csv", "compensation.csv"):
        path = data / name
        lines = path.read_text(encoding="utf-8").splitlines()
        copies = [line.replace("Weights & Biases", "Acme Tools") for line in lines[1:]]
        path.write_text("\n".join([*lines, *copies]) + "\n", encoding="utf-8")
    return data


@pytest.fixture(scope="session")
def real_tables() -> dict[str, pd.DataFrame]:
    """Every table of the project's data/, as the loaders return them (copies per use)."""
    return load_all()


@pytest.fixture
def real(real_tables) -> dict[str, pd.DataFrame]:
    return {name: frame.copy() for name, frame in real_tables.items()}


def _frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns.split())
    frame.insert(0, "company", ACME)
    if "role" in frame:
        frame["role"] = pd.Categorical(frame["role"], categories=ACME_ROLES)
    if "quote" in frame:
        frame["source_id"] = ACME_SOURCE
    return frame


def _quoted(rows: list[tuple]) -> list[tuple]:
    """Give every row a distinct quote, so a test can find each one in the hover text."""
    return [
        (*row, "Acme says " + " ".join(str(v) for v in row if v is not None) + ".") for row in rows
    ]


@pytest.fixture
def acme() -> dict[str, pd.DataFrame]:
    """Acme's tables, keyed like ``wbroles.load_all``: sources, skill_axes, skills,
    interview_rounds, interview_process, rubric, career_paths."""
    return {
        "sources": pd.DataFrame(
            [(ACME_SOURCE, "Acme roles", ACME, "2026-01-15", "synthetic", None)],
            columns=["source_id", "keyword", "company", "date", "publisher", "file"],
        ),
        "skill_axes": pd.DataFrame(
            [("Gamma", 3, "third"), ("Alpha", 1, "first"), ("Beta", 2, "second")],
            columns=["skill", "axis_order", "description"],
        ),
        "skills": _frame(
            "role skill score quote",
            _quoted(
                [
                    (role, skill, score)
                    for role, scores in {"PM": (3, 1, 2), "TPM": (1, 3, 2), "EM": (2, 2, 3)}.items()
                    for skill, score in zip(["Alpha", "Beta", "Gamma"], scores, strict=True)
                ]
            ),
        ),
        "interview_rounds": _frame(
            "role round_order round evaluates quote",
            _quoted(
                [
                    ("PM", 1, "Screen", "Motivation"),
                    ("PM", 2, "Case", None),
                    ("EM", 1, "People leadership", "Coaching and hiring"),
                    ("EM", 2, "Architecture", "System design depth"),
                    ("EM", 3, "Values", None),
                ]
            ),
        ),
        "interview_process": _frame(
            "role measure value unit quote",
            _quoted([("EM", "rounds", 3.0, "rounds"), ("EM", "duration", 14.0, "days")]),
        ),
        "rubric": _frame(
            "role round criterion weight_pct quote",
            _quoted(
                [
                    ("TPM", "Program", "Planning", 50.0),
                    ("TPM", "Program", "Risk", 50.0),
                    ("EM", "Architecture", "Depth", 60.0),
                    ("EM", "Architecture", "Clarity", 30.0),
                ]
            ),
        ),
        "career_paths": _frame(
            "role step_order step branch quote",
            _quoted(
                [
                    ("EM", 1, "Engineering manager", None),
                    ("EM", 2, "Senior manager", None),
                    ("EM", 3, "Director", "People"),
                    ("EM", 3, "Staff engineer", "Technical"),
                    ("EM", 4, "VP Engineering", "People"),
                    ("EM", 4, "Principal engineer", "Technical"),
                ]
            ),
        ),
    }
