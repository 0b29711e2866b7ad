"""Numbers as people and CBS write them, parsed in SQL the same way for every reader.

Rules (issue #12):
- padding and spaces inside a number are dropped: ``"  1 310"`` is 1310 (space as thousands separator);
- a comma alone is the decimal mark: ``20,8``; ``1.234,5`` and ``1,234.5`` have a thousands separator;
- in a *Dutch* file (';'-separated, or with decimal commas) a dot followed by exactly three digits is a
  thousands separator: ``1.250`` is 1250, unless the same column also writes decimals with a dot
  (``20.8``): then ``1.250`` is ambiguous and refused;
- CBS symbols: ``.`` or an empty cell (missing), ``x`` (secret), ``-`` (nil: the value 0).
"""

from __future__ import annotations

BLANKS = " \t\r\n\xa0\u202f"
MARKERS = {"": ".", ".": ".", "x": "x", "X": "x", "-": "-", "\u2013": "-", "\u2014": "-"}
NUMBER_HINT = (
    "is geen getal (verwacht een getal zoals 20,8 of 20.8, of een CBS-teken: '.' ontbreekt, 'x' geheim, '-' nihil)"
)
AMBIGUOUS_HINT = (
    "is niet eenduidig: de punt kan een duizendtal scheiden (1.250 = duizend tweehonderdvijftig) of "
    "een decimaal (1,25), en in deze kolom staan ook getallen met een decimale punt. Schrijf het getal "
    "zonder punt als duizendtal (1250) of met een komma als decimaal (1,25)"
)

_INT = r"[+-]?[0-9]+"
_DECIMAL = r"[+-]?[0-9]*[.,][0-9]+"
_DOT3 = r"[+-]?[0-9]{1,3}\.[0-9]{3}"
_DOT_DECIMAL_OTHER = r"[+-]?[0-9]*\.([0-9]{1,2}|[0-9]{4,})"
_DUTCH_GROUPS = r"[+-]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?"
_ENGLISH_GROUPS = r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?"
_EXPONENT = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+"


def clean_sql(raw: str) -> str:
    """SQL: the cell without padding or inner spaces (space, tab, non-breaking and narrow spaces)."""
    text = f"coalesce({raw}, '')"
    for blank in (" ", "\t", "\r", "\n", "\u00a0", "\u202f"):
        text = f"replace({text}, '{blank}', '')"
    return text


def marker_sql(t: str) -> str:
    cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in MARKERS.items())
    return f"(CASE {t} {cases} ELSE NULL END)"


def dot_decimals_sql(t: str) -> str:
    """SQL (aggregate): whether a column writes decimals with a dot in a way that is no thousands group."""
    return f"coalesce(bool_or(strpos({t}, '.') > 0 AND regexp_full_match({t}, '{_DOT_DECIMAL_OTHER}')), false)"


def decimal_comma_sql(t: str) -> str:
    return f"coalesce(bool_or(strpos({t}, ',') > 0 AND regexp_full_match({t}, '[+-]?[0-9]*,[0-9]+')), false)"


def number_sql(t: str, dutch: str, dot_decimals: str) -> str:
    """SQL: the number in cleaned text ``t`` (NULL when none). ``dutch`` and ``dot_decimals`` are SQL booleans."""
    slow = _slow_sql(t, dutch, dot_decimals)
    # Most cells hold a plain number without a comma and without a dot-and-three-digits: DuckDB casts those
    # directly; words such as 'inf' and 'nan' are no figures.
    plain = f"strpos({t}, ',') = 0 AND NOT regexp_full_match({t}, '{_DOT3}')"
    cast = f"TRY_CAST({t} AS DOUBLE)"
    return (
        f"(CASE WHEN {plain} AND NOT regexp_matches({t}, '[a-df-zA-DF-Z]') THEN coalesce({cast}, {slow}) "
        f"ELSE {slow} END)"
    )


def _slow_sql(t: str, dutch: str, dot_decimals: str) -> str:
    return f"""(CASE
        WHEN regexp_full_match({t}, '{_INT}') THEN TRY_CAST({t} AS DOUBLE)
        WHEN regexp_full_match({t}, '{_DOT3}') AND {dutch} AND NOT {dot_decimals}
             THEN TRY_CAST(replace({t}, '.', '') AS DOUBLE)
        WHEN regexp_full_match({t}, '{_DOT3}') AND {dutch} THEN NULL
        WHEN regexp_full_match({t}, '{_DECIMAL}') THEN TRY_CAST(replace({t}, ',', '.') AS DOUBLE)
        WHEN regexp_full_match({t}, '{_DUTCH_GROUPS}') THEN TRY_CAST(replace(replace({t}, '.', ''), ',', '.') AS DOUBLE)
        WHEN regexp_full_match({t}, '{_ENGLISH_GROUPS}') THEN TRY_CAST(replace({t}, ',', '') AS DOUBLE)
        WHEN regexp_full_match({t}, '{_EXPONENT}') THEN TRY_CAST({t} AS DOUBLE)
        ELSE NULL END)"""


def ambiguous_sql(t: str, dutch: str, dot_decimals: str) -> str:
    return f"(regexp_full_match({t}, '{_DOT3}') AND {dutch} AND {dot_decimals})"


def parse_one(text: str, dutch: bool = True, dot_decimals: bool = False) -> float | None:
    """The rules above for one cell, through DuckDB (for tests and small callers).

    >>> parse_one("1.250"), parse_one("1.250", dot_decimals=True), parse_one("  1 310"), parse_one("1.048,0")
    (1250.0, None, 1310.0, 1048.0)
    >>> parse_one("1.250", dutch=False), parse_one("20,8")
    (1.25, 20.8)
    """
    from kompas.store.connection import scratch

    query = (
        f"SELECT {number_sql('t', str(dutch).lower(), str(dot_decimals).lower())} FROM (SELECT {clean_sql('?')} AS t)"
    )
    with scratch() as con:
        return con.execute(query, [text]).fetchone()[0]
