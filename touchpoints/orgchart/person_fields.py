"""A people file's fields for the directory: last name, e-mail, job title and grade."""

from collections.abc import Callable, Iterable
from typing import Final

from .values import email_share

# A people file's fields for the directory only: matched by usual headers alone, after every
# other field, so they never take a column another field would have taken.
PERSON_ALIASES: Final = {
    "last_name": "last_name lastname surname family_name nom_de_famille nachname apellido "
    "apellidos sobrenome",
    "email": "email e_mail email_address e_mail_address mail work_email business_email "
    "email_id courriel correo_electronico",
    "title": "job_title title position position_name position_title job job_name role "
    "designation job_description",
    "grade": "grade pay_grade grade_level job_grade salary_grade band pay_band job_level",
}


EMAIL_SHARE: Final = 0.8


def email_column(
    columns: Iterable[str], values: Callable[[str], list[str]], taken: set[str]
) -> tuple[str, str] | None:
    """The first free column whose values are mostly e-mail addresses, whatever its header,
    and why."""
    for column in columns:
        share = email_share(values(column)) if column not in taken else 0.0
        if share >= EMAIL_SHARE:
            return column, f"{share:.0%} of its values are e-mail addresses"
    return None
