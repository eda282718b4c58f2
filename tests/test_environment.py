"""environment.yml must stay a thin layer over pyproject.toml.

pyproject.toml is the one list of dependencies. environment.yml only provides a
Python interpreter and pip from conda-forge, then pip-installs this checkout with
the same extras the Makefile installs.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

# A conda match spec: package name, then an optional version constraint ("python>=3.11").
_CONDA_SPEC = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*$")
_EDITABLE_CHECKOUT = re.compile(r"^-e\s+\.\[([^\]]*)\]$")
_MAKEFILE_INSTALL = re.compile(r"pip install -e \"\.\[([^\]]*)\]\"")
_LOWER_BOUND = re.compile(r">=\s*(\d+(?:\.\d+)*)")


def _extras(text: str) -> set[str]:
    return {part.strip() for part in text.split(",") if part.strip()}


def _lower_bound(spec: str) -> tuple[int, ...]:
    match = _LOWER_BOUND.search(spec)
    assert match, f"no '>=' lower bound in {spec!r}"
    return tuple(int(p) for p in match.group(1).split("."))


@pytest.fixture(scope="module")
def pyproject() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def environment() -> dict:
    with (ROOT / "environment.yml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def conda_specs(environment) -> dict[str, str]:
    """Conda package name -> version constraint (pip sub-list left out)."""
    specs = {}
    for dep in environment["dependencies"]:
        if isinstance(dep, dict):
            continue
        match = _CONDA_SPEC.match(str(dep))
        assert match, f"unparseable conda dependency {dep!r}"
        specs[match.group(1).lower()] = match.group(2)
    return specs


@pytest.fixture(scope="module")
def pip_section(environment) -> list[str]:
    sections = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(sections) == 1, f"expected one pip: section, found {len(sections)}"
    return sections[0]


@pytest.fixture(scope="module")
def makefile_extras() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = _MAKEFILE_INSTALL.findall(text)
    assert len(found) == 1, f"expected one editable install line in Makefile, got {found}"
    return _extras(found[0])


def test_environment_uses_conda_forge(environment):
    assert environment["name"] == "wbroles"
    assert environment["channels"] == ["conda-forge"]


def test_conda_lists_only_python_and_pip(conda_specs):
    # Every other package belongs in pyproject.toml, installed through the pip section.
    assert set(conda_specs) == {"python", "pip"}


def test_python_lower_bound_matches_requires_python(pyproject, conda_specs):
    requires = pyproject["project"]["requires-python"]
    assert _lower_bound(conda_specs["python"]) == _lower_bound(requires)


def test_pip_section_installs_checkout_with_pyproject_extras(pyproject, pip_section):
    assert len(pip_section) == 1, f"pip section must only install the checkout: {pip_section}"
    match = _EDITABLE_CHECKOUT.match(pip_section[0].strip())
    assert match, f"expected '-e .[extras]', got {pip_section[0]!r}"
    extras = _extras(match.group(1))
    defined = set(pyproject["project"]["optional-dependencies"])
    assert extras, "pip section installs no extras"
    assert extras <= defined, f"extras not defined in pyproject.toml: {sorted(extras - defined)}"


def test_makefile_installs_same_extras_as_environment(pyproject, pip_section, makefile_extras):
    match = _EDITABLE_CHECKOUT.match(pip_section[0].strip())
    assert match, f"expected '-e .[extras]', got {pip_section[0]!r}"
    assert _extras(match.group(1)) == makefile_extras
    defined = set(pyproject["project"]["optional-dependencies"])
    missing = makefile_extras - defined
    assert not missing, f"Makefile extras not defined in pyproject.toml: {sorted(missing)}"
    assert {"dev", "lab"} <= makefile_extras


def _tested_pythons(pyproject) -> list[tuple[int, int]]:
    found = [re.fullmatch(r"Programming Language :: Python :: 3\.(\d+)", c)
             for c in pyproject["project"]["classifiers"]]  # fmt: skip
    return sorted((3, int(m.group(1))) for m in found if m)


def test_environment_pins_the_tested_pythons(pyproject, conda_specs):
    # conda-forge would otherwise give a Python newer than any the suite ran under.
    tested = _tested_pythons(pyproject)
    assert tested, "no 'Programming Language :: Python :: 3.N' classifier"
    assert tested == [(3, n) for n in range(tested[0][1], tested[-1][1] + 1)], "a gap in the range"
    assert tested[0] == _lower_bound(pyproject["project"]["requires-python"])
    assert conda_specs["python"] == f">=3.{tested[0][1]},<3.{tested[-1][1] + 1}"


def test_makefile_runs_every_tested_python(pyproject):
    # 3.11 is the main venv (`make test`); test-pythons runs the others.
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    listed = re.search(r"^TEST_PYTHONS \?=(.*)$", text, re.MULTILINE)
    assert listed, "no TEST_PYTHONS in the Makefile"
    versions = {
        tuple(int(p) for p in v.split(".")[:2])
        for v in re.findall(r"/(3\.\d+)\.\d+/", listed.group(1))
    }
    assert versions | {_lower_bound(pyproject["project"]["requires-python"])} == set(
        _tested_pythons(pyproject)
    )


def test_pre_commit_hooks_come_from_pypi_pinned():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"], "a hook fetched from a git host"
    for hook in config["repos"][0]["hooks"]:
        assert hook["language"] in ("python", "system"), hook["id"]
        if hook["language"] == "python":
            deps = hook["additional_dependencies"]
            assert deps and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", d) for d in deps), hook
