"""What a raadsinformatie factsheet is about (the request), what the advisor changed (the edits),
and suggestions from the council question's own words.

Both are plain data, stored as JSON with every export so a factsheet can be made again.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from kompas.domain import vocab
from kompas.domain.errors import ValidationError
from kompas.store import areas, indicators
from kompas.store.connection import StoreView


@dataclass(frozen=True)
class RaadRequest:
    """The question and the figures it is about. ``years`` limits the period (both ends included)."""

    question: str
    indicator_ids: tuple[str, ...]
    area_codes: tuple[str, ...] = ()
    group_factor: str | None = None
    years: tuple[int, int] | None = None
    author: str = ""

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.question.strip():
            errors["question"] = "Schrijf de vraag van het raadslid op."
        if not self.indicator_ids:
            errors["indicator_ids"] = "Kies minstens één indicator."
        if self.years and self.years[0] > self.years[1]:
            errors["years"] = "Het beginjaar ligt na het eindjaar."
        return errors

    def check(self, store: StoreView) -> None:
        """Raise ``ValidationError`` (Dutch) for an empty question or unknown indicators, areas or factor."""
        errors = self.problems()
        known = indicators.ids(store)
        missing = [i for i in self.indicator_ids if i not in known]
        if missing:
            errors["indicator_ids"] = f"Onbekende indicator: {', '.join(missing)}."
        codes = set(areas.areas(store)["code"])
        missing = [c for c in self.area_codes if c not in codes]
        if missing:
            errors["area_codes"] = f"Onbekend gebied: {', '.join(missing)}."
        if self.group_factor and self.group_factor not in vocab.DIVERSITY_FACTORS:
            errors["group_factor"] = (
                f"Onbekende groep '{self.group_factor}'. Kies uit: {', '.join(vocab.DIVERSITY_FACTORS)}."
            )
        ValidationError.raise_if(errors)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> RaadRequest:
        data = json.loads(text)
        return cls(
            question=data["question"],
            indicator_ids=tuple(data["indicator_ids"]),
            area_codes=tuple(data.get("area_codes") or ()),
            group_factor=data.get("group_factor"),
            years=tuple(data["years"]) if data.get("years") else None,
            author=data.get("author", ""),
        )


@dataclass(frozen=True)
class RaadEdits:
    """What the advisor changed in the draft. Empty text means: keep the drafted text.

    ``sentences`` and ``stories`` are keyed on indicator id; ``stories`` holds the chosen note ids
    (only public notes with consent are ever used, whatever is chosen here); ``left_out`` names
    indicators taken out of the document.
    """

    title: str = ""
    short_answer: str = ""
    sentences: dict[str, str] = field(default_factory=dict)
    stories: dict[str, list[int]] = field(default_factory=dict)
    left_out: tuple[str, ...] = ()
    charts: bool = True
    activities: bool = True
    explanation: str = ""
    unknowns: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> RaadEdits:
        data = json.loads(text)
        data["left_out"] = tuple(data.get("left_out") or ())
        data["stories"] = {k: [int(i) for i in v] for k, v in (data.get("stories") or {}).items()}
        return cls(**data)


@dataclass(frozen=True)
class Suggestion:
    indicator_ids: tuple[str, ...]
    area_codes: tuple[str, ...]
    group_factor: str | None


# Words in a question that point at a diversity factor (lower case, matched on word starts).
FACTOR_WORDS = {
    "leeftijd": ("ouderen", "oudere", "senior", "65-plus", "75-plus", "jongeren", "jongere", "jeugd", "leeftijd"),
    "financien": ("armoede", "geld", "rondkomen", "inkomen", "schuld", "minima"),
    "taal": ("taal", "laaggeletterd", "nederlands"),
    "gender": ("vrouw", "man", "mannen", "gender"),
    "achtergrond": ("migratie", "achtergrond", "nieuwkomer", "statushouder", "culturele"),
    "gezondheid": ("beperking", "gezondheid", "ziek", "handicap"),
    "participatie": ("werk", "werkloos", "baan", "uitkering"),
    "seksuele_orientatie": ("lhbti", "lhb", "homo", "queer"),
}
_WORD = re.compile(r"[a-zà-ÿ0-9+-]+")
_STOP = {
    "de",
    "het",
    "een",
    "en",
    "of",
    "in",
    "op",
    "van",
    "voor",
    "aan",
    "met",
    "wat",
    "doet",
    "neemt",
    "af",
    "toe",
    "gemeente",
    "eraan",
    "er",
    "is",
    "zijn",
    "wordt",
    "hoe",
    "onder",
    "bij",
    "zich",
    "dat",
    "over",
    "iets",
    "veel",
    "goed",
    "nog",
    "ook",
    "wel",
    "niet",
    "geen",
    "wijk",
    "buurt",
    "inwoners",
}


def suggest(store: StoreView, question: str, limit: int = 4) -> Suggestion:
    """Indicators, areas and a group that the question's words point at (a start, not a choice).

    Indicators are ranked by how many of the question's words share a stem with their title,
    definition or theory-of-change step; areas match on their name.
    """
    words = [w for w in _WORD.findall(question.lower()) if w not in _STOP and len(w) > 2]
    found = indicators.described(store)
    scored = []
    for row in found.to_dict("records"):
        text = _WORD.findall(" ".join(str(row[k] or "") for k in ("title", "definition", "node_title")).lower())
        score = sum(any(_same_stem(w, t) for t in text) for w in words)
        if score:
            scored.append((-score, row["id"]))
    named = areas.areas(store)
    named = named[named["level"] != "buurt"]
    area_codes = tuple(
        r["code"]
        for r in named.to_dict("records")
        if re.search(rf"\b{re.escape(r['name'].lower())}\b", question.lower())
    )
    factor = next((f for f, keys in FACTOR_WORDS.items() if any(w.startswith(k) for w in words for k in keys)), None)
    return Suggestion(tuple(i for _, i in sorted(scored)[:limit]), area_codes, factor)


def _same_stem(a: str, b: str) -> bool:
    """Two Dutch words count as the same when one starts with the other's first five letters or more
    ('eenzaamheid' ~ 'eenzaam'); short words must match exactly."""
    if min(len(a), len(b)) < 5:
        return a == b
    stem = min(len(a), len(b), 7)
    return a[:stem] == b[:stem]
