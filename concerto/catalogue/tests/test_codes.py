"""Edition codes copied by hand from a flyer: short, unambiguous, checked."""

from __future__ import annotations

import pytest

from concerto.catalogue.codes import ALPHABET, edition_code, edition_pk_from_code, looks_like_code


@pytest.mark.parametrize("pk", [1, 7, 31, 32, 1000, 32767, 1_048_575, 1_048_576, 30_000_000])
def test_a_code_reads_back_as_its_edition(pk):
    code = edition_code(pk)
    assert 5 <= len(code) <= 6
    assert set(code) <= set(ALPHABET)
    assert not set(code) & set("ILOU")  # letters that read as digits or words
    assert edition_pk_from_code(code) == pk


def test_case_spaces_dashes_and_look_alike_letters_are_forgiven():
    code = edition_code(1)  # 0001Y
    assert code == "0001Y"
    assert edition_pk_from_code(" 00-01 y ") == 1
    assert edition_pk_from_code("ooo1y") == 1  # O typed for zero
    assert edition_pk_from_code("000Iy") == 1
    assert edition_pk_from_code("000ly") == 1


def test_every_single_wrong_character_is_refused():
    for pk in range(1, 400):
        code = edition_code(pk)
        for position in range(len(code)):
            for symbol in ALPHABET:
                if symbol != code[position]:
                    assert edition_pk_from_code(code[:position] + symbol + code[position + 1 :]) is None


def test_text_that_is_no_code_gives_none():
    for text in ("", "abc", "Marco", "0001", "0001Y0001Y", "0001U", "0001*"):
        assert edition_pk_from_code(text) is None


def test_names_do_not_look_like_codes_and_typos_of_codes_do():
    assert not looks_like_code("Marco")
    assert not looks_like_code("Ahmed")
    assert looks_like_code("0001Z")
    assert looks_like_code("00-01z")
