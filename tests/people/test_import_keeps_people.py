"""A people-by-manager import keeps its people in the directory; a re-import updates them."""

from pathlib import Path

import pytest
from pytest_django import DjangoAssertNumQueries

from convergence.models import Workspace
from touchpoints.importing import apply_import
from touchpoints.importing.jobs import summary_lines
from touchpoints.models import ImportJob, ImportMode, Person, PersonSource
from touchpoints.orgchart import ParsedPerson, parse_orgchart
from touchpoints.people.erasure import erase_person
from touchpoints.people.keeping import keep_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db: None) -> Workspace:
    """A workspace whose org chart comes from the files of these tests."""
    return Workspace.objects.create(slug="hr", name="HR")


REAL_FILES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "orgcharts"
HEADER = "employee_id,full_name,manager_id,department_id,department_name,job_title,grade,email\n"
PEOPLE = HEADER + (
    "1,Ann Lee,,D1,Executive,Chief Executive Officer,E1,Ann.Lee@Acme.example\n"
    "2,Bob Stone,1,D2,Finance,Head of Finance,M2,bob@acme.example\n"
    "3,Cy Pay,2,D2,Finance,Accountant,P1,cy@acme.example\n"
    "4,Di Net,1,D3,IT,CIO,E1,\n"
)


def apply(org: Workspace, text: str, name: str = "people.csv", **fields: str) -> ImportJob:
    job = ImportJob.objects.create(workspace=org, data=text.encode(), filename=name, **fields)
    plan = apply_import(job)
    job.counts = plan.counts()
    return job


def directory(org: Workspace) -> dict[str, tuple[str, str, str, str, str]]:
    return {
        p.external_id: (p.name, p.email, p.unit.code if p.unit else "", p.title, p.grade)
        for p in Person.objects.filter(workspace=org)
    }


def test_the_columns_are_detected_and_e_mails_lower_cased() -> None:
    chart = parse_orgchart(PEOPLE.encode(), "people.csv")
    assert {chart.mapping[f] for f in ("email", "title", "grade")} == {
        "email",
        "job_title",
        "grade",
    }
    assert chart.people[0].email == "ann.lee@acme.example" and chart.people[3].email == ""


def test_an_e_mail_column_is_found_by_its_values() -> None:
    text = "id,name,manager_id,department,contact\n1,Ann,,Ops,ann@x.example\n2,Bo,1,Ops,bo@x.io\n"
    chart = parse_orgchart(text.encode(), "people.csv")
    assert chart.mapping["email"] == "contact" and "e-mail addresses" in chart.reasons["email"]


def test_an_import_keeps_each_person_with_their_department(org: Workspace) -> None:
    job = apply(org, PEOPLE)
    assert directory(org) == {
        "1": ("Ann Lee", "ann.lee@acme.example", "D1", "Chief Executive Officer", "E1"),
        "2": ("Bob Stone", "bob@acme.example", "D2", "Head of Finance", "M2"),
        "3": ("Cy Pay", "cy@acme.example", "D2", "Accountant", "P1"),
        "4": ("Di Net", "", "D3", "CIO", "E1"),
    }
    assert job.counts["people added"] == 4
    assert set(Person.objects.values_list("source", flat=True)) == {PersonSource.ORGCHART}


def test_a_reimport_updates_by_email_or_id_and_duplicates_nobody(org: Workspace) -> None:
    apply(org, PEOPLE)
    changed = (
        PEOPLE.replace("Accountant", "Senior accountant")
        .replace("1,Ann Lee,,D1", "A1,Ann Lee,,D1")
        .replace("4,Di Net,1,D3,IT,CIO,E1,", "4,Di Net,1,D3,IT,CIO,E1,DI@acme.example")
    )
    job = apply(org, changed)
    people = directory(org)
    assert len(people) == 4 and Person.objects.count() == 4
    assert people["A1"][1] == "ann.lee@acme.example"  # matched by e-mail, new id taken
    assert people["3"][3] == "Senior accountant" and people["4"][1] == "di@acme.example"
    assert (job.counts["people added"], job.counts["people updated"]) == (0, 3)
    assert apply(org, changed).counts["people updated"] == 0


def test_people_gone_from_the_file_stay_and_blanks_keep_what_is_stored(org: Workspace) -> None:
    apply(org, PEOPLE)
    fewer = HEADER + "1,Ann Lee,,D1,Executive,,,\n"
    apply(org, fewer, mode=ImportMode.ADD_UPDATE)
    people = directory(org)
    assert len(people) == 4 and people["1"][1:] == (
        "ann.lee@acme.example",
        "D1",
        "Chief Executive Officer",
        "E1",
    )


