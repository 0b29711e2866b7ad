"""StatLine CSV downloads: each quirk in a small file written by the test, byte for byte as CBS delivers it."""

import math
import time

import pytest

from kompas.importers.base import ROW_COLUMNS, ImportFileError, MeasureInfo
from kompas.importers.statline import read_statline_csv

WIDE = (
    '"ID";"WijkenEnBuurten";"Perioden";"AantalInwoners_5";"Bevolkingsdichtheid_33"\r\n'
    '"0";"GM0363  ";"2023JJ00";"  882633";"    5341"\r\n'
    '"1";"WK036300";"2023JJ00";"   56312";"       ."\r\n'
    '"2";"BU03630000";"2023JJ00";"       x";"       -"\r\n'
)
PERIOD_MESSAGE = "'2023JJ0' is geen periodecode (verwacht bijvoorbeeld 2023JJ00, 2023KW02 of 2023MM05)"


def write(tmp_path, data: bytes, name: str = "download.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def by_measure(table, measure):
    return table.rows[table.rows["measure"] == measure].reset_index(drop=True)


def test_wide_code_layout_strips_padding_and_keeps_cbs_markers(tmp_path):
    table = read_statline_csv(write(tmp_path, WIDE.encode()))
    assert list(table.rows.columns) == ROW_COLUMNS
    assert table.problems == [] and table.file == "download.csv"
    assert table.measures == {"AantalInwoners_5": MeasureInfo("AantalInwoners_5", ""),
                              "Bevolkingsdichtheid_33": MeasureInfo("Bevolkingsdichtheid_33", "")}
    people = by_measure(table, "AantalInwoners_5")
    assert people["region"].tolist() == ["GM0363", "WK036300", "BU03630000"]
    assert people["period"].tolist() == ["2023JJ00"] * 3
    assert people["value"].tolist()[:2] == [882633.0, 56312.0] and math.isnan(people["value"][2])
    assert people["marker"].tolist() == ["", "", "x"]
    assert people["row"].tolist() == [2, 3, 4]  # line numbers in the file, header is line 1
    density = by_measure(table, "Bevolkingsdichtheid_33")
    assert density["marker"].tolist() == ["", ".", "-"]  # nil stays NaN with '-': the caller decides
    assert density["value"].isna().tolist() == [False, True, True]
    assert not table.rows["provisional"].any()


@pytest.mark.parametrize("cell, expected", [
    ("    20.8", 20.8), ("    20,8", 20.8), ("   -3,25", -3.25), ("1.234,5", 1234.5), ("    17", 17.0)])
def test_decimal_comma_or_point(tmp_path, cell, expected):
    data = f'"ID";"RegioS";"Perioden";"Percentage_1"\r\n"0";"GM0363  ";"2023JJ00";"{cell}"\r\n'
    table = read_statline_csv(write(tmp_path, data.encode()))
    assert table.rows["value"].tolist() == [expected] and table.problems == []


LABELLED = ('"Perioden";"Regio\'s";"Bevolking/Inwoners geboren in België (aantal)"\n'
            '"2023";"GM0363  ";"    1204"\n')


@pytest.mark.parametrize("encoding, bom, newline", [
    ("utf-8", b"", "\n"), ("utf-8", b"\xef\xbb\xbf", "\r\n"), ("utf-8", b"\xef\xbb\xbf", "\n"),
    ("cp1252", b"", "\r\n"), ("cp1252", b"", "\n")])
def test_utf8_with_or_without_bom_and_windows_1252_with_crlf_or_lf(tmp_path, encoding, bom, newline):
    data = bom + LABELLED.replace("\n", newline).encode(encoding)
    table = read_statline_csv(write(tmp_path, data))
    label = "Bevolking/Inwoners geboren in België (aantal)"
    assert table.measures == {label: MeasureInfo("Bevolking/Inwoners geboren in België", "aantal")}
    assert table.rows[["row", "measure", "region", "value"]].values.tolist() == [[2, label, "GM0363", 1204.0]]


@pytest.mark.parametrize("cell, period, provisional", [
    ("2023JJ00", "2023JJ00", False), ("2023KW02", "2023KW02", False), ("2023MM05", "2023MM05", False),
    ("2023", "2023JJ00", False), ("2024*", "2024JJ00", True), ("2024JJ00*", "2024JJ00", True),
    ("2024 voorlopige cijfers", "2024JJ00", True), ("2023KW04*", "2023KW04", True)])
def test_period_codes_and_provisional_marks(tmp_path, cell, period, provisional):
    data = f'"ID";"RegioS";"Perioden";"Aantal_1"\r\n"0";"GM0363  ";"{cell}";"   12"\r\n'
    rows = read_statline_csv(write(tmp_path, data.encode())).rows
    assert rows[["period", "provisional"]].values.tolist() == [[period, provisional]]


def test_period_typo_is_a_row_problem_naming_row_and_column(tmp_path):
    lines = ['"ID";"RegioS";"Perioden";"Aantal_1"']
    lines += [f'"{i}";"GM0363  ";"2023JJ00";"   {i}"' for i in range(1202)]
    lines += ['"1202";"GM0363  ";"2023JJ0";"   12"']  # line 1.204 of the file
    table = read_statline_csv(write(tmp_path, "\r\n".join(lines).encode()))
    [problem] = table.problems
    assert (problem.file, problem.row, problem.column) == ("download.csv", 1204, "Perioden")
    assert str(problem) == f"download.csv, rij 1.204, kolom Perioden: {PERIOD_MESSAGE}"
    assert len(table.rows) == 1202 and 1204 not in set(table.rows["row"])


def test_non_numeric_value_is_a_problem_naming_row_column_and_value(tmp_path):
    data = WIDE.replace('"   56312"', '"     12a"')
    table = read_statline_csv(write(tmp_path, data.encode()))
    [problem] = table.problems
    assert (problem.row, problem.column) == (3, "AantalInwoners_5")
    assert "'12a' is geen getal" in problem.message
    assert 3 not in set(by_measure(table, "AantalInwoners_5")["row"])
    assert 3 in set(by_measure(table, "Bevolkingsdichtheid_33")["row"])  # only the bad cell is left out


def test_label_headers_give_title_and_unit_and_text_columns_are_dimensions(tmp_path):
    data = ('"Geslacht";"Perioden";"Regio\'s";"Bevolking/Totale bevolking (aantal)";'
            '"Bevolking/Aandeel 65 jaar of ouder (%)"\r\n'
            '"Mannen";"2023";"Voorbeeldstad";"   25800";"    18,4"\r\n'
            '"Vrouwen";"2023";"Voorbeeldstad";"   26200";"    21,0"\r\n')
    table = read_statline_csv(write(tmp_path, data.encode()))
    assert table.measures == {
        "Bevolking/Totale bevolking (aantal)": MeasureInfo("Bevolking/Totale bevolking", "aantal"),
        "Bevolking/Aandeel 65 jaar of ouder (%)": MeasureInfo("Bevolking/Aandeel 65 jaar of ouder", "%")}
    assert list(table.rows.columns) == ROW_COLUMNS + ["dim:Geslacht"]
    share = by_measure(table, "Bevolking/Aandeel 65 jaar of ouder (%)")
    assert share[["dim:Geslacht", "region", "period", "value"]].values.tolist() == [
        ["Mannen", "Voorbeeldstad", "2023JJ00", 18.4], ["Vrouwen", "Voorbeeldstad", "2023JJ00", 21.0]]


def test_code_layout_dimension_keys_and_text_topics_stay_dimensions(tmp_path):
    data = ('"ID";"Geslacht";"Leeftijd";"WijkenEnBuurten";"Gemeentenaam_1";"Perioden";"AantalInwoners_5"\r\n'
            '"0";"T001038 ";"10000   ";"GM0363  ";"Amsterdam   ";"2023JJ00";"  882633"\r\n'
            '"1";"3000    ";"70100   ";"GM0363  ";"Amsterdam   ";"2023JJ00";"  437000"\r\n')
    table = read_statline_csv(write(tmp_path, data.encode()))
    assert list(table.measures) == ["AantalInwoners_5"]
    assert table.rows[["dim:Geslacht", "dim:Leeftijd", "dim:Gemeentenaam_1"]].values.tolist() == [
        ["T001038", "10000", "Amsterdam"], ["3000", "70100", "Amsterdam"]]


LONG = (
    '"ID";"Measure";"ValueAttribute";"Value";"Geslacht";"Perioden";"RegioS"\r\n'
    '"0";"M000352";"None";"    20.8";"T001038";"2023JJ00";"GM0363  "\r\n'
    '"1";"M000352";"Missing";"";"T001038";"2023KW02";"GM0363  "\r\n'
    '"2";"M000352";"x";"";"3000";"2023MM05";"GM0363  "\r\n'
    '"3";"D004645";"-";"";"T001038";"2023JJ00";"WK036300"\r\n'
    '"4";"D004645";"Confidential";"";"T001038";"2024JJ00*";"WK036300"\r\n'
)


def test_long_layout_with_value_attributes_and_extra_dimensions(tmp_path):
    table = read_statline_csv(write(tmp_path, LONG.encode()))
    assert table.problems == []
    assert table.measures == {"M000352": MeasureInfo("M000352", ""), "D004645": MeasureInfo("D004645", "")}
    rows = table.rows
    assert list(rows.columns) == ROW_COLUMNS + ["dim:Geslacht"]
    assert rows["measure"].tolist() == ["M000352"] * 3 + ["D004645"] * 2
    assert rows["marker"].tolist() == ["", ".", "x", "-", "x"]
    assert rows["value"].tolist()[0] == 20.8 and rows["value"][1:].isna().all()
    assert rows["period"].tolist() == ["2023JJ00", "2023KW02", "2023MM05", "2023JJ00", "2024JJ00"]
    assert rows["provisional"].tolist() == [False, False, False, False, True]
    assert rows["dim:Geslacht"].tolist() == ["T001038", "T001038", "3000", "T001038", "T001038"]


def test_long_layout_uses_titles_and_units_when_given(tmp_path):
    data = ('"ID";"Measure";"MeasureTitle";"Unit";"Value";"Perioden";"RegioS"\n'
            '"0";"M000352";"Ervaren discriminatie";"%";"    20,8";"2023JJ00";"GM0363  "\n')
    table = read_statline_csv(write(tmp_path, data.encode()))
    assert table.measures == {"M000352": MeasureInfo("Ervaren discriminatie", "%")}
    assert list(table.rows.columns) == ROW_COLUMNS and table.rows["value"].tolist() == [20.8]


SHOWN = (
    '"Kerncijfers wijken en buurten; Voorbeeldstad"\r\n'
    '\r\n'
    '"Onderwerpen";"";"Bevolking";"Bevolking";"Inkomen"\r\n'
    '"";"";"Totale bevolking\xa0";"Aandeel 65 jaar of ouder\xa0";"Gemiddeld inkomen per inwoner\xa0"\r\n'
    '"Perioden";"Regio\'s";"aantal";"%";"x 1 000 euro"\r\n'
    '"2023";"Voorbeeldstad\xa0";"52000";"18,4";"31,2"\r\n'
    '"2023";"Centrum\xa0";"8000";"12,1";"."\r\n'
    '"2023";"Oud-Dorp\xa0";"";"";""\r\n'
    '"2024*";"Centrum\xa0";"8100";"12,3";"x"\r\n'
    '\r\n'
    '"Bron: CBS"\r\n'
)


def test_table_as_shown_layout_joins_header_levels_and_skips_title_units_and_footer(tmp_path):
    table = read_statline_csv(write(tmp_path, SHOWN.encode("utf-8")))
    assert table.title == "Kerncijfers wijken en buurten; Voorbeeldstad"
    assert table.measures == {
        "Bevolking|Totale bevolking": MeasureInfo("Bevolking|Totale bevolking", "aantal"),
        "Bevolking|Aandeel 65 jaar of ouder": MeasureInfo("Bevolking|Aandeel 65 jaar of ouder", "%"),
        "Inkomen|Gemiddeld inkomen per inwoner": MeasureInfo("Inkomen|Gemiddeld inkomen per inwoner",
                                                             "x 1 000 euro")}
    assert table.problems == []
    people = by_measure(table, "Bevolking|Totale bevolking")
    assert people["region"].tolist() == ["Voorbeeldstad", "Centrum", "Oud-Dorp", "Centrum"]  # names, no \xa0
    assert people["row"].tolist() == [6, 7, 8, 9]
    assert people["period"].tolist() == ["2023JJ00"] * 3 + ["2024JJ00"]
    assert people["provisional"].tolist() == [False, False, False, True]
    assert by_measure(table, "Inkomen|Gemiddeld inkomen per inwoner")["marker"].tolist() == ["", ".", ".", "x"]
    assert "Bron: CBS" not in set(table.rows["region"])


def test_table_as_shown_with_three_header_levels_and_footer_without_blank_line(tmp_path):
    data = ('"Bevolking per wijk"\r\n\r\n'
            '"";"";"Bevolking";""\r\n'  # the top level spans both columns
            '"";"";"Leeftijdsgroepen";""\r\n'
            '"";"";"0 tot 15 jaar";"65 jaar of ouder"\r\n'
            '"Perioden";"Wijken en buurten";"aantal";"aantal"\r\n'
            '"2023";"Centrum\xa0";"1200";"900"\r\n'
            '"Bron: CBS"\r\n')
    table = read_statline_csv(write(tmp_path, data.encode("cp1252")))
    assert list(table.measures) == ["Bevolking|Leeftijdsgroepen|0 tot 15 jaar",
                                    "Bevolking|Leeftijdsgroepen|65 jaar of ouder"]
    assert {m.unit for m in table.measures.values()} == {"aantal"}
    assert table.rows[["region", "period", "value"]].values.tolist() == [
        ["Centrum", "2023JJ00", 1200.0], ["Centrum", "2023JJ00", 900.0]]


def test_rows_of_a_municipality_that_no_longer_exists_are_kept_without_problems(tmp_path):
    data = WIDE + '"3";"GM0000  ";"2023JJ00";"        ";"       ."\r\n'
    table = read_statline_csv(write(tmp_path, data.encode()))
    gone = table.rows[table.rows["region"] == "GM0000"]
    assert len(gone) == 2 and gone["value"].isna().all() and set(gone["marker"]) == {"."}
    assert table.problems == []


def test_blank_lines_and_a_footer_are_not_data(tmp_path):
    data = WIDE.replace('"1";', '\r\n"1";') + '\r\n"Bron: CBS"\r\n'
    table = read_statline_csv(write(tmp_path, data.encode()))
    assert table.problems == [] and len(table.rows) == 6
    assert by_measure(table, "AantalInwoners_5")["row"].tolist() == [2, 4, 5]


def test_a_semicolon_at_the_end_of_every_line_adds_no_measure(tmp_path):
    data = WIDE.replace("\r\n", ";\r\n")
    table = read_statline_csv(write(tmp_path, data.encode()))
    assert list(table.measures) == ["AantalInwoners_5", "Bevolkingsdichtheid_33"] and len(table.rows) == 6


def test_a_50_mb_long_file_reads_linearly_with_progress(tmp_path):
    header = '"ID";"Measure";"ValueAttribute";"Value";"Geslacht";"Perioden";"RegioS"\r\n'
    line = '"{}";"M000352_1";"None";"{:>8}";"T001038";"2023JJ00";"BU{:08d}"\r\n'
    count = 720_000
    body = "".join(line.format(i, f"{i % 1000 / 10:.1f}", i % 10_000) for i in range(count))
    path = write(tmp_path, (header + body).encode())
    assert path.stat().st_size > 50_000_000
    calls = []
    started = time.perf_counter()
    table = read_statline_csv(path, progress=calls.append)
    assert time.perf_counter() - started < 30  # linear: a quadratic reader would take minutes
    assert len(table.rows) == count and table.problems == []
    assert table.rows["value"].iloc[-1] == (count - 1) % 1000 / 10
    assert calls[0] == 0.0 and calls[-1] == 1.0 and len(calls) > 10
    assert calls == sorted(calls) and all(0 <= c <= 1 for c in calls)


def test_progress_is_reported_at_start_and_end_of_a_small_file(tmp_path):
    calls = []
    read_statline_csv(write(tmp_path, WIDE.encode()), progress=calls.append)
    assert calls[0] == 0.0 and calls[-1] == 1.0 and calls == sorted(calls)


def refused(tmp_path, data: bytes) -> str:
    with pytest.raises(ImportFileError) as caught:
        read_statline_csv(write(tmp_path, data, "kapot.csv"))
    assert caught.value.problem.file == "kapot.csv"
    return str(caught.value)


@pytest.mark.parametrize("data", [
    b'"ID","RegioS","Perioden","Aantal_1"\r\n"0","GM0363  ","2023JJ00","   12"\r\n',
    SHOWN.replace('";"', '","').encode()])
def test_wrong_separator_is_refused_saying_so(tmp_path, data):
    message = refused(tmp_path, data)
    assert "ander scheidingsteken" in message and "komma" in message


@pytest.mark.parametrize("data", [
    b'"ID";"RegioS";"Perioden";"Aantal_1"\r\n"0";"GM0363  ;"2023JJ00";"   12"\r\n"1";"GM0599";"2023JJ00";"1"\r\n',
    b'"ID";"RegioS";"Perioden";"Aantal_1"\r\n"0";"GM0363";"2023JJ00";"   12\r\n"1";"GM0599";"2023JJ00";"1"\r\n',
    b'"ID";"RegioS";"Perioden";"Aantal_1"\r\n"0";"GM0363"x;"2023JJ00";"   12"\r\n'])
def test_broken_quoting_is_refused(tmp_path, data):
    assert "aanhalingsteken" in refused(tmp_path, data)


def test_a_row_with_too_many_fields_is_refused_with_its_line(tmp_path):
    data = WIDE.replace('"   56312";', '"   56312";"1";').encode()
    with pytest.raises(ImportFileError) as caught:
        read_statline_csv(write(tmp_path, data))
    assert caught.value.problem.row == 3 and "aantal velden" in str(caught.value)


def test_a_column_named_twice_is_refused(tmp_path):
    data = WIDE.replace('"Bevolkingsdichtheid_33"', '"AantalInwoners_5"').encode()
    with pytest.raises(ImportFileError) as caught:
        read_statline_csv(write(tmp_path, data))
    assert (caught.value.problem.row, caught.value.problem.column) == (1, "AantalInwoners_5")
    assert "twee keer" in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"\xef\xbb\xbf"])
def test_empty_file_is_refused(tmp_path, data):
    assert "leeg" in refused(tmp_path, data)


def test_unknown_encoding_and_binary_files_are_refused(tmp_path):
    assert "tekens" in refused(tmp_path, b'"ID";"RegioS"\r\n"\x81\x8d";"GM0363"\r\n')
    assert "binair" in refused(tmp_path, b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")
