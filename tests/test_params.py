"""Notebook parameters checked against the data: one clear line naming the valid choices."""

from __future__ import annotations

from pathlib import Path

import pytest

import wbroles
from wbroles.errors import ParameterError
from wbroles.params import check_params, coerce

DATA = Path(__file__).resolve().parents[1] / "data"


def test_defaults_are_the_datas_only_company_and_all_its_roles_and_levels():
    comp = wbroles.load_compensation()
    params = check_params()
    assert params.company == comp["company"].unique().tolist()[0]
    assert params.roles == [r for r in comp["role"].cat.categories if r in set(comp["role"])]
    assert params.levels == ["L5", "L6"]
    assert (params.level, params.component) == (None, None)
    assert params.data_dir == DATA


def test_a_comma_separated_string_is_a_list_and_keeps_the_order_given():
    # "roles" is "the first against the second" everywhere: TPM,PM must not become PM vs TPM
    params = check_params(roles="TPM, PM", levels="L6")
    assert params.roles == ["TPM", "PM"]
    assert params.levels == ["L6"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"level": "L9"}, "unknown level 'L9'; choose from: L5, L6"),
        ({"roles": ["PM", "EM"]}, "unknown role 'EM'; choose from: PM, TPM"),
        ({"levels": []}, "no level given; choose from: L5, L6"),
        ({"roles": ["PM", "PM"]}, "role 'PM' is given twice"),
        ({"company": "Acme"}, "unknown company 'Acme'; choose from: Weights & Biases"),
        (
            {"component": "stock"},
            "unknown component 'stock'; choose from: total, base, bonus, equity",
        ),
        (
            {"level": 7},
            "level must be text, got 7 (int); "
            "with papermill use -r level VALUE to pass text as it is",
        ),
        ({"roles": "PM", "compare": True}, "choose at least two roles to compare, got PM"),
        ({"roles": 5}, 'roles must be a list of codes such as ["PM", "TPM"] or PM,TPM, got 5'),
    ],
)
def test_a_bad_parameter_names_the_valid_choices(kwargs, message):
    with pytest.raises(ParameterError) as caught:
        check_params(**kwargs)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_missing_data_folder_is_named(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(ParameterError, match="is not a folder"):
        check_params(data_dir=missing)


def test_several_companies_need_a_choice(two_company_data):
    with pytest.raises(ParameterError, match="several companies; set company to one of: "):
        check_params(data_dir=two_company_data)
    assert check_params(data_dir=two_company_data, company="Acme Tools").company == "Acme Tools"


@pytest.mark.parametrize(
    ("value", "declared", "expected"),
    [
        ("185000", "float", 185000.0),
        (185000, "float", 185000.0),
        ("12.5", "Optional[float]", 12.5),
        ("None", "Optional[float]", None),
        (None, "Optional[str]", None),
        ("PM,TPM", "list[str]", ["PM", "TPM"]),
        (["TPM", "PM"], "list[str]", ["TPM", "PM"]),
        ("5", "int", 5),
        ("true", "bool", True),
        ("L5", "str", "L5"),
        ("None", "str", "None"),  # only an optional type reads "None" as None
    ],
)
def test_coerce_gives_the_declared_type(value, declared, expected):
    assert coerce("x", value, declared) == expected


@pytest.mark.parametrize(
    ("name", "value", "declared", "message"),
    [
        ("base", "1e5", "float", "base: '1e5' is not a number (write plain digits, e.g. 280000)"),
        ("base", "-5", "float", "base: -5 is below 0 (US dollars a year)"),
        ("base", "1e308", "float", "base: '1e308' is not a number"),
        ("base", 1e308, "float", "base: 1e+308 is above 100000000 (US dollars a year)"),
        ("bonus_pct", "100.0001", "float", "bonus_pct: 100.0001 is above 100 (percent of base)"),
        ("min_n", "2.5", "int", "min_n must be a whole number, got '2.5'"),
        ("min_n", True, "int", "min_n must be a number, got True (bool)"),
        ("flag", "yes", "bool", "flag must be true or false, got 'yes'"),
        ("data_dir", 5, "Optional[str]", "data_dir must be text, got 5 (int)"),
        ("level", None, "str", "level needs a value (str), got None"),
    ],
)
def test_coerce_names_the_parameter_the_value_and_the_rule(name, value, declared, message):
    with pytest.raises(ParameterError) as caught:
        coerce(name, value, declared)
    assert str(caught.value).startswith(message)
