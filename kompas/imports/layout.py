"""What each column of a wide table is: region, period, measure, its interval or standard error, a
dimension, or a label. Judged on the header and the first 2,000 rows; the mapping's ``columns:`` and
``measures:`` win over any guess.

Rules (issue #12): codes win over names (a column whose cells are all GM/WK/BU codes is the region; a
column of names beside it is only a label); CBS text columns (``Naam_2``, ``Gemeentenaam_1``) are labels,
never groups; a lower/upper bound, margin (±) or standard-error column belongs to the measure left of it;
a ``Marges`` column says which part of a figure a row gives.
"""

from __future__ import annotations

import difflib
import re

import pandas as pd

from kompas.imports.regions import (
    AREA_CODE,
    IGNORED_HEADERS,
    MARGIN_HEADERS,
    PERIOD_HEADERS,
    is_code_header,
    is_label,
    letters,
    region_level,
)
from kompas.imports.sheet import ImportFileError, Problem, Role, Sheet
from kompas.imports.shown import is_period
from kompas.store.mapping import Mapping, MappingError

BLANKS = " \t\r\n\xa0\u202f"
_TOPIC_KEY = re.compile(r"[A-Za-z][A-Za-z0-9]*_\d+")
_BARE_KEY = re.compile(r"[A-Z][A-Za-z0-9]*")
_UNIT = re.compile(r"(.*\S)\s*\(([^()]+)\)")
_NUMBER = re.compile(r"[+-]?(\d[\d .,\u00a0\u202f]*|[.,]\d+)([eE][+-]?\d+)?")
_MARKERS = {"", ".", "x", "X", "-", "\u2013", "\u2014"}
_YEAR_HEADERS = {"jaar", "year", "jaartal", "peiljaar", "meetjaar"}


def collapse(text: str) -> str:
    """Whitespace collapsed: how headers and mapping keys are compared ('Nieuwe  deelnemers' = 'Nieuwe deelnemers')."""
    return " ".join(str(text).split())


def uncertainty(header: str) -> str | None:
    """'low', 'high', 'se' or 'margin' for a column that gives the uncertainty of the measure before it."""
    key = letters(header)
    if any(w in key for w in ("ondergrens", "lowerbound", "cilow", "cilaag", "betrouwbaarheidsintervallaag")):
        return "low"
    if any(w in key for w in ("bovengrens", "upperbound", "cihigh", "cihoog", "betrouwbaarheidsintervalhoog")):
        return "high"
    if any(w in key for w in ("standaardfout", "standarderror", "stderr")) or re.fullmatch(r"se\d*", key):
        return "se"
    if key not in MARGIN_HEADERS and any(w in key for w in ("marge", "margin")):
        return "margin"
    return None


def _numeric_share(cells: pd.Series) -> tuple[int, int]:
    text = cells.astype(str).str.strip(BLANKS)
    candidates = text[~text.isin(_MARKERS)]
    return sum(1 for c in candidates if _NUMBER.fullmatch(c)), len(candidates)


def _all(cells: pd.Series, test) -> bool:
    text = [c.strip(BLANKS) for c in cells.astype(str) if c.strip(BLANKS)]
    return bool(text) and all(test(c) for c in text)


def closest(word: str, options: list[str]) -> str | None:
    found = difflib.get_close_matches(collapse(word), [collapse(o) for o in options], n=1, cutoff=0.4)
    return next((o for o in options if found and collapse(o) == found[0]), None)


def roles(sheet: Sheet, mapping: Mapping) -> dict[str, Role]:
    """Column -> Role for a wide sheet. Raises ``ImportFileError`` when no region column is found, and
    ``MappingError`` when ``columns:`` names a column the file does not have."""
    frame, file = sheet.frame, sheet.file
    sample = frame.head(2000)
    headers = list(frame.columns)
    by_collapsed = {collapse(h): h for h in headers}
    given = {}
    for role, column in mapping.columns.items():
        if collapse(column) not in by_collapsed:
            hint = closest(column, headers)
            raise MappingError(
                f"Koppelbestand, columns → {role}: de kolom '{column}' staat niet in {file}."
                + (f" Bedoelt u '{hint}'?" if hint else "")
                + f" Kolommen: {', '.join(headers)}."
            )
        given[by_collapsed[collapse(column)]] = role
    mapped = {collapse(k) for k in mapping.measures}
    code_layout = any(_TOPIC_KEY.fullmatch(h) for h in headers)
    out: dict[str, Role] = {}
    last_measure = None
    for header in headers:
        cells = sample[header]
        named_region, level = region_level(header)
        part = uncertainty(header)
        if header in given:
            kind = given[header]
            out[header] = Role("region", header, None) if kind == "region" else Role(kind, header)
        elif collapse(header) in mapped:
            out[header] = Role("measure", header)
        elif letters(header) in IGNORED_HEADERS:
            out[header] = Role("ignore", header)
        elif named_region:
            out[header] = Role("region", header, level)
        elif letters(header) in PERIOD_HEADERS or (letters(header) in _YEAR_HEADERS and _all(cells, is_period)):
            out[header] = Role("period", header)
        elif letters(header) in MARGIN_HEADERS:
            out[header] = Role("marges", header)
        elif part and last_measure:
            out[header] = Role(part, header, measure=last_measure)
        elif _all(cells, lambda c: bool(AREA_CODE.fullmatch(c))):
            out[header] = Role("code", header)
        elif is_label(header):
            out[header] = Role("label", header)
        else:
            numeric, candidates = _numeric_share(cells)
            is_measure = 2 * numeric >= candidates and not (candidates == 0 and not code_layout)
            if _TOPIC_KEY.fullmatch(header) or _UNIT.fullmatch(header):
                is_measure = numeric > 0 or candidates == 0
                if not is_measure:
                    out[header] = Role("label", header)  # a text topic such as Gemeentenaam_1
                    continue
            elif code_layout and _BARE_KEY.fullmatch(header):
                is_measure = False  # a CBS dimension key such as Geslacht, whose codes may look like numbers
            out[header] = Role("measure" if is_measure else "dim", header)
        if out[header].kind == "measure":
            last_measure = header
    given_region = next((h for h, role in given.items() if role == "region"), None)
    return _one_region(out, sample, file, given_region)


def _one_region(out: dict[str, Role], sample: pd.DataFrame, file: str, given: str | None) -> dict[str, Role]:
    """Codes win over names: the region is the column the mapping names, else the first column of codes,
    else the column named as a region. Every other region-like column is a label."""
    coded = [
        h for h, r in out.items() if r.kind == "region" and _all(sample[h], lambda c: bool(AREA_CODE.fullmatch(c)))
    ]
    coded += [h for h, r in out.items() if r.kind == "code" and is_code_header(h)]
    coded += [h for h, r in out.items() if r.kind == "code" and not is_code_header(h)]
    named = [h for h, r in out.items() if r.kind == "region"]
    region = given or (coded[0] if coded else (named[0] if named else None))
    if region is None:
        raise ImportFileError(
            Problem(
                file,
                1,
                None,
                "Geen kolom met gebieden gevonden (zoals WijkenEnBuurten, "
                "Regio's, Gemeenten of een kolom met codes als GM0363). Zet in het "
                "koppelbestand welke kolom het gebied is, bijvoorbeeld:  columns: {region: "
                "wijkcode, period: jaar}.",
            )
        )
    fixed = {}
    for h, r in out.items():
        if h == region:
            fixed[h] = Role("region", h, None if h in coded else r.level)
        elif r.kind in ("region", "code"):
            fixed[h] = Role("label", h)
        else:
            fixed[h] = r
    return fixed
