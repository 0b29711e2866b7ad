"""Read CBS OData JSON, as saved from the API, into a ``SourceTable``.

The file is one JSON object with two lists:

- ``TypedDataSet``: one object per row, with ``ID``, the dimension keys (``WijkenEnBuurten``, ``Perioden``,
  ``Geslacht`` …) and one key per measure (``AantalInwoners_5`` …). The shape the API itself returns,
  ``{"value": [...]}``, is accepted too, as is ``{"TypedDataSet": {"value": [...]}}``.
- ``DataProperties``: one object per key with ``Key``, ``Type``, ``Title`` and ``Unit``. Type ``Topic`` is a
  measure (its ``Title`` and ``Unit`` become the ``MeasureInfo``; a topic with ``Datatype`` ``String``, such
  as a municipality name, is kept as a dimension), ``TimeDimension`` the period, ``GeoDimension`` the
  region, ``Dimension`` any other dimension (``dim:<Key>``). ``TopicGroup`` and unknown keys are skipped.

Quirks handled: region codes padded with trailing spaces, ``null`` values (NaN with marker '.'), numbers
sent as text (``"20,8"``) and CBS symbols in text, provisional periods marked with '*'; UTF-8 with or
without BOM. ``row`` in rows and problems is the 1-based position in ``TypedDataSet``. This module only
parses: matching measures, regions and periods to the store happens elsewhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from kompas.importers.base import ImportFileError, MeasureInfo, Problem, SourceTable
from kompas.importers.cbs_codes import decode, melt, parse_numbers

_ROLES = {"TimeDimension": "period", "GeoDimension": "region", "Dimension": "dim", "GeoDetail": "dim"}
_SAVE_HINT = ("Sla de tabel op uit de CBS-API met zowel TypedDataSet als DataProperties in één "
              "JSON-object, bijvoorbeeld {\"TypedDataSet\": [...], \"DataProperties\": [...]}.")


def read_odata_json(path: str | Path) -> SourceTable:
    """Read a CBS OData JSON file (``TypedDataSet`` plus ``DataProperties``) into long rows.

    >>> import json, tempfile
    >>> path = Path(tempfile.mkdtemp()) / "84583NED.json"
    >>> _ = path.write_text(json.dumps({
    ...     "TypedDataSet": [{"ID": 0, "WijkenEnBuurten": "GM0363  ", "Perioden": "2023JJ00",
    ...                       "AantalInwoners_5": 882633}],
    ...     "DataProperties": [
    ...         {"Key": "WijkenEnBuurten", "Type": "GeoDimension", "Title": "Wijken en buurten"},
    ...         {"Key": "Perioden", "Type": "TimeDimension", "Title": "Perioden"},
    ...         {"Key": "AantalInwoners_5", "Type": "Topic", "Title": "Aantal inwoners", "Unit": "aantal"}]}))
    >>> table = read_odata_json(path)
    >>> table.rows[["row", "measure", "period", "region", "value"]].values.tolist()
    [[1, 'AantalInwoners_5', '2023JJ00', 'GM0363', 882633.0]]
    >>> table.measures["AantalInwoners_5"]
    MeasureInfo(title='Aantal inwoners', unit='aantal')
    """
    path = Path(path)
    file = path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(Problem(file, None, None, f"Het bestand kan niet worden geopend ({error}).")) from None
    try:
        document = json.loads(decode(data, file))
    except json.JSONDecodeError as error:
        raise ImportFileError(Problem(
            file, None, None, f"Het bestand is geen geldige JSON: op regel {error.lineno}, teken {error.colno} "
            f"klopt de opmaak niet. Is het bestand volledig opgeslagen? {_SAVE_HINT}")) from None
    if not isinstance(document, dict):
        raise ImportFileError(Problem(file, None, None, f"Het bestand bevat geen JSON-object. {_SAVE_HINT}"))
    records = _unwrap(document.get("TypedDataSet", document.get("value")))
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportFileError(Problem(
            file, None, None, f"In dit bestand staat geen TypedDataSet (een lijst met rijen). {_SAVE_HINT}"))
    if not records:
        raise ImportFileError(Problem(file, None, None, "De TypedDataSet in dit bestand is leeg: er staan "
                                      "geen rijen in. Sla de tabel opnieuw op uit de CBS-API."))
    properties = _unwrap(document.get("DataProperties"))
    if not isinstance(properties, list) or not properties:
        raise ImportFileError(Problem(
            file, None, None, "In dit bestand staan geen DataProperties, dus is niet te zien welke velden "
            f"cijfers zijn en wat hun titel en eenheid is. {_SAVE_HINT}"))
    frame = pd.DataFrame.from_records(records)
    roles, measures = _roles(properties, set(frame.columns))
    if not measures:
        raise ImportFileError(Problem(
            file, None, None, "Geen van de onderwerpen (Type 'Topic') uit DataProperties staat in de "
            f"TypedDataSet, dus er zijn geen cijfers te lezen. {_SAVE_HINT}"))
    lines = pd.Series(np.arange(len(frame)) + 1, index=frame.index)
    parsed = {key: parse_numbers(_as_text(frame[key])) for key, (role, _) in roles.items() if role == "measure"}
    return melt(file, frame, lines, roles, measures, parsed)


def _unwrap(value):
    """The API wraps lists as {"value": [...]}; saved files may keep that wrapper."""
    return value.get("value") if isinstance(value, dict) else value


def _roles(properties: list, keys: set[str]) -> tuple[dict[str, tuple[str, str]], dict[str, MeasureInfo]]:
    roles: dict[str, tuple[str, str]] = {}
    measures: dict[str, MeasureInfo] = {}
    for prop in properties:
        if not isinstance(prop, dict) or prop.get("Key") not in keys:
            continue
        key, kind = prop["Key"], prop.get("Type", "")
        if kind == "Topic" and str(prop.get("Datatype", "")).casefold() == "string":
            roles[key] = ("dim", key)
        elif kind == "Topic":
            roles[key] = ("measure", key)
            measures[key] = MeasureInfo(str(prop.get("Title") or key).strip(), str(prop.get("Unit") or "").strip())
        elif kind in _ROLES:
            roles[key] = (_ROLES[kind], key)
    return roles, measures


def _as_text(column: pd.Series) -> pd.Series:
    """JSON numbers, nulls and the odd number-as-text, all as text for ``parse_numbers``."""
    return column.astype(object).where(column.notna(), "").astype(str)
