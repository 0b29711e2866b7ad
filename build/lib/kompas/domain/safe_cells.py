"""Cells for spreadsheets: text that a spreadsheet would run as a formula is written as text.

The rule (OWASP, "CSV Injection"): a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a single quote in front, so Excel and LibreOffice show it as text and never
evaluate it. Numbers stay numbers: ``-3.5`` as a number is not a formula; only text is escaped.
Every CSV and XLSX the library writes passes its frame through ``safe_frame`` (the comparison export,
the refused-rows file of an import).
Source: https://owasp.org/www-community/attacks/CSV_Injection

>>> safe_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> safe_cell(-3.5), safe_cell("-3,5"), safe_cell("Meting 2025")
(-3.5, "'-3,5", 'Meting 2025')
"""

from __future__ import annotations

from typing import TypeVar

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
T = TypeVar("T")


def safe_cell(value: T) -> T | str:
    """``value`` unchanged, unless it is text starting with a formula character: then ``"'" + value``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and text column name) passed through ``safe_cell``.

    Numeric, boolean and date columns are returned as they were; the input is not changed.
    """
    out = frame.copy()
    for column in out.columns:
        if not (pd.api.types.is_object_dtype(out[column]) or pd.api.types.is_string_dtype(out[column])):
            continue
        out[column] = out[column].map(safe_cell)
    return out.rename(columns=lambda name: safe_cell(name))
