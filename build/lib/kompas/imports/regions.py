"""Which column of a file holds the region, and at which level its names are meant.

Kept in one small place so the national CBS register (``kompas.domain.cbs_regions``) can take over.
CBS names the region dimension differently per table: ``WijkenEnBuurten``, ``RegioS``, ``Regio's``,
``Gemeenten``, ``Regiokenmerken``, ``Regions`` (English), ``Wijken en buurten``. A column of names
implies a level (``Gemeenten`` → gemeente, ``Wijken`` → wijk); a mixed column (``Wijken en buurten``)
implies none, so its names match only with a code column beside it. CBS text columns such as
``Naam_2``, ``Code_1``, ``Gemeentenaam_1`` and ``SoortRegio_2`` are labels of a region, never groups.
"""

from __future__ import annotations

import re

from kompas.domain import cbs_regions

PERIOD_HEADERS = {"perioden", "periode", "periods", "period"}
MARGIN_HEADERS = {"marges", "margins"}  # a CBS dimension; "marge" alone is a ± column
IGNORED_HEADERS = {"id", "stringvalue"}
AREA_CODE = re.compile(r"(GM|WK|BU)\d{4,8}")
# Codes of areas that are never in a municipal store (country, provinces, parts of the country, COROP).
OTHER_CODE = re.compile(r"(NL|PV|LD|CR|GG|RE|JZ|ZW|VR|PP|AM|ZE|WR|LG)\d{2,4}")


def letters(header: str) -> str:
    """A header reduced for matching: letters and digits only, case-folded ("Regio's" -> "regios")."""
    return re.sub(r"[\W_]", "", header).casefold()


def region_level(header: str) -> tuple[bool, str | None]:
    """(is a region column by its name, the level its names are at; None for mixed levels)."""
    return cbs_regions.column_role(header) == "region", cbs_regions.column_level(header)


def is_label(header: str) -> bool:
    """A CBS text column that describes a region (``Naam_2``, ``Gemeentenaam_1``, ``SoortRegio_2``)."""
    return cbs_regions.is_label_column(header)


def is_code_header(header: str) -> bool:
    """A header that says it holds codes ("Regiocode (gemeente, wijk, buurt) (code)", "Codering_3")."""
    return cbs_regions.column_role(header) == "code"
