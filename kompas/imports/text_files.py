"""Read a delimited text file (CBS StatLine CSV in each of its layouts, our template, any tidy table) into
a ``Sheet``: every cell as text, with the line it stands on.

Recognised by itself: the separator (';', ',', tab or '|'); UTF-8 with or without BOM, UTF-16, or
Windows-1252; a file whose every line is wrapped in quotes with the inner quotes doubled (repaired, with a
note); blank lines and a footer ("Bron: CBS"); a ';' at the end of every line; the older StatLine "table
as shown" (title row, blank row, header levels joined with '|', a unit row, footer). Numbers are not parsed
here: the plan parses every reader's cells the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from kompas.imports.decoding import decode
from kompas.imports.sheet import ImportFileError, Problem, Sheet, quoting_error
from kompas.imports.shown import read_shown

BLANKS = " \t\r\n\xa0\u202f"
SEPARATORS = (";", ",", "\t", "|")


def filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell.strip(BLANKS))


def read_text(path: Path, progress: Callable[[float], None] = lambda f: None, cur=None) -> Sheet:
    """Read ``path`` into a Sheet. Raises ``ImportFileError`` (Dutch, with the line) when it cannot.

    With a DuckDB cursor, a plain file (UTF-8, header on line 1, one record per line, no footer) is read by
    DuckDB's ``read_csv`` straight into temp table ``sheet``; anything else goes through Python's csv module."""
    file = path.name
    if cur is not None:
        fast = read_plain(cur, path)
        if fast is not None:
            progress(1.0)
            return fast
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(Problem(file, None, None, f"Het bestand kan niet worden geopend ({error}).")) from None
    text = decode(data, file)
    notes = []
    text, repaired = unwrap_quoted_lines(text)
    if repaired:
        notes.append(
            f"{file}: elke regel stond tussen aanhalingstekens (met dubbele aanhalingstekens erin); "
            "die zijn weggehaald en het bestand is zo gelezen."
        )
    progress(0.1)
    separator = sniff_separator(text, file)
    head = _peek(text, file, separator)
    shown = len(head) > 1 and filled(head[0]) == 1 and filled(head[1]) == 0 and separator == ";"
    if shown:
        sheet = read_shown(text, file)
    else:
        header_index = next((i for i, row in enumerate(head) if filled(row)), 0)
        sheet = _read_rows(text, file, separator, header_index, progress)
    sheet.dutch = separator == ";"
    sheet.notes = notes + sheet.notes
    progress(1.0)
    return sheet


def read_plain(cur, path: Path) -> Sheet | None:
    """The plain layout read by DuckDB into temp table ``sheet`` (c0…, line); None when the file needs more care."""
    from kompas.store.connection import DatabaseError

    with open(path, "rb") as handle:
        head = handle.read(200_000)
    if (
        head.startswith((b"\xff\xfe", b"\xfe\xff"))
        or b"\x00" in head[:4096]
        or len(head) < 200_000
        and path.stat().st_size < 1_000_000
    ):
        return None  # small files: the careful reader costs nothing
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:
            return None
        text = head[: error.start].decode("utf-8-sig")
    if unwrap_quoted_lines(text)[1]:
        return None
    try:
        separator = sniff_separator(text, path.name)
        rows = [row for _, row in zip(range(3), csv.reader(io.StringIO(text), delimiter=separator))]
    except (csv.Error, ImportFileError):
        return None
    if len(rows) < 2 or len(rows[1]) != len(rows[0]) or filled(rows[0]) != len(rows[0]):
        return None
    names = [h.strip(BLANKS) for h in rows[0]]
    if len(set(names)) != len(names):
        return None
    columns = "{" + ", ".join(f"'c{j}': 'VARCHAR'" for j in range(len(names))) + "}"
    every = ", ".join(f"coalesce(c{j}, '') AS c{j}" for j in range(len(names)))
    quoted = "'" + str(path).replace("'", "''") + "'"
    try:
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE sheet_cells AS SELECT {every} FROM read_csv({quoted}, "
            f"delim='{separator}', quote='\"', escape='\"', header=true, auto_detect=false, "
            f"columns={columns}, strict_mode=true, null_padding=false)"
        )
        count = cur.execute("SELECT count(*) FROM sheet_cells").fetchall()[0][0]
    except DatabaseError:
        return None
    if count == 0 or count != _line_count(path) - 1:
        return None  # blank lines, a footer or fields over several lines: line numbers need the careful reader
    cur.execute("CREATE OR REPLACE TEMP VIEW sheet AS SELECT *, (rowid + 2)::INTEGER AS line FROM sheet_cells")
    sample = cur.execute("SELECT * FROM sheet WHERE line < 2002 ORDER BY line").df()
    frame = sample.drop(columns="line")
    frame.columns = names
    return Sheet(path.name, frame, sample["line"].astype("int64"), separator == ";", in_duckdb=True)


def _line_count(path: Path) -> int:
    count, last = 0, b""
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 24), b""):
            count += block.count(b"\n")
            last = block
    return count + (0 if last.endswith(b"\n") else 1)


def unwrap_quoted_lines(text: str) -> tuple[str, bool]:
    """A file whose every non-blank line is one quoted field holding a whole row, inner quotes doubled:
    the rows themselves, and True. Anything else comes back unchanged, with False.

    >>> unwrap_quoted_lines('\"\"\"ID\"\";\"\"A_1\"\"\"\\n\"\"\"0\"\";\"\"1\"\"\"\\n')
    ('"ID";"A_1"\\n"0";"1"\\n', True)
    """
    lines = [line for line in text.splitlines() if line.strip(BLANKS)]
    if not lines or not all(
        line.strip(BLANKS).startswith('"') and line.strip(BLANKS).endswith('"') for line in lines[:50]
    ):
        return text, False
    try:
        fields = [next(csv.reader([line], delimiter=sep)) for line in lines[:50] for sep in SEPARATORS]
    except (csv.Error, StopIteration):
        return text, False
    if any(len(f) != 1 for f in fields) or not any(sep in lines[0][1:-1] for sep in SEPARATORS):
        return text, False
    out = []
    for line in text.splitlines():
        body = line.strip(BLANKS)
        out.append(body[1:-1].replace('""', '"') if len(body) >= 2 else body)
    return "\n".join(out) + "\n", True


def sniff_separator(text: str, file: str) -> str:
    """The separator that splits the first lines into the most columns (';' when equal)."""
    sample = [line for line in text[:200_000].splitlines()[:12] if line.strip(BLANKS)]
    best, width = ";", 1
    for sep in SEPARATORS:
        try:
            counts = [len(row) for row in csv.reader(sample, delimiter=sep)]
        except csv.Error:
            continue
        wide = max(counts) if counts else 1
        if wide > width:
            best, width = sep, wide
    if width == 1:
        raise ImportFileError(
            Problem(
                file,
                1,
                None,
                "Het bestand heeft maar één kolom. Een tabel heeft kolommen "
                "gescheiden door ';' of ','. Download de tabel opnieuw als CSV.",
            )
        )
    return best


def _peek(text: str, file: str, separator: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text[:200_000]), delimiter=separator)
    try:
        return [row for _, row in zip(range(12), reader)]
    except csv.Error:
        raise quoting_error(file, reader.line_num) from None


def _read_rows(text: str, file: str, separator: str, skip: int, progress) -> Sheet:
    """The header at record ``skip``, then data rows of the same width; short rows only in a footer."""
    reader = csv.reader(io.StringIO(text), delimiter=separator, strict=True)
    rows, lines = [], []
    header: list[str] | None = None
    total = max(text.count("\n"), 1)
    footer_from = 0
    try:
        for number, row in enumerate(reader):
            if number < skip:
                continue
            if header is None:
                header = row
                continue
            if len(row) == len(header):
                if footer_from and filled(row):
                    raise ImportFileError(_width_problem(file, footer_from, len(header)))
                if filled(row):
                    rows.append(row)
                    lines.append(reader.line_num)
            elif filled(row) <= 1:
                footer_from = footer_from or (reader.line_num if filled(row) else 0)
            else:
                raise ImportFileError(_width_problem(file, reader.line_num, len(header)))
            if number % 100_000 == 0:
                progress(0.1 + 0.8 * min(reader.line_num / total, 1.0))
    except csv.Error:
        raise quoting_error(file, reader.line_num) from None
    header = header or []
    names = [h.strip(BLANKS) or f"Kolom {j + 1}" for j, h in enumerate(header)]
    if twice := next((n for n in names if names.count(n) > 1), None):
        raise ImportFileError(
            Problem(
                file,
                skip + 1,
                twice,
                "deze kolom staat twee keer in de kopregel. Geef "
                "elke kolom een eigen naam, of download het bestand opnieuw.",
            )
        )
    frame = pd.DataFrame(rows, columns=names, dtype=object) if rows else pd.DataFrame(columns=names, dtype=object)
    unnamed = [n for n, h in zip(names, header) if not h.strip(BLANKS) and frame[n].eq("").all()]
    frame = frame.drop(columns=unnamed)  # from a separator at the end of every line
    return Sheet(file, frame.reset_index(drop=True), pd.Series(lines, dtype="int64"))


def _width_problem(file: str, line: int, width: int) -> Problem:
    return Problem(
        file,
        line,
        None,
        f"Deze regel heeft een ander aantal velden dan de kopregel ({width}). "
        'Meestal klopt er een aanhalingsteken (") niet of staat er een scheidingsteken te veel of te '
        "weinig; controleer de regel of download het bestand opnieuw.",
    )
