"""Notebook parameters checked against the data: one clear line naming the valid choices."""

from __future__ import annotations

from pathlib import Path

import pytest

import wbroles
from wbroles.params import ParameterError, check_params

DATA = Path(__file__).resolve().parents[1] / "data"


def test_defaults_are_the_datas_only_company_and_all_its_roles_and_levels():
    comp = wbroles.load_compensation()
    params = check_params()
    assert params.company == comp["company"].unique().tolist()[0]
    assert params.roles == [r for r in comp["role"].cat.categories if r in set(comp["role"])]
    assert params.levels == ["L5", "L6"]
    assert (params.level, params.component) == (None, None)
    assert params.data_dir == DATA


def test_a_comma_separated_string_is_a_list_and_comes_back_in_data_order():
    params = check_params(roles="TPM, PM", levels="L6")
    assert params.roles == ["PM", "TPM"]
    assert params.levels == ["L6"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"level": "L9"}, "unknown level 'L9'; choose from: L5, L6"),
        ({"roles": ["PM", "EM"]}, "unknown role 'EM'; choose from: PM, TPM"),
        ({"levels": []}, "unknown level (none given); choose from: L5, L6"),
        ({"company": "Acme"}, "unknown company 'Acme'; choose from: Weights & Biases"),
        (
            {"component": "stock"},
            "unknown component 'stock'; choose from: total, base, bonus, equity",
        ),
        (
            {"level": 7},
            "level must be one of L5, L6 (text), got 7 (int); "
            "with papermill use -r level VALUE to pass text as is",
        ),
        ({"roles": "PM", "compare": True}, "choose at least two roles to compare, got PM"),
        ({"roles": 5}, 'roles must be a list of codes such as ["PM", "TPM"], got 5'),
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
