"""What a header means, from its words in English, French, German, Spanish and Portuguese.

Real exports name their columns "Post Unique Reference", "Reports to Senior Post", "Line Manager
ID" or "Código da unidade superior"; no list of exact names covers them. Each header is cut into
words (accents dropped, camelCase split) and scored per field by the words it holds; the column's
values are a second signal (see columns.py). Each score carries its reasons, for the preview.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

# Words that make a column an identifier.
_ID_WORDS: Final = frozenset(
    [
        "id",
        "ids",
        "ref",
        "reference",
        "code",
        "codes",
        "number",
        "no",
        "nr",
        "num",
        "key",
        "identifier",
        "uid",
        "uuid",
        "matricule",
        "identifiant",
        "numero",
        "nummer",
        "kennung",
        "kennziffer",
        "schlussel",
        "schluessel",
        "codigo",
        "cod",
        "identificador",
        "clave",
        "referencia",
        "chave",
        "referencia",
        "matricula",
    ]
)
_UNIQUE_WORDS: Final = frozenset(
    ["unique", "unico", "unica", "eindeutig", "eindeutige", "unicidade"]
)
# Words that say the column points at another row: the parent, the manager, the superior.
_PARENT_WORDS: Final = frozenset(
    [
        "parent",
        "parents",
        "superior",
        "superieur",
        "superieure",
        "supervisor",
        "boss",
        "manager",
        "managers",
        "mother",
        "upper",
        "reporting",
        "rattachement",
        "rattache",
        "hierarchique",
        "responsable",
        "chef",
        "vorgesetzter",
        "vorgesetzte",
        "vorgesetzten",
        "ubergeordnet",
        "ubergeordnete",
        "ubergeordneten",
        "uebergeordnet",
        "uebergeordnete",
        "eltern",
        "padre",
        "madre",
        "jefe",
        "jefa",
        "pai",
        "mae",
        "chefe",
        "gestor",
        "gerente",
        "depende",
        "reporta",
        "subordinado",
        "encarregado",
        "lead",
    ]
)
_PARENT_PHRASES: Final = (
    ("reports", "to"),
    ("report", "to"),
    ("reporting", "to"),
    ("reports", "into"),
    ("line", "manager"),
    ("rend", "compte"),
    ("berichtet", "an"),
    ("depende", "de"),
    ("subordinado", "a"),
)
# German writes compounds: "Vorgesetztennummer", "Oberorganisation".
_PARENT_STEMS: Final = ("vorgesetzt", "ubergeordnet", "uebergeordnet", "oberorganisation")
_ID_STEMS: Final = ("nummer", "kennung", "schlussel")
_NAME_WORDS: Final = frozenset(
    [
        "name",
        "names",
        "nom",
        "nombre",
        "nome",
        "bezeichnung",
        "benennung",
        "libelle",
        "intitule",
        "designation",
        "denominacion",
        "denominacao",
        "label",
        "titel",
        "title",
        "titre",
        "titulo",
    ]
)
# Words of a post's or job's title, as opposed to a unit's or a person's name.
_TITLE_WORDS: Final = frozenset(
    [
        "position",
        "post",
        "poste",
        "job",
        "role",
        "cargo",
        "puesto",
        "funcao",
        "fonction",
        "stelle",
        "posicion",
        "posto",
        "stellenbezeichnung",
        "jobtitle",
    ]
)
# "Number of Posts", "Nombre de postes": a count, never an identifier.
_COUNT_PHRASES: Final = (
    ("number", "of"),
    ("nombre", "de"),
    ("numero", "de", "puestos"),
    ("numero", "de", "postos"),
    ("anzahl",),
    ("cantidad",),
    ("quantidade",),
    ("headcount",),
    ("fte",),
)
_DEPARTMENT_WORDS: Final = frozenset(
    [
        "department",
        "dept",
        "departement",
        "departamento",
        "abteilung",
        "division",
        "team",
        "service",
        "servicio",
        "servico",
        "direction",
        "direccion",
        "diretoria",
        "unit",
        "unite",
        "unidad",
        "unidade",
        "organisation",
        "organization",
        "organizacion",
        "organizacao",
    ]
)


@dataclass(frozen=True, slots=True)
class Meaning:
    """How strongly a header's words say it holds a field, and why, in words."""

    score: float
    reasons: tuple[str, ...]


NOTHING: Final = Meaning(0.0, ())


def header_words(name: str) -> tuple[str, ...]:
    """`Código da Unidade Superior` -> ("codigo", "da", "unidade", "superior")."""
    split_camel = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return tuple(word for word in re.split(r"[\W_]+", plain(split_camel)) if word)


def plain(text: str) -> str:
    """Case and accents dropped: `Ministério` -> `ministerio`, `Straße` -> `strasse`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _has_phrase(words: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]) -> str:
    for phrase in phrases:
        for start in range(len(words) - len(phrase) + 1):
            if words[start : start + len(phrase)] == phrase:
                return " ".join(phrase)
    return ""


def _stem(words: tuple[str, ...], stems: tuple[str, ...]) -> str:
    return next((word for word in words if len(word) > 6 and any(s in word for s in stems)), "")


def parent_meaning(words: tuple[str, ...]) -> Meaning:
    phrase = _has_phrase(words, _PARENT_PHRASES)
    if phrase:
        return Meaning(4.0, (f"its header says '{phrase}'",))
    found = [word for word in words if word in _PARENT_WORDS] or [_stem(words, _PARENT_STEMS)]
    if not found[0]:
        return NOTHING
    bonus = 0.5 if any(word in _ID_WORDS for word in words) else 0.0
    return Meaning(3.0 + bonus, (f"its header says '{found[0]}'",))


def code_meaning(words: tuple[str, ...]) -> Meaning:
    """An id, not the parent's id and not a count."""
    if parent_meaning(words).score or _has_phrase(words, _COUNT_PHRASES):
        return NOTHING
    found = next((word for word in words if word in _ID_WORDS), "") or _stem(words, _ID_STEMS)
    if not found:
        return NOTHING
    reasons = [f"its header says '{found}'"]
    unique = next((word for word in words if word in _UNIQUE_WORDS), "")
    if unique:
        reasons.append(f"and '{unique}'")
    # "id" alone, or "unit id", beats "contact phone number": fewer other words, more likely.
    score = 3.0 + (1.0 if unique else 0.0) - 0.1 * (len(words) - 1)
    return Meaning(score, tuple(reasons))


def name_meaning(words: tuple[str, ...]) -> Meaning:
    """A unit's name, or a post's title (scored a little lower: see `is_title`)."""
    if parent_meaning(words).score or code_meaning(words).score:
        return NOTHING
    found = next((word for word in words if word in _NAME_WORDS), "")
    if found:
        return Meaning(3.0 - 0.1 * (len(words) - 1), (f"its header says '{found}'",))
    title = next((word for word in words if word in _TITLE_WORDS), "")
    if title and len(words) <= 2:
        return Meaning(2.0, (f"its header says '{title}'",))
    return NOTHING


def is_title(words: tuple[str, ...]) -> bool:
    """A job or post title ("Job Title", "positionName", "Intitulé du poste", "Cargo")."""
    return any(word in _TITLE_WORDS for word in words) or (
        "title" in words and "org" not in words and "unit" not in words
    )


def is_department(words: tuple[str, ...]) -> bool:
    return any(word in _DEPARTMENT_WORDS for word in words)


def is_count(words: tuple[str, ...]) -> bool:
    return bool(_has_phrase(words, _COUNT_PHRASES))
