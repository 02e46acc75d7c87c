"""Hypothesis strategies the suite's tests share."""

from __future__ import annotations

from hypothesis import strategies as st

# Every character UTF-8 encodes: every code point but the surrogates (category Cs), which is what
# `st.characters(codec="utf-8")` draws. Not asked for by codec: hypothesis works a codec's characters out by encoding
# each of the 1.1 million code points (1.8 s of CPU), where the table of categories takes 0.14 s.
UTF8_CHARACTERS = st.characters(exclude_categories=["Cs"])
