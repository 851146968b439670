"""Short edition codes: five characters a detainee copies from a flyer and a worker types back in.

A paper slip comes back with a tick next to an activity and, printed beside it, the edition's
code. Typing that code on the registrations entry page opens the edition's application form at
once, so nobody has to search the catalogue for the right edition while a pile of slips waits.

The code is the edition's primary key in Crockford's base 32 (digits and capitals without I, L,
O and U, so nothing reads as something else), padded to four characters, followed by one check
character (the Luhn mod N algorithm over the same alphabet: it catches every single wrong
character and almost every swap of two neighbours). Reading is lenient as Crockford intends:
lower case, spaces and dashes are ignored, and O, I and L are read as 0, 1 and 1. Up to about a
million editions the code has five characters, then six.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)
DATA_LENGTH = 4
_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
# What a hand or an eye turns these into (Crockford): read as the symbol they look like.
_LOOKALIKES = {"O": "0", "I": "1", "L": "1"}
_IGNORED = " -\u2010\u2011\u2012\u2013\u2014\t"


def _check_character(data: str) -> str:
    """Luhn mod 32: double every second value from the right, fold the result back into the base."""
    total = 0
    factor = 2
    for symbol in reversed(data):
        addend = factor * _VALUES[symbol]
        total += addend // BASE + addend % BASE
        factor = 1 if factor == 2 else 2
    return ALPHABET[(BASE - total % BASE) % BASE]


def edition_code(pk: int) -> str:
    """The printed code of the edition ``pk`` (e.g. ``00AB7``)."""
    if pk < 1:
        raise ValueError("An edition code needs a positive primary key.")
    digits = ""
    value = pk
    while value:
        value, remainder = divmod(value, BASE)
        digits = ALPHABET[remainder] + digits
    data = digits.rjust(DATA_LENGTH, "0")
    return data + _check_character(data)


def normalise_code(text: str) -> str:
    """The code as typed, in upper case, without spaces and dashes, look-alike letters read as digits."""
    kept = "".join(symbol for symbol in text.strip().upper() if symbol not in _IGNORED)
    return "".join(_LOOKALIKES.get(symbol, symbol) for symbol in kept)


def looks_like_code(text: str) -> bool:
    """Whether ``text`` has a code's shape (its length, its alphabet, a digit), right or wrong.

    Names have no digits and prison numbers have no letters of this shape's length, so a search
    that looks like a code and matches nothing can be answered "this code is wrong".
    """
    code = normalise_code(text)
    return (
        DATA_LENGTH + 1 <= len(code) <= DATA_LENGTH + 2
        and all(symbol in _VALUES for symbol in code)
        and any(symbol.isdigit() for symbol in text)  # as typed: an O in a name is no zero
    )


def edition_pk_from_code(text: str) -> int | None:
    """The edition primary key that ``text`` is the code of, or None (wrong shape, wrong check character)."""
    code = normalise_code(text)
    if not DATA_LENGTH + 1 <= len(code) <= DATA_LENGTH + 2 or any(symbol not in _VALUES for symbol in code):
        return None
    data, check = code[:-1], code[-1]
    if _check_character(data) != check:
        return None
    pk = 0
    for symbol in data:
        pk = pk * BASE + _VALUES[symbol]
    if pk < 1 or edition_code(pk) != code:  # e.g. a six-character code padded with a zero it never has
        return None
    return pk