def test_an_address_given_twice_stays_with_the_first_row(org: Workspace) -> None:
    twice = PEOPLE.replace("cy@acme.example", "BOB@acme.example")
    chart = parse_orgchart(twice.encode(), "people.csv")
    assert [(p.row, p.message) for p in chart.problems] == [
        (4, "Person '3' has the e-mail address of row 3; they are kept without it.")
    ]
    apply(org, twice)
    assert directory(org)["3"][1] == ""


def test_an_erased_person_listed_again_comes_back_as_a_new_person(org: Workspace) -> None:
    apply(org, PEOPLE)
    ann = Person.objects.get(workspace=org, external_id="1")
    erase_person(ann, None)
    apply(org, PEOPLE)
    assert Person.objects.filter(workspace=org).count() == 5
    ann.refresh_from_db()
    assert ann.is_erased and ann.name == ""


def test_a_units_file_keeps_nobody(org: Workspace) -> None:
    apply(org, "code,name,parent\nG,Group,\nS,Sales,G\n")
    assert not Person.objects.filter(workspace=org).exists()


def test_keeping_people_costs_the_same_queries_for_any_number(
    org: Workspace, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    many = HEADER + "".join(f"{i},P {i},,D1,Ops,Clerk,,p{i}@x.example\n" for i in range(1, 3001))
    people = parse_orgchart(many.encode(), "people.csv").people
    # Two reads; the INSERT and UPDATE batches go through psycopg2's execute_values on the raw
    # cursor, which Django does not count: their number is len / BATCH, never one a row.
    with django_assert_num_queries(2):
        first = keep_people(org.pk, people[:2500], PersonSource.ORGCHART)
    changed = [p.__class__(p.code, p.name, p.department, p.email, "Boss") for p in people]
    with django_assert_num_queries(2):
        kept = keep_people(org.pk, changed, PersonSource.ORGCHART)
    assert first.added == 2500 and Person.objects.filter(title="Boss").count() == 3000
    assert (kept.added, kept.updated) == (500, 2500)


def test_the_command_line_summary_counts_the_people(org: Workspace) -> None:
    from touchpoints.importing import plan_import

    plan = plan_import(org.pk, parse_orgchart(PEOPLE.encode(), "people.csv"))
    assert "4 people for the directory, 3 with an e-mail" in summary_lines(plan)


def test_the_oracle_hr_sample_keeps_its_people_with_their_titles(org: Workspace) -> None:
    path = REAL_FILES / "d3-org-chart-sample-oracle-hr.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent (a clone outside the workplace)")
    chart = parse_orgchart(path.read_bytes(), path.name)
    assert chart.mapping["title"] == "position" and chart.mapping["last_name"] == "lastName"
    apply(org, path.read_text(), path.name)
    people = Person.objects.filter(workspace=org)
    # 107 employees, one (178) without a department is left out, as the warning says. The
    # email column holds Oracle's user names (SKING), not addresses, so nobody has an e-mail.
    assert people.count() == 106 and not people.exclude(email="").exists()
    king = people.get(external_id="100")
    assert (king.name, king.title, king.unit.name if king.unit else "") == (
        "Steven King",
        "Chief Operating Officer",
        "Executive",
    )


def test_quotes_commas_backslashes_and_blanks_are_stored_as_written(org: Workspace) -> None:
    odd = ParsedPerson('7"', 'Ann "Nan" O\'Lee, Jr \\ II', "NOPE", "", "Head,\tof\nX", "", 2)
    keep_people(org.pk, [odd], PersonSource.UPLOAD)
    stored = Person.objects.get(workspace=org)
    assert (stored.external_id, stored.name, stored.title) == (odd.code, odd.name, odd.title)
    assert (stored.email, stored.grade, stored.unit_id) == ("", "", None)


def test_new_people_are_written_in_e_mail_order(org: Workspace) -> None:
    # The unique (workspace, e-mail) index then takes each address after the one before it;
    # the file lists them otherwise (Di, without one, last).
    apply(org, PEOPLE)
    people = Person.objects.filter(workspace=org).order_by("pk")
    assert list(people.values_list("email", flat=True)) == [
        "",
        "ann.lee@acme.example",
        "bob@acme.example",
        "cy@acme.example",
    ]
