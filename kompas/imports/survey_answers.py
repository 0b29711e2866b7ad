"""Which answers to one survey question are in the base, and which count as positive.

- ``positive``: answers (codes or value labels, case-insensitive) that count as 'yes' (y = 1).
- ``exclude``: answers left out of the base, like an empty answer. 'Weet niet / geen mening' is an
  ordinary answer code in many municipal surveys (e.g. the VNG Burgerpeiling data format) rather
  than a declared SPSS missing value, and the monitors' own method leaves it out of the base
  (tests/cases/imports/16-survey-dont-know-answers). Only the mapping can say which answers those
  are.
- Any other answer counts as 'not positive' (y = 0). When such an answer reads like "weet niet",
  "geen mening", "onbekend", "wil ik niet zeggen" or "n.v.t." (by its code or its value label), that
  is a likely mistake: it lowers the percentage. We then warn, naming the answers and the
  ``exclude:`` line that leaves them out; we never decide it for the user.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pandas as pd

from kompas.imports.respondents import text
from kompas.imports.source import ImportFileError, Problem

# Matched against an answer casefolded, dots and apostrophes removed, other punctuation as spaces.
_DONT_KNOW = re.compile(
    "|".join(
        [
            r"\bweet (ik )?(het )?niet\b",
            r"\bgeen (mening|idee|antwoord|oordeel)\b",
            r"\bonbekend\b",
            r"\bwil (ik )?(liever )?niet (zeggen|antwoorden)\b",
            r"\bzeg ik (liever )?niet\b",
            r"\bnvt\b",
            r"\bniet van toepassing\b",
            r"\bkan ik niet beoordelen\b",
            r"\bn/a\b",
            r"\bdont know\b",
            r"\bprefer not to (say|answer)\b",
            r"\bnot applicable\b",
            r"\bno opinion\b",
        ]
    )
)


def reads_as_dont_know(answer: str) -> bool:
    """True when an answer reads like 'weet niet', 'geen mening', 'onbekend', 'wil ik niet zeggen'
    or 'n.v.t.' (Dutch or English, any case).

    >>> [reads_as_dont_know(a) for a in ("Weet niet", "geen mening", "N.v.t.", "Wil ik niet zeggen",
    ...                                  "Onbekend / geen antwoord", "nee", "niet eens", "Ik weet het")]
    [True, True, True, True, True, False, False, False]
    """
    plain = re.sub(r"[.'\u2019]", "", answer.casefold())
    return bool(_DONT_KNOW.search(re.sub(r"[^\w/]+", " ", plain)))


@dataclass
class Answers:
    """Per respondent (same index as the answers): in the base, and positive; notes for the user."""

    counted: pd.Series
    positive: pd.Series
    notes: list[str] = field(default_factory=list)


def classify_answers(
    codes: pd.Series, labels: pd.Series, *, positive: list, exclude: list, file: str, column: str
) -> Answers:
    """Split the answers in ``codes`` (their value labels in ``labels``; '' = no answer).

    Raises ``ValueError`` when an answer is both positive and excluded, and ``ImportFileError`` when
    no answer in the file is one of ``positive`` (every figure would be 0 %: almost surely a typo).
    """
    wanted, left_out = _folded(positive), _folded(exclude)
    both = sorted(wanted & left_out)
    if both:
        raise ValueError(
            f"Antwoord {', '.join(map(repr, both))} staat zowel bij positive als bij exclude; kies één van beide."
        )
    folded_codes, folded_labels = codes.str.casefold(), labels.str.casefold()
    is_positive = folded_codes.isin(wanted) | folded_labels.isin(wanted)
    excluded = (folded_codes.isin(left_out) | folded_labels.isin(left_out)) & (codes != "")
    counted = (codes != "") & ~excluded
    notes = []
    missing = _never_given(positive, folded_codes, folded_labels)
    if missing:
        problem = _unmatched_problem(
            file, column, missing, "'ja'-antwoorden", labels[codes != ""], nothing=not is_positive.any()
        )
        if not is_positive.any():
            raise ImportFileError(problem)
        notes.append(str(problem))
    missing = _never_given(exclude, folded_codes, folded_labels)
    if missing:
        notes.append(
            str(
                _unmatched_problem(
                    file, column, missing, "antwoorden onder exclude", labels[codes != ""], nothing=False
                )
            )
        )
    if excluded.any():
        notes.append(
            f"{file}, kolom {column}: {int(excluded.sum())} antwoord(en) "
            f"({_listing(codes[excluded], labels[excluded])}) tellen niet mee in n en in het percentage "
            "(exclude)."
        )
    dont_know = [a for a in pd.unique(pd.concat([codes, labels])) if reads_as_dont_know(a)]
    doubtful = counted & ~is_positive & (codes.isin(dont_know) | labels.isin(dont_know))
    if doubtful.any():
        hint = ", ".join(json.dumps(code, ensure_ascii=False) for code in sorted(codes[doubtful].unique()))
        notes.append(
            f"Let op: {file}, kolom {column}: {int(doubtful.sum())} antwoord(en) "
            f"({_listing(codes[doubtful], labels[doubtful])}) tellen nu mee als antwoord dat niet "
            "bij positive staat, en maken het percentage lager. Horen ze niet in de noemer (zoals in "
            f"de monitors), zet dan in het koppelbestand onder survey: de regel exclude: [{hint}]."
        )
    return Answers(counted, is_positive & counted, notes)


def _folded(answers) -> set[str]:
    return {text(a).casefold() for a in answers or []}


def _never_given(answers, folded_codes: pd.Series, folded_labels: pd.Series) -> list:
    given = set(folded_codes.unique()) | set(folded_labels.unique())
    return [a for a in answers or [] if text(a).casefold() not in given]


def _listing(codes: pd.Series, labels: pd.Series) -> str:
    """ "'3' (Weet niet): 12, 'geen mening': 4" — each answer with its label, most frequent first."""
    pairs = pd.DataFrame({"code": codes, "label": labels}).value_counts()
    return ", ".join(
        (f"'{code}' ({label})" if label != code else f"'{code}'") + f": {count}"
        for (code, label), count in pairs.items()
    )


def _unmatched_problem(file, column, unmatched, what: str, given: pd.Series, nothing: bool) -> Problem:
    seen = sorted(given.unique())
    shown = ", ".join(map(repr, seen[:12])) + (" …" if len(seen) > 12 else "")
    lead = "Geen enkel antwoord telt als 'ja'" if nothing else f"Een deel van de {what} komt niet voor"
    return Problem(
        file,
        None,
        column,
        f"{lead}: {', '.join(map(repr, map(text, unmatched)))} "
        f"komt nergens voor (tikfout?). Antwoorden in het bestand: {shown}.",
    )
