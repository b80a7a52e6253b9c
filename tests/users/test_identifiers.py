import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from relais.utils.identifiers import luhn_key, luhn_valid, validate_cog, validate_finess, validate_siret


@given(st.text(alphabet="0123456789", min_size=8, max_size=13))
def test_luhn_key_makes_any_body_valid(body):
    assert luhn_valid(body + luhn_key(body))


@pytest.mark.parametrize("value", ["73282932000074", "35600000049837"])
def test_valid_sirets(value):
    validate_siret(value)


@pytest.mark.parametrize("value", ["73282932000075", "7328293200007", "7328293200007A", "35600000049838"])
def test_invalid_sirets(value):
    with pytest.raises(ValidationError, match="SIRET"):
        validate_siret(value)


@pytest.mark.parametrize("value", ["75101", "75120", "93066", "2A004", "97411"])
def test_valid_cogs(value):
    validate_cog(value)


@pytest.mark.parametrize("value", ["75100", "75121", "7510", "00001", "96001", "99999"])
def test_invalid_cogs(value):
    with pytest.raises(ValidationError, match="code commune"):
        validate_cog(value)


def test_finess():
    validate_finess("750000010")
    with pytest.raises(ValidationError):
        validate_finess("750000017")
