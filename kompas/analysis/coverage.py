"""Who is missing: a survey's response per group and wijk against the population.

For one survey wave (and optionally one indicator), each group of each factor (leeftijd, achtergrond,
…) and each wijk gets its share of the respondents beside its share of the population. The population
comes from a *population indicator* (``population_indicators``, migration 013): figures imported like any
other, holding counts per area and group (CBS). A group whose response share is under half its
population share is flagged: ``ratio = response_share / population_share < 0.5`` (the rule of issue 17).

Shares are taken within the groups the survey reports for that factor (a survey of 18+ that reports
"18–34 jaar" is compared with the population in the same bands). Respondent counts follow the small-group
rule (``kompas.store.suppression``): a hidden count is shown as hidden, never as a number or a share.
"""

from __future__ import annotations

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.domain import vocab
from kompas.domain.errors import NotFoundError, ValidationError
from kompas.store import audit, suppression, visibility
from kompas.store.connection import StoreView

UNDER = 0.5  # a group is missing when it answers at less than half its population share
STATUS = {
    "ontbreekt": "Ontbreekt grotendeels",
    "in_orde": "Goed vertegenwoordigd",
    "verborgen": "Te weinig antwoorden om te tonen",
    "geen_bevolking": "Geen bevolkingscijfer",
}
COLUMNS = [
    "dimension",
    "dimension_label",
    "group",
    "group_label",
    "respondents",
    "response_share",
    "population",
    "population_share",
    "ratio",
    "status",
]


def population_indicators(store: StoreView) -> list[str]:
    return [r["indicator_id"] for r in store.rows("SELECT indicator_id FROM population_indicators ORDER BY 1")]


def mark_population(store: StoreView, indicator_id: str) -> None:
    """Mark an indicator as holding population counts. Raises ``NotFoundError`` for an unknown one and
    ``ValidationError`` unless its unit is 'aantal'."""
    access_mod.of(store).require_edit()  # a reading role hears 'not allowed' before any check
    unit = store.scalar("SELECT unit FROM indicators WHERE id = ?", [indicator_id])
    if unit is None:
        raise NotFoundError("Indicator", indicator_id)
    if unit != "aantal":
        raise ValidationError({"unit": "Een bevolkingscijfer is een aantal inwoners (eenheid 'aantal')."})
    with store.transaction() as cur:
        cur.execute("INSERT INTO population_indicators VALUES (?) ON CONFLICT DO NOTHING", [indicator_id])
        audit.record(cur, access_mod.of(store), "gewijzigd", "indicator", indicator_id, "bevolkingscijfer")


def population_wave(store: StoreView, wave_id: str) -> str | None:
    """The population wave nearest in time to a survey wave: the latest one that ends on or before the
    survey's end, else the earliest after it; None when there are no population figures."""
    return store.scalar(
        "WITH s AS (SELECT period_end FROM waves WHERE id = ?) "
        "SELECT w.id FROM waves w, s WHERE w.id IN (SELECT DISTINCT wave_id FROM observations o "
        "JOIN population_indicators p ON p.indicator_id = o.indicator_id) "
        "ORDER BY (w.period_end > s.period_end), abs(datediff('day', w.period_end, s.period_end)) LIMIT 1",
        [wave_id],
    )


def coverage(store: StoreView, wave_id: str, indicator_id: str | None = None) -> pd.DataFrame:
    """One row per wijk and per group of each factor the survey reports (columns ``COLUMNS``), plus
    ``indicator_id``: the figure whose n is used.

    ``respondents`` is the n of that indicator's figure; with ``indicator_id=None``, per factor (and for
    the wijken) the indicator of the wave that most people answered among those reporting that factor.
    NaN when hidden. Shares are fractions (0–1). Raises ``NotFoundError`` for an unknown wave."""
    if not store.scalar("SELECT count(*) FROM waves WHERE id = ?", [wave_id]):
        raise NotFoundError("Meting", wave_id)
    figures = _respondents(store, wave_id, indicator_id)
    population = _population(store, population_wave(store, wave_id))
    names = dict(store.df("SELECT code, name FROM areas").itertuples(index=False, name=None))
    gemeente = figures[figures["level"] == "gemeente"]
    totals = gemeente[gemeente["group_factor"] == vocab.TOTAL].set_index("indicator_id")["n"]
    rows = []
    wijken = figures[(figures["level"] == "wijk") & (figures["group_factor"] == vocab.TOTAL)]
    chosen = _most_answered(wijken, totals)
    if chosen:
        part = wijken[wijken["indicator_id"] == chosen]
        rows += _compare(
            "wijk", "Wijk", part.assign(group=part["area_code"]), population["wijk"], names, totals.get(chosen), chosen
        )
    groups = gemeente[
        (gemeente["group_factor"] != vocab.TOTAL) & ~gemeente["group_factor"].str.contains(vocab.PAIR_SEP, regex=False)
    ]
    for factor, part in groups.groupby("group_factor", sort=True):
        chosen = _most_answered(part, totals)
        part = part[part["indicator_id"] == chosen]
        rows += _compare(
            factor,
            vocab.DIVERSITY_FACTORS.get(factor, factor),
            part.assign(group=part["group_value"]),
            population["groups"].get(factor, {}),
            {},
            totals.get(chosen),
            chosen,
        )
    return pd.DataFrame(rows, columns=[*COLUMNS, "indicator_id"])


