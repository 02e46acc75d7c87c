"""voipbin_contract.runner.account: the caller is read from its numbers, once per run: its customer id and the
source."""

from __future__ import annotations

from dataclasses import replace

from voipbin_contract.runner.account import Caller, caller
from voipbin_contract.runner.bundled import MOCK_KEYS, MOCK_SOURCE, bundled_mock, mock_target
from voipbin_mock.config import DEFAULT_FIXTURES
from voipbin_mock.fixtures import load_fixtures


def test_the_caller_is_the_customer_its_numbers_carry():
    alice = load_fixtures(DEFAULT_FIXTURES).customers[0]
    with bundled_mock() as url:
        target = replace(mock_target(url), source_number=None)
        found = caller(target)
        assert found.customer_id == alice.id
        assert sorted(found.numbers) == sorted(n.number for n in alice.numbers)
        assert found.source(target) == found.numbers[0]  # the first the list shows
        assert found.source(replace(target, source_number="+15551234567")) == "+15551234567"
        assert caller(replace(target, token=MOCK_KEYS[1])).customer_id != alice.id
    assert caller(target) is found  # once per run: the server is gone, the caller is remembered
    assert MOCK_SOURCE in found.numbers


def test_a_caller_without_numbers_has_no_source():
    assert Caller(None, ()).source(mock_target("http://127.0.0.1:1")) == MOCK_SOURCE
    assert Caller(None, ()).source(replace(mock_target("http://127.0.0.1:1"), source_number=None)) is None
