"""One reader per kind of file; each fills the staging table (``kompas.imports.staging``).

- CSV/text (``text_files``): CBS StatLine wide, long and "table as shown" layouts, the OData v4 bulk
  ``Observations.csv`` (with the ``*Codes.csv`` files beside it), our template, any tidy table;
- Excel (.xlsx/.xlsm): cells as Excel shows them (``kompas.imports.excel_cells``): template or tidy table;
- CBS OData JSON (TypedDataSet + DataProperties);
- respondent files (CSV, Excel, SPSS .sav) with a ``survey:`` mapping: aggregated by
  ``kompas.imports.survey`` first; only the aggregates reach the staging table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from kompas.domain.errors import KompasError
from kompas.imports import layout
from kompas.imports.decoding import decode
from kompas.imports.regions import letters, region_level
from kompas.imports.sheet import ImportFileError, Problem, Role, Sheet
from kompas.imports.source import MeasureInfo
from kompas.imports.staging import TEMPLATE, Stage, stage_long, stage_rows, stage_template, stage_wide
from kompas.imports.text_files import read_text
from kompas.store.mapping import Mapping

SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".json", ".sav")


def read_into_staging(cur, path: Path, mapping: Mapping, progress: Callable[[float], None]) -> Stage:
    """Read ``path`` with the reader its format needs and fill temp table ``staging`` in ``cur``.

    Raises ``KompasError`` (Dutch) when the file cannot be read at all."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise KompasError(
            f"{path.name}: dit soort bestand kan Kwaliteitskompas niet inlezen. Gebruik CSV, Excel "
            "(.xlsx), CBS OData (.json) of SPSS (.sav)."
        )
    try:
        if mapping.survey or suffix == ".sav":
            return _survey(cur, path, mapping, progress)
        if suffix == ".json":
            sheet = read_odata_json(path)
        elif suffix in (".xlsx", ".xlsm"):
            sheet = read_excel(path)
        else:
            sheet = read_text(path, progress, cur)
            if "observations" in path.stem.casefold():
                sheet.folder = path.parent
        return stage_sheet(cur, sheet, mapping)
    except ImportFileError as error:
        raise KompasError(str(error)) from None


def stage_sheet(cur, sheet: Sheet, mapping: Mapping) -> Stage:
    """A sheet of any layout into ``staging``: template, long (Measure/Value) or wide."""
    headers = [str(h).strip().casefold() for h in sheet.frame.columns]
    if headers == TEMPLATE:
        return stage_template(cur, sheet)
    if sheet.roles is not None:
        return stage_wide(cur, sheet, sheet.roles)
    if {"measure", "value"} <= set(headers):
        _long_roles(sheet)
        return stage_long(cur, sheet, sheet.roles)
    return stage_wide(cur, sheet, layout.roles(sheet, mapping))


def read_excel(path: Path) -> Sheet:
    """The first sheet of a workbook, each cell as Excel shows it (a 81,5% cell is 81.5)."""
    from kompas.imports.excel_cells import read_sheet

    table = read_sheet(path)
    frame = table.text()
    sheet = Sheet(path.name, frame.reset_index(drop=True), pd.Series(frame.index, dtype="int64"), dutch=False)
    if note := table.percent_note():
        sheet.notes.append(note)
    return sheet


