"""The wave comparison as a file people open in Excel: .csv (one sheet) or .xlsx (with an explanation sheet).

The explanation ('Toelichting') records what the verdicts rest on: the two waves, the family (every figure
compared between them), the number of tests and of real changes, the filters of this export (which never
change a verdict), the notes and method breaks of the pair, and the method. Every row carries each wave's
value, n and 95% interval, the change with its plain and its adjusted interval, and the verdict in words.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kompas.analysis import verdict
from kompas.analysis.compare import FDR_NOTE, METHOD_NOTE
from kompas.domain import vocab
from kompas.domain.safe_cells import safe_frame

HEADERS = {
    "indicator_id": "Indicatorcode",
    "indicator_title": "Indicator",
    "unit": "Eenheid",
    "direction": "Richting",
    "area_code": "Gebiedscode",
    "area_name": "Gebied",
    "group_factor": "Diversiteitsfactor",
    "group_value": "Groep",
    "wave_from": "Eerste meting",
    "wave_to": "Tweede meting",
    "value_from": "Waarde eerste meting",
    "n_from": "n eerste meting",
    "ci_low_from": "Eerste meting: 95%-interval van",
    "ci_high_from": "Eerste meting: 95%-interval tot",
    "value_to": "Waarde tweede meting",
    "n_to": "n tweede meting",
    "ci_low_to": "Tweede meting: 95%-interval van",
    "ci_high_to": "Tweede meting: 95%-interval tot",
    "diff": "Verschil",
    "ci_low": "Verschil: 95%-interval van",
    "ci_high": "Verschil: 95%-interval tot",
    "adj_low": "Verschil: gecorrigeerd interval van",
    "adj_high": "Verschil: gecorrigeerd interval tot",
    "p_value": "p-waarde",
    "significant": "Buiten de foutmarge (los bekeken)",
    "q_value": "q-waarde (gecorrigeerd)",
    "significant_fdr": "Buiten de foutmarge (gecorrigeerd)",
    "verdict": "Oordeel",
    "verdict_text": "Oordeel in woorden",
    "target_value": "Streefwaarde",
    "target_year": "Streefjaar",
    "target_gap": "Nog te gaan tot streefwaarde",
    "warnings": "Waarschuwingen",
}
_ROUNDED = [
    "value_from",
    "value_to",
    "ci_low_from",
    "ci_high_from",
    "ci_low_to",
    "ci_high_to",
    "diff",
    "ci_low",
    "ci_high",
    "adj_low",
    "adj_high",
    "target_value",
    "target_gap",
]


def export(comparison: pd.DataFrame, path: str | Path) -> Path:
    """Write ``compare.compare_waves`` rows as .csv (';', decimal comma, UTF-8 with BOM: opens well in
    Excel) or .xlsx (sheets 'Vergelijking' and 'Toelichting'), with Dutch headers, the verdict in words
    and the warnings joined by ' | '. Returns the path; ValueError (Dutch) for another suffix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"Kan '{path.name}' niet maken: kies een bestandsnaam die eindigt op .csv of .xlsx.")
    table = safe_frame(table_for_people(comparison))  # wave labels and titles come from imported files
    if suffix == ".csv":
        table.to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8-sig")
    else:
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            table.to_excel(writer, sheet_name="Vergelijking", index=False, freeze_panes=(1, 0))
            pd.DataFrame({"Toelichting": explanation(comparison)}).to_excel(
                writer, sheet_name="Toelichting", index=False
            )
    return path


def table_for_people(comparison: pd.DataFrame) -> pd.DataFrame:
    """The rows with Dutch headers and words instead of codes (what the export writes)."""
    tests = comparison.attrs.get("tests")
    table = comparison[[c for c in HEADERS if c in comparison]].copy()
    table = table.round({c: 4 for c in _ROUNDED if c in table})  # no 4,999999999999998 in Excel
    for column in ("significant", "significant_fdr"):
        if column in table:
            table[column] = table[column].map(lambda x: "" if pd.isna(x) else ("ja" if x else "nee"))
    if "verdict" in table:
        table["verdict"] = table["verdict"].map(lambda v: verdict.label(v, tests))
    if "warnings" in table:
        table["warnings"] = table["warnings"].map(" | ".join)
    if "direction" in table:
        table["direction"] = table["direction"].map(lambda d: vocab.label(vocab.DIRECTIONS, d))
    if "group_factor" in table:
        table["group_factor"] = table["group_factor"].map(
            lambda f: "Totaal" if f == vocab.TOTAL else vocab.label(vocab.DIVERSITY_FACTORS, f)
        )
    return table.rename(columns=HEADERS)


def explanation(comparison: pd.DataFrame) -> list[str]:
    """The lines of the 'Toelichting' sheet: waves, family, number of tests, filters, notes, method."""
    about = comparison.attrs
    filters = {k: v for k, v in (about.get("filters") or {}).items() if v}
    lines = [
        f"Vergeleken: {about.get('wave_from', '?')} met {about.get('wave_to', '?')}.",
        f"Familie van toetsen: alle cijfers die tussen deze twee metingen vergeleken zijn (alle indicatoren, "
        f"gebieden en groepen, ook die hier niet getoond worden), niet alleen de rijen in dit bestand. "
        f"Aantal toetsen: {about.get('tests', 0)}.",
        "Filters van dit bestand (veranderen geen oordeel): "
        + (
            "; ".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in filters.items())
            if filters
            else "geen"
        )
        + f". Rijen in dit bestand: {len(comparison)}.",
    ]
    lines += [f"Let op: {note}" for note in about.get("notes", [])]
    return lines + [METHOD_NOTE, FDR_NOTE]
