"""Formula cells (CSV injection): text that starts like a formula reaches CSV and XLSX as text."""

import csv
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kompas.analysis import compare
from kompas.cli.main import main
from kompas.domain.safe_cells import FORMULA_STARTS, safe_cell, safe_frame
from kompas.reports import compare_export
from kompas.store.connection import Store

CASE = Path(__file__).parents[1] / "cases" / "security" / "formula-cells.csv"
HYPERLINK = '=HYPERLINK("http://127.0.0.1:9/x","Meting 2026")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0 2026"


@pytest.mark.parametrize("text", ["=1+1", "+31 6 1234", "-2+3", "@SUM(A1)", "\tx", "\rx", HYPERLINK])
def test_text_starting_like_a_formula_becomes_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Meting 2025", "", " =1", "a=b", 12, -3.5, 0.0, None, True])
def test_other_values_stay_as_they_are(value):
    assert safe_cell(value) is value


def test_frame_escapes_text_and_keeps_numbers_and_the_input():
    frame = pd.DataFrame({"label": ["=1+1", "gewoon", None], "value": [-1.5, 2.0, -3.0], "n": [10, 20, 30]})
    out = safe_frame(frame)
    assert list(out["label"][:2]) == ["'=1+1", "gewoon"] and pd.isna(out["label"][2])
    assert list(out["value"]) == [-1.5, 2.0, -3.0] and out["value"].dtype == frame["value"].dtype
    assert list(out["n"]) == [10, 20, 30]
    assert frame["label"][0] == "=1+1"  # the caller's frame is not changed
    assert list(safe_frame(pd.DataFrame(columns=["=kop"])).columns) == ["'=kop"]


@pytest.fixture(scope="module")
def with_formula_waves(tmp_path_factory, demo_db):
    """The demo store after importing the security case (its good rows; one row is refused)."""
    folder = tmp_path_factory.mktemp("formula")
    target = folder / "kompas.duckdb"
    target.write_bytes(Path(demo_db).read_bytes())
    source = folder / CASE.name
    source.write_bytes(CASE.read_bytes())
    assert main(["import", str(source), "--db", str(target), "--valid-only"]) == 0
    return target


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_comparison_export_writes_imported_formula_labels_as_text(with_formula_waves, tmp_path, suffix):
    with Store(with_formula_waves).as_system("tests") as store:
        table = compare.compare_waves(store, "GGD Gezondheidsmonitor 2024", HYPERLINK)
        assert not table.empty
        path = compare_export.export(table, tmp_path / f"vergelijking{suffix}")
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            cells = [cell for row in csv.reader(handle, delimiter=";") for cell in row]
    else:
        book = openpyxl.load_workbook(path)
        everything = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in everything)  # no live formula anywhere
        cells = [cell.value for cell in everything if isinstance(cell.value, str)]
    assert "'" + HYPERLINK in cells
    numbers = re.compile(r"^-\d+(,\d+)?$")  # a negative number is written as a number, not escaped
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS) and not numbers.match(cell)]
    if suffix == ".xlsx":  # numbers stay numbers, negative ones included
        sheet = openpyxl.load_workbook(path)["Vergelijking"]
        headers = [c.value for c in sheet[1]]
        diffs = [r[headers.index("Verschil")] for r in sheet.iter_rows(min_row=2, values_only=True)]
        assert all(isinstance(d, (int, float)) for d in diffs if d is not None)
