"""CBS region conventions: which columns hold regions, and what an area code says about itself.

Pure functions, no I/O. Shared by the area reader (``kompas.imports.area_files``) and the figure import.

Source of the rules: CBS, "Toelichting Wijk- en Buurtkaart" and the table "Kerncijfers wijken en buurten"
(StatLine 85984NED and earlier years): a gemeente code is ``GM`` + 4 digits, a wijk code ``WK`` + the
4-digit gemeente number + a 2-digit wijk number, a buurt code ``BU`` + the 6 digits of its wijk + a
2-digit buurt number. CBS pads codes with trailing spaces in CSV and OData (``"GM0363    "``).

Column names as CBS writes them:

- region dimensions (codes, or names in the "table as shown" layout): ``WijkenEnBuurten``, ``RegioS``,
  ``Regio's``, ``Gemeenten``, ``Regiokenmerken``, ``Regions``, ``Wijken en buurten``;
- region codes: ``Codering_3`` (OData topic), ``Regiocode (gemeente, wijk, buurt) (code)`` (new StatLine
  CSV), ``Gemeentecode``, ``GemeentecodeGM``, ``Code_1``;
- other text about a region: ``Naam_2``, ``Gemeentenaam_1`` (names), ``SoortRegio_2`` (Gemeente, Wijk,
  Buurt). These are labels, never measures.
"""

from __future__ import annotations

import re

LEVELS = ("gemeente", "wijk", "buurt")
PREFIX = {"gemeente": "GM", "wijk": "WK", "buurt": "BU"}
DIGITS = {"gemeente": 4, "wijk": 6, "buurt": 8}
BLANKS = " \t\r\n\xa0\u202f\"'"

_CODE = re.compile(r"(GM\d{4}|WK\d{6}|BU\d{8})")
_REGION = {
    "wijkenenbuurten",
    "regios",
    "regio",
    "gemeenten",
    "gemeente",
    "regiokenmerken",
    "regions",
    "region",
    "wijken",
    "buurten",
}
_CODES = {
    "codering",
    "regiocode",
    "code",
    "gemeentecode",
    "gemeentecodegm",
    "wijkcode",
    "buurtcode",
    "regiocodegemeentewijkbuurt",
}
_NAMES = {"naam", "gemeentenaam", "wijknaam", "buurtnaam", "regionaam", "wijkenenbuurtennaam"}
_KINDS = {"soortregio", "regiosoort"}
_COLUMN_LEVEL = {
    "gemeenten": "gemeente",
    "gemeente": "gemeente",
    "regios": "gemeente",
    "regio": "gemeente",
    "regions": "gemeente",
    "gemeentecode": "gemeente",
    "gemeentecodegm": "gemeente",
    "gemeentenaam": "gemeente",
    "wijken": "wijk",
    "wijkcode": "wijk",
    "wijknaam": "wijk",
    "buurten": "buurt",
    "buurtcode": "buurt",
    "buurtnaam": "buurt",
}
_KIND_WORDS = {
    "gemeente": "gemeente",
    "municipality": "gemeente",
    "wijk": "wijk",
    "district": "wijk",
    "buurt": "buurt",
    "neighbourhood": "buurt",
    "neighborhood": "buurt",
}


def _base(name: str) -> str:
    """A column name without its topic number, parentheses, spaces, quotes and case.

    >>> _base("Regio's"), _base("Gemeentenaam_1"), _base("Regiocode (gemeente, wijk, buurt) (code)")
    ('regios', 'gemeentenaam', 'regiocode')
    """
    text = re.sub(r"_\d+$", "", str(name).strip(BLANKS))
    text = re.sub(r"\([^()]*\)", "", text)
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def column_role(name: str) -> str | None:
    """What a column holds: 'region' (dimension), 'code', 'name', 'kind' (SoortRegio) or None.

    >>> [column_role(c) for c in ["WijkenEnBuurten", "Regio's", "Wijken en buurten", "Codering_3",
    ...     "Regiocode (gemeente, wijk, buurt) (code)", "Naam_2", "Code_1", "Gemeentenaam_1",
    ...     "SoortRegio_2", "AantalInwoners_5", "Perioden"]]
    ['region', 'region', 'region', 'code', 'code', 'name', 'code', 'name', 'kind', None, None]
    """
    raw, base = str(name).casefold(), _base(name)
    if base in _REGION and "(code)" not in raw:
        return "region"
    if base in _CODES or "(code)" in raw:
        return "code"
    if base in _NAMES:
        return "name"
    return "kind" if base in _KINDS else None


def is_region_column(name: str) -> bool:
    """A column that holds the region of each row (codes or names): the dimension or a code column.

    >>> is_region_column("RegioS"), is_region_column("Codering_3"), is_region_column("Naam_2")
    (True, True, False)
    """
    return column_role(name) in ("region", "code")


def is_label_column(name: str) -> bool:
    """A text column about the region (code, name or kind topic): never a measure.

    >>> [is_label_column(c) for c in ["Naam_2", "Code_1", "Gemeentenaam_1", "SoortRegio_2", "Codering_3"]]
    [True, True, True, True, True]
    >>> is_label_column("AantalInwoners_5"), is_label_column("WijkenEnBuurten")
    (False, False)
    """
    return column_role(name) in ("code", "name", "kind")


