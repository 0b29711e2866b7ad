"""Dutch number and date formats, for the app and the reports alike."""

from __future__ import annotations

import math
from datetime import date

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def number(value: float | None, decimals: int = 0) -> str:
    """Dutch number: '.' between thousands, ',' before decimals.

    >>> number(1204), number(31.44, 1), number(None)
    ('1.204', '31,4', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def decimals_for(unit: str) -> int:
    return 0 if unit == "aantal" else 1


def value(value: float | None, unit: str) -> str:
    """A value with its unit: '31,4%', '1.204', '6,8'.

    >>> value(31.44, "procent"), value(1204, "aantal"), value(6.84, "score")
    ('31,4%', '1.204', '6,8')
    """
    text = number(value, decimals_for(unit))
    return text + "%" if unit == "procent" and text != "–" else text


def change(diff: float, unit: str) -> str:
    """A signed change: '+3,1 procentpunt', '-12'.

    >>> change(3.14, "procent"), change(-12, "aantal")
    ('+3,1 procentpunt', '-12')
    """
    sign = "+" if diff > 0 else ""
    text = sign + number(diff, decimals_for(unit))
    return text + " procentpunt" if unit == "procent" else text


def long_date(day: date) -> str:
    """'24 november 2026'.

    >>> long_date(date(2026, 11, 24))
    '24 november 2026'
    """
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
