"""CBS OData JSON as saved from the API: TypedDataSet rows plus DataProperties, in small files."""

import json

import pytest

from kompas.importers.base import ROW_COLUMNS, ImportFileError, MeasureInfo
from kompas.importers.odata import read_odata_json

PROPERTIES = [
    {"odata.type": "Cbs.OData.Dimension", "ID": 0, "Position": 0, "ParentID": None, "Type": "Dimension",
     "Key": "Geslacht", "Title": "Geslacht"},
    {"odata.type": "Cbs.OData.GeoDimension", "ID": 1, "Position": 1, "ParentID": None, "Type": "GeoDimension",
     "Key": "WijkenEnBuurten", "Title": "Wijken en buurten"},
    {"odata.type": "Cbs.OData.TimeDimension", "ID": 2, "Position": 2, "ParentID": None, "Type": "TimeDimension",
     "Key": "Perioden", "Title": "Perioden"},
    {"odata.type": "Cbs.OData.TopicGroup", "ID": 3, "ParentID": None, "Type": "TopicGroup", "Key": "",
     "Title": "Bevolking"},
    {"odata.type": "Cbs.OData.Topic", "ID": 4, "ParentID": 3, "Type": "Topic", "Key": "Gemeentenaam_1",
     "Title": "Gemeentenaam", "Unit": "Tekst", "Datatype": "String"},
    {"odata.type": "Cbs.OData.Topic", "ID": 5, "ParentID": 3, "Type": "Topic", "Key": "AantalInwoners_5",
     "Title": "Aantal inwoners", "Unit": "aantal", "Datatype": "Long"},
    {"odata.type": "Cbs.OData.Topic", "ID": 6, "ParentID": 3, "Type": "Topic", "Key": "k_65JaarOfOuder_12",
     "Title": "65 jaar of ouder", "Unit": "%", "Datatype": "Double"},
]
ROWS = [
    {"ID": 0, "Geslacht": "T001038", "WijkenEnBuurten": "GM0363  ", "Perioden": "2023JJ00",
     "Gemeentenaam_1": "Amsterdam                                ", "AantalInwoners_5": 882633,
     "k_65JaarOfOuder_12": 12.4},
    {"ID": 1, "Geslacht": "T001038", "WijkenEnBuurten": "WK036300", "Perioden": "2023JJ00",
     "Gemeentenaam_1": "Amsterdam                                ", "AantalInwoners_5": None,
     "k_65JaarOfOuder_12": None},
    {"ID": 2, "Geslacht": "3000     ", "WijkenEnBuurten": "GM0363  ", "Perioden": "2024JJ00*",
     "Gemeentenaam_1": "Amsterdam                                ", "AantalInwoners_5": 437000,
     "k_65JaarOfOuder_12": "11,9"},
]


def write(tmp_path, document, name: str = "84583NED.json", prefix: bytes = b""):
    path = tmp_path / name
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    path.write_bytes(prefix + text.encode("utf-8"))
    return path


def test_typed_data_set_with_data_properties(tmp_path):
    document = {"odata.metadata": "https://opendata.cbs.nl/ODataApi/OData/84583NED/$metadata",
                "TypedDataSet": ROWS, "DataProperties": PROPERTIES}
    table = read_odata_json(write(tmp_path, document))
    assert table.file == "84583NED.json" and table.problems == []
    assert table.measures == {"AantalInwoners_5": MeasureInfo("Aantal inwoners", "aantal"),
                              "k_65JaarOfOuder_12": MeasureInfo("65 jaar of ouder", "%")}
    rows = table.rows
    assert list(rows.columns) == ROW_COLUMNS + ["dim:Geslacht", "dim:Gemeentenaam_1"]
    people = rows[rows["measure"] == "AantalInwoners_5"]
    assert people["row"].tolist() == [1, 2, 3]  # 1-based position in TypedDataSet
    assert people["region"].tolist() == ["GM0363", "WK036300", "GM0363"]
    assert people["period"].tolist() == ["2023JJ00", "2023JJ00", "2024JJ00"]
    assert people["provisional"].tolist() == [False, False, True]
    assert people["value"].tolist()[0] == 882633.0 and people["value"].isna().tolist() == [False, True, False]
    assert people["marker"].tolist() == ["", ".", ""]  # null → NaN with '.'
    assert people["dim:Geslacht"].tolist() == ["T001038", "T001038", "3000"]
    assert set(rows["dim:Gemeentenaam_1"]) == {"Amsterdam"}
    share = rows[rows["measure"] == "k_65JaarOfOuder_12"]
    assert share["value"].tolist()[0] == 12.4 and share["value"].tolist()[2] == 11.9  # number sent as text


