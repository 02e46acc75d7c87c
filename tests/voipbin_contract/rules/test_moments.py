"""voipbin_contract.rules.moments: records are updated and deleted after they were created, targets move after their
message was created, nothing of the past lies in the future, and one answer writes its moments in one era."""

from __future__ import annotations

from datetime import UTC, datetime

from voipbin_contract.rules.moments import era_problems, moment, moment_problems

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def message(**moments: object) -> dict[str, object]:
    found = {"id": "m1", "tm_create": "2026-12-03T08:00:00.5Z", "tm_update": None, "tm_delete": None} | moments
    return found | {"targets": [{"status": "sent", "tm_update": moments.get("target")}]}


def test_both_eras_are_moments_and_not_deleted_is_none():
    assert moment("2022-03-13 15:11:05.235717") == datetime(2022, 3, 13, 15, 11, 5, 235717, tzinfo=UTC)
    assert moment("2026-02-10T08:30:00.5Z") == datetime(2026, 2, 10, 8, 30, 0, 500000, tzinfo=UTC)
    assert moment("9999-01-01 00:00:00.000000") is None
    assert moment(None) is None


def test_a_record_in_order_passes_in_either_era():
    assert moment_problems(message(tm_update="2026-12-03T08:00:01Z", target="2026-12-03T08:00:02Z"), NOW) == []
    legacy = {"tm_create": "2022-02-02 00:00:00.000000", "tm_update": "2022-02-02 00:00:00.000000"}
    assert moment_problems({"result": [legacy | {"tm_delete": "9999-01-01 00:00:00.000000"}]}, NOW) == []
    key = {"tm_create": "2022-02-01T00:00:00Z", "tm_expire": "2099-01-01T00:00:00Z"}  # the future by design
    assert moment_problems(key, NOW) == []


def test_an_update_or_a_delete_before_the_creation_is_named():
    assert moment_problems(message(tm_update="2026-12-03T03:00:01Z"), NOW) == [
        "/tm_update is 2026-12-03T03:00:01Z, before its tm_create 2026-12-03T08:00:00.5Z"
    ]
    assert "/tm_delete is" in moment_problems(message(tm_delete="2026-12-03T07:59:59Z"), NOW)[0]


def test_a_target_that_moved_before_its_message_was_created_is_named():
    assert moment_problems({"result": [message(target="2026-12-03T03:00:00Z")]}, NOW) == [
        "/result/0/targets/0/tm_update is 2026-12-03T03:00:00Z, before its message's tm_create 2026-12-03T08:00:00.5Z"
    ]


def test_a_moment_of_the_past_far_in_the_future_is_named_a_little_is_not():
    assert moment_problems(message(tm_create="2026-12-03T09:05:00Z"), NOW) == []  # clocks differ a little
    (problem,) = moment_problems(message(tm_create="2026-12-03T18:00:00Z"), NOW)
    assert problem.startswith("/tm_create is 2026-12-03T18:00:00Z, in the future")


def test_one_answer_writes_one_era():
    assert era_problems({"result": [message()]}) == []
    mixed = {"result": [message(tm_delete="9999-01-01 00:00:00.000000")]}
    assert era_problems(mixed) == [
        "/result/0/tm_delete is '9999-01-01 00:00:00.000000', a legacy moment, where /result/0/tm_create is"
        " '2026-12-03T08:00:00.5Z', an RFC 3339 one: one answer writes its moments in one era"
    ]
