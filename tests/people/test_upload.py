"""The people upload: checked row by row (nothing kept on any error), kept by its task."""

from datetime import timedelta
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from convergence.models import AuditEntry
from tests.conftest import Org, People, client_for, htmx_client_for
from touchpoints.importing import create_job
from touchpoints.models import PeopleUpload, PeopleUploadStatus, Person, PersonSource
from touchpoints.people.tasks import keep_uploaded_people, sweep_stuck_people_uploads
from touchpoints.people.upload import check_upload
from touchpoints.people.uploads import store_people_upload

pytestmark = pytest.mark.django_db

UNITS = {"S", "F", "A", "I", "G", "IT"}
GOOD = (
    "E-mail address;Full name;Unit code;Job title;Grade\n"
    "Ann@Acme.example;Ann Lee;S;Head of Sales;M2\n"
    "bob@acme.example;Bob Stone;A;Developer;\n"
)


def url(name: str, *args: int) -> str:
    return reverse(name, args=["acme", *args])


def errors(text: str, name: str = "people.csv") -> list[tuple[int | None, str]]:
    checked = check_upload(text.encode("utf-8"), name, UNITS)
    assert checked.refusal
    return [(p.row, p.message) for p in checked.errors] or [(None, checked.fatal)]


def test_headers_are_matched_by_their_usual_names_and_emails_lower_cased() -> None:
    checked = check_upload(GOOD.encode(), "people.csv", UNITS)
    assert checked.refusal == "" and checked.rows == 2
    ann, bob = checked.people
    assert (ann.email, ann.name, ann.department, ann.title, ann.grade) == (
        "ann@acme.example",
        "Ann Lee",
        "S",
        "Head of Sales",
        "M2",
    )
    assert (bob.row, bob.title, bob.grade) == (3, "Developer", "")


def test_an_xlsx_in_latin_names_reads_the_same() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["email", "name", "unit"], ["zoe@acme.example", "Zoë Ångström", "F"]):
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    (zoe,) = check_upload(buffer.getvalue(), "people.xlsx", UNITS).people
    assert (zoe.name, zoe.department) == ("Zoë Ångström", "F")


def test_a_latin_1_csv_is_decoded() -> None:
    text = "email,name,unit_code\nzoe@acme.example,Zoé Müller,F\n"
    (zoe,) = check_upload(text.encode("latin-1"), "people.csv", UNITS).people
    assert zoe.name == "Zoé Müller"


def test_each_bad_row_is_named_with_its_number() -> None:
    text = (
        "email,name,unit\n"
        "ann@acme.example,Ann,S\n"
        "not-an-address,Bob,S\n"
        "cy@acme.example,Cy,NOPE\n"
        "ANN@acme.example,Ann again,F\n"
        "di@acme.example,,s\n"
        ",Eve,\n"
    )
    assert errors(text) == [
        (3, "'not-an-address' is not an e-mail address."),
        (4, "No unit of the org chart has the code 'NOPE' (codes are exact)."),
        (5, "The e-mail address ann@acme.example is already on row 2."),
        (6, "The row has no name."),
        (6, "No unit of the org chart has the code 's' (codes are exact)."),
        (7, "The row has no e-mail address."),
        (7, "The row has no unit code."),
    ]


def test_missing_columns_and_unreadable_files_say_what_is_wrong() -> None:
    assert errors("mail,name\nann@x.example,Ann\n") == [
        (None, "No column holds the unit code (the file's columns are 'mail', 'name'). "
         "Name them e-mail, name and unit code."),
    ]  # fmt: skip
    assert "cannot be read" in errors("", "people.csv")[0][1]
    assert errors("email,name,unit\n") == [
        (None, "The file has column names but no rows of people.")
    ]


def store(org: Org, text: str, people: People) -> PeopleUpload:
    return store_people_upload(org.workspace, text.encode(), "p.csv", people.admin)


def test_the_task_keeps_the_people_once_and_audits(org: Org, people: People) -> None:
    upload = store(org, GOOD, people)
    assert keep_uploaded_people(upload.pk) == "done"
    assert keep_uploaded_people(upload.pk) == "not queued"
    upload.refresh_from_db()
    assert upload.status == PeopleUploadStatus.DONE and upload.counts == {
        "rows": 2,
        "people added": 2,
        "people updated": 0,
    }
    ann = Person.objects.get(email="ann@acme.example")
    assert (ann.unit, ann.source, ann.title) == (org.sales, PersonSource.UPLOAD, "Head of Sales")
    entry = AuditEntry.objects.get(action="people.uploaded")
    assert entry.after == upload.counts and "Ann" not in str(entry.after)


