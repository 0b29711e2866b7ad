"""The layout of the exchange workbook (``kompas.reports.excel_exchange`` writes it,
``kompas.imports.indicator_sheet`` reads it back): sheet names and which columns are editable."""

FIGURES_SHEET = "Cijfers"
INDICATORS_SHEET = "Indicatoren"
# column in the sheet -> field of kompas.domain.model.Indicator; only these are read back
EDITABLE = {
    "code": "id",
    "titel": "title",
    "definitie": "definition",
    "streefwaarde": "target_value",
    "streefjaar": "target_year",
    "kanttekening": "caveat",
}
READ_ONLY = {
    "eenheid (niet wijzigen)": "unit",
    "richting (niet wijzigen)": "direction",
    "bron (niet wijzigen)": "source",
    "onderdeel (niet wijzigen)": "node_id",
}
