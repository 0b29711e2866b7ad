"""Respondent-level survey files (CSV, Excel, SPSS .sav) turned into weighted percentages.

Method, per cell (an area, a group, or everyone):
- y = 1 when the answer is one of the ``positive`` answers, 0 for any other answer; respondents
  without an answer, without an area/group value, or with weight 0 are not in the cell.
- weighted proportion p = Σw·y / Σw (w = the weight, 1 when no weight column is given);
- Kish effective sample size n_eff = (Σw)² / Σw²: the n a simple random sample would need for
  the same precision, so unequal weights widen the interval;
- 95% interval by the Wilson score method with n_eff in place of n: it stays within 0–100 and
  behaves for p near 0 or 1, where the normal approximation breaks down;
- se = √(p(1−p)/n_eff), in percentage points like value and the interval;
- n = the unweighted number of respondents in the cell. Cells with n < ``min_n`` are suppressed:
  value, n, interval and se are empty and the marker is 'x'.
Only these aggregates leave this module; respondent rows are never returned or stored.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path
from statistics import NormalDist

import pandas as pd

from kompas import vocab
from kompas.importers.base import (
    ROW_COLUMNS,
    ImportFileError,
    MeasureInfo,
    Problem,
    SourceTable,
)
from kompas.importers.cbs_codes import decode

# For the UI: fill in the threshold with METHOD_NOTE.format(min_n=...).
METHOD_NOTE = (
    "Gewogen percentage: de som van de gewichten van wie 'ja' antwoordde, gedeeld door de som van "
    "de gewichten van iedereen die de vraag beantwoordde. Het 95%-betrouwbaarheidsinterval is "
    "berekend met de Wilson-methode op de effectieve steekproefomvang (Kish: (Σw)² / Σw²), zodat "
    "ongelijke gewichten het interval breder maken en het interval altijd tussen 0 en 100% blijft. "
    "n is het aantal respondenten met een geldig antwoord (ongewogen). Bij minder dan {min_n} "
    "respondenten tonen we geen cijfer."
)

STAT_COLUMNS = ["n", "ci_low", "ci_high", "se"]
Z95 = NormalDist().inv_cdf(0.975)
_DECIMAL_COMMA = r"-?\d*,\d+"


def aggregate_survey(path, *, question: str, positive: list, area: str | None = None,
                     municipality_code: str | None = None, weight: str | None = None,
                     groups: dict[str, str] | None = None, groups_per_area: bool = False,
                     period: str = "", min_n: int = 50,
                     progress: Callable[[float], None] | None = None) -> SourceTable:
    """Weighted percentage answering one of ``positive`` to ``question``, per area and group.

    Cells: everyone (region ``municipality_code``, or '' when there is no ``area``), each area,
    and per group of each background column in ``groups`` (column → diversity factor), at
    municipality level and, with ``groups_per_area``, per area. See the module docstring.

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
    codes, labels, titles = _read(Path(path), name, wanted)
    _report(progress, 0.5)

    problems: list[Problem] = []
    w = _weights(codes[weight], name, weight, problems) if weight else pd.Series(1.0, index=codes.index)
    answer_codes = codes[question].str.casefold()
    answer_labels = labels[question].str.casefold()
    wanted_answers = {_text(a).casefold() for a in positive}
    is_positive = answer_codes.isin(wanted_answers) | answer_labels.isin(wanted_answers)
    answered = answer_codes != ""
    unmatched = [a for a in positive
                 if not (answer_codes == _text(a).casefold()).any()
                 and not (answer_labels == _text(a).casefold()).any()]
    notes: list[str] = []
    if unmatched:
        problem = _unmatched_problem(name, question, unmatched, labels[question][answered],
                                     nothing=not is_positive.any())
        if not is_positive.any():  # every cell would be 0%: almost surely a typo, so refuse the file
            raise ImportFileError(problem)
        notes.append(str(problem))

    work = pd.DataFrame({"y": is_positive.astype("float64"), "w": w}, index=codes.index)
    work["wy"] = work["w"] * work["y"]
    work["w2"] = work["w"] ** 2
    for column in [c for c in (area, *groups) if c]:
        work[column] = labels[column]
    work = work[answered & work["w"].notna() & (work["w"] > 0)]
    del codes, labels  # respondent-level data goes no further than this function

    cells: list[dict] = []
    at_municipality = bool(municipality_code) or not area
    region = municipality_code or ""
    if at_municipality:
        cells.append(_cell(work, region, {}))
        for column, factor in groups.items():
            cells += [_cell(part, region, {factor: value})
                      for (value,), part in _parts(work, [column])]
    if area:
        without_area = int((work[area] == "").sum())
        if without_area:
            notes.append(f"{without_area} respondenten zonder gebiedscode; zij tellen alleen mee in het totaal "
                         "voor de gemeente.")
        for (code,), part in _parts(work, [area]):
            cells.append(_cell(part, code, {}))
        if groups_per_area:
            for column, factor in groups.items():
                cells += [_cell(part, code, {factor: value})
                          for (code, value), part in _parts(work, [area, column])]

    rows = _rows(cells, question, period, groups.values(), min_n)
    _report(progress, 1.0)
    return SourceTable(file=name, rows=rows, problems=problems, notes=notes,
                       measures={question: MeasureInfo(titles.get(question) or question, "procent")})


