"""voipbin_contract.traffic.exchange: a body is decoded as its Content-Encoding says, never past the cap."""

from __future__ import annotations

import gzip
import zlib

import pytest

from tests.hostile import gzip_of_zeros
from voipbin_contract.traffic.exchange import INFLATES_OVER_THE_CAP, decoded

BODY = b'{"result": [], "next_page_token": ""}'


def raw_deflate(data: bytes) -> bytes:
    deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return deflate.compress(data) + deflate.flush()


@pytest.mark.parametrize(
    ("encoding", "raw"),
    [
        (None, BODY),
        ("identity", BODY),
        ("gzip", gzip.compress(BODY, mtime=0)),
        ("x-gzip", gzip.compress(BODY, mtime=0)),
        ("deflate", zlib.compress(BODY)),
        ("deflate", raw_deflate(BODY)),
        ("deflate, gzip", gzip.compress(zlib.compress(BODY), mtime=0)),
        ("GZIP", gzip.compress(BODY, mtime=0)),
    ],
    ids=["none", "identity", "gzip", "x-gzip", "deflate", "raw deflate", "deflate then gzip", "in capitals"],
)
def test_a_body_reads_as_it_was_before_its_encodings(encoding, raw):
    assert decoded(encoding, raw) == (BODY, "")


def test_a_body_that_inflates_past_the_cap_is_not_decoded_whole():
    """A megabyte of gzip holding a gibibyte: given up at the cap, having inflated no more than it."""
    assert decoded("gzip", gzip_of_zeros(1 << 30)) == (b"", INFLATES_OVER_THE_CAP)
    assert decoded("gzip", gzip_of_zeros(1 << 20), limit=1 << 20) == (b"\0" * (1 << 20), "")
    assert decoded("gzip", gzip_of_zeros(2 << 20), limit=1 << 20) == (b"", INFLATES_OVER_THE_CAP)


def test_an_encoding_the_judge_does_not_read_is_said():
    assert decoded("br", b"\x8b\x02\x80") == (b"", "an encoding the judge does not read (br)")


def test_a_body_that_is_not_what_its_encoding_says_is_judged_as_it_came():
    assert decoded("gzip", BODY) == (BODY, "")
