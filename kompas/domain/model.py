"""Frozen dataclasses for the domain, each able to list what is wrong with it (in Dutch).

``problems()`` checks a record on its own; checks that need the store (does the node
exist?) live beside the write that needs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from kompas.domain import settings, vocab

_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,62}$")
_AREA_CODE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")
_AREA_PREFIX = {"gemeente": "GM", "wijk": "WK", "buurt": "BU"}


def _required(errors: dict[str, str], name: str, value: str | None, label: str) -> None:
    if value is None or not str(value).strip():
        errors[name] = f"Vul {label} in."


def _one_of(
    errors: dict[str, str], name: str, value: str | None, options: dict, label: str, optional: bool = False
) -> None:
    if value in (None, "") and optional:
        return
    if value not in options:
        errors[name] = f"Kies een geldige waarde voor {label}."


def _identifier(errors: dict[str, str], name: str, value: str) -> None:
    if not _ID.match(value or ""):
        errors[name] = (
            "Gebruik voor de code alleen kleine letters, cijfers, '-' en '_' "
            "(zonder spaties), bijvoorbeeld 'thuis_in_buurt'."
        )


@dataclass(frozen=True)
class Programme:
    id: str
    title: str
    description: str = ""
    sort_order: int = 0

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        _identifier(errors, "id", self.id)
        _required(errors, "title", self.title, "een titel")
        return errors


@dataclass(frozen=True)
class Node:
    id: str
    programme_id: str
    kind: str
    title: str
    description: str = ""
    levensdomein: str | None = None
    owner_kind: str | None = None
    owner_name: str | None = None
    status: str | None = None

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        _identifier(errors, "id", self.id)
        _required(errors, "programme_id", self.programme_id, "het programma")
        _one_of(errors, "kind", self.kind, vocab.NODE_KINDS, "het soort onderdeel")
        _required(errors, "title", self.title, "een titel")
        _one_of(errors, "levensdomein", self.levensdomein, vocab.LEVENSDOMEINEN, "het levensdomein", optional=True)
        _one_of(errors, "owner_kind", self.owner_kind, vocab.OWNER_KINDS, "de eigenaar", optional=True)
        if self.kind == "activiteit":
            _one_of(errors, "status", self.status, vocab.ACTIVITY_STATUS, "de status")
        elif self.status:
            errors["status"] = "Alleen een activiteit heeft een status."
        return errors


@dataclass(frozen=True)
class Edge:
    source_id: str
    target_id: str
    assumption: str = ""
    evidence: str = "onbekend"
    id: int | None = None

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        _required(errors, "source_id", self.source_id, "waar de pijl begint")
        _required(errors, "target_id", self.target_id, "waar de pijl naartoe gaat")
        if self.source_id and self.source_id == self.target_id:
            errors["target_id"] = "Een pijl moet naar een ander onderdeel gaan."
        _one_of(errors, "evidence", self.evidence, vocab.EVIDENCE, "de onderbouwing")
        return errors


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str
    parent_code: str | None = None

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        _one_of(errors, "level", self.level, vocab.AREA_LEVELS, "het niveau")
        if not _AREA_CODE.match(self.code or "") or (
            self.level in _AREA_PREFIX and not self.code.startswith(_AREA_PREFIX[self.level])
        ):
            errors["code"] = (
                f"'{self.code}' is geen geldige CBS-code voor dit niveau "
                "(GM + 4 cijfers, WK + 6 cijfers of BU + 8 cijfers)."
            )
        _required(errors, "name", self.name, "een naam")
        if self.level != "gemeente" and not self.parent_code:
            errors["parent_code"] = "Een wijk of buurt hoort bij een gemeente of wijk."
        return errors


@dataclass(frozen=True)
class Indicator:
    id: str
    node_id: str
    kind: str
    title: str
    unit: str
    direction: str
    source: str
    definition: str = ""
    target_value: float | None = None
    target_year: int | None = None
    caveat: str = ""
    min_n: int | None = None

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        _identifier(errors, "id", self.id)
        _required(errors, "node_id", self.node_id, "het onderdeel van het veranderverhaal")
        _one_of(errors, "kind", self.kind, {"output": 1, "outcome": 1}, "output of outcome")
        _required(errors, "title", self.title, "een titel")
        _one_of(errors, "unit", self.unit, vocab.UNITS, "de eenheid")
        _one_of(errors, "direction", self.direction, vocab.DIRECTIONS, "de richting")
        _required(errors, "source", self.source, "de bron")
        if (self.target_value is None) != (self.target_year is None):
            errors["target_year"] = "Geef een streefwaarde altijd samen met een streefjaar."
        if self.target_year is not None and not 2000 <= self.target_year <= 2100:
            errors["target_year"] = "Het streefjaar moet tussen 2000 en 2100 liggen."
        if self.unit == "procent" and self.target_value is not None and not 0 <= self.target_value <= 100:
            errors["target_value"] = "Een streefwaarde in procenten ligt tussen 0 en 100."
        if self.min_n is not None and self.min_n < settings.FLOOR["min_n_count"]:
            errors["min_n"] = (
                f"De drempel voor kleine groepen is {self.min_n}; die moet minstens "
                f"{settings.FLOOR['min_n_count']} zijn. Laat het veld leeg voor de gewone drempel."
            )
        return errors


@dataclass(frozen=True)
class Wave:
    id: str
    source: str
    label: str
    period_start: date
    period_end: date
    method_note: str = ""
    population_note: str = ""

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        _identifier(errors, "id", self.id)
        _required(errors, "source", self.source, "de bron")
        _required(errors, "label", self.label, "een naam")
        if self.period_end < self.period_start:
            errors["period_end"] = "Het einde van de periode ligt voor het begin."
        return errors


@dataclass(frozen=True)
class Observation:
    indicator_id: str
    wave_id: str
    area_code: str
    group_factor: str = vocab.TOTAL
    group_value: str = vocab.TOTAL
    value: float | None = None
    n: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    se: float | None = None
    provisional: bool = False

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.group_factor != vocab.TOTAL and not vocab.is_factor(self.group_factor):
            errors["group_factor"] = f"'{self.group_factor}' is geen bekende diversiteitsfactor."
        elif vocab.split_pair(self.group_factor) and not vocab.split_pair(self.group_value):
            errors["group_value"] = (
                f"Bij twee factoren hoort ook een paar groepen, zoals "
                f"'{vocab.pair_key('65–74 jaar', 'moeite met rondkomen')}'."
            )
        if (self.group_factor == vocab.TOTAL) != (self.group_value == vocab.TOTAL):
            errors["group_value"] = "Een groep heeft zowel een factor als een waarde, of is 'totaal'."
        if self.n is not None and self.n < 0:
            errors["n"] = "Het aantal (n) kan niet negatief zijn."
        if None not in (self.ci_low, self.ci_high) and self.ci_low > self.ci_high:
            errors["ci_low"] = "De ondergrens van het interval is groter dan de bovengrens."
        return errors


@dataclass(frozen=True)
class FigureLink:
    """A story's link to one exact figure, with how it relates to it."""

    indicator_id: str
    wave_id: str
    area_code: str
    group_factor: str = vocab.TOTAL
    group_value: str = vocab.TOTAL
    stance: str = "verklaart"


