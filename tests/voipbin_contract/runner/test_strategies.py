import unicodedata

from hypothesis import given

from voipbin_contract.runner.strategies import UTF8_CHARACTERS


def encodes(code_point: int) -> bool:
    try:
        chr(code_point).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def test_the_characters_left_out_are_exactly_the_ones_utf8_cannot_encode():
    """The outside oracle is Python's own UTF-8 codec, asked for every code point."""
    refused = [c for c in range(0x110000) if not encodes(c)]
    surrogates = [c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cs"]
    assert refused == surrogates == list(range(0xD800, 0xE000))


@given(UTF8_CHARACTERS)
def test_every_character_drawn_encodes(character):
    assert chr(ord(character)).encode("utf-8").decode("utf-8") == character
