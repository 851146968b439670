"""The French and Dutch catalogues translate every message, keep its placeholders and hold no
fuzzy guesses: an untranslated message would show English to a French or Dutch reader.

(`make makemessages` brings new messages into the catalogues; this test then lists those
still untranslated.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstrs: list[str] = field(default_factory=list)
    fuzzy: bool = False
    line: int = 0


def _unquote(text: str) -> str:
    return text.strip()[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (enough of the format for our catalogues: no obsolete entries)."""
    entries: list[Entry] = []
    current = Entry()
    target: str | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            if current.line:
                entries.append(current)
            current, target = Entry(), None
            continue
        if line.startswith("#,") and "fuzzy" in line:
            current.fuzzy = True
        elif line.startswith("msgid_plural "):
            current.msgid_plural, target = _unquote(line[13:]), "msgid_plural"
        elif line.startswith("msgid "):
            current.msgid, current.line, target = _unquote(line[6:]), number, "msgid"
        elif line.startswith("msgstr"):
            current.msgstrs.append(_unquote(line.split(" ", 1)[1]))
            target = "msgstr"
        elif line.startswith('"') and target:
            if target == "msgstr":
                current.msgstrs[-1] += _unquote(line)
            else:
                setattr(current, target, getattr(current, target) + _unquote(line))
    if current.line:
        entries.append(current)
    return [entry for entry in entries if entry.msgid]  # the header has an empty msgid


def _names(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_message_is_translated_without_fuzzy_guesses(language: str) -> None:
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 500, "the catalogue looks truncated"
    missing = [f"line {e.line}: {e.msgid!r}" for e in entries if e.fuzzy or not all(e.msgstrs)]
    assert not missing, f"{len(missing)} untranslated or fuzzy in {language}:\n" + "\n".join(missing[:40])


def test_the_arabic_paper_form_wording_is_complete() -> None:
    """concerto/locale/ar holds only the paper forms' fixed words (the interface has no Arabic)."""
    entries = parse_po(LOCALE / "ar" / "LC_MESSAGES" / "django.po")
    assert {"Form number", "Tick one box.", "Write your answer on the lines."} <= {e.msgid for e in entries}
    assert all(e.msgstrs and all(e.msgstrs) and not e.fuzzy for e in entries)
    assert all(len(e.msgstrs) == 6 for e in entries if e.msgid_plural)  # Arabic has six plural forms


@pytest.mark.parametrize("language", ["fr", "nl", "en", "ar"])
def test_translations_keep_the_placeholders_of_their_message(language: str) -> None:
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    wrong = [
        f"line {e.line}: {e.msgid!r}"
        for e in entries
        for text in e.msgstrs
        if text and _names(text) != _names(e.msgid_plural or e.msgid) and _names(text) != _names(e.msgid)
    ]
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong[:40])