def column_level(name: str) -> str | None:
    """The level a region column's name implies, or None when it mixes levels or says nothing.

    >>> [column_level(c) for c in ["Gemeenten", "Regio's", "RegioS", "Wijken", "Buurtcode",
    ...     "WijkenEnBuurten", "Regiocode (gemeente, wijk, buurt) (code)", "Codering_3"]]
    ['gemeente', 'gemeente', 'gemeente', 'wijk', 'buurt', None, None, None]
    """
    return _COLUMN_LEVEL.get(_base(name))


def strip_code(text: object) -> str:
    """A code without the padding and quotes CBS puts around it, upper case when it is an area code.

    >>> strip_code('"GM0363    "'), strip_code("wk036300\\xa0"), strip_code(None), strip_code(" NL01 ")
    ('GM0363', 'WK036300', '', 'NL01')
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    code = str(text).strip(BLANKS)
    return code.upper() if _CODE.fullmatch(code.upper()) else code


def is_area_code(text: object) -> bool:
    """A gemeente, wijk or buurt code (after stripping): GM + 4, WK + 6 or BU + 8 digits.

    >>> is_area_code("GM0363  "), is_area_code("BU03630001"), is_area_code("NL01"), is_area_code("GM363")
    (True, True, False, False)
    """
    return bool(_CODE.fullmatch(strip_code(text)))


def is_region_code(text: object) -> bool:
    """Any CBS region code, not only areas: NL01 (Nederland), LD01, PV27 (provincie), CR23 (COROP), GM/WK/BU.

    >>> is_region_code("NL01  "), is_region_code("PV27"), is_region_code("WK036300"), is_region_code("Ee")
    (True, True, True, False)
    """
    return bool(re.fullmatch(r"[A-Z]{2}\d{2}[0-9A-Z]{0,6}", strip_code(text)))


def code_level(code: object) -> str | None:
    """'gemeente', 'wijk' or 'buurt' for an area code; None for anything else (NL01, PV27, a name).

    >>> code_level("GM0363"), code_level("WK036300 "), code_level("BU03630001"), code_level("PV27")
    ('gemeente', 'wijk', 'buurt', None)
    """
    code = strip_code(code)
    if not _CODE.fullmatch(code):
        return None
    return {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}[code[:2]]


def parent_code(code: object) -> str | None:
    """The code of the area this one lies in: a buurt's wijk, a wijk's gemeente; None for a gemeente.

    Raises ``ValueError`` (Dutch message) when the text is no area code.

    >>> parent_code("BU99980001"), parent_code("WK999800"), parent_code("GM9998")
    ('WK999800', 'GM9998', None)
    >>> parent_code("Centrum")
    Traceback (most recent call last):
    ValueError: 'Centrum' is geen gebiedscode (verwacht GM + 4 cijfers, WK + 6 cijfers of BU + 8 cijfers)
    """
    level = code_level(code)
    text = strip_code(code)
    if level is None:
        raise ValueError(f"'{text}' is geen gebiedscode (verwacht GM + 4 cijfers, WK + 6 cijfers of BU + 8 cijfers)")
    return {"gemeente": None, "wijk": "GM" + text[2:6], "buurt": "WK" + text[2:8]}[level]


def gemeente_code(code: object) -> str | None:
    """The gemeente an area code lies in (itself for a gemeente); None for no area code.

    >>> gemeente_code("BU03630001"), gemeente_code("GM0363"), gemeente_code("Amsterdam")
    ('GM0363', 'GM0363', None)
    """
    return "GM" + strip_code(code)[2:6] if code_level(code) else None


def as_area_code(text: object, level: str | None = None) -> str | None:
    """An area code from a cell: padded codes, and bare numbers when the column's level is known.

    CBS gemeente lists write ``0363`` or ``363`` in a ``Gemeentecode`` column; with ``level`` given, the
    number gets its prefix and leading zeros. None when the cell is no code.

    >>> as_area_code("GM0363  "), as_area_code("363", "gemeente"), as_area_code("36300", "wijk")
    ('GM0363', 'GM0363', 'WK036300')
    >>> as_area_code("363"), as_area_code("Nederland", "gemeente")
    (None, None)
    """
    code = strip_code(text)
    if _CODE.fullmatch(code):
        return code
    if level in DIGITS and code.isdigit() and len(code) <= DIGITS[level]:
        return PREFIX[level] + code.zfill(DIGITS[level])
    return None


def kind_level(text: object) -> str | None:
    """The level a SoortRegio cell names ('Gemeente  ', 'Wijk', 'Buurt'); None for Land, Provincie, ….

    >>> kind_level("Gemeente  "), kind_level("Wijk"), kind_level("buurt"), kind_level("Land")
    ('gemeente', 'wijk', 'buurt', None)
    """
    return _KIND_WORDS.get(strip_code(text).casefold())
