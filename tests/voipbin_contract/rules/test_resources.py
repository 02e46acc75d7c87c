"""voipbin_contract.rules.resources: a listed record reads the same by id, is the caller's, and no access key shows
its secret."""

from __future__ import annotations

from voipbin_contract.rules.resources import first_difference, owner_problems, same_record_problems, secret_problems

NUMBER = {"id": "n1", "customer_id": "c1", "name": "main", "metadata": {"rtp_debug": False}, "tm_update": None}


def test_the_first_field_two_answers_disagree_on_is_named():
    assert first_difference(NUMBER, dict(NUMBER)) is None
    assert first_difference(NUMBER, NUMBER | {"name": "old"}) == "/name is 'main' in the list, 'old' read by id"
    deeper = NUMBER | {"metadata": {"rtp_debug": True}}
    assert first_difference(NUMBER, deeper) == "/metadata/rtp_debug is False in the list, True read by id"
    assert first_difference(NUMBER, NUMBER | {"extra": 1}) == "/extra is None in the list, 1 read by id"
    assert same_record_problems("number", NUMBER, NUMBER | {"name": "old"}) == [
        "number n1: /name is 'main' in the list, 'old' read by id"
    ]


def test_a_record_of_another_customer_is_named_and_an_unknown_caller_judges_nothing():
    assert owner_problems("number", NUMBER, "c1") == []
    assert owner_problems("number", NUMBER, None) == []
    assert owner_problems("number", NUMBER, "c2") == ["number n1: customer_id is 'c1', but the caller is customer c2"]


def test_an_access_keys_secret_is_shown_nowhere():
    key = {"id": "k1", "token_prefix": "vbk_alic", "tm_create": "2022-02-01T00:00:00Z"}
    assert secret_problems({"result": [key]}) == []
    assert secret_problems(key | {"token": "vbk_alice_demo"}) == [
        "/token is shown: an access key's secret, which only its creation may answer"
    ]
