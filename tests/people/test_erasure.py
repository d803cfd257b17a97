"""Erasing a person: name, e-mail and external id gone, the row and its counts kept, audited."""

import pytest
from django.urls import reverse

from convergence.models import AuditEntry
from tests.conftest import Org, People, client_for
from touchpoints.models import (
    ImportJob,
    ImportStatus,
    PeopleUpload,
    PeopleUploadStatus,
    Person,
    PersonSource,
)
from touchpoints.people.erasure import erase_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(org: Org) -> Person:
    return Person.objects.create(
        workspace=org.workspace,
        unit=org.finance,
        external_id="E042",
        name="Ann Lee",
        email="ann@acme.example",
        title="Head of Finance",
        grade="M2",
        source=PersonSource.ORGCHART,
    )


def erase_url(person: Person) -> str:
    return reverse("person_erase", args=["acme", person.pk])


def test_erasing_blanks_the_personal_data_and_keeps_the_row(
    org: Org, people: People, ann: Person
) -> None:
    erase_person(ann, people.admin)
    assert (ann.name, ann.email, ann.external_id) == ("", "", "")
    assert ann.erased_at is not None and ann.unit == org.finance and ann.title == "Head of Finance"
    assert Person.objects.filter(workspace=org.workspace).count() == 1


def test_the_audit_entry_names_only_the_pk(people: People, ann: Person) -> None:
    erase_person(ann, people.admin)
    entry = AuditEntry.objects.get(action="person.erased")
    assert entry.before == {"person": ann.pk} and entry.after == {"person": ann.pk, "erased": True}
    text = f"{entry.target} {entry.before} {entry.after}"
    assert "Ann" not in text and "ann@" not in text and "E042" not in text


def test_erasing_twice_writes_one_entry(people: People, ann: Person) -> None:
    erase_person(ann, people.admin)
    erase_person(ann, people.admin)
    assert AuditEntry.objects.filter(action="person.erased").count() == 1


def test_an_admin_confirms_then_erases(people: People, ann: Person) -> None:
    client = client_for(people.admin)
    page = client.get(erase_url(ann))
    assert b"cannot be undone" in page.content and b"Ann Lee" in page.content
    response = client.post(erase_url(ann), follow=True)
    assert b"Erased" in response.content and b"Ann Lee" not in response.content
    ann.refresh_from_db()
    assert ann.is_erased


def test_an_erased_person_cannot_be_erased_again_by_url(people: People, ann: Person) -> None:
    erase_person(ann, people.admin)
    assert client_for(people.admin).post(erase_url(ann)).status_code == 404


def test_a_facilitator_cannot_erase(people: People, ann: Person) -> None:
    assert client_for(people.facilitator).post(erase_url(ann)).status_code == 403
    ann.refresh_from_db()
    assert not ann.is_erased


def test_the_email_is_free_again_after_erasure(org: Org, people: People, ann: Person) -> None:
    erase_person(ann, people.admin)
    again = Person.objects.create(
        workspace=org.workspace, email="ann@acme.example", source=PersonSource.UPLOAD
    )
    assert again.pk != ann.pk


def test_erasing_drops_the_files_of_finished_jobs_that_named_them(
    org: Org, people: People, ann: Person
) -> None:
    done = PeopleUpload.objects.create(
        workspace=org.workspace,
        data=b"email,name,unit\nann@acme.example,Ann Lee,F\n",
        filename="p.csv",
        status=PeopleUploadStatus.DONE,
        problems=[{"row": 2, "severity": "warning", "message": "ann@acme.example twice"}],
    )
    waiting = PeopleUpload.objects.create(
        workspace=org.workspace, data=b"email,name,unit\n", filename="q.csv"
    )
    applied = ImportJob.objects.create(
        workspace=org.workspace,
        data=b"id,name\nE042,Ann Lee\n",
        filename="chart.csv",
        status=ImportStatus.APPLIED,
        preview={"units": 1, "samples": {"name": ["Ann Lee"]}},
        problems=[
            {"row": 2, "severity": "warning", "message": "Person 'E042' (Ann) has no department"},
            {"row": 3, "severity": "warning", "message": "Person 'E043' (Bo) has no department"},
        ],
    )
    erase_person(ann, people.admin)
    done.refresh_from_db()
    applied.refresh_from_db()
    waiting.refresh_from_db()
    assert bytes(done.data) == b"" and done.problems == []
    assert bytes(applied.data) == b"" and applied.preview == {"units": 1, "samples": {}}
    assert [p["row"] for p in applied.problems] == [3]
    assert bytes(waiting.data) == b"email,name,unit\n"
