"""Read a respondent-level file (CSV, Excel, SPSS .sav) into text columns, one row per respondent.

What a file holds beside the respondents is taken out here, and said in ``notes``:
- survey platforms (Qualtrics, and others in the same way) put extra header rows under the column
  names: the question text, and import ids such as ``{"ImportId":"QID1"}``. A row directly under the
  header is skipped as such when most of its filled cells are header-like: a JSON object, the column's
  own name, or a text found nowhere below in its column that does not fit the column (not a number in
  a column of numbers, one label repeated across the row like SurveyMonkey's 'Response', or longer
  than every answer in a column of text). At most three such rows, directly under the header; a cell
  holding one of the answers the mapping names marks a respondent, never a header row.
- SPSS declared missing values (discrete user-missing values and ranges; IBM SPSS Statistics,
  "MISSING VALUES") count as empty, as SPSS itself treats them.
Row numbers are those the user sees: in a CSV opened in Excel and in a sheet the header is row 1
(Excel: the row number of the sheet), skipped header rows included; in SPSS the case number.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kompas.imports.decoding import decode
from kompas.imports.excel_cells import EXCEL_SUFFIXES, read_sheet
from kompas.imports.source import ImportFileError, Problem

MAX_HEADER_ROWS = 3  # Qualtrics writes two; no platform we know writes more
_SAMPLE = 2000  # data rows a candidate header row is compared with
_NUMBER = r"\s*-?\d+(?:[.,]\d+)?\s*"


@dataclass
class Respondents:
    """The wanted columns as text ('' when empty), indexed by the row number the user sees.

    ``codes`` holds what the file stores, ``labels`` the SPSS value label where there is one (else the
    code); ``titles`` the SPSS variable labels; ``notes`` Dutch sentences on what was skipped.
    """

    codes: pd.DataFrame
    labels: pd.DataFrame
    titles: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def read_respondents(path: Path, wanted: list[str], answers: dict[str, set[str]] | None = None) -> Respondents:
    """Read the ``wanted`` columns of ``path``; ``answers`` (column → casefolded answers the mapping
    names) guard respondents against being taken for header rows.

    Raises ``ImportFileError`` when the file is missing, empty, unreadable, of an unknown type,
    lacks a wanted column, or holds no respondents.
    """
    name = path.name
    if not path.exists():
        raise ImportFileError(Problem(name, None, None, "Het bestand bestaat niet (meer)."))
    if path.stat().st_size == 0:
        raise ImportFileError(Problem(name, None, None, "Het bestand is leeg."))
    suffix = path.suffix.lower()
    value_labels: dict = {}
    titles: dict = {}
    notes: list[str] = []
    try:
        if suffix == ".sav":
            frame, value_labels, titles, notes = _read_sav(path, wanted)
        elif suffix in EXCEL_SUFFIXES:
            sheet = read_sheet(path)
            frame = sheet.text()
            notes += [n for n in [sheet.percent_note([c for c in wanted if c in sheet.columns])] if n]
        elif suffix in (".csv", ".txt"):
            frame = _read_csv(path, name)
        else:
            raise ImportFileError(
                Problem(
                    name,
                    None,
                    None,
                    f"Bestandstype '{suffix}' ken ik niet. Lever een .csv, .xlsx of SPSS .sav-bestand aan.",
                )
            )
    except ImportFileError:
        raise
    except Exception as error:  # every reader has its own exceptions; the user needs one sentence
        raise ImportFileError(
            Problem(
                name,
                None,
                None,
                "Het bestand is niet te lezen als "
                f"{suffix.lstrip('.')}-bestand ({type(error).__name__}). "
                "Controleer of het niet beschadigd of versleuteld is.",
            )
        ) from error
    frame.columns = [text(c) for c in frame.columns]
    missing = [c for c in dict.fromkeys(wanted) if c not in frame.columns]
    if missing:
        raise ImportFileError(
            Problem(
                name,
                None,
                missing[0],
                f"Kolom {', '.join(map(repr, missing))} "
                f"staat niet in het bestand. Wel aanwezig: "
                f"{', '.join(map(str, frame.columns))}.",
            )
        )
    if suffix != ".sav":
        top = _as_text(frame.head(MAX_HEADER_ROWS + _SAMPLE))
        skipped, note = _platform_header_rows(top, name, answers or {})
        frame = frame.drop(index=skipped)
        notes += [note] if note else []
    codes = _as_text(frame[list(dict.fromkeys(wanted))])
    codes = codes[(codes != "").any(axis=1)]
    if codes.empty:
        raise ImportFileError(Problem(name, None, None, "Het bestand bevat geen respondenten."))
    labels = codes.copy()
    for column, mapping in value_labels.items():
        if column in labels:
            by_code = {text(k): text(v) for k, v in mapping.items()}
            labels[column] = codes[column].map(by_code).fillna(codes[column])
    return Respondents(codes, labels, titles, notes)


def text(value) -> str:
    """A cell as stripped text: '' for empty or NaN, 3.0 → '3'."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u00a0", " ").strip()


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(lambda s: s.map(text) if s.dtype != "str" else s.fillna("").str.strip())