@pytest.mark.parametrize("document", [
    {"value": ROWS, "DataProperties": PROPERTIES},
    {"TypedDataSet": {"value": ROWS}, "DataProperties": {"value": PROPERTIES}},
])
def test_other_saved_shapes_read_the_same(tmp_path, document):
    expected = read_odata_json(write(tmp_path, {"TypedDataSet": ROWS, "DataProperties": PROPERTIES}, "a.json"))
    table = read_odata_json(write(tmp_path, document, "b.json"))
    assert table.rows.equals(expected.rows) and table.measures == expected.measures


def test_utf8_bom_is_accepted(tmp_path):
    path = write(tmp_path, {"TypedDataSet": ROWS, "DataProperties": PROPERTIES}, prefix=b"\xef\xbb\xbf")
    assert len(read_odata_json(path).rows) == 6


def test_bad_period_and_bad_number_are_row_problems(tmp_path):
    rows = [dict(ROWS[0]), dict(ROWS[1]), dict(ROWS[2])]
    rows[1]["Perioden"] = "2023JJ0"
    rows[2]["AantalInwoners_5"] = "12a"
    table = read_odata_json(write(tmp_path, {"TypedDataSet": rows, "DataProperties": PROPERTIES}))
    assert [(p.file, p.row, p.column) for p in table.problems] == [
        ("84583NED.json", 2, "Perioden"), ("84583NED.json", 3, "AantalInwoners_5")]
    assert str(table.problems[0]) == ("84583NED.json, rij 2, kolom Perioden: '2023JJ0' is geen periodecode "
                                      "(verwacht bijvoorbeeld 2023JJ00, 2023KW02 of 2023MM05)")
    assert "'12a' is geen getal" in table.problems[1].message
    assert 2 not in set(table.rows["row"])
    assert table.rows[table.rows["row"] == 3]["measure"].tolist() == ["k_65JaarOfOuder_12"]


def refused(tmp_path, document) -> str:
    with pytest.raises(ImportFileError) as caught:
        read_odata_json(write(tmp_path, document, "kapot.json"))
    assert caught.value.problem.file == "kapot.json"
    return str(caught.value)


def test_malformed_json_is_refused(tmp_path):
    text = json.dumps({"TypedDataSet": ROWS, "DataProperties": PROPERTIES})[:-40]
    assert "geen geldige JSON" in refused(tmp_path, text)


def test_json_without_typed_data_set_is_refused(tmp_path):
    assert "geen TypedDataSet" in refused(tmp_path, {"DataProperties": PROPERTIES})
    assert "geen TypedDataSet" in refused(tmp_path, {"TypedDataSet": "rijen", "DataProperties": PROPERTIES})
    assert "geen JSON-object" in refused(tmp_path, ROWS)


def test_json_without_data_properties_or_topics_is_refused(tmp_path):
    assert "geen DataProperties" in refused(tmp_path, {"TypedDataSet": ROWS})
    dimensions_only = [p for p in PROPERTIES if p["Type"] != "Topic"]
    assert "onderwerpen" in refused(tmp_path, {"TypedDataSet": ROWS, "DataProperties": dimensions_only})


def test_empty_file_and_empty_data_set_are_refused(tmp_path):
    assert "leeg" in refused(tmp_path, "")
    assert "leeg" in refused(tmp_path, {"TypedDataSet": [], "DataProperties": PROPERTIES})
