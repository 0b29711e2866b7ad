"""The thresholds of the small-group rule as a store keeps them (``store_info``), read and saved with
the floor and environment of ``kompas.domain.settings``."""

from __future__ import annotations

from kompas.domain import roles
from kompas.domain.settings import Thresholds, checked_thresholds, thresholds
from kompas.store import audit
from kompas.store.connection import StoreView, raw

KEYS = ("min_n_count", "min_n_survey", "disclosure_profile", "min_n_reason")


def in_force(store: StoreView) -> Thresholds:
    """The thresholds in force in ``store`` (the floor when none are saved; see ``settings.thresholds``).
    Raises a Dutch ``ValidationError`` when a stored value lies under the floor."""
    info = dict(
        raw(store)
        .df(f"SELECT key, value FROM store_info WHERE key IN ({', '.join('?' * len(KEYS))})", list(KEYS))
        .itertuples(index=False)
    )
    return thresholds(info)


def save(store: StoreView, count, survey, profile: str = "eigen", reason: str = "") -> Thresholds:
    """Store the thresholds (only the werkgroep may, ``NotAllowedError`` otherwise) after checking them
    against the floor (``ValidationError`` naming each wrong field); the change is written to the audit
    log. Returns what is now in force."""
    access = roles.of(store)
    access.require_edit()
    entries = checked_thresholds(count, survey, profile, reason)
    with store.transaction() as cur:
        for key, value in entries.items():
            cur.execute(
                "INSERT INTO store_info VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, str(value)],
            )
        audit.record(
            cur,
            access,
            "gewijzigd",
            "drempels",
            "",
            f"tellingen {entries['min_n_count']}, enquêtes {entries['min_n_survey']}, regel {profile}"
            + (f"; besluit: {reason.strip()}" if reason.strip() else ""),
        )
    return in_force(store)
