"""Header names to fields and shapes, and the admin's mapping that always wins."""

import pytest

from touchpoints.orgchart import ParsedChart, parse_orgchart
from touchpoints.orgchart.columns import header_key, name_columns


def parse_csv(text: str, mapping: dict[str, str] | None = None) -> ParsedChart:
    return parse_orgchart(text.encode(), "chart.csv", mapping)


@pytest.mark.parametrize(
    ("header", "key"),
    [("parentId", "parent_id"), ("Parent ID", "parent_id"), ("parent-id", "parent_id"),
     ("  UnitID ", "unit_id"), ("isIT", "is_it"), ("Department_Name", "department_name")],
)  # fmt: skip
def test_header_keys_ignore_case_spacing_and_camel_case(header: str, key: str) -> None:
    assert header_key(header) == key


def test_empty_and_repeated_headers_get_names_and_warnings() -> None:
    columns, problems = name_columns(["id", "", "id", " id ", "id_2"], header_row=1)
    assert columns == ["id", "column_2", "id_2", "id_3", "id_2_2"]
    assert len(problems) == 4


@pytest.mark.parametrize(
    ("header", "mapping"),
    [
        ("id,name,parent_id", {"code": "id", "name": "name", "parent": "parent_id"}),
        ("code,title,parentId", {"code": "code", "name": "title", "parent": "parentId"}),
        ("unit_id,unit_name,parent_code", {"code": "unit_id", "name": "unit_name",
                                           "parent": "parent_code"}),
        ("org_id,department_name,parent", {"code": "org_id", "name": "department_name",
                                           "parent": "parent"}),
        ("Code,Name,Parent Code,Side,City,Type,Criticality",
         {"code": "Code", "name": "Name", "parent": "Parent Code", "side": "Side",
          "location": "City", "kind": "Type", "criticality": "Criticality"}),
    ],
)  # fmt: skip
def test_units_by_parent_columns_are_detected(header: str, mapping: dict[str, str]) -> None:
    chart = parse_csv(header + "\n" + ",".join(["1"] * header.count(",")) + ",x\n")
    assert chart.shape == "units_by_parent"
    assert chart.mapping == mapping


def test_a_department_column_makes_it_people_by_manager_with_parent_id_as_manager() -> None:
    chart = parse_csv("id,parentId,name,department_id,department_name\n1,,Ann,D,Dept\n")
    assert chart.shape == "people_by_manager"
    assert chart.mapping == {
        "code": "id",
        "name": "name",
        "manager": "parentId",
        "department": "department_name",
        "department_code": "department_id",
    }


def test_posts_by_manager_without_a_department_are_units_under_their_manager() -> None:
    chart = parse_csv("position_id,title,reports_to\nP1,Chief,\nP2,Deputy,P1\n")
    assert chart.shape == "units_by_parent"
    assert chart.mapping == {"code": "position_id", "name": "title", "parent": "reports_to"}
    assert [(u.code, u.parent_code) for u in chart.units] == [("P1", None), ("P2", "P1")]


def test_the_explicit_mapping_wins_over_detection() -> None:
    text = "id,name,parent_id,ref,label,boss\n1,A,,X,Ex,\n2,B,1,Y,Why,X\n"
    chart = parse_csv(text, {"code": "ref", "name": "label", "parent": "boss"})
    assert chart.mapping == {"code": "ref", "name": "label", "parent": "boss"}
    assert [(u.code, u.name, u.parent_code) for u in chart.units] == [
        ("X", "Ex", None),
        ("Y", "Why", "X"),
    ]


def test_a_mapped_column_is_found_ignoring_case_and_punctuation() -> None:
    chart = parse_csv("Unit Ref,Label\nA,Alpha\n", {"code": "unit-ref", "name": "LABEL"})
    assert chart.mapping == {"code": "Unit Ref", "name": "Label"}


def test_an_empty_column_in_the_mapping_turns_a_field_off() -> None:
    chart = parse_csv("id,name,type\n1,A,Company\n", {"kind": ""})
    assert chart.mapping == {"code": "id", "name": "name"}
    assert chart.units[0].kind is None


def test_a_mapping_to_a_missing_column_is_fatal_and_lists_the_columns() -> None:
    chart = parse_csv("id,name,parent_id\n1,A,\n", {"parent": "Reports To"})
    assert chart.fatal == (
        "The mapping parent=Reports To names a column the file does not have. "
        "Its columns are: 'id', 'name', 'parent_id'."
    )
    assert chart.columns == ["id", "name", "parent_id"]


def test_a_mapping_of_an_unknown_field_is_fatal() -> None:
    chart = parse_csv("id,name\n1,A\n", {"colour": "name"})
    assert chart.fatal is not None
    assert "'colour' is not a field" in chart.fatal


def test_mapping_a_department_by_hand_makes_it_people_by_manager() -> None:
    text = "id,boss,team\n1,,Ops\n2,1,Ops\n3,1,Dev\n"
    chart = parse_csv(text, {"manager": "boss", "department": "team"})
    assert chart.shape == "people_by_manager"
    assert [(u.code, u.parent_code) for u in chart.units] == [("Ops", None), ("Dev", "Ops")]


def test_without_a_name_column_units_are_named_by_id_with_one_warning() -> None:
    chart = parse_csv("id,parent_id\nA,\nB,A\n")
    assert [unit.name for unit in chart.units] == ["A", "B"]
    assert [(p.row, p.severity) for p in chart.problems] == [(None, "warning")]
