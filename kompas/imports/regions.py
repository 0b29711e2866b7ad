"""Which column of a file holds the region, and at which level its names are meant.

Kept in one small place so the national CBS register (``kompas.cbs_regions``) can take over.
CBS names the region dimension differently per table: ``WijkenEnBuurten``, ``RegioS``, ``Regio's``,
``Gemeenten``, ``Regiokenmerken``, ``Regions`` (English), ``Wijken en buurten``. A column of names
implies a level (``Gemeenten`` → gemeente, ``Wijken`` → wijk); a mixed column (``Wijken en buurten``)
implies none, so its names match only with a code column beside it. CBS text columns such as
``Naam_2``, ``Code_1``, ``Gemeentenaam_1`` and ``SoortRegio_2`` are labels of a region, never groups.
"""

from __future__ import annotations

import re

# header (letters only, case-folded) -> the level its names are at (None: mixed levels)
REGION_HEADERS: dict[str, str | None] = {
    "wijkenenbuurten": None, "regiokenmerken": None, "regio": None, "region": None, "gebied": None,
    "regios": "gemeente", "regions": "gemeente", "gemeenten": "gemeente", "gemeente": "gemeente",
    "municipalities": "gemeente", "wijken": "wijk", "wijk": "wijk", "buurten": "buurt", "buurt": "buurt",
}
PERIOD_HEADERS = {"perioden", "periode", "periods", "period"}
MARGIN_HEADERS = {"marges", "margins", "marge", "margin"}
IGNORED_HEADERS = {"id", "stringvalue"}
_LABEL = re.compile(r"(naam|name|code|codering|soortregio|gemeentenaam|regionaam|indelingswijziging\w*|"
                    r"meestvoorkomendepostcode|dekkingspercentage)(_\d+)?", re.IGNORECASE)
AREA_CODE = re.compile(r"(GM|WK|BU)\d{4,8}")
# Codes of areas that are never in a municipal store (country, provinces, parts of the country, COROP).
OTHER_CODE = re.compile(r"(NL|PV|LD|CR|GG|RE|JZ|ZW|VR|PP|AM|ZE|WR|LG)\d{2,4}")
LEVEL_OF_PREFIX = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}


def letters(header: str) -> str:
    """A header reduced for matching: letters and digits only, case-folded ("Regio's" -> "regios")."""
    return re.sub(r"[\W_]", "", header).casefold()


def region_level(header: str) -> tuple[bool, str | None]:
    """(is a region column by its name, the level its names are at)."""
    key = letters(header)
    return key in REGION_HEADERS, REGION_HEADERS.get(key)


def is_label(header: str) -> bool:
    """A CBS text column that describes a region (``Naam_2``, ``Gemeentenaam_1``, ``SoortRegio_2``)."""
    return bool(_LABEL.fullmatch(re.sub(r"\s+", "", header)))


def is_code_header(header: str) -> bool:
    """A header that says it holds codes ("Regiocode (gemeente, wijk, buurt) (code)", "Codering_3")."""
    return "code" in header.casefold()


def level_of_code(code: str) -> str | None:
    return LEVEL_OF_PREFIX.get(code[:2]) if AREA_CODE.fullmatch(code) else None