def _long_roles(sheet: Sheet) -> None:
    """Roles of a long sheet; the ``*Codes.csv`` files beside an OData v4 ``Observations.csv`` add titles,
    units and which periods are provisional (a Status column saying 'Voorlopig')."""
    lower = {h.casefold(): h for h in sheet.frame.columns}
    sheet.long = {"measure": lower["measure"], "value": lower["value"]}
    if "valueattribute" in lower:
        sheet.long["attribute"] = lower["valueattribute"]
    skip = set(sheet.long.values()) | {
        lower.get(k) for k in ("id", "measuretitle", "title", "measureunit", "unit", "stringvalue")
    }
    roles = {}
    for h in sheet.frame.columns:
        if h in skip:
            continue
        is_region, level = region_level(h)
        if is_region:
            roles[h] = Role("region", h, level)
        elif letters(h) in layout.PERIOD_HEADERS:
            roles[h] = Role("period", h)
        else:
            roles[h] = Role("dim", h)
    if not any(r.kind == "region" for r in roles.values()):
        raise ImportFileError(
            Problem(
                sheet.file,
                1,
                None,
                "Geen kolom met gebieden gevonden (zoals "
                "WijkenEnBuurten, RegioS of Regions). Zet in het koppelbestand welke kolom "
                "het gebied is:  columns: {region: <kolom>}.",
            )
        )
    sheet.roles = {**{h: Role("measure", h) for h in sheet.long.values()}, **roles}
    if sheet.folder:
        _codes_beside(sheet, Path(sheet.folder))


def _codes_beside(sheet: Sheet, folder: Path) -> None:
    for codes in sorted(folder.glob("*Codes.csv")):
        try:
            table = read_text(codes)
        except ImportFileError:
            continue
        columns = {c.casefold(): c for c in table.frame.columns}
        if "identifier" not in columns:
            continue
        ids = table.frame[columns["identifier"]].astype(str).str.strip()
        if "status" in columns:
            status = table.frame[columns["status"]].astype(str).str.strip().str.casefold()
            sheet.provisional_periods |= set(ids[status.str.startswith(("voorlopig", "provisional", "nader"))])
        if codes.name.casefold().startswith("measure") and "title" in columns:
            units = table.frame[columns["unit"]] if "unit" in columns else pd.Series("", index=ids.index)
            for key, title, unit in zip(ids, table.frame[columns["title"]], units):
                sheet.measures[key] = MeasureInfo(str(title).strip(), str(unit).strip())
        sheet.notes.append(f"Codelijst {codes.name} gelezen.")


def _survey(cur, path: Path, mapping: Mapping, progress) -> Stage:
    """Respondent rows aggregated to weighted percentages per area and group (never stored themselves)."""
    if not mapping.survey:
        raise KompasError(
            f"{path.name}: voor een bestand met antwoorden per respondent is een koppelbestand "
            "met 'survey:' nodig (welke vraag, welke antwoorden tellen, weging, groepen)."
        )
    from kompas.imports.survey import aggregate_survey

    options = dict(mapping.survey)
    options["positive"] = list(options["positive"])
    try:
        table = aggregate_survey(path, progress=progress, **options)
    except ValueError as error:
        raise KompasError(f"{path.name}: {error}") from None
    rows = table.rows
    dims = [c[4:] for c in rows.columns if c.startswith("dim:")]
    parts = []
    for column, part in (("value", "value"), ("n", "n"), ("ci_low", "low"), ("ci_high", "high"), ("se", "se")):
        if column not in rows:
            continue
        numbers = rows[column].astype(float)
        raw = numbers.map(lambda v: "" if np.isnan(v) else repr(float(v)))
        if column == "value":
            raw = raw.where(rows["marker"].fillna("") == "", rows["marker"].fillna(""))
        part_rows = pd.DataFrame(
            {
                "line": rows["row"],
                "region": rows["region"].astype(str),
                "level": None,
                "period": rows["period"].fillna(""),
                "measure": rows["measure"],
                "part": part,
                "raw": raw,
                **{f"d{i}": rows[f"dim:{d}"] for i, d in enumerate(dims)},
            }
        )
        parts.append(part_rows if column == "value" else part_rows[numbers.notna()])
    stage = stage_rows(
        cur,
        path.name,
        pd.concat(parts, ignore_index=True),
        dims,
        direct=False,
        dutch=False,
        region_column=options.get("area") or "gebied",
        notes=table.notes,
        problems=table.problems,
    )
    stage.info = dict(table.measures)
    return stage