@dataclass(frozen=True)
class Note:
    title: str
    body: str
    note_date: date
    source_kind: str
    visibility: str
    consent: bool | None
    area_code: str | None = None
    levensdomein: str | None = None
    factors: tuple[str, ...] = ()
    author: str = ""
    node_ids: tuple[str, ...] = ()
    indicator_ids: tuple[str, ...] = ()
    wave_ids: tuple[str, ...] = ()
    figures: tuple[FigureLink, ...] = field(default_factory=tuple)
    id: int | None = None

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        _required(errors, "title", self.title, "een titel")
        _required(errors, "body", self.body, "het verhaal zelf")
        _one_of(errors, "source_kind", self.source_kind, vocab.SOURCE_KINDS, "de soort bron")
        if not self.visibility:
            errors["visibility"] = "Kies wie dit verhaal mag zien: intern, werkgroep of openbaar."
        else:
            _one_of(errors, "visibility", self.visibility, vocab.VISIBILITY, "wie het mag zien")
        if self.consent is None:
            errors["consent"] = "Geef aan of er toestemming is om dit verhaal te gebruiken."
        elif self.visibility == "openbaar" and not self.consent:
            errors["consent"] = "Een verhaal kan alleen openbaar zijn als er toestemming is."
        if self.note_date and self.note_date > date.today():
            errors["note_date"] = "De datum ligt in de toekomst."
        _one_of(errors, "levensdomein", self.levensdomein, vocab.LEVENSDOMEINEN, "het levensdomein", optional=True)
        unknown = [f for f in self.factors if f not in vocab.DIVERSITY_FACTORS]
        if unknown:
            errors["factors"] = f"Onbekende diversiteitsfactor: {', '.join(unknown)}."
        bad_stance = [f for f in self.figures if f.stance not in vocab.STANCES]
        if bad_stance:
            errors["figures"] = "Kies of het verhaal het cijfer verklaart, ondersteunt of tegenspreekt."
        return errors

    def with_links(self, **links) -> Note:
        """A copy with other links; the original is unchanged."""
        return replace(self, **links)


@dataclass(frozen=True)
class Reflection:
    """What goes well, what can be better, or a decision; during a review it carries the review's id,
    and it may point at the node or indicator that was on screen."""

    kind: str
    text: str
    programme_id: str | None = None
    author: str = ""
    review_id: int | None = None
    node_id: str | None = None
    indicator_id: str | None = None

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        _one_of(errors, "kind", self.kind, vocab.REFLECTION_KINDS, "het soort")
        _required(errors, "text", self.text, "de tekst")
        return errors


@dataclass(frozen=True)
class Member:
    """A member of the werkgroep: a policy advisor, a partner organisation's worker, a resident."""

    name: str
    role: str = ""
    organisation: str = ""
    active: bool = True
    id: int | None = None

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        _required(errors, "name", self.name, "een naam")
        return errors


@dataclass(frozen=True)
class Action:
    """Who does what, and when. ``owner`` is a member's id; ``owner_name`` names someone outside the
    werkgroep. ``result_note`` says what the action achieved (outcome, not only output)."""

    title: str
    owner: int | None = None
    owner_name: str = ""
    due_date: date | None = None
    status: str = "open"
    node_id: str | None = None
    indicator_id: str | None = None
    review_id: int | None = None
    result_note: str = ""
    id: int | None = None

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        _required(errors, "title", self.title, "wat er moet gebeuren")
        _one_of(errors, "status", self.status, vocab.ACTION_STATUS, "de status")
        if self.status == "gedaan" and not (self.result_note or "").strip():
            errors["result_note"] = RESULT_NOTE_NEEDED
        return errors


RESULT_NOTE_NEEDED = "Schrijf kort op wat de actie heeft opgeleverd."
