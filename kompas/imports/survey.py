"""Respondent-level survey files (CSV, Excel, SPSS .sav) turned into weighted percentages.

Method, per cell (an area, a group, or everyone):
- y = 1 when the answer is one of the ``positive`` answers, 0 for any other answer; respondents
  without an answer (empty, an SPSS declared missing value, or an ``exclude`` answer), without an
  area/group value, or with weight 0 are not in the cell (see survey_answers.py, respondents.py);
- weighted proportion p = Σw·y / Σw (w = the weight, 1 when no weight column is given);
- Kish effective sample size n_eff = (Σw)² / Σw² (Kish 1992, "Weighting for unequal Pi", J. Off.
  Stat. 8:183): the n a simple random sample would need for the same precision, so unequal weights
  widen the interval;
- 95% interval by the Wilson score method (Wilson 1927, JASA 22:209; recommended by Brown, Cai &
  DasGupta 2001, Stat. Sci. 16:101) with n_eff in place of n: it stays within 0–100 and behaves for
  p near 0 or 1, where the normal approximation breaks down;
- se = √(p(1−p)/n_eff), in percentage points like value and the interval;
- n = the unweighted number of respondents in the cell. Cells with n < ``min_n`` are suppressed:
  value, n, n_eff, interval and se are empty and the marker is 'x'.
Only these aggregates leave this module; respondent rows are never returned or stored.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from statistics import NormalDist

import pandas as pd

from kompas.domain import vocab
from kompas.imports.respondents import read_respondents, text
from kompas.imports.source import ROW_COLUMNS, MeasureInfo, Problem, SourceTable
from kompas.imports.survey_answers import classify_answers

# For the UI: fill in the threshold with METHOD_NOTE.format(min_n=...).
METHOD_NOTE = (
    "Gewogen percentage: de som van de gewichten van wie 'ja' antwoordde, gedeeld door de som van "
    "de gewichten van iedereen die de vraag beantwoordde. Antwoorden die in het koppelbestand onder "
    "'exclude' staan (zoals 'weet niet') en in SPSS als ontbrekend gedeclareerde antwoorden tellen niet "
    "mee. Het 95%-betrouwbaarheidsinterval is "
    "berekend met de Wilson-methode op de effectieve steekproefomvang (Kish: (Σw)² / Σw²), zodat "
    "ongelijke gewichten het interval breder maken en het interval altijd tussen 0 en 100% blijft. "
    "n is het aantal respondenten met een geldig antwoord (ongewogen). Bij minder dan {min_n} "
    "respondenten tonen we geen cijfer."
)

STAT_COLUMNS = ["n", "n_eff", "ci_low", "ci_high", "se"]
Z95 = NormalDist().inv_cdf(0.975)
_DECIMAL_COMMA = r"-?\d*,\d+"


def aggregate_survey(
    path: str | Path,
    *,
    question: str,
    positive: list,
    exclude: list | None = None,
    area: str | None = None,
    municipality_code: str | None = None,
    weight: str | None = None,
    groups: dict[str, str] | None = None,
    groups_per_area: bool = False,
    period: str = "",
    min_n: int = 50,
    progress: Callable[[float], None] | None = None,
) -> SourceTable:
    """Weighted percentage answering one of ``positive`` to ``question``, per area and group.

    Inputs: ``path`` a .csv/.txt (``;``, ``,`` or tab; UTF-8, UTF-16 or Windows-1252), .xlsx/.xlsm
    (first sheet, cells as Excel shows them) or SPSS .sav file with one row per respondent and the
    column names in row 1. ``question``, ``area`` (area codes), ``weight`` (numbers ≥ 0, decimal comma
    or point) and the keys of ``groups`` are column names. ``positive`` and ``exclude`` list answers by
    code or SPSS value label, case-insensitive. ``groups`` maps a background column to a diversity
    factor (vocab.DIVERSITY_FACTORS).

    Cells: everyone (region ``municipality_code``, or '' when there is no ``area``), each area, and per
    group of each background column in ``groups``, at municipality level and, with
    ``groups_per_area``, per area. No cross tables of two factors.

    Returns a SourceTable: ``rows`` has one row per cell with the columns base.ROW_COLUMNS (``row``
    None, ``measure`` = ``question``, ``period`` = ``period``, ``region``, ``value`` in percent 0–100,
    ``marker`` '' or 'x' when suppressed, ``provisional`` False), then ``n`` (unweighted respondents),
    ``n_eff`` (Kish), ``ci_low``/``ci_high`` (Wilson 95% on n_eff, percent), ``se`` (percentage
    points), and ``dim:<factor>`` per factor ('' outside that breakdown); all numbers float, NaN when
    suppressed. ``problems``: respondents left out for a bad weight, with the row the user sees.
    ``notes``: skipped header rows, declared-missing and excluded answers, and warnings that start
    with "Let op:" (an answer reading like 'weet niet' counted as not positive).

    Raises ``ImportFileError`` when the file cannot be read, lacks a column, holds no respondents or
    no answer is one of ``positive``; ``ValueError`` for inconsistent arguments.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> lines = ["wijk;eenzaam;weging"] + ["WK036300;ja;1,5", "WK036300;nee;0,5"] * 30
    >>> _ = (folder / "panel.csv").write_text("\\n".join(lines), encoding="utf-8")
    >>> table = aggregate_survey(folder / "panel.csv", question="eenzaam", positive=["ja"],
    ...                          area="wijk", municipality_code="GM0363", weight="weging")
    >>> table.rows[["region", "value", "n"]].to_dict("records")[0]
    {'region': 'GM0363', 'value': 75.0, 'n': 60.0}
    """
    name = Path(path).name
    _report(progress, 0.0)
    groups = dict(groups or {})
    _check_arguments(positive, groups, area, municipality_code, groups_per_area)
    wanted = [question] + [c for c in (area, weight) if c] + list(groups)
    named_answers = {text(a).casefold() for a in [*positive, *(exclude or [])]}
    read = read_respondents(Path(path), wanted, answers={question: named_answers})
    codes, labels = read.codes, read.labels
    _report(progress, 0.5)

    problems: list[Problem] = []
    w = _weights(codes[weight], name, weight, problems) if weight else pd.Series(1.0, index=codes.index)
    answers = classify_answers(
        codes[question],
        labels[question],
        positive=list(positive),
        exclude=list(exclude or []),
        file=name,
        column=question,
    )
    notes = read.notes + answers.notes

    work = pd.DataFrame({"y": answers.positive.astype("float64"), "w": w}, index=codes.index)
    work["wy"] = work["w"] * work["y"]
    work["w2"] = work["w"] ** 2
    for column in [c for c in (area, *groups) if c]:
        work[column] = labels[column]
    work = work[answers.counted & work["w"].notna() & (work["w"] > 0)]
    title = read.titles.get(question) or question
    del codes, labels, read  # respondent-level data goes no further than this function

    cells: list[dict] = []
    at_municipality = bool(municipality_code) or not area
    region = municipality_code or ""
    if at_municipality:
        cells.append(_cell(work, region, {}))
        for column, factor in groups.items():
            cells += [_cell(part, region, {factor: value}) for (value,), part in _parts(work, [column])]
    if area:
        without_area = int((work[area] == "").sum())
        if without_area:
            notes.append(
                f"{name}, kolom {area}: {without_area} respondenten zonder gebiedscode; zij tellen "
                "alleen mee in het totaal voor de gemeente."
            )
        for (code,), part in _parts(work, [area]):
            cells.append(_cell(part, code, {}))
        if groups_per_area:
            for column, factor in groups.items():
                cells += [_cell(part, code, {factor: value}) for (code, value), part in _parts(work, [area, column])]

    rows = _rows(cells, question, period, groups.values(), min_n)
    _report(progress, 1.0)
    return SourceTable(
        file=name, rows=rows, problems=problems, notes=notes, measures={question: MeasureInfo(title, "procent")}
    )


def _check_arguments(positive, groups, area, municipality_code, groups_per_area) -> None:
    if isinstance(positive, (str, int, float)) or not list(positive):
        raise ValueError("Geef een lijst met minstens één antwoord dat als 'ja' telt (positive).")
    unknown = [f for f in groups.values() if f not in vocab.DIVERSITY_FACTORS]
    if unknown:
        raise ValueError(
            f"Onbekende diversiteitsfactor {', '.join(map(repr, unknown))}. Kies uit: "
            f"{', '.join(vocab.DIVERSITY_FACTORS)}."
        )
    doubles = sorted({f for f in groups.values() if list(groups.values()).count(f) > 1})
    if doubles:
        raise ValueError(
            f"Factor {', '.join(doubles)} is aan meer dan één kolom gekoppeld; "
            "koppel elke factor aan één achtergrondvraag."
        )
    if groups and area and not municipality_code and not groups_per_area:
        raise ValueError(
            "Groepen worden op gemeenteniveau berekend: geef de gemeentecode op "
            "(municipality_code) of kies groepen per wijk (groups_per_area=True)."
        )


def _weights(values: pd.Series, name: str, column: str, problems: list[Problem]) -> pd.Series:
    decimal_comma = values.str.fullmatch(_DECIMAL_COMMA)
    numbers = pd.to_numeric(values.where(~decimal_comma, values.str.replace(",", ".")), errors="coerce")
    bad = ~((numbers >= 0) & (numbers < math.inf))
    for row, value in values[bad].items():
        why = "is leeg" if value == "" else "is negatief" if numbers[row] < 0 else "is geen getal"
        problems.append(Problem(name, int(row), column, f"weegfactor '{value}' {why}; deze respondent telt niet mee."))
    return numbers.mask(bad)


def _parts(work: pd.DataFrame, keys: list[str]):
    present = work[(work[keys] != "").all(axis=1)]
    return present.groupby(keys, sort=True)


def _cell(part: pd.DataFrame, region: str, dims: dict) -> dict:
    sw, sw2 = part["w"].sum(), part["w2"].sum()
    n = len(part)
    if n == 0 or sw <= 0:
        return {"region": region, "dims": dims, "n": n, "p": math.nan, "n_eff": math.nan}
    return {"region": region, "dims": dims, "n": n, "p": part["wy"].sum() / sw, "n_eff": sw**2 / sw2}


def wilson_interval(p: float, n_eff: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion, on an effective sample size.

    >>> [round(x, 4) for x in wilson_interval(0.5, 100)]
    [0.4038, 0.5962]
    """
    centre = (p + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff**2)) / (1 + z * z / n_eff)
    return max(0.0, centre - half), min(1.0, centre + half)


