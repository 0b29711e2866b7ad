"""Readers: each layout people download, byte for byte as CBS (or Excel, or a survey platform) delivers it,
into the one staging table (kompas.imports.staging). Mapping, numbers and checks are tested through the CLI
in test_import_rules.py and test_import_cases.py."""

import json

import duckdb
import pytest

from kompas.domain.errors import KompasError
from kompas.imports.periods import parse_period
from kompas.imports.readers import read_into_staging
from kompas.store.mapping import Mapping

WIDE = (
    '"ID";"WijkenEnBuurten";"Perioden";"AantalInwoners_5";"Bevolkingsdichtheid_33"\r\n'
    '"0";"GM0363  ";"2023JJ00";"  882633";"    5341"\r\n'
    '"1";"WK036300";"2023JJ00";"   56312";"       ."\r\n'
    '"2";"BU03630000";"2023JJ00";"       x";"       -"\r\n'
)


def write(tmp_path, data, name="download.csv"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def staged(tmp_path, data, name="download.csv", mapping=Mapping(), progress=None):
    """(stage, staging rows as dicts with text stripped) for a file."""
    con = duckdb.connect()
    stage = read_into_staging(con, write(tmp_path, data, name), mapping, progress or (lambda f: None))
    frame = con.execute("SELECT * FROM staging ORDER BY line, measure, part").df()
    for column in frame.columns:
        frame[column] = frame[column].map(lambda v: v.strip(" \xa0") if isinstance(v, str) else v)
    return stage, frame.to_dict("records")


def refused(tmp_path, data, name="kapot.csv") -> str:
    with pytest.raises(KompasError) as caught:
        staged(tmp_path, data, name)
    assert name in str(caught.value)
    return str(caught.value)


def test_wide_code_layout_keeps_lines_regions_and_cells_as_written(tmp_path):
    stage, rows = staged(tmp_path, WIDE)
    assert stage.measures == ["AantalInwoners_5", "Bevolkingsdichtheid_33"] and stage.problems == []
    people = [r for r in rows if r["measure"] == "AantalInwoners_5"]
    assert [(r["line"], r["region"], r["period"], r["raw"]) for r in people] == [
        (2, "GM0363", "2023JJ00", "882633"),
        (3, "WK036300", "2023JJ00", "56312"),
        (4, "BU03630000", "2023JJ00", "x"),
    ]
    assert stage.dutch and stage.region_column == "WijkenEnBuurten"


@pytest.mark.parametrize(
    "encoding, bom, newline",
    [("utf-8", b"", "\n"), ("utf-8", b"\xef\xbb\xbf", "\r\n"), ("cp1252", b"", "\r\n"), ("cp1252", b"", "\n")],
)
def test_utf8_with_or_without_bom_and_windows_1252_with_crlf_or_lf(tmp_path, encoding, bom, newline):
    text = '"Perioden";"Regio\'s";"Bevolking/Inwoners geboren in België (aantal)"\n"2023";"GM0363  ";"    1204"\n'
    stage, rows = staged(tmp_path, bom + text.replace("\n", newline).encode(encoding))
    assert stage.measures == ["Bevolking/Inwoners geboren in België (aantal)"]
    assert [(r["line"], r["region"], r["raw"]) for r in rows] == [(2, "GM0363", "1204")]


@pytest.mark.parametrize(
    "cell, code, provisional",
    [
        ("2023JJ00", "2023JJ00", False),
        ("2023KW02", "2023KW02", False),
        ("2023MM05", "2023MM05", False),
        ("2023", "2023JJ00", False),
        ("2024*", "2024JJ00", True),
        ("2024JJ00*", "2024JJ00", True),
        ("2024 voorlopige cijfers", "2024JJ00", True),
        ("2023KW04*", "2023KW04", True),
        ("2023 2e kwartaal", "2023KW02", False),
        ("2025SJ00", "2025SJ00", False),
        ("2026HJ02**", "2026HJ02", True),
    ],
)
def test_period_codes_and_provisional_marks(cell, code, provisional):
    period = parse_period(cell)
    assert (period.code, period.provisional) == (code, provisional)


def test_label_headers_and_text_columns_are_dimensions(tmp_path):
    data = (
        '"Geslacht";"Perioden";"Gemeenten";"Bevolking/Totale bevolking (aantal)";'
        '"Bevolking/Aandeel 65 jaar of ouder (%)"\r\n'
        '"Mannen";"2023";"Voorbeeldstad";"   25800";"    18,4"\r\n'
        '"Vrouwen";"2023";"Voorbeeldstad";"   26200";"    21,0"\r\n'
    )
    stage, rows = staged(tmp_path, data)
    assert stage.dims == ["Geslacht"] and len(stage.measures) == 2
    assert {(r["d0"], r["region"], r["level"]) for r in rows} == {
        ("Mannen", "Voorbeeldstad", "gemeente"),
        ("Vrouwen", "Voorbeeldstad", "gemeente"),
    }


def test_code_layout_dimension_keys_stay_dimensions_and_text_topics_are_labels(tmp_path):
    data = (
        '"ID";"Geslacht";"Leeftijd";"WijkenEnBuurten";"Gemeentenaam_1";"Perioden";"AantalInwoners_5"\r\n'
        '"0";"T001038 ";"10000   ";"GM0363  ";"Amsterdam   ";"2023JJ00";"  882633"\r\n'
        '"1";"3000    ";"70100   ";"GM0363  ";"Amsterdam   ";"2023JJ00";"  437000"\r\n'
    )
    stage, rows = staged(tmp_path, data)
    assert stage.measures == ["AantalInwoners_5"] and stage.dims == ["Geslacht", "Leeftijd"]
    assert any("Gemeentenaam_1" in note for note in stage.notes)  # a label, never a group


def test_codes_win_over_names_and_name_columns_are_labels(tmp_path):
    data = (
        '"Wijken en buurten";"Regiocode (gemeente, wijk, buurt) (code)";"Perioden";"Bezoeken (aantal)"\n'
        '"Centrum";"WK999901  ";"2025";"   212"\n'
    )
    stage, rows = staged(tmp_path, data)
    assert stage.region_column == "Regiocode (gemeente, wijk, buurt) (code)" and stage.dims == []
    assert (rows[0]["region"], rows[0]["level"], rows[0]["raw"]) == ("WK999901", None, "212")


@pytest.mark.parametrize(
    "header, level",
    [
        ("RegioS", "gemeente"),
        ("Regio's", "gemeente"),
        ("Gemeenten", "gemeente"),
        ("Regions", "gemeente"),
        ("Regiokenmerken", None),
        ("Wijken", "wijk"),
        ("WijkenEnBuurten", None),
    ],
)
def test_every_cbs_name_of_the_region_column(tmp_path, header, level):
    stage, rows = staged(tmp_path, f'"ID";"{header}";"Perioden";"A_1"\n"0";"Noord";"2023JJ00";"1"\n')
    assert stage.region_column == header and rows[0]["level"] == level


def test_no_region_column_is_one_clear_message(tmp_path):
    message = refused(tmp_path, "jaar,score\n2026,6.4\n")
    assert "Geen kolom met gebieden gevonden" in message and "columns: {region:" in message


def test_interval_columns_and_marges_become_parts_of_the_measure(tmp_path):
    stage, rows = staged(
        tmp_path,
        '"ID";"Regions";"Periods";"FeelsAtHome_1";"k_95ConfidenceMarginLowerBound_2";'
        '"k_95ConfidenceMarginUpperBound_3"\n"0";"GM9999";"2024JJ00";"81.2";"79.0";"83.4"\n',
    )
    assert {(r["measure"], r["part"], r["raw"]) for r in rows} == {
        ("FeelsAtHome_1", "value", "81.2"),
        ("FeelsAtHome_1", "low", "79.0"),
        ("FeelsAtHome_1", "high", "83.4"),
    }
    stage, rows = staged(
        tmp_path,
        '"ID";"Marges";"WijkenEnBuurten";"Perioden";"Eenzaam_1"\n'
        '"0";"MW00000";"WK999903";"2024JJ00";"12.0"\n"1";"MOG0095";"WK999903";"2024JJ00";"9.1"\n',
        name="marges.csv",
    )
    assert [r["part"] for r in rows] == ["value", "low"] and stage.dims == []


LONG = (
    '"ID";"Measure";"ValueAttribute";"Value";"Geslacht";"Perioden";"RegioS"\r\n'
    '"0";"M000352";"None";"    20.8";"T001038";"2023JJ00";"GM0363  "\r\n'
    '"1";"M000352";"Missing";"";"T001038";"2023KW02";"GM0363  "\r\n'
    '"2";"M000352";"x";"";"3000";"2023MM05";"GM0363  "\r\n'
    '"3";"D004645";"-";"";"T001038";"2023JJ00";"WK036300"\r\n'
    '"4";"D004645";"Confidential";"";"T001038";"2024JJ00*";"WK036300"\r\n'
)


def test_long_layout_with_value_attributes_and_extra_dimensions(tmp_path):
    stage, rows = staged(tmp_path, LONG)
    assert stage.measures == ["D004645", "M000352"] and stage.dims == ["Geslacht"]
    assert [r["raw"] for r in rows] == ["20.8", ".", "x", "-", "x"]
    assert [r["d0"] for r in rows] == ["T001038", "T001038", "3000", "T001038", "T001038"]


def test_odata_v4_bulk_reads_the_code_lists_beside_it(tmp_path):
    write(
        tmp_path,
        "Identifier;Index;Title;Status\n2023JJ00;1;2023;Definitief\n2024JJ00;2;2024;Voorlopig\n",
        "PeriodenCodes.csv",
    )
    write(tmp_path, "Identifier;Index;Title;Unit\nM001;1;Moeite met rondkomen;%\n", "MeasureCodes.csv")
    stage, rows = staged(
        tmp_path,
        "Id;Measure;ValueAttribute;Value;WijkenEnBuurten;Perioden\n1;M001;None;17,5;GM9999;2023JJ00\n",
        name="Observations.csv",
    )
    assert stage.provisional_periods == {"2024JJ00"} and stage.info["M001"].title == "Moeite met rondkomen"


SHOWN = (
    '"Kerncijfers wijken en buurten; Voorbeeldstad"\r\n'
    "\r\n"
    '"Onderwerpen";"";"Bevolking";"Bevolking";"Inkomen"\r\n'
    '"";"";"Totale bevolking\xa0";"Aandeel 65 jaar of ouder\xa0";"Gemiddeld inkomen per inwoner\xa0"\r\n'
    '"Perioden";"Regio\'s";"aantal";"%";"x 1 000 euro"\r\n'
    '"2023";"Voorbeeldstad\xa0";"52000";"18,4";"31,2"\r\n'
    '"2023";"Centrum\xa0";"8000";"12,1";"."\r\n'
    '"2024*";"Centrum\xa0";"8100";"12,3";"x"\r\n'
    "\r\n"
    '"Bron: CBS"\r\n'
)


def test_table_as_shown_joins_header_levels_and_skips_title_units_and_footer(tmp_path):
    stage, rows = staged(tmp_path, SHOWN)
    assert stage.title == "Kerncijfers wijken en buurten; Voorbeeldstad"
    assert stage.measures == [
        "Bevolking|Totale bevolking",
        "Bevolking|Aandeel 65 jaar of ouder",
        "Inkomen|Gemiddeld inkomen per inwoner",
    ]
    assert stage.info["Inkomen|Gemiddeld inkomen per inwoner"].unit == "x 1 000 euro"
    people = [r for r in rows if r["measure"] == "Bevolking|Totale bevolking"]
    assert [(r["line"], r["region"], r["period"]) for r in people] == [
        (6, "Voorbeeldstad", "2023"),
        (7, "Centrum", "2023"),
        (8, "Centrum", "2024*"),
    ]


def test_blank_lines_a_footer_and_a_trailing_semicolon_are_not_data(tmp_path):
    data = WIDE.replace('"1";', '\r\n"1";').replace("\r\n", ";\r\n") + '\r\n"Bron: CBS"\r\n'
    stage, rows = staged(tmp_path, data)
    assert stage.measures == ["AantalInwoners_5", "Bevolkingsdichtheid_33"]
    assert sorted({r["line"] for r in rows}) == [2, 4, 5]


def test_every_line_wrapped_in_quotes_is_repaired_and_said(tmp_path):
    data = '"""ID"";""WijkenEnBuurten"";""Perioden"";""Bezoeken_1"""\n"""0"";""GM9999    "";""2026JJ00"";""300"""\n'
    stage, rows = staged(tmp_path, data)
    assert [(r["region"], r["raw"]) for r in rows] == [("GM9999", "300")]
    assert any("aanhalingstekens" in note for note in stage.notes)


def test_a_tidy_comma_table_with_columns_named_in_the_mapping(tmp_path):
    mapping = Mapping(columns={"region": "wijkcode", "period": "jaar"}, measures={"score": "samenhang"})
    stage, rows = staged(tmp_path, "wijkcode,jaar,score\nWK999901,2026,6.4\n", mapping=mapping)
    assert not stage.dutch and [(r["region"], r["period"], r["raw"]) for r in rows] == [("WK999901", "2026", "6.4")]


def test_a_large_plain_file_is_read_by_duckdb_with_its_line_numbers(tmp_path):
    lines = ['"ID";"RegioS";"Perioden";"Aantal_1"'] + [f'"{i}";"GM0363  ";"2023JJ00";"{i}"' for i in range(80_000)]
    calls = []
    stage, rows = staged(tmp_path, "\r\n".join(lines) + "\r\n", progress=calls.append)
    assert len(rows) == 80_000 and rows[-1]["line"] == 80_001 and rows[-1]["raw"] == "79999"
    assert calls[-1] == 1.0


def test_broken_files_are_refused_with_the_line(tmp_path):
    assert "aanhalingsteken" in refused(tmp_path, b'"ID";"RegioS";"Perioden";"A_1"\r\n"0";"GM0363"x;"2023JJ00";"1"\r\n')
    assert "rij 3" in refused(tmp_path, WIDE.replace('"   56312";', '"   56312";"1";'))
    assert "twee keer" in refused(tmp_path, WIDE.replace('"Bevolkingsdichtheid_33"', '"AantalInwoners_5"'))
    assert "leeg" in refused(tmp_path, b"\r\n\r\n")
    assert "tekens" in refused(tmp_path, b'"ID";"RegioS"\r\n"\x81\x8d";"GM0363"\r\n')
    assert "binair" in refused(tmp_path, b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")
    assert "maar \u00e9\u00e9n kolom" in refused(tmp_path, b"alleen\neen\nkolom\n")


PROPERTIES = [
    {"Type": "Dimension", "Key": "Geslacht", "Title": "Geslacht"},
    {"Type": "GeoDimension", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten"},
    {"Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
    {"Type": "TopicGroup", "Key": "", "Title": "Bevolking"},
    {"Type": "Topic", "Key": "Gemeentenaam_1", "Title": "Gemeentenaam", "Unit": "Tekst", "Datatype": "String"},
    {"Type": "Topic", "Key": "AantalInwoners_5", "Title": "Aantal inwoners", "Unit": "aantal", "Datatype": "Long"},
    {"Type": "Topic", "Key": "k_65JaarOfOuder_12", "Title": "65 jaar of ouder", "Unit": "%", "Datatype": "Double"},
]
ROWS = [
    {
        "ID": 0,
        "Geslacht": "T001038",
        "WijkenEnBuurten": "GM0363  ",
        "Perioden": "2023JJ00",
        "Gemeentenaam_1": "Amsterdam   ",
        "AantalInwoners_5": 882633,
        "k_65JaarOfOuder_12": 12.4,
    },
    {
        "ID": 1,
        "Geslacht": "3000     ",
        "WijkenEnBuurten": "GM0363  ",
        "Perioden": "2024JJ00*",
        "Gemeentenaam_1": "Amsterdam   ",
        "AantalInwoners_5": None,
        "k_65JaarOfOuder_12": "11,9",
    },
]


@pytest.mark.parametrize(
    "document",
    [
        {"TypedDataSet": ROWS, "DataProperties": PROPERTIES},
        {"value": ROWS, "DataProperties": PROPERTIES},
        {"TypedDataSet": {"value": ROWS}, "DataProperties": {"value": PROPERTIES}},
    ],
)
def test_odata_json_in_each_saved_shape(tmp_path, document):
    stage, rows = staged(tmp_path, json.dumps(document), "84583NED.json")
    assert stage.measures == ["AantalInwoners_5", "k_65JaarOfOuder_12"] and stage.dims == ["Geslacht"]
    assert stage.info["AantalInwoners_5"].title == "Aantal inwoners"
    assert [(r["line"], r["measure"], r["raw"]) for r in rows] == [
        (1, "AantalInwoners_5", "882633"),
        (1, "k_65JaarOfOuder_12", "12.4"),
        (2, "AantalInwoners_5", ""),
        (2, "k_65JaarOfOuder_12", "11,9"),
    ]


def test_broken_odata_json_is_refused(tmp_path):
    text = json.dumps({"TypedDataSet": ROWS, "DataProperties": PROPERTIES})
    assert "geen geldige JSON" in refused(tmp_path, text[:-40], "kapot.json")
    assert "geen TypedDataSet" in refused(tmp_path, json.dumps({"DataProperties": PROPERTIES}), "kapot.json")
    assert "geen DataProperties" in refused(tmp_path, json.dumps({"TypedDataSet": ROWS}), "kapot.json")
    assert "leeg" in refused(tmp_path, json.dumps({"TypedDataSet": [], "DataProperties": PROPERTIES}), "kapot.json")
