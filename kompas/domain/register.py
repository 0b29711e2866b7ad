"""The national register of gemeenten: codes, names and the mergers (herindelingen) since 2016.

Read from ``kompas/domain/data/gemeenten/`` (public CBS facts; where each comes from, and up to which date the list is
complete, is in ``kompas/domain/data/gemeenten/README.md``). Nothing here needs a store; ``kompas.store.gemeente_setup.store_mergers`` copies the
mergers into a store's ``gemeente_mergers`` table so that queries can join on them.

>>> gemeente("GM0363").name, gemeente("GM0457").valid_to
('Amsterdam', datetime.date(2022, 3, 24))
>>> [g.code for g in find_gemeente("voorne")]
['GM1992']
>>> successor("GM0457", date(2023, 1, 1)), successor("GM0457", date(2021, 6, 1))
('GM0363', None)
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from kompas.domain.cbs_regions import as_area_code

REGISTER_DIR = resources.files("kompas.domain") / "data" / "gemeenten"
COMPLETE_UNTIL = date(2025, 1, 1)  # see kompas/domain/data/gemeenten/README.md


@dataclass(frozen=True)
class Gemeente:
    code: str
    name: str
    valid_to: date | None = None  # the day it merged into another; None: it exists


@dataclass(frozen=True)
class Merger:
    old_code: str
    new_code: str
    merged_on: date
    whole: bool  # False: the old gemeente was split over several new ones


def _rows(name: str) -> list[dict]:
    with (REGISTER_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@lru_cache(maxsize=1)
def _register() -> tuple[dict[str, Gemeente], tuple[Merger, ...]]:
    mergers = tuple(
        Merger(r["oude_code"], r["nieuwe_code"], date.fromisoformat(r["datum"]), r["deel"] == "geheel")
        for r in _rows("herindelingen.csv")
    )
    known = {r["code"]: Gemeente(r["code"], r["naam"]) for r in _rows("gemeenten.csv")}
    for row in _rows("herindelingen.csv"):
        known.setdefault(
            row["oude_code"], Gemeente(row["oude_code"], row["oude_naam"], date.fromisoformat(row["datum"]))
        )
    return known, mergers


def gemeente(code: str) -> Gemeente | None:
    """The gemeente with this CBS code (also '363', 'GM0363  '); dissolved ones carry ``valid_to``.

    None when the code is in neither list (a fictional code, or one newer than ``COMPLETE_UNTIL``).

    >>> gemeente(" 14"), gemeente("GM9998")
    (Gemeente(code='GM0014', name='Groningen', valid_to=None), None)
    """
    code = as_area_code(code, "gemeente") or ""
    return _register()[0].get(code)


def gemeenten(include_dissolved: bool = False) -> list[Gemeente]:
    """Every gemeente by name; only the existing ones unless ``include_dissolved``."""
    every = _register()[0].values()
    return sorted((g for g in every if include_dissolved or g.valid_to is None), key=lambda g: g.name.casefold())


def find_gemeente(name_part: str, include_dissolved: bool = False) -> list[Gemeente]:
    """Gemeenten whose name contains ``name_part`` (any case; a code works too), best match first.

    >>> [g.name for g in find_gemeente("bergen")][:4]
    ['Bergen (L.)', 'Bergen (NH.)', 'Bergen op Zoom', 'Haaksbergen']
    >>> [g.name for g in find_gemeente("den haag")], find_gemeente("")
    (["'s-Gravenhage"], [])
    """
    text = " ".join(name_part.split()).casefold()
    if not text:
        return []
    if (code := as_area_code(text.upper(), "gemeente")) and (found := gemeente(code)):
        return [found]
    text = _ALIASES.get(text, text)
    hits = [g for g in gemeenten(include_dissolved) if text in g.name.casefold()]
    return sorted(hits, key=lambda g: (not g.name.casefold().startswith(text), g.name.casefold()))


_ALIASES = {"den haag": "'s-gravenhage", "den bosch": "'s-hertogenbosch"}


def mergers() -> list[Merger]:
    """Every merger since 2016, in date order."""
    return sorted(_register()[1], key=lambda m: (m.merged_on, m.old_code, m.new_code))


def successors(code: str, on_date: date) -> tuple[str, ...]:
    """The gemeenten that, on ``on_date``, hold the area of gemeente ``code``.

    Empty when the gemeente still exists on that date (or is unknown); one code after a merger; several
    after a split (Haaren 2021). Chains are followed (a merger into a gemeente that merged later).

    >>> successors("GM0788", date(2021, 1, 1))
    ('GM0757', 'GM0824', 'GM0855', 'GM0865')
    >>> successors("GM0140", date(2017, 12, 31))
    ()
    """
    code = as_area_code(code, "gemeente") or code
    found: list[str] = []
    for merger in mergers():
        if merger.old_code == code and merger.merged_on <= on_date:
            found += list(successors(merger.new_code, on_date) or (merger.new_code,))
    return tuple(dict.fromkeys(found))


def successor(code: str, on_date: date) -> str | None:
    """The one gemeente that took over ``code`` by ``on_date``; None if it still exists then or was split.

    >>> successor("GM0370", date(2022, 1, 1)), successor("GM0788", date(2022, 1, 1))
    ('GM0439', None)
    """
    found = successors(code, on_date)
    return found[0] if len(found) == 1 else None


def dissolved_message(code: str, on_date: date) -> str | None:
    """A Dutch sentence for a figure about a gemeente that no longer existed on ``on_date``; else None.

    For the import (issue 'Every real file in right'): refuse such a figure naming the successor.

    >>> dissolved_message("GM0457", date(2023, 1, 1))
    'Gemeente Weesp (GM0457) bestaat sinds 24-03-2022 niet meer: ze is opgegaan in Amsterdam (GM0363). Gebruik die code.'
    """
    gone = gemeente(code)
    if gone is None or gone.valid_to is None or gone.valid_to > on_date:
        return None
    names = [f"{gemeente(c).name} ({c})" if gemeente(c) else c for c in successors(code, on_date)]
    into = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
    advice = "Gebruik die code." if len(names) == 1 else "Kies de gemeente waar het cijfer over gaat."
    return (
        f"Gemeente {gone.name} ({gone.code}) bestaat sinds {gone.valid_to:%d-%m-%Y} niet meer: ze is "
        f"opgegaan in {into}. {advice}"
    )