def _rows(cells: list[dict], question: str, period: str, factors, min_n: int) -> pd.DataFrame:
    records = []
    for cell in cells:
        record = {"row": None, "measure": question, "period": period, "region": cell["region"], "provisional": False}
        record.update({f"dim:{f}": cell["dims"].get(f, "") for f in factors})
        if cell["n"] < min_n or math.isnan(cell["p"]):
            record.update(
                value=math.nan, marker="x", n=math.nan, n_eff=math.nan, ci_low=math.nan, ci_high=math.nan, se=math.nan
            )
        else:
            p, n_eff = cell["p"], cell["n_eff"]
            low, high = wilson_interval(p, n_eff)
            record.update(
                value=100 * p,
                marker="",
                n=float(cell["n"]),
                n_eff=n_eff,
                ci_low=100 * low,
                ci_high=100 * high,
                se=100 * math.sqrt(p * (1 - p) / n_eff),
            )
        records.append(record)
    columns = ROW_COLUMNS + STAT_COLUMNS + [f"dim:{f}" for f in factors]
    rows = pd.DataFrame.from_records(records, columns=columns)
    return rows.astype({c: "float64" for c in ["value", *STAT_COLUMNS]}).astype({"row": "object"})


def _report(progress, fraction: float) -> None:
    if progress is not None:
        progress(fraction)