def missing_groups(store: StoreView, wave_id: str, indicator_id: str | None = None) -> list[str]:
    """Dutch sentences naming each group or wijk that is flagged, for a report's "Wat we niet weten"."""
    frame = coverage(store, wave_id, indicator_id)
    wave = store.scalar("SELECT label FROM waves WHERE id = ?", [wave_id])
    return [
        f"{wave}: {r['group_label']} ({r['dimension_label'].lower()}) is {_pct(r['population_share'])} van de "
        f"inwoners, maar {_pct(r['response_share'])} van wie antwoordde. Wat deze groep vindt, weten we "
        "daardoor minder zeker."
        for r in frame[frame["status"] == "ontbreekt"].to_dict("records")
    ]


def _respondents(store: StoreView, wave_id: str, indicator_id: str | None) -> pd.DataFrame:
    """The wave's survey figures with an n (one indicator, or all but population ones), with ``hidden``."""
    frame = store.df(
        "SELECT o.indicator_id, o.wave_id, o.area_code, o.group_factor, o.group_value, o.n, a.level "
        f"FROM observations o JOIN areas a ON a.code = o.area_code WHERE o.wave_id = ? AND {visibility.PUBLISHABLE} "
        "AND o.n IS NOT NULL AND (?::VARCHAR IS NULL OR o.indicator_id = ?) "
        "AND o.indicator_id NOT IN (SELECT indicator_id FROM population_indicators)",
        [wave_id, visibility.shows_provisional(store), indicator_id, indicator_id],
    )
    frame = suppression.apply_stored(store, frame)
    return frame.assign(hidden=frame["suppressed"])


def _most_answered(part: pd.DataFrame, totals: pd.Series) -> str | None:
    ids = sorted(set(part["indicator_id"]))
    if not ids:
        return None
    return max(ids, key=lambda i: (totals.get(i) if pd.notna(totals.get(i)) else -1, i))


def _population(store: StoreView, wave_id: str | None) -> dict:
    out = {"wijk": {}, "groups": {}}
    if wave_id is None:
        return out
    frame = store.df(
        "SELECT o.area_code, a.level, o.group_factor, o.group_value, o.value FROM observations o "
        "JOIN areas a ON a.code = o.area_code JOIN population_indicators p ON p.indicator_id = o.indicator_id "
        "WHERE o.wave_id = ? AND o.value IS NOT NULL",
        [wave_id],
    )
    for r in frame.to_dict("records"):
        if r["level"] == "wijk" and r["group_factor"] == vocab.TOTAL:
            out["wijk"][r["area_code"]] = r["value"]
        elif r["level"] == "gemeente" and r["group_factor"] != vocab.TOTAL:
            out["groups"].setdefault(r["group_factor"], {})[r["group_value"]] = r["value"]
    return out


def _compare(
    dimension: str,
    label: str,
    part: pd.DataFrame,
    population: dict,
    names: dict,
    total: float | None,
    indicator_id: str,
) -> list[dict]:
    # Shares of the groups' sum; with a hidden group, of the whole wave's total instead (the sum would
    # leave the hidden group out, and the small-group rule keeps a single hidden count from being worked out).
    hidden_any = bool(part["hidden"].any())
    denominator = (total if pd.notna(total) else None) if hidden_any else part["n"].sum()
    known = [g for g in part["group"] if g in population]
    pop_total = sum(population[g] for g in known)
    rows = []
    for r in part.sort_values("group").to_dict("records"):
        pop = population.get(r["group"])
        pop_share = pop / pop_total if pop is not None and pop_total else None
        share = None if r["hidden"] or not denominator else r["n"] / denominator
        ratio = share / pop_share if share is not None and pop_share else None
        status = (
            "verborgen"
            if r["hidden"]
            else "geen_bevolking"
            if ratio is None
            else "ontbreekt"
            if ratio < UNDER
            else "in_orde"
        )
        rows.append(
            {
                "dimension": dimension,
                "dimension_label": label,
                "group": r["group"],
                "group_label": names.get(r["group"], r["group"]),
                "respondents": None if r["hidden"] else int(r["n"]),
                "response_share": share,
                "population": pop,
                "population_share": pop_share,
                "ratio": ratio,
                "status": status,
                "indicator_id": indicator_id,
            }
        )
    return rows


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%".replace(".", ",")
