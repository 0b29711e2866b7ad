"""Bounded input: files too big to read safely are refused before any parser reads them."""

import time
import zipfile

import pandas as pd
import pytest

from kompas.domain.errors import KompasError
from kompas.domain.input_limits import DEFAULT_LIMITS, InputTooLargeError, Limits, check_file


def test_a_million_columns_is_refused_at_once(tmp_path):
    path = tmp_path / "breed.csv"
    path.write_text(",".join(f"k{i}" for i in range(1_000_000)) + "\n1\n")
    started = time.perf_counter()
    with pytest.raises(InputTooLargeError, match="breed.csv: de eerste regel heeft .* kolommen") as caught:
        check_file(path)
    assert time.perf_counter() - started < 2
    assert caught.value.what == "max_columns" and isinstance(caught.value, KompasError)
    assert "niets ingelezen" in str(caught.value)


def test_a_zip_bomb_dressed_as_xlsx_is_refused_without_unpacking(tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            zeros = b"0" * (1 << 20)
            for _ in range(64):  # 64 MB of zeros packs into well under 1 MB
                member.write(zeros)
    assert path.stat().st_size < 1 << 20
    started = time.perf_counter()
    with pytest.raises(InputTooLargeError, match="zip-bom") as caught:
        check_file(path)
    assert time.perf_counter() - started < 1 and caught.value.what == "max_ratio"


def test_total_unpacked_size_and_member_count_are_bounded(tmp_path):
    path = tmp_path / "groot.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for i in range(5):
            archive.writestr(f"deel{i}.csv", b"x" * 1000)
    with pytest.raises(InputTooLargeError, match="uitgepakt is het") as caught:
        check_file(path, Limits(max_uncompressed_bytes=4000))
    assert caught.value.what == "max_uncompressed_bytes"
    with pytest.raises(InputTooLargeError, match="5 bestanden"):
        check_file(path, Limits(max_members=4))
    check_file(path)  # within the defaults


def test_long_lines_and_cells_are_refused_with_their_line_number(tmp_path):
    long_cell = tmp_path / "cel.csv"
    long_cell.write_text("a;b\n1;2\n3;" + "x" * (DEFAULT_LIMITS.max_cell_chars + 1) + "\n")
    with pytest.raises(InputTooLargeError, match="regel 3 heeft een cel van 32768 tekens"):
        check_file(long_cell)
    many_short_cells = tmp_path / "veel.csv"  # a long line of short cells is not a long cell
    many_short_cells.write_text("a;b\n" + ";".join(["12345"] * 1500) + "\n")
    check_file(many_short_cells, Limits(max_columns=2))
    long_line = tmp_path / "regel.csv"
    long_line.write_bytes(b"a;b\n" + b"y" * (2 << 20))
    with pytest.raises(InputTooLargeError, match="regel 2 is langer dan 1,0 MB"):
        check_file(long_line)


def test_ordinary_files_pass(tmp_path):
    frame = pd.DataFrame({"indicator": ["thuis"] * 500, "wave": ["2025"] * 500, "value": range(500)})
    frame.to_excel(tmp_path / "sjabloon.xlsx", index=False)
    frame.to_csv(tmp_path / "sjabloon.csv", index=False, sep=";")
    for name in ("sjabloon.xlsx", "sjabloon.csv"):
        assert check_file(tmp_path / name) is None
    check_file(tmp_path / "bestaat-niet.csv")  # the reader that follows names a missing file


def test_a_big_file_is_refused_by_its_size(tmp_path):
    path = tmp_path / "enorm.sav"
    path.write_bytes(b"\0" * 2048)
    with pytest.raises(InputTooLargeError, match="enorm.sav: het bestand is"):
        check_file(path, Limits(max_file_bytes=1024))