def _read_csv(path: Path, name: str) -> pd.DataFrame:
    data = decode(path.read_bytes(), name)
    header = data.lstrip("\r\n").split("\n", 1)[0]
    separator = max((";", ",", "\t"), key=header.count)
    frame = pd.read_csv(io.StringIO(data), sep=separator, dtype=str, keep_default_na=False, skip_blank_lines=False)
    frame.index = frame.index + 2  # the header is row 1, as Excel shows the file
    return frame


def _read_sav(path: Path, wanted: list[str]):
    import pyreadstat

    _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    if any(c not in meta.column_names for c in wanted):
        return pd.DataFrame(columns=meta.column_names), {}, {}, []
    frame, meta = pyreadstat.read_sav(str(path), usecols=list(dict.fromkeys(wanted)), user_missing=True)
    frame.index = frame.index + 1  # case numbers, as SPSS shows them
    notes = []
    for column, ranges in (meta.missing_ranges or {}).items():
        declared = _declared_missing(frame[column], ranges)
        if declared.any():
            notes.append(
                _declared_note(path.name, column, frame[column][declared], meta.variable_value_labels.get(column, {}))
            )
            frame[column] = frame[column].mask(declared)
    return frame, meta.variable_value_labels, dict(meta.column_names_to_labels), notes


def _declared_missing(values: pd.Series, ranges: list[dict]) -> pd.Series:
    """True where a value is one of SPSS's declared missing values ({'lo', 'hi'}; lo == hi: one value)."""
    declared = pd.Series(False, index=values.index)
    for bounds in ranges:
        low, high = bounds["lo"], bounds["hi"]
        if isinstance(low, str):  # string variables: discrete values only, compared without padding
            declared |= values.fillna("").astype(str).str.strip().between(low.strip(), high.strip())
        else:
            declared |= pd.to_numeric(values, errors="coerce").between(low, high)
    return declared


def _declared_note(file: str, column: str, values: pd.Series, labels: dict) -> str:
    by_code = {text(k): text(v) for k, v in labels.items()}
    counts = values.map(text).value_counts()
    parts = [
        f"{code} '{by_code[code]}': {count}" if code in by_code else f"{code}: {count}"
        for code, count in counts.items()
    ]
    return (
        f"{file}, kolom {column}: {int(counts.sum())} antwoord(en) zijn in het SPSS-bestand gedeclareerd als "
        f"ontbrekend ({'; '.join(parts)}); ze tellen als leeg, zoals in SPSS."
    )


def _platform_header_rows(top: pd.DataFrame, name: str, answers: dict[str, set[str]]):
    """The row numbers of platform header rows at the top of ``top``, and a note saying so."""
    data = top[(top != "").any(axis=1)]
    skipped, kinds = [], set()
    for row in data.index[:MAX_HEADER_ROWS]:
        kind = _header_row_kind(data.loc[row], data.loc[data.index > row], answers)
        if kind is None:
            break
        skipped.append(row)
        kinds.add(kind)
    if not skipped:
        return [], None
    rows = str(skipped[-1]) if len(skipped) == 1 else f"{', '.join(map(str, skipped[:-1]))} en {skipped[-1]}"
    what = ", ".join(k for k in ("vraagtekst", "import-id's") if k in kinds)
    return skipped, (
        f"{name}: rij {rows} onder de kolomnamen "
        f"{'zijn kopregels' if len(skipped) > 1 else 'is een kopregel'} van het enquêteplatform "
        f"({what}), geen respondenten; overgeslagen."
    )


def _header_row_kind(cells: pd.Series, below: pd.DataFrame, answers: dict[str, set[str]]) -> str | None:
    """'import-id's' or 'vraagtekst' when most filled cells are header-like, else None."""
    filled = cells[cells != ""]
    if filled.empty or any(cells.get(c, "").casefold() in known for c, known in answers.items()):
        return None
    ids = sum(_is_json_object(v) for v in filled)
    repeated = filled.duplicated(keep=False)  # one label across columns, like 'Response'
    questions = sum(_reads_as_title(v, c, below[c], repeated[c]) for c, v in filled.items() if not _is_json_object(v))
    if 2 * (ids + questions) <= len(filled):
        return None
    return "import-id's" if ids >= questions else "vraagtekst"


def _is_json_object(value: str) -> bool:
    if not (value.startswith("{") and value.endswith("}")):
        return False
    try:
        return isinstance(json.loads(value), dict)
    except ValueError:
        return False


def _reads_as_title(value: str, column: str, below: pd.Series, repeated: bool) -> bool:
    """A cell that names its column rather than answering it."""

    def squeeze(s: str) -> str:
        return "".join(ch for ch in s.casefold() if ch.isalnum())

    if squeeze(value) == squeeze(column):
        return True
    others = below[below != ""]
    if others.empty or (others == value).any():
        return False
    if repeated or others.str.fullmatch(_NUMBER).mean() > 0.9:  # text atop a column of numbers is a title
        return not pd.Series([value]).str.fullmatch(_NUMBER).iloc[0]
    return " " in value and len(value) > others.str.len().max()