_ODATA_ROLES = {"TimeDimension": "period", "GeoDimension": "region", "Dimension": "dim", "GeoDetail": "dim"}
_SAVE_HINT = (
    "Sla de tabel op uit de CBS-API met zowel TypedDataSet als DataProperties in één "
    'JSON-object, bijvoorbeeld {"TypedDataSet": [...], "DataProperties": [...]}.'
)


def read_odata_json(path: Path) -> Sheet:
    """CBS OData JSON (``TypedDataSet`` rows plus ``DataProperties``; also the API's ``{"value": [...]}``).
    Row numbers are positions in TypedDataSet (1-based)."""
    file = path.name
    try:
        document = json.loads(decode(path.read_bytes(), file))
    except json.JSONDecodeError as error:
        raise ImportFileError(
            Problem(
                file,
                None,
                None,
                f"Het bestand is geen geldige JSON: op regel {error.lineno}, teken {error.colno} "
                f"klopt de opmaak niet. Is het bestand volledig opgeslagen? {_SAVE_HINT}",
            )
        ) from None
    if not isinstance(document, dict):
        raise ImportFileError(Problem(file, None, None, f"Het bestand bevat geen JSON-object. {_SAVE_HINT}"))
    records = _unwrap(document.get("TypedDataSet", document.get("value")))
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportFileError(
            Problem(file, None, None, f"In dit bestand staat geen TypedDataSet (een lijst met rijen). {_SAVE_HINT}")
        )
    if not records:
        raise ImportFileError(
            Problem(
                file,
                None,
                None,
                "De TypedDataSet in dit bestand is leeg: er staan "
                "geen rijen in. Sla de tabel opnieuw op uit de CBS-API.",
            )
        )
    properties = _unwrap(document.get("DataProperties"))
    if not isinstance(properties, list) or not properties:
        raise ImportFileError(
            Problem(
                file,
                None,
                None,
                "In dit bestand staan geen DataProperties, dus is niet te zien welke velden "
                f"cijfers zijn en wat hun titel en eenheid is. {_SAVE_HINT}",
            )
        )
    keys = set().union(*(record.keys() for record in records))
    roles, measures = {}, {}
    for prop in properties:
        if not isinstance(prop, dict) or prop.get("Key") not in keys:
            continue
        key, kind = prop["Key"], prop.get("Type", "")
        if kind == "Topic" and str(prop.get("Datatype", "")).casefold() == "string":
            roles[key] = Role("label", key)
        elif kind == "Topic":
            roles[key] = Role("measure", key)
            measures[key] = MeasureInfo(str(prop.get("Title") or key).strip(), str(prop.get("Unit") or "").strip())
        elif kind == "GeoDimension":
            roles[key] = Role("region", key, region_level(key)[1])
        elif kind in _ODATA_ROLES:
            roles[key] = Role(_ODATA_ROLES[kind], key)
    if not measures:
        raise ImportFileError(
            Problem(
                file,
                None,
                None,
                "Geen van de onderwerpen (Type 'Topic') uit DataProperties staat in de "
                f"TypedDataSet, dus er zijn geen cijfers te lezen. {_SAVE_HINT}",
            )
        )
    if not any(r.kind == "region" for r in roles.values()):
        raise ImportFileError(
            Problem(
                file,
                None,
                None,
                "In DataProperties staat geen GeoDimension: welke kolom het gebied is, is niet te zien.",
            )
        )
    text = pd.DataFrame(
        [[_json_text(record.get(key)) for key in roles] for record in records], columns=list(roles), dtype=object
    )
    return Sheet(file, text, pd.Series(np.arange(len(records)) + 1, dtype="int64"), False, roles, measures)


def _json_text(value) -> str:
    """A JSON value as the text the plan parses: null is empty, numbers as JSON writes them."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def _unwrap(value):
    return value.get("value") if isinstance(value, dict) else value
