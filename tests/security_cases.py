"""Load the security cases (tests/cases/security, from issue 16) into a store as the import would: one
wave per label (source 'Eigen registratie', the calendar year in its label), figures saved in one go."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from kompas.domain.model import Observation, Wave
from kompas.store import indicators, observations
from kompas.store.connection import Store

CASES = Path(__file__).parent / "cases" / "security"


def load(store: Store, name: str) -> pd.DataFrame:
    """Save the figures of ``CASES/name`` (creating its waves) and return the file's rows."""
    rows = pd.read_csv(CASES / name, dtype=str, keep_default_na=False)
    known = set(indicators.waves(store)["label"])
    for label in sorted(set(rows["wave"]) - known):
        year = int(re.search(r"\d{4}", label).group())
        indicators.save_wave(
            store, Wave(f"case{year}", "Eigen registratie", label, date(year, 1, 1), date(year, 12, 31))
        )
    ids = dict(indicators.waves(store)[["label", "id"]].itertuples(index=False))
    number = lambda text, kind: kind(text) if text.strip() else None  # noqa: E731
    observations.save_observations(
        store,
        [
            Observation(
                r["indicator"],
                ids[r["wave"]],
                r["area_code"],
                r["group_factor"],
                r["group_value"],
                float(r["value"]),
                number(r["n"], int),
                number(r["ci_low"], float),
                number(r["ci_high"], float),
            )
            for r in rows.to_dict("records")
        ],
    )
    return rows.assign(wave_id=rows["wave"].map(ids))


def load_all(store: Store) -> pd.DataFrame:
    """Every figure case into ``store``: counts without n, the bridge pattern, and the revised table, its first
    version read (so decided and published, ``suppression.stored_figures``) before the second is imported.
    Returns the figures as first published."""
    from kompas.store import suppression

    for name in ("counts-without-n.csv", "bridge-pattern.csv", "revision-v1.csv"):
        load(store, name)
    first = suppression.stored_figures(store)
    load(store, "revision-v2.csv")
    return first
