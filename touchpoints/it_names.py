"""Units whose names say they are IT: suggestions an admin confirms, never applied silently."""

import re
from typing import Final

# Acronyms count in capitals only ("IT", not "it"); words in any case. English, French, German,
# Spanish, Portuguese, Italian.
_ACRONYMS: Final = re.compile(r"\b(?:IT|I\.T\.|ICT|CIO|CTO|DSI|DSIN|TI|TIC|DTI|IS|IM|SI)\b")
_WORDS: Final = re.compile(
    r"\b(?:information\s+(?:technology|technologies|systems|services|management)"
    r"|information\s+and\s+communications?\s+technolog\w*|digital\w*|technolog\w*"
    r"|informati\w*|inform[aá]tic\w*|sistemas?|syst[eè]mes?\s+d.information|it[- ]services?"
    r"|tecnolog\w*|technologie\w*|datacenter|data\s+centre|data\s+center|infrastructure\s+it"
    r"|service\s+desk|helpdesk|help\s+desk|cyber\w*|software|devops)\b",
    re.IGNORECASE,
)


def it_reason(name: str) -> str:
    """The word of `name` that makes it look like an IT unit, or '' when none does."""
    found = _ACRONYMS.search(name) or _WORDS.search(name)
    return found.group(0) if found else ""