def test_a_second_upload_updates_and_duplicates_nobody(org: Org, people: People) -> None:
    keep_uploaded_people(store(org, GOOD, people).pk)
    again = store(org, GOOD.replace("Developer", "Lead developer"), people)
    keep_uploaded_people(again.pk)
    again.refresh_from_db()
    assert again.counts["people updated"] == 1 and Person.objects.count() == 2
    assert Person.objects.get(email="bob@acme.example").title == "Lead developer"


def test_a_failed_upload_changes_nothing_and_lists_its_rows(org: Org, people: People) -> None:
    upload = store(org, GOOD + "carl@acme.example;Carl;ZZ;;\n", people)
    assert keep_uploaded_people(upload.pk) == "failed"
    upload.refresh_from_db()
    assert upload.status == PeopleUploadStatus.FAILED and "nothing was kept" in upload.error
    assert upload.problems == [
        {
            "row": 4,
            "severity": "error",
            "message": "No unit of the org chart has the code 'ZZ' (codes are exact).",
        }
    ]
    assert not Person.objects.exists() and not AuditEntry.objects.exists()


def test_an_admin_uploads_and_sees_the_summary(org: Org, people: People) -> None:
    client = client_for(people.admin)
    file = SimpleUploadedFile("people.csv", GOOD.encode())
    response = client.post(url("people_upload"), {"file": file})
    upload = PeopleUpload.objects.get()
    assert response["Location"] == url("people_upload_detail", upload.pk)
    keep_uploaded_people(upload.pk)  # the worker (queued on commit, which tests never reach)
    page = client.get(response["Location"]).content.decode()
    assert "Done" in page and "people added" in page
    assert Person.objects.filter(workspace=org.workspace).count() == 2


def test_the_detail_page_polls_while_queued_and_its_fragment_is_the_outcome(
    org: Org, people: People
) -> None:
    upload = store(org, GOOD, people)
    response = htmx_client_for(people.admin).get(url("people_upload_detail", upload.pk))
    assert b"<html" not in response.content and b'hx-trigger="every 1s"' in response.content


def test_an_oversized_file_is_refused_with_the_limit(
    org: Org, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("touchpoints.forms.imports.MAX_UPLOAD_BYTES", 10)
    file = SimpleUploadedFile("people.csv", GOOD.encode())
    response = client_for(people.admin).post(url("people_upload"), {"file": file})
    assert response.status_code == 200 and b"the limit is" in response.content
    assert not PeopleUpload.objects.exists()


def test_a_failed_run_can_be_retried(org: Org, people: People) -> None:
    upload = store(org, GOOD, people)
    PeopleUpload.objects.filter(pk=upload.pk).update(status="failed", error="worker gone")
    client_for(people.admin).post(url("people_upload_retry", upload.pk))
    upload.refresh_from_db()
    assert upload.status == PeopleUploadStatus.QUEUED and upload.error == ""


def test_only_admins_upload(org: Org, people: People) -> None:
    upload = store(org, GOOD, people)
    assert client_for(people.facilitator).get(url("people_upload")).status_code == 403
    assert (
        client_for(people.outsider).get(url("people_upload_detail", upload.pk)).status_code == 404
    )


def test_the_import_preview_says_how_many_people_applying_keeps(org: Org, people: People) -> None:
    text = "employee_id,name,manager_id,department_id,email\n1,Ann,,S,ann@acme.example\n2,Bo,1,S,\n"
    job, _ = create_job(org.workspace, text.encode(), "people.csv", people.admin)
    page = client_for(people.admin).get(reverse("import_preview", args=["acme", job.pk]))
    assert (
        b"Applying keeps 2 people" in page.content and b"(1 with an e-mail address)" in page.content
    )


def test_the_sweep_fails_uploads_a_dead_worker_left_or_nobody_took(
    org: Org, people: People
) -> None:
    dead, lost, fresh = (store(org, GOOD, people) for _ in range(3))
    long_ago = timezone.now() - timedelta(hours=2)
    PeopleUpload.objects.filter(pk=dead.pk).update(status="running", heartbeat_at=long_ago)
    PeopleUpload.objects.filter(pk=lost.pk).update(queued_at=long_ago)
    assert sweep_stuck_people_uploads() == 2
    assert sweep_stuck_people_uploads() == 0
    statuses = dict(PeopleUpload.objects.values_list("pk", "status"))
    assert (statuses[dead.pk], statuses[lost.pk], statuses[fresh.pk]) == (
        "failed",
        "failed",
        "queued",
    )
    assert "stopped" in PeopleUpload.objects.get(pk=dead.pk).error