def _check_arguments(positive, groups, area, municipality_code, groups_per_area) -> None:
    if isinstance(positive, (str, int, float)) or not list(positive):
        raise ValueError("Geef een lijst met minstens één antwoord dat als 'ja' telt (positive).")
    unknown = [f for f in groups.values() if f not in vocab.DIVERSITY_FACTORS]
    if unknown:
        raise ValueError(f"Onbekende diversiteitsfactor {', '.join(map(repr, unknown))}. Kies uit: "
                         f"{', '.join(vocab.DIVERSITY_FACTORS)}.")
    doubles = sorted({f for f in groups.values() if list(groups.values()).count(f) > 1})
    if doubles:
        raise ValueError(f"Factor {', '.join(doubles)} is aan meer dan één kolom gekoppeld; "
                         "koppel elke factor aan één achtergrondvraag.")
    if groups and area and not municipality_code and not groups_per_area:
        raise ValueError("Groepen worden op gemeenteniveau berekend: geef de gemeentecode op "
                         "(municipality_code) of kies groepen per wijk (groups_per_area=True).")


def _read(path: Path, name: str, wanted: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Codes and labels (both text, '' when empty) of the wanted columns, and the column titles."""
    if not path.exists():
        raise ImportFileError(Problem(name, None, None, "Het bestand bestaat niet (meer)."))
    if path.stat().st_size == 0:
        raise ImportFileError(Problem(name, None, None, "Het bestand is leeg."))
    suffix = path.suffix.lower()
    value_labels: dict = {}
    titles: dict = {}
    try:
        if suffix == ".sav":
            frame, value_labels, titles = _read_sav(path, name, wanted)
        elif suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, dtype=object)
            frame.index = frame.index + 2  # sheet row 1 is the header
        elif suffix in (".csv", ".txt"):
            frame = _read_csv(path, name)
        else:
            raise ImportFileError(Problem(name, None, None, f"Bestandstype '{suffix}' ken ik niet. "
                                          "Lever een .csv, .xlsx of SPSS .sav-bestand aan."))
    except ImportFileError:
        raise
    except Exception as error:  # every reader has its own exceptions; the user needs one sentence
        raise ImportFileError(Problem(name, None, None, "Het bestand is niet te lezen als "
                                      f"{suffix.lstrip('.')}-bestand ({type(error).__name__}). "
                                      "Controleer of het niet beschadigd of versleuteld is.")) from error
    frame.columns = [_text(c) for c in frame.columns]
    missing = [c for c in dict.fromkeys(wanted) if c not in frame.columns]
    if missing:
        raise ImportFileError(Problem(name, None, missing[0], f"Kolom {', '.join(map(repr, missing))} "
                                      f"staat niet in het bestand. Wel aanwezig: "
                                      f"{', '.join(map(str, frame.columns))}."))
    frame = frame[list(dict.fromkeys(wanted))]
    codes = frame.apply(lambda s: s.map(_text) if s.dtype != "str" else s.fillna("").str.strip())
    codes = codes[(codes != "").any(axis=1)]
    if codes.empty:
        raise ImportFileError(Problem(name, None, None, "Het bestand bevat geen respondenten."))
    labels = codes.copy()
    for column, mapping in value_labels.items():
        if column in labels:
            by_code = {_text(k): _text(v) for k, v in mapping.items()}
            labels[column] = codes[column].map(by_code).fillna(codes[column])
    return codes, labels, titles


def _read_csv(path: Path, name: str) -> pd.DataFrame:
    text = decode(path.read_bytes(), name)
    header = text.lstrip("\r\n").split("\n", 1)[0]
    separator = max((";", ",", "\t"), key=header.count)
    frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False,
                        skip_blank_lines=False)
    frame.index = frame.index + 2  # line 1 is the header
    return frame


def _read_sav(path: Path, name: str, wanted: list[str]):
    import pyreadstat

    _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    if any(c not in meta.column_names for c in wanted):
        return pd.DataFrame(columns=meta.column_names), {}, {}
    frame, meta = pyreadstat.read_sav(str(path), usecols=list(dict.fromkeys(wanted)))
    frame.index = frame.index + 1  # case numbers, as SPSS shows them
    return frame, meta.variable_value_labels, dict(meta.column_names_to_labels)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u00a0", " ").strip()


def _weights(text: pd.Series, name: str, column: str, problems: list[Problem]) -> pd.Series:
    decimal_comma = text.str.fullmatch(_DECIMAL_COMMA)
    numbers = pd.to_numeric(text.where(~decimal_comma, text.str.replace(",", ".")), errors="coerce")
    bad = ~((numbers >= 0) & (numbers < math.inf))
    for row, value in text[bad].items():
        why = "is leeg" if value == "" else "is negatief" if numbers[row] < 0 else "is geen getal"
        problems.append(Problem(name, int(row), column, f"weegfactor '{value}' {why}; "
                                "deze respondent telt niet mee."))
    return numbers.mask(bad)


def _unmatched_problem(name, question, unmatched, given: pd.Series, nothing: bool) -> Problem:
    seen = sorted(set(given))
    shown = ", ".join(map(repr, seen[:12])) + (" …" if len(seen) > 12 else "")
    lead = ("Geen enkel antwoord telt als 'ja'" if nothing
            else "Een deel van de 'ja'-antwoorden komt niet voor")
    return Problem(name, None, question, f"{lead}: {', '.join(map(repr, map(_text, unmatched)))} "
                   f"komt nergens voor (tikfout?). Antwoorden in het bestand: {shown}.")


def _parts(work: pd.DataFrame, keys: list[str]):
    present = work[(work[keys] != "").all(axis=1)]
    return present.groupby(keys, sort=True)


def _cell(part: pd.DataFrame, region: str, dims: dict) -> dict:
    sw, sw2 = part["w"].sum(), part["w2"].sum()
    n = len(part)
    if n == 0 or sw <= 0:
        return {"region": region, "dims": dims, "n": n, "p": math.nan, "n_eff": math.nan}
    return {"region": region, "dims": dims, "n": n, "p": part["wy"].sum() / sw, "n_eff": sw ** 2 / sw2}


def wilson_interval(p: float, n_eff: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion, on an effective sample size.

    >>> [round(x, 4) for x in wilson_interval(0.5, 100)]
    [0.4038, 0.5962]
    """
    centre = (p + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff ** 2)) / (1 + z * z / n_eff)
    return max(0.0, centre - half), min(1.0, centre + half)


def _rows(cells: list[dict], question: str, period: str, factors, min_n: int) -> pd.DataFrame:
    records = []
    for cell in cells:
        record = {"row": None, "measure": question, "period": period, "region": cell["region"],
                  "provisional": False}
        record.update({f"dim:{f}": cell["dims"].get(f, "") for f in factors})
        if cell["n"] < min_n or math.isnan(cell["p"]):
            record.update(value=math.nan, marker="x", n=math.nan, ci_low=math.nan,
                          ci_high=math.nan, se=math.nan)
        else:
            p, n_eff = cell["p"], cell["n_eff"]
            low, high = wilson_interval(p, n_eff)
            record.update(value=100 * p, marker="", n=float(cell["n"]), ci_low=100 * low,
                          ci_high=100 * high, se=100 * math.sqrt(p * (1 - p) / n_eff))
        records.append(record)
    columns = ROW_COLUMNS + STAT_COLUMNS + [f"dim:{f}" for f in factors]
    rows = pd.DataFrame.from_records(records, columns=columns)
    return rows.astype({c: "float64" for c in ["value", *STAT_COLUMNS]}).astype({"row": "object"})


def _report(progress, fraction: float) -> None:
    if progress is not None:
        progress(fraction)
