"""All settings in one declarative table: name, default, environment variable, help; and the thresholds
of the small-group rule, which live in the store (``Thresholds``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kompas.domain.errors import ValidationError

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    env: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db_path",
        str(REPO_ROOT / "data" / "kompas.duckdb"),
        "KOMPAS_DB",
        "Path of the DuckDB store the app and CLI open.",
    ),
    Setting(
        "min_n_count",
        "10",
        "KOMPAS_MIN_N_COUNT",
        "Counts about people based on fewer than this many are suppressed (can only raise the store's value).",
    ),
    Setting(
        "min_n_survey",
        "50",
        "KOMPAS_MIN_N_SURVEY",
        "Survey percentages and scores based on fewer respondents are suppressed (can only raise it).",
    ),
    Setting(
        "accounts_path",
        "",
        "KOMPAS_ACCOUNTS",
        "Path of the accounts file (names, roles, password hashes); empty: accounts.json next to the db.",
    ),
    Setting(
        "umask",
        "077",
        "KOMPAS_UMASK",
        "Umask (octal) for files the CLI and app write; 077: store, backups and accounts are 0600. "
        "007 on a shared server where the werkgroep is one Unix group.",
    ),
)


def get(name: str) -> str:
    """Value of a setting: its environment variable if set, else the default.

    >>> get("db_path").endswith("kompas.duckdb")
    True
    """
    for setting in SETTINGS:
        if setting.name == name:
            return os.environ.get(setting.env) or setting.default
    raise KeyError(name)


def get_int(name: str) -> int:
    """A whole-number setting; a value that is not one gives a Dutch ``ValidationError``."""
    text = get(name)
    env = next(s.env for s in SETTINGS if s.name == name)
    try:
        return int(text.strip())
    except ValueError:
        raise ValidationError(
            {
                env: f"De instelling {env} is '{text}'; dat is geen geheel getal. "
                f"Zet er een getal in (bijvoorbeeld {_default(name)}) of haal de instelling weg."
            }
        ) from None


def _default(name: str) -> str:
    return next(s.default for s in SETTINGS if s.name == name)


# --- thresholds of the small-group rule ---------------------------------------------------------
# The floor: never lower, unless the municipality documents its own choice (``Thresholds.reason``), and
# even then never below ``HARD_MINIMUM`` (our own limit, so that a slip cannot switch the rule off).
FLOOR = {"min_n_count": 10, "min_n_survey": 50}
HARD_MINIMUM = {"min_n_count": 5, "min_n_survey": 30}
# The stricter CBS profile: percentages and scores only on a base of at least 100, counts rounded to fives.
CBS_SURVEY_BASE = 100
CBS_ROUND_TO = 5
PROFILES = {
    "eigen": "Onze eigen regel: tellingen vanaf 10 mensen, enquêtecijfers vanaf 50 ondervraagden.",
    "cbs": "De strengere regel van het CBS: percentages en scores pas vanaf 100 ondervraagden, "
    "aantallen afgerond op vijftallen.",
}
OWN_RULE_NOTE = (
    "De grens van 50 ondervraagden is onze eigen regel, strenger dan veel bronnen; het CBS "
    "toont percentages pas vanaf 100 (die strengere regel kunt u kiezen)."
)


@dataclass(frozen=True)
class Thresholds:
    """The small-group rule's numbers for one store: counts (``count``) and survey figures (``survey``)
    under these are hidden; ``profile`` 'eigen' or 'cbs'; ``reason`` the documented municipal choice
    when a number is under ``FLOOR`` (empty otherwise)."""

    count: int = FLOOR["min_n_count"]
    survey: int = FLOOR["min_n_survey"]
    profile: str = "eigen"
    reason: str = ""

    @property
    def round_counts_to(self) -> int:
        """Shown counts are rounded to a multiple of this (1: not rounded)."""
        return CBS_ROUND_TO if self.profile == "cbs" else 1

    def for_unit(self, unit: str, own: int | None = None) -> int:
        """The smallest n shown for an indicator of this unit ('aantal', 'procent', 'score') with its own
        threshold ``own`` (or None). An indicator's own threshold can raise the rule, never lower it below
        the count threshold (the lowest any figure may have; an own threshold is for percentages that are
        not survey answers, such as the share of 20 participants who kept their job)."""
        base = self.count if unit == "aantal" else self.survey
        if self.profile == "cbs" and unit != "aantal":
            base = max(base, CBS_SURVEY_BASE)
        if own is None or own != own:  # None or NaN: the unit's threshold
            return base
        return max(int(own), self.count)


def _checked(name: str, value, reason: str, where: str) -> int:
    label = "tellingen" if name == "min_n_count" else "enquêtecijfers"
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError(
            {
                name: f"{where}: de drempel voor {label} is '{value}'; dat is geen geheel getal. "
                f"Vul een getal in van minstens {FLOOR[name]}."
            }
        ) from None
    lowest = HARD_MINIMUM[name] if reason.strip() else FLOOR[name]
    if number < lowest:
        extra = (
            ""
            if reason.strip()
            else f" Een lagere drempel (niet onder {HARD_MINIMUM[name]}) kan alleen met een vastgelegd besluit van de gemeente."
        )
        raise ValidationError(
            {name: f"{where}: de drempel voor {label} is {number}; de kleinste toegestane is {lowest}.{extra}"}
        )
    return number


def thresholds(info: dict[str, str] | None = None) -> Thresholds:
    """The thresholds in force for a store whose ``store_info`` holds ``info`` (keys min_n_count,
    min_n_survey, disclosure_profile, min_n_reason; the floor for what is not set), raised, never lowered,
    by ``KOMPAS_MIN_N_COUNT`` and ``KOMPAS_MIN_N_SURVEY``. Reading and saving them in a store is
    ``kompas.store.thresholds``. Raises a Dutch ``ValidationError`` for a value that is not a whole number
    or lies under the floor.

    >>> thresholds()
    Thresholds(count=10, survey=50, profile='eigen', reason='')
    """
    info = info or {}
    reason = info.get("min_n_reason", "")
    stored = {name: _checked(name, info.get(name) or FLOOR[name], reason, "In de database") for name in FLOOR}
    for name in FLOOR:
        if os.environ.get(next(s.env for s in SETTINGS if s.name == name)):
            stored[name] = max(stored[name], get_int(name))
    profile = info.get("disclosure_profile") or "eigen"
    return Thresholds(stored["min_n_count"], stored["min_n_survey"], profile if profile in PROFILES else "cbs", reason)


def checked_thresholds(count, survey, profile: str, reason: str) -> dict[str, int | str]:
    """The store_info entries for thresholds a user asks for, checked against the floor: {key: value}.
    Raises a Dutch ``ValidationError`` naming every wrong field."""
    errors = {}
    checked: dict[str, int | str] = {}
    for name, value in (("min_n_count", count), ("min_n_survey", survey)):
        try:
            checked[name] = _checked(name, value, reason, "Drempel")
        except ValidationError as exc:
            errors.update(exc.errors)
    if profile not in PROFILES:
        errors["disclosure_profile"] = f"Onbekende regel '{profile}'; kies uit {', '.join(PROFILES)}."
    ValidationError.raise_if(errors)
    return {**checked, "disclosure_profile": profile, "min_n_reason": reason.strip()}
