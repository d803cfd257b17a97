"""The people of an event: e-mail addresses from ATTENDEE/ORGANIZER values or Outlook's names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Final

_EMAIL: Final = re.compile(r"[^@\s<>\"',;:]+@[^@\s<>\"',;:]+\.[^@\s<>\"',;:]+")
_ANGLED: Final = re.compile(r"<([^<>]+)>")
_MAILTO: Final = re.compile(r"^\s*mailto:", re.IGNORECASE)
# Attendees that are not people: rooms, projectors, shared equipment (RFC 5545 CUTYPE).
NOT_PEOPLE: Final = frozenset({"RESOURCE", "ROOM"})


def name_key(name: str) -> str:
    """How a display name is looked up in `names`: case, accents' forms and spaces ignored.

    Build the `names` mapping given to the reader with this function on its keys.
    """
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def email_of(text: str) -> str | None:
    """The lower-cased e-mail in `text` ("mailto:Ann@X.com", "Ann Lee <ann@x.com>"), or None."""
    text = _MAILTO.sub("", text).strip()
    angled = _ANGLED.search(text)
    if angled:
        text = _MAILTO.sub("", angled.group(1)).strip()
    return text.lower() if _EMAIL.fullmatch(text) else None


def resolve(text: str, names: Mapping[str, str]) -> str | None:
    """An e-mail for an attendee written as an e-mail or as a display name known to `names`."""
    return email_of(text) or names.get(name_key(text))
