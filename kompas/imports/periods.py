"""Period codes and labels as CBS and other sources write them, with the dates each one covers.

CBS codes (StatLine, OData): ``2023JJ00`` year, ``2023KW02`` quarter, ``2023MM05`` month, ``2025SJ00``
school year (1 August 2025 to 31 July 2026), ``2026HJ01`` half year (January to June). Also bare years
(``2025``) and the labels StatLine shows (``2023 2e kwartaal``, ``2023 mei``). A trailing ``*``/``**`` or
"(voorlopig)" marks a provisional period. Source of the codes: CBS, "Perioden" in the StatLine
documentation of the OData API (opendata.cbs.nl).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from kompas.domain.formatting import MONTHS

HINT = "verwacht bijvoorbeeld 2023JJ00, 2023KW02, 2023MM05, 2025SJ00, 2026HJ01 of 2023"
BLANKS = " \t\r\n\xa0\u202f"
_CODE = re.compile(r"(\d{4})(JJ00|KW0[1-4]|MM(?:0[1-9]|1[0-2])|SJ00|HJ0[12])")
_PROVISIONAL = re.compile(r"(\*+|\(?\s*(?:nader\s+)?voorlopig(?:e)?(?:\s+cijfers)?\s*\)?)$", re.IGNORECASE)
_QUARTER = re.compile(r"(\d{4})\s+([1-4])e\s+kwartaal", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})\s+([a-z]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """One period: its normalised code, first and last day, a Dutch label, and whether it is provisional."""

    code: str
    start: date
    end: date
    label: str
    provisional: bool = False

    @property
    def is_year(self) -> bool:
        return self.code.endswith("JJ00")


def parse_period(text: str) -> Period:
    """A period code or label, normalised. Raises ``ValueError`` (Dutch) when the text is no period.

    >>> p = parse_period("2025SJ00"); (p.start, p.end, p.label)
    (datetime.date(2025, 8, 1), datetime.date(2026, 7, 31), 'schooljaar 2025/2026')
    >>> parse_period("2024*").code, parse_period("2024*").provisional, parse_period("2023 2e kwartaal").code
    ('2024JJ00', True, '2023KW02')
    """
    raw = str(text).strip(BLANKS)
    body, provisional = raw, False
    while (match := _PROVISIONAL.search(body)) and match.group(0):
        body, provisional = body[: match.start()].strip(BLANKS), True
    code = None
    if _CODE.fullmatch(body.upper()):
        code = body.upper()
    elif re.fullmatch(r"(19|20)\d{2}", body):
        code = f"{body}JJ00"
    elif match := _QUARTER.fullmatch(body):
        code = f"{match[1]}KW0{match[2]}"
    elif (match := _MONTH.fullmatch(body)) and match[2].lower() in MONTHS:
        code = f"{match[1]}MM{MONTHS.index(match[2].lower()) + 1:02d}"
    if code is None:
        if not raw:
            raise ValueError(f"geen periode ingevuld ({HINT})")
        raise ValueError(f"'{raw}' is geen periodecode ({HINT})")
    return _dates(code, provisional)


def _dates(code: str, provisional: bool) -> Period:
    year, kind, number = int(code[:4]), code[4:6], int(code[6:])
    if kind == "JJ":
        return Period(code, date(year, 1, 1), date(year, 12, 31), str(year), provisional)
    if kind == "KW":
        first = 3 * (number - 1) + 1
        last = first + 2
        return Period(
            code,
            date(year, first, 1),
            date(year, last, calendar.monthrange(year, last)[1]),
            f"{year} kwartaal {number}",
            provisional,
        )
    if kind == "MM":
        return Period(
            code,
            date(year, number, 1),
            date(year, number, calendar.monthrange(year, number)[1]),
            f"{MONTHS[number - 1]} {year}",
            provisional,
        )
    if kind == "SJ":
        return Period(code, date(year, 8, 1), date(year + 1, 7, 31), f"schooljaar {year}/{year + 1}", provisional)
    first = 1 if number == 1 else 7
    return Period(
        code,
        date(year, first, 1),
        date(year, first + 5, 30 if first == 1 else 31),
        f"{year} halfjaar {number}",
        provisional,
    )
