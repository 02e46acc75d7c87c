"""voipbin_mock.fixtures: the default file loads; a broken one is refused with a message naming the entry."""

from __future__ import annotations

import pytest

from tests.voipbin_mock.conftest import write_fixtures
from voipbin_mock import MockConfig, create_app
from voipbin_mock.config import DEFAULT_FIXTURES
from voipbin_mock.fixtures import FixtureError, load_fixtures


def test_the_default_fixtures_have_two_customers_with_numbers_keys_and_balance():
    fixtures = load_fixtures(DEFAULT_FIXTURES)
    assert [c.username for c in fixtures.customers] == ["alice@example.com", "bob@example.com"]
    for customer in fixtures.customers:
        assert customer.numbers
        assert customer.accesskeys
        assert customer.balance_micros > 0
    assert fixtures.price_micros == 7_500


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({'number: "+15551234567"': 'number: "+15559876543"'}, "number '+15559876543' appears twice"),
        ({"bob@example.com": "alice@example.com"}, "username 'alice@example.com' appears twice"),
        ({'balance: "5.00"': 'balance: "-1"'}, "is negative"),
        ({'balance: "5.00"': 'balance: "lots"'}, "is not an amount"),
        ({"id: 9b8c7d6e-5f4a-4b3c-9d2e-1f0a9b8c7d6e": "id: bob"}, "is not a UUID"),
        ({"    password: bob-secret\n": ""}, "missing or malformed entry"),
        ({'tm_create: "2022-02-02T00:00:00Z"': 'tm_create: "2022-02-01T00:00:00Z"'}, "share a tm_create"),
        ({"customers:": "customers: [\n"}, "cannot read fixtures"),
    ],
)
def test_a_broken_fixture_file_is_refused(tmp_path, change, message):
    with pytest.raises(FixtureError, match=message.replace("+", r"\+")):
        load_fixtures(write_fixtures(tmp_path / "fixtures.yaml", change))


@pytest.mark.parametrize("number", ["15559876543", "+0155598765", "+1 555 987 6543"])
def test_a_number_that_breaks_the_descriptions_rule_is_refused(tmp_path, number):
    """The rule is the description's E164Number, read by create_app, not a pattern of the mock's own."""
    with pytest.raises(FixtureError, match="is not a number as #/components/schemas/E164Number describes it"):
        create_app(MockConfig(fixtures_path=write_fixtures(tmp_path / "f.yaml", {'"+15559876543"': f'"{number}"'})))
