"""Which column the import takes for each field, and the reason the preview gives for it: the
edges of the column detection (ids unique or not, parents that are ids of the file or text,
names that are numbers, headers read by their words), each seen as the admin sees it: the
column taken, its reason, the columns offered instead."""

from touchpoints.orgchart import ParsedChart, parse_orgchart


def parse_csv(text: str, mapping: dict[str, str] | None = None) -> ParsedChart:
    return parse_orgchart(text.encode(), "chart.csv", mapping)


def test_a_department_id_in_a_units_file_feeds_no_other_field() -> None:
    # "Team Ref" reads as a department's id; a units file has no such field, and its words
    # must not make it the unit's type, side, location or criticality.
    rows = "".join(f"U{i},Unit {i},U1,T{i}\n" for i in range(1, 5))
    chart = parse_csv("code,name,parent,Team Ref\n" + rows)
    assert chart.shape == "units_by_parent"
    assert chart.mapping == {"code": "code", "name": "name", "parent": "parent"}


def test_a_parent_mapped_by_hand_keeps_a_people_like_file_a_units_file() -> None:
    # id, manager and department: a people file, unless the admin names a parent column
    text = "id,name,manager,department,up\n1,Ann,,Board,\n2,Bob,1,Tech,1\n"
    assert parse_csv(text).shape == "people_by_manager"
    chart = parse_csv(text, {"parent": "up"})
    assert chart.shape == "units_by_parent"
    assert chart.mapping == {"code": "id", "name": "name", "parent": "up"}
    assert chart.reasons["parent"] == "chosen by hand"
    assert [(unit.code, unit.parent_code) for unit in chart.units] == [("1", None), ("2", "1")]


def test_a_units_file_with_a_parent_column_keeps_it_beside_a_manager_column() -> None:
    chart = parse_csv("Unit ID,Unit Name,Parent Unit ID,Manager\n1,Board,,x\n2,Sales,1,y\n")
    assert chart.mapping["parent"] == "Parent Unit ID"
    assert chart.reasons["parent"] == (
        "'Parent Unit ID' is a usual header for it; 100% of its values are ids of the file"
    )
    assert chart.alternatives["parent"] == ["Manager"]
    assert [unit.parent_code for unit in chart.units] == [None, "1"]


def test_a_units_file_without_a_parent_column_takes_its_manager_column() -> None:
    chart = parse_csv("id,name,manager_id\nA,Alpha,\nB,Beta,A\n")
    assert chart.shape == "units_by_parent"
    assert chart.mapping["parent"] == "manager_id"
    assert [unit.parent_code for unit in chart.units] == [None, "A"]


def test_parents_that_are_no_ids_of_the_file_are_said_so() -> None:
    rows = "".join(f"U{i},Unit {i},X{i}\n" for i in range(1, 11))
    chart = parse_csv("id,name,parent\n" + rows)
    assert chart.reasons["parent"] == (
        "'parent' is a usual header for it; its values are not ids of the file"
    )


def test_parents_written_as_text_are_said_so() -> None:
    rows = "".join(f"U{i},Unit {i},Some Unit {i}\n" for i in range(1, 11))
    chart = parse_csv("id,name,parent\n" + rows)
    assert chart.reasons["parent"] == (
        "'parent' is a usual header for it; its values are not ids of the file; "
        "its values are text, not ids"
    )


def test_a_reports_to_header_beats_a_superior_header() -> None:
    # Both point at the same rows; "reports to" says it more surely than "superior (id)".
    for other in ("Superior", "Superior ID"):
        chart = parse_csv(f"code,name,{other},Reports To\nA,Alpha,,\nB,Beta,A,A\nC,Gamma,A,A\n")
        assert chart.mapping["parent"] == "Reports To"
        assert chart.reasons["parent"] == (
            "its header says 'reports to'; 100% of its values are ids of the file"
        )
        assert chart.alternatives["parent"] == [other]


def test_ids_80_percent_distinct_get_no_remark_and_79_percent_are_doubted() -> None:
    eighty = "".join(f"U{i},Unit {i},\n" for i in range(8)) + "U0,A,\nU1,B,\n"
    assert parse_csv("id,name,parent\n" + eighty).reasons["code"] == (
        "'id' is a usual header for it"
    )
    seventy_nine = "".join(f"U{i},Unit {i},\n" for i in range(15)) + "U0,A,\nU1,B,\nU2,C,\nU3,D,\n"
    assert parse_csv("id,name,parent\n" + seventy_nine).reasons["code"] == (
        "'id' is a usual header for it; only 79% of its values are distinct"
    )


def test_an_empty_parent_column_is_said_to_be_empty() -> None:
    chart = parse_csv("id,name,parent\nA,Alpha,\nB,Beta,\n")
    assert chart.reasons["parent"] == "'parent' is a usual header for it; it is empty"


def test_an_empty_id_column_gives_way_to_one_with_values() -> None:
    chart = parse_csv("id,unit_id,name\n,A,Alpha\n,B,Beta\n")
    assert chart.mapping == {"code": "unit_id", "name": "name"}
    assert chart.reasons["code"] == "'unit_id' is a usual header for it; its values are unique"
    assert chart.alternatives["code"] == ["id"]


