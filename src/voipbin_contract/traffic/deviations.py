"""What traffic can show of each known deviation the description declares: the exchange that would show it, or
why no exchange through a proxy can. The judge notes each deviation an exchange could show (Judge.chances); the
report says of each deviation it never met either that the traffic could have shown it and did not (not observed),
or that no exchange was one that could (not checked), and what it would take.
"""

from __future__ import annotations

from typing import Any

from voipbin_contract.rules.balance import SHORT_BALANCE
from voipbin_contract.rules.checks import (
    ACCESSKEY_IN_TOKEN,
    DELETE_REPEATS,
    DELETED_LISTED,
    DISPATCH,
    LETS_THROUGH,
    NOT_E164,
    OWNERSHIP,
    PARTS_ZERO,
    PROVIDER_STATUS,
)
from voipbin_contract.rules.events import GET_WITHOUT_METHOD, UNORDERED

FLAT_CHARGE = "charge-flat-per-destination"

_LENIENT = {
    deviation: f"a send whose {field} breaks {keyword!r}" for (keyword, field), deviation in LETS_THROUGH.items()
}
# The exchange that shows each deviation a proxy can meet.
SHOWN_BY: dict[str, str] = {
    **_LENIENT,
    NOT_E164: "a send to a `tel` number that is not E.164",
    PARTS_ZERO: "an accepted send",
    OWNERSHIP: "a send from a number that another customer's credential listed (GET /v1.0/numbers)",
    DELETED_LISTED: "a page of the list after the same caller deleted a message",
    DELETE_REPEATS: "a DELETE of a message the same caller deleted before",
    ACCESSKEY_IN_TOKEN: "a request with an access key (anything but a JWT) in `?token=`",
    PROVIDER_STATUS: "a read of a message (GET, a page of the list, a DELETE's answer)",
    **{
        str(rule["id"]): "a read of a message (GET, a page of the list, a DELETE's answer)"
        for rule in DISPATCH.values()
    },
}
# Why no exchange through a proxy can show the others.
NEVER: dict[str, str] = {
    SHORT_BALANCE: (
        "a 500 on a send is the short balance only on the evidence of a plain send right after, which a proxy does"
        " not make"
    ),
    FLAT_CHARGE: "what a send is charged shows in no answer of the description",
    UNORDERED: "webhooks go from the service to the customer's URL, not through a proxy",
    GET_WITHOUT_METHOD: "webhooks go from the service to the customer's URL, not through a proxy",
}


def why_not_checked(deviation_id: str) -> str:
    """Why traffic that could not show the deviation did not: what it would take, or why nothing could."""
    if deviation_id in NEVER:
        return f"no exchange through a proxy can show it: {NEVER[deviation_id]}"
    return f"it takes {SHOWN_BY.get(deviation_id, 'an exchange no rule of traffic looks at')}, and none passed"


def verdicts(report: dict[str, Any], chances: set[str]) -> dict[str, Any]:
    """The ledger's report, as traffic has it: a deviation not met is not observed if an exchange could have shown
    it, else not checked, saying why."""
    missing = sorted(report["not_observed"] + report["not_checked"])
    return report | {
        "not_observed": [d for d in missing if d in chances],
        "not_checked": [d for d in missing if d not in chances],
        "why_not_checked": {d: why_not_checked(d) for d in missing if d not in chances},
    }
