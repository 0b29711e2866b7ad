"""Excel sheets read as the user sees them: percentage cells ×100, dates, row numbers as Excel shows."""

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kompas.imports.excel_cells import read_sheet
from kompas.imports.source import ImportFileError
from kompas.imports.template import read_template

CASE_14 = Path(__file__).parents[1] / "cases" / "imports" / "14-excel-percentage-cells" / "input.xlsx"


def test_percentage_cells_are_read_as_shown_case_14():
    sheet = read_sheet(CASE_14)
    total = sheet.values.loc[2]
    assert (total["area_code"], total["value"], total["n"]) == ("GM9999", 81.5, 640)
    assert (total["ci_low"], total["ci_high"]) == (78.5, 84.5)
    assert sheet.percent.loc[2, ["value", "ci_low", "ci_high"]].all()
    assert not sheet.percent.loc[2, ["n", "area_code"]].any()
    assert sheet.text().loc[3, ["value", "ci_low", "n"]].tolist() == ["77.2", "69", "102"]
    assert "0.815" not in sheet.text().to_string()
    note = sheet.percent_note()
    assert "6 cel(len) in kolom value, ci_low, ci_high" in note and "81,5% als 81,5" in note
    assert sheet.percent_note(["n", "area_code"]) is None


def workbook(path, rows, formats=(), start_row=1, sheets=()):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Cijfers"
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(start_row + offset, column, value)
    for coordinate, number_format in formats:
        sheet[coordinate].number_format = number_format
    for title in sheets:
        book.create_sheet(title).append(["anders"])
    book.save(path)
    return path


def test_formats_dates_and_literal_percent_signs(tmp_path):
    path = workbook(
        tmp_path / "f.xlsx",
        [
            ["datum", "aandeel", "tekst_pct", "rood", "getal"],
            [dt.datetime(2026, 3, 1), 0.5, 12.5, -0.0125, 1250],
            [dt.datetime(2026, 3, 1, 14, 30), 1, 7, 0.3333, 1.25],
        ],
        formats=[
            ("A2", "dd-mm-yyyy"),
            ("A3", "dd-mm-yyyy hh:mm"),
            ("B2", "0%"),
            ("B3", "0%"),
            ("C2", '0.0" %"'),
            ("C3", "0\\%"),
            ("D2", "0.00%;[Red]-0.00%"),
            ("D3", "0.00%"),
            ("E2", "#,##0"),
            ("E3", "0.00"),
        ],
    )
    sheet = read_sheet(path)
    assert sheet.values.loc[2].tolist() == [dt.date(2026, 3, 1), 50.0, 12.5, -1.25, 1250]
    assert sheet.values.loc[3].tolist() == [dt.datetime(2026, 3, 1, 14, 30), 100.0, 7, 33.33, 1.25]
    assert sheet.percent.loc[2].tolist() == [False, True, False, True, False]
    assert sheet.text().loc[2].tolist() == ["2026-03-01", "50", "12.5", "-1.25", "1250"]
    assert sheet.text().loc[3, "datum"] == "2026-03-01 14:30:00"


def test_row_numbers_are_the_ones_excel_shows(tmp_path):
    path = workbook(
        tmp_path / "r.xlsx",
        [
            ["wijk", "", "antwoord", "antwoord"],
            ["WK01", "x", "ja", "nee"],
            [None, None, None, None],
            ["WK02", None, "nee", "ja"],
        ],
        start_row=3,
        sheets=["Toelichting"],
    )
    sheet = read_sheet(path)
    assert sheet.header_row == 3
    assert sheet.columns == ["wijk", "B", "antwoord", "antwoord (2)"]
    assert list(sheet.values.index) == [4, 5, 6]
    assert sheet.values.loc[6, "antwoord (2)"] == "ja"
    assert sheet.text().loc[5].tolist() == ["", "", "", ""]
    assert sheet.other_sheets == ["Toelichting"]
    assert read_sheet(path, sheet="Toelichting").columns == ["anders"]
    assert list(read_sheet(path, max_rows=1).values.index) == [4]


def test_trailing_formatted_empty_rows_are_dropped(tmp_path):
    path = workbook(tmp_path / "t.xlsx", [["v"], [1], [2]], formats=[("A9", "0%"), ("A10", "0.0")])
    assert list(read_sheet(path).values.index) == [2, 3]


def test_a_wrong_stated_dimension_does_not_cut_rows(tmp_path):
    source = workbook(tmp_path / "d.xlsx", [["v"]] + [[i] for i in range(5)])
    target = tmp_path / "wrong.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                assert b'<dimension ref="A1:A6"/>' in data
                data = data.replace(b'<dimension ref="A1:A6"/>', b'<dimension ref="A1"/>')
            new.writestr(item, data)
    assert read_sheet(target).values["v"].tolist() == [0, 1, 2, 3, 4]


def test_unreadable_files_give_a_dutch_sentence(tmp_path):
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(b"dit is geen Excel-bestand")
    with pytest.raises(ImportFileError, match="niet te lezen als Excel-werkmap"):
        read_sheet(broken)
    old = tmp_path / "oud.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 oud formaat")
    with pytest.raises(ImportFileError, match="sla het op als .xlsx"):
        read_sheet(old)
    path = workbook(tmp_path / "w.xlsx", [["v"], [1]])
    with pytest.raises(ImportFileError, match="Werkblad 'Data' bestaat niet. Werkbladen in dit bestand: Cijfers"):
        read_sheet(path, sheet="Data")
    empty = workbook(tmp_path / "leeg.xlsx", [])
    with pytest.raises(ImportFileError, match="Werkblad 'Cijfers' is leeg"):
        read_sheet(empty)


def test_template_reads_percentage_cells_as_shown_case_14():
    table = read_template(CASE_14)
    total = table.rows[table.rows["region"] == "GM9999"].iloc[0]
    assert (total["measure"], total["value"], total["n"]) == ("weet_melden", 81.5, 640)
    assert (total["ci_low"], total["ci_high"], total["row"]) == (78.5, 84.5, 2)
    assert 0.815 not in table.rows["value"].tolist()
    assert any("opgemaakt als percentage" in note for note in table.notes)


def test_template_problems_name_the_row_excel_shows(tmp_path):
    header = ["indicator", "wave", "area_code", "group_factor", "group_value", "value", "n", "ci_low", "ci_high"]
    good = ["weet_melden", "Inwonerspanel 2026", "GM9999", "totaal", "totaal", 0.5, 640, None, None]
    path = workbook(
        tmp_path / "sjabloon.xlsx", [header, good, [None] * 9, good[:5] + ["veel", 10, None, None]], start_row=2
    )
    table = read_template(path)
    assert [(p.row, p.column) for p in table.problems] == [(5, "value")]
    assert table.rows["row"].tolist() == [3] and table.rows["value"].tolist() == [0.5]
    assert table.notes == []
