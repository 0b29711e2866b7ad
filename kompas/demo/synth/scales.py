"""The sizes a synthetic store comes in: from a tiny smoke test to every municipality in the country."""

from __future__ import annotations

from dataclasses import dataclass

# Bump when the generator's output changes, so cached stores (bench/.cache) are rebuilt.
GENERATOR_VERSION = 1


@dataclass(frozen=True)
class Scale:
    """How many of everything a synthetic store holds.

    Breakdowns by group are made at gemeente level only (as the national monitors publish them);
    wijken get totals; buurten get totals for every ``buurt_every``-th indicator (registrations).
    """

    name: str
    gemeenten: int
    wijken: int
    buurten: int
    indicators: int
    waves: int
    programmes: int
    factors: int  # how many of the twelve diversity factors have breakdowns
    buurt_every: int = 5  # every n-th indicator is also published per buurt
    notes_per_gemeente: int = 2


SCALES = {
    "tiny": Scale("tiny", gemeenten=2, wijken=4, buurten=8, indicators=8, waves=3, programmes=2, factors=3),
    "gemeente": Scale(
        "gemeente",
        gemeenten=1,
        wijken=10,
        buurten=43,
        indicators=200,
        waves=10,
        programmes=8,
        factors=12,
        notes_per_gemeente=60,
    ),
    "regio": Scale(
        "regio",
        gemeenten=25,
        wijken=240,
        buurten=1_060,
        indicators=200,
        waves=10,
        programmes=8,
        factors=12,
        notes_per_gemeente=4,
    ),
    "national": Scale(
        "national", gemeenten=342, wijken=3_300, buurten=14_500, indicators=200, waves=10, programmes=8, factors=12
    ),
}

# Groups per diversity factor, in the order the factors appear in kompas.domain.vocab.DIVERSITY_FACTORS.
GROUP_VALUES = {
    "gezondheid": ["goed", "matig", "slecht"],
    "educatie": ["laag", "middelbaar", "hoog"],
    "sociale_status": ["laag", "midden", "hoog"],
    "uiterlijk": ["valt niet op", "valt op"],
    "gender": ["man", "vrouw", "anders"],
    "religie": ["geen", "christelijk", "islamitisch", "anders"],
    "taal": ["Nederlands thuis", "andere taal thuis"],
    "seksuele_orientatie": ["hetero", "lhb+"],
    "leeftijd": ["15–34 jaar", "35–64 jaar", "65–74 jaar", "75 jaar en ouder"],
    "achtergrond": ["Nederland", "Europa", "buiten Europa"],
    "participatie": ["werkt", "zoekt werk", "niet beroepsactief"],
    "financien": ["rondkomen lukt", "moeilijk rondkomen"],
}