def test_a_name_column_of_numbers_gives_way_from_90_percent() -> None:
    ninety = "".join(f"U{i},{i},L{i}\n" for i in range(9)) + "U9,Nine,L9\n"
    chart = parse_csv("id,name,label\n" + ninety)
    assert chart.mapping["name"] == "label"
    assert chart.alternatives["name"] == ["name"]
    eighty = "".join(f"U{i},{i},L{i}\n" for i in range(8)) + "U8,Eight,L8\nU9,Nine,L9\n"
    chart = parse_csv("id,name,label\n" + eighty)
    assert chart.mapping["name"] == "name"
    assert chart.alternatives["name"] == ["label"]


def test_a_json_object_with_several_lists_names_them_all() -> None:
    chart = parse_orgchart(b'{"a": [1], "b": [2]}', "chart.json")
    assert chart.fatal == (
        "The JSON object holds several lists ('a', 'b'); put the units under a key called 'units'."
    )


def test_a_title_column_names_the_posts_of_a_file_of_people_but_a_unit_title_does_not() -> None:
    rows = "P1,Ann Smith,Chief,\nP2,Bob Jones,Deputy,P1\nP3,Vacant,Clerk,P1\n"
    chart = parse_csv("id,Name,Title,parent\n" + rows)
    assert (chart.mapping["name"], chart.mapping["holder"]) == ("Title", "Name")
    assert [(unit.name, unit.note) for unit in chart.units][:2] == [
        ("Chief", "Held by Ann Smith"),
        ("Deputy", "Held by Bob Jones"),
    ]
    for other in ("Unit Title", "Org Title"):
        chart = parse_csv(f"id,Name,{other},parent\n" + rows)
        assert chart.mapping["name"] == "Name"
        assert "holder" not in chart.mapping


def test_a_department_with_many_names_lists_the_four_most_used() -> None:
    names = ["Tech"] * 3 + ["Technology"] * 2 + ["IT", "Tek", "T"]
    rows = "".join(f"{i},P{i},0,D1,{name}\n" for i, name in enumerate(names, start=1))
    chart = parse_csv("id,name,manager,department_id,department\n0,Boss,,D0,Board\n" + rows)
    assert chart.shape == "people_by_manager"
    (problem,) = [p for p in chart.problems if "several names" in p.message]
    assert (problem.row, problem.message) == (
        3,
        "Department 'D1' has several names in the file ('Tech' on 3 rows, 'Technology' on "
        "2 rows, 'IT' on 1 row, 'Tek' on 1 row); 'Tech' is used.",
    )


def test_a_semicolon_file_with_old_mac_line_ends_is_read() -> None:
    chart = parse_csv("id;name;parent\rA;Alpha;\rB;Beta;A\r")
    assert chart.delimiter == ";"
    assert [(unit.code, unit.name, unit.parent_code, unit.row) for unit in chart.units] == [
        ("A", "Alpha", None, 2),
        ("B", "Beta", "A", 3),
    ]


def test_a_one_column_file_is_read_as_comma_separated() -> None:
    chart = parse_csv("id\nA\nB\n")
    assert (chart.delimiter, chart.columns, [unit.code for unit in chart.units]) == (
        ",",
        ["id"],
        ["A", "B"],
    )


def test_the_delimiter_is_the_one_its_rows_agree_with() -> None:
    # ";" splits the header in two as "," does, but no row then: "," it is.
    chart = parse_csv("id,name;alias\n1,B\nA,C\n")
    assert (chart.delimiter, chart.columns) == (",", ["id", "name;alias"])


def parent_reason(parents: list[str]) -> str:
    rows = "".join(f"U{i},Unit {i},{parent}\n" for i, parent in enumerate(parents))
    return parse_csv("id,name,parent\n" + rows).reasons["parent"]


def test_the_share_of_parents_that_are_ids_of_the_file_at_its_edges() -> None:
    usual = "'parent' is a usual header for it"
    # half the parents are ids of the file: a bonus, said
    half = ["U0"] * 5 + [f"X{i}" for i in range(5)]
    assert parent_reason(half) == usual + "; 50% of its values are ids of the file"
    # one in ten: no bonus and no doubt
    assert parent_reason(["U0"] + [f"X{i}" for i in range(9)]) == usual
    # none, and two in ten code-like: not ids, but not text either
    some_codes = ["X1", "X2"] + [f"Some Unit {i}" for i in range(8)]
    assert parent_reason(some_codes) == usual + "; its values are not ids of the file"


def test_a_superior_column_of_ids_beats_a_reports_to_column_of_other_codes() -> None:
    rows = "".join(f"U{i},Unit {i},X{i},U0\n" for i in range(10))
    chart = parse_csv("code,name,Reports To,Superior\n" + rows)
    assert chart.mapping["parent"] == "Superior"
    assert chart.reasons["parent"] == (
        "its header says 'superior'; 100% of its values are ids of the file"
    )
    assert chart.alternatives["parent"] == ["Reports To"]
