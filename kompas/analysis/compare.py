"""Wave-to-wave comparison: which changes are real, for whom, and which stories sit beside them.

The verdicts come from ``kompas.analysis.verdict`` (the one rule; its docstring gives the method and sources) over
the family of the wave pair (``kompas.analysis.wave_pair``): every figure compared between those two waves, so a
filter on programme, indicator or area never changes a verdict. What differs between the two waves is
said once (``pair_notes``), not on every row; a method break or a reworded question makes a change
'niet vergelijkbaar'. A group hidden in either wave (``kompas.store.suppression``) carries no value, change or
test. "For whom" tests each group's change against its total's, and each area's against the area it lies
in (a difference of differences), within its own family for the pair.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kompas.analysis import boundaries, verdict, wave_pair
from kompas.domain import settings, vocab
from kompas.store import suppression, thresholds
from kompas.store.connection import StoreView
from kompas.store.stories import NoteFilter, notes

ALPHA = verdict.ALPHA
FDR_NOTE = (
    "We vergelijken veel cijfers tegelijk. Dan lijken sommige verschillen echt terwijl ze toeval zijn. "
    "Daarom corrigeren we voor het aantal vergelijkingen tussen deze twee metingen (Benjamini-Hochberg): "
    "van alle veranderingen die we hier echt noemen (beter, slechter of veranderd), is naar verwachting "
    "hooguit 1 op de 20 toch toeval. 'Niet zeker' betekent: buiten de gewone foutmarge, maar na die "
    "correctie niet zeker."
)
METHOD_NOTE = (
    "Verschil tussen twee onafhankelijke metingen, met een 95%-interval uit de foutmarges van beide "
    "metingen (normale benadering), en een gecorrigeerd interval (Benjamini-Yekutieli) waarop het "
    "oordeel rust. Groepen die in een van de metingen te klein zijn, tonen we niet. Cijfers zonder "
    "foutmarge (tellingen) krijgen geen oordeel over toeval."
)

_LEVEL_ORDER = {"gemeente": 0, "wijk": 1, "buurt": 2}
_COLUMNS = [
    "indicator_id",
    "indicator_title",
    "unit",
    "direction",
    "area_code",
    "area_name",
    "area_level",
    "group_factor",
    "group_value",
    "wave_from",
    "wave_to",
    "value_from",
    "value_to",
    "n_from",
    "n_to",
    "ci_low_from",
    "ci_high_from",
    "ci_low_to",
    "ci_high_to",
    "diff",
    "se",
    "ci_low",
    "ci_high",
    "adj_low",
    "adj_high",
    "p_value",
    "significant",
    "q_value",
    "significant_fdr",
    "verdict",
    "verdict_text",
    "target_value",
    "target_year",
    "target_gap",
    "suppressed",
    "too_small_from",
    "too_small_to",
    "hidden_from",
    "hidden_to",
    "comparable",
    "warnings",
]


def wave_by_label(store: StoreView, label: str) -> dict:
    """The wave with this label, as a dict of its columns; NotFoundError if there is none."""
    return wave_pair.wave(store, label=label)


def previous_wave(store: StoreView, label: str) -> str | None:
    """The label of the wave of the same source just before this one; None for the first."""
    wave = wave_by_label(store, label)
    return store.scalar(
        "SELECT label FROM waves WHERE source = ? AND period_end < ? ORDER BY period_end DESC LIMIT 1",
        [wave["source"], wave["period_end"]],
    )


def default_pair(store: StoreView) -> tuple[str, str] | None:
    """The latest survey wave (most of its figures have a margin of error), and the wave of the same
    source before it: the comparison an analyst most likely wants when a new wave arrives."""
    latest = store.scalar(
        "SELECT w.label FROM waves w JOIN observations o ON o.wave_id = w.id GROUP BY w.label, w.period_end "
        "HAVING avg(CASE WHEN o.ci_low IS NULL THEN 0 ELSE 1 END) > 0.5 ORDER BY w.period_end DESC, w.label LIMIT 1"
    )
    before = previous_wave(store, latest) if latest else None
    return (before, latest) if before else None


def pair_of(store: StoreView, from_label: str, to_label: str) -> wave_pair.Pair:
    """The pair of waves with these labels (ValueError for the same label twice, NotFoundError for an
    unknown one): its method breaks, notes (``.notes``) and family (``.family.tests``)."""
    if from_label == to_label:
        raise ValueError("Kies twee verschillende metingen om te vergelijken.")
    return wave_pair.pair(store, labels=(from_label, to_label))


def compare_waves(
    store: StoreView,
    from_label: str,
    to_label: str,
    *,
    programme_id: str | None = None,
    indicator_ids: list[str] | None = None,
    area_codes: list[str] | None = None,
    totals_only: bool = False,
) -> pd.DataFrame:
    """One row per indicator × area × group present in both waves, with the change, its tests and verdict.

    Columns: indicator_id, indicator_title, unit, direction, area_code, area_name, area_level, group_factor,
    group_value, wave_from, wave_to, value_from, value_to, n_from, n_to, ci_low_from … ci_high_to (each
    wave's 95% interval), diff, se, ci_low, ci_high (plain 95% interval of the change), adj_low, adj_high
    (the adjusted interval the verdict rests on), p_value, significant, q_value, significant_fdr, verdict
    (a key of ``verdict.WORDS``), verdict_text (a sentence), target_value, target_year, target_gap,
    suppressed, too_small_from, too_small_to, hidden_from, hidden_to, comparable, warnings (a list of Dutch
    sentences about this row). ``frame.attrs``: wave_from, wave_to, tests (the family size), real, notes, breaks and filters.
    Example: ``compare_waves(store, "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025", area_codes=["GM9999"])``.
    """
    frame = judged(
        store,
        from_label,
        to_label,
        programme_id=programme_id,
        indicator_ids=indicator_ids,
        area_codes=area_codes,
        totals_only=totals_only,
    )
    pair = pair_of(store, from_label, to_label)
    frame["target_gap"] = _target_gap(frame)
    frame["warnings"] = _warnings(frame, pair, thresholds.in_force(store))
    moved = boundaries.boundary_warnings(store, pair.wave_from, pair.wave_to, frame["area_code"])
    frame["warnings"] = [found + moved.get(code, []) for found, code in zip(frame["warnings"], frame["area_code"])]
    out = _in_reading_order(frame[_COLUMNS].astype({"n_from": "Int64", "n_to": "Int64", "target_year": "Int64"}))
    out.attrs.update(
        wave_from=from_label,
        wave_to=to_label,
        tests=pair.family.tests,
        real=pair.family.real,
        notes=list(pair.notes),
        breaks=[b["label"] for b in pair.breaks],
        filters={"programma": programme_id, "indicatoren": indicator_ids, "gebieden": area_codes},
    )
    return out


def judged(
    store: StoreView,
    from_label: str,
    to_label: str,
    *,
    programme_id: str | None = None,
    indicator_ids: list[str] | None = None,
    area_codes: list[str] | None = None,
    totals_only: bool = False,
) -> pd.DataFrame:
    """The lighter part of ``compare_waves`` that pages need for a sentence: the rows of ``wave_pair.rows``
    with wave_from, wave_to, suppressed and verdict_text (no warnings, targets or reading order)."""
    return judged_pairs(
        store,
        {(from_label, to_label): indicator_ids},
        programme_id=programme_id,
        area_codes=area_codes,
        totals_only=totals_only,
    )


def judged_pairs(
    store: StoreView,
    pairs: dict[tuple[str, str], list[str] | None],
    *,
    programme_id: str | None = None,
    area_codes: list[str] | None = None,
    totals_only: bool = False,
) -> pd.DataFrame:
    """``judged`` for several wave pairs in one read (``wave_pair.rows_of_pairs``): (from label, to label) ->
    the indicator ids wanted of that pair (None: all). One frame with the columns of ``judged``; its rows of
    a pair are those ``judged`` gives for that pair and ids. No pairs: an empty frame. Raises as ``pair_of``."""
    if not pairs:
        return pd.DataFrame()
    found = {labels: pair_of(store, *labels) for labels in pairs}
    wanted = None if any(ids is None for ids in pairs.values()) else sorted({i for ids in pairs.values() for i in ids})
    frame = wave_pair.rows_of_pairs(
        store,
        list(found.values()),
        programme_id=programme_id,
        indicator_ids=wanted,
        area_codes=area_codes,
        totals_only=totals_only,
    )
    labels = {(p.wave_from["id"], p.wave_to["id"]): key for key, p in found.items()}
    of = [labels[k] for k in zip(frame.pop("pair_from"), frame.pop("pair_to"))]
    if len(pairs) > 1:  # each pair's own indicators only
        keep = np.fromiter(
            (pairs[k] is None or i in pairs[k] for k, i in zip(of, frame["indicator_id"])), dtype=bool, count=len(of)
        )
        frame, of = frame[keep].reset_index(drop=True), [k for k, kept in zip(of, keep) if kept]
    frame["wave_from"], frame["wave_to"] = [k[0] for k in of], [k[1] for k in of]
    frame["suppressed"] = frame["hidden"]
    frame["verdict_text"] = _sentences(frame, [found[k] for k in of])
    return frame


def only_in_one(
    store: StoreView,
    from_label: str,
    to_label: str,
    *,
    programme_id: str | None = None,
    indicator_ids: list[str] | None = None,
    area_codes: list[str] | None = None,
) -> pd.DataFrame:
    """Indicator × area × group combinations found in one wave and not the other (merged or vanished
    areas, new breakdowns), so they are named instead of silently compared.

    Columns: indicator_id, indicator_title, area_code, area_name, area_level, group_factor, group_value,
    present_in, missing_in, message.
    """
    pair = pair_of(store, from_label, to_label)
    lonely = wave_pair.only_in_one(
        store, pair, programme_id=programme_id, indicator_ids=indicator_ids, area_codes=area_codes
    )
    lonely["missing_in"] = lonely["present_in"].map({from_label: to_label, to_label: from_label})
    lonely["message"] = [
        f"{r['area_name']}: alleen in {r['present_in']}, niet in {r['missing_in']}; daarom niet vergeleken."
        for r in lonely.to_dict("records")
    ]
    columns = [
        "indicator_id",
        "indicator_title",
        "area_code",
        "area_name",
        "area_level",
        "group_factor",
        "group_value",
        "present_in",
        "missing_in",
        "message",
    ]
    return _in_reading_order(lonely[columns])


def for_whom(store: StoreView, comparison: pd.DataFrame) -> pd.DataFrame:
    """The groups and areas of ``comparison`` whose change differs from their total's change beyond the margin.

    A group is set against the total of its area; an area's total against the total of the area it lies
    in. The test is on the difference of the two changes (``kompas.analysis.verdict``), adjusted within every such
    test of the wave pair: verdict 'anders' when that holds after the correction, else 'niet_zeker'.
    Columns: indicator_id, indicator_title, unit, area_code, area_name, group_factor,
    group_value, of_area_name (the reference), diff, total_diff, diff_vs_total, ci_low_vs_total,
    ci_high_vs_total, q_value, verdict, verdict_text; largest difference first per indicator. The input is not changed.
    """
    columns = [
        "indicator_id",
        "indicator_title",
        "unit",
        "area_code",
        "area_name",
        "group_factor",
        "group_value",
        "of_area_name",
        "diff",
        "total_diff",
        "diff_vs_total",
        "ci_low_vs_total",
        "ci_high_vs_total",
        "q_value",
        "verdict",
        "verdict_text",
    ]
    if comparison.empty:
        return pd.DataFrame(columns=columns)
    pair = pair_of(
        store,
        comparison.attrs.get("wave_from", comparison["wave_from"].iloc[0]),
        comparison.attrs.get("wave_to", comparison["wave_to"].iloc[0]),
    )
    found = wave_pair.whom_rows(
        store,
        pair,
        indicator_ids=sorted(set(comparison["indicator_id"])),
        area_codes=sorted(set(comparison["area_code"])),
    )
    found = found[found["p_value"] < verdict.ALPHA]  # beyond the plain margin; the word tells the rest
    shown = comparison.drop(columns=["diff", "q_value"]).merge(
        found, on=["indicator_id", "area_code", "group_factor", "group_value"]
    )
    names = dict(zip(comparison["area_code"], comparison["area_name"]))
    names.update(dict(store.df("SELECT code, name FROM areas").itertuples(index=False, name=None)))
    shown["of_area_name"] = shown["of_area"].map(names)
    shown["total_diff"], shown["diff_vs_total"] = shown["ref_diff"], shown["diff_vs_ref"]
    margin = verdict.Z95 * shown["se_vs_ref"]
    shown["ci_low_vs_total"], shown["ci_high_vs_total"] = shown["diff_vs_ref"] - margin, shown["diff_vs_ref"] + margin
    shown["verdict"] = shown["different"].map({True: "anders", False: "niet_zeker"})
    shown["verdict_text"] = [
        f"Veranderde anders dan {ref}"
        + ("." if sure else f", maar na correctie voor {pair.whom_family.tests} vergelijkingen niet zeker.")
        for ref, sure in zip(
            shown["of_area_name"].where(shown["group_factor"] == vocab.TOTAL, "het totaal"), shown["different"]
        )
    ]
    shown = shown.assign(_size=shown["diff_vs_total"].abs()).sort_values(
        ["indicator_title", "_size"], ascending=[True, False], kind="stable"
    )
    return shown[columns].reset_index(drop=True)


def stories_for(
    store: StoreView,
    comparison_row_or_indicator_id,
    from_label: str,
    to_label: str,
    audience: str,
    *,
    include_between: bool = False,
) -> pd.DataFrame:
    """Stories linked to the indicator, dated within either wave's period, that ``audience`` may see.

    Given a comparison row (dict or Series) instead of an indicator id, only stories about that area,
    what lies in it or what it lies in (and town-wide stories) are kept. ``include_between`` also keeps
    stories dated between the two periods. Columns as ``stories.notes`` plus ``wave_label``: the wave
    whose period the story falls in ('tussen de metingen' for the span between).
    """
    item = comparison_row_or_indicator_id
    indicator_id, area_code = (item, None) if isinstance(item, str) else (item["indicator_id"], item.get("area_code"))
    periods = [
        (w["label"], _day(w["period_start"]), _day(w["period_end"]))
        for w in (wave_by_label(store, from_label), wave_by_label(store, to_label))
    ]
    first, last = min(p[1] for p in periods), max(p[2] for p in periods)
    found = notes(
        store, audience, NoteFilter(indicator_id=indicator_id, area_code=area_code, years=(first.year, last.year))
    )

    def wave_of(day: date) -> str | None:
        for label, start, end in periods:
            if start <= day <= end:
                return label
        return "tussen de metingen" if include_between and first <= day <= last else None

    found["wave_label"] = [wave_of(_day(d)) for d in found["note_date"]]
    return found[found["wave_label"].notna()].reset_index(drop=True)


def _break_text(pair: wave_pair.Pair) -> str:
    return "; ".join(f"methodebreuk bij {b['label']}" for b in pair.breaks)


def _sentences(frame: pd.DataFrame, pairs: list[wave_pair.Pair]) -> list[str]:
    """``verdict.sentence`` per row (``pairs``: each row's pair), made once per distinct (pair, verdict,
    direction of change, indicator)."""
    made: dict[tuple, str] = {}
    out = []
    for key, diff, indicator_id, pair in zip(
        frame["verdict"].tolist(), frame["diff"].tolist(), frame["indicator_id"].tolist(), pairs
    ):
        sign = 0 if diff != diff else (diff > 0) - (diff < 0)  # NaN != NaN
        cached = (id(pair), key, sign, indicator_id if key == "niet_vergelijkbaar" else "")
        if cached not in made:
            why = pair.reworded.get(indicator_id, "") or _break_text(pair)
            made[cached] = verdict.sentence(
                {"verdict": key, "diff": float(sign) if diff == diff else None}, pair.family.tests, why
            )
        out.append(made[cached])
    return out


def _warnings(frame: pd.DataFrame, pair: wave_pair.Pair, rule: settings.Thresholds) -> list[list[str]]:
    """Per row: what a reader of that row must know (the notes of the whole pair are told once)."""
    wf, wt = pair.wave_from["label"], pair.wave_to["label"]
    columns = [
        "indicator_id",
        "caveat",
        "provisional_from",
        "provisional_to",
        "too_small_from",
        "too_small_to",
        "hidden_from",
        "hidden_to",
        "hidden",
        "unit",
        "min_n",
        "verdict",
    ]
    out = []
    for values in zip(*(frame[c].tolist() for c in columns)):
        r = dict(zip(columns, values))
        found = []
        if r["indicator_id"] in pair.reworded:
            found.append(f"Niet vergelijkbaar: {pair.reworded[r['indicator_id']]}.")
        if r["caveat"]:
            found.append(f"Let op bij deze indicator: {r['caveat']}")
        found += [
            f"Het cijfer van {label} is voorlopig en kan nog veranderen."
            for side, label in (("from", wf), ("to", wt))
            if r[f"provisional_{side}"]
        ]
        if r["hidden"]:
            found += _hidden_warnings(r, wf, wt, rule)
        elif r["verdict"] == "onbekend":
            found.append("Een van de twee metingen heeft hier geen cijfer.")
        elif r["verdict"] == "zonder_marge":
            found.append("Er is geen foutmarge bekend, dus niet te zeggen of het verschil toeval is.")
        out.append(found)
    return out


def _hidden_warnings(r: dict, wf: str, wt: str, rule: settings.Thresholds) -> list[str]:
    found = []
    small = " en ".join(label for side, label in (("from", wf), ("to", wt)) if r[f"too_small_{side}"])
    guarded = " en ".join(
        label for side, label in (("from", wf), ("to", wt)) if r[f"hidden_{side}"] and not r[f"too_small_{side}"]
    )
    if small:
        found.append(
            f"De groep is {suppression.SUPPRESSED_TEXT} in {small} (minimaal "
            f"{rule.for_unit(r['unit'], None if pd.isna(r['min_n']) else int(r['min_n']))} mensen nodig): "
            "hier staat geen cijfer "
            "en geen verschil."
        )
    if guarded:
        found.append(
            f"Het cijfer van {guarded} is {suppression.GUARDED_TEXT}: hier staat geen cijfer en geen verschil."
        )
    return found


def _target_gap(frame: pd.DataFrame) -> pd.Series:
    """Positive: still to go. Without a direction every distance is still to go."""
    target, value = frame["target_value"].astype("float64"), frame["value_to"]
    gap = (target - value).where(frame["direction"] == "hoger", value - target)
    return gap.where(frame["direction"] != "geen", (target - value).abs()).where(frame["diff"].notna())


def _in_reading_order(frame: pd.DataFrame) -> pd.DataFrame:
    order = frame.assign(_level=frame["area_level"].map(_LEVEL_ORDER), _group=frame["group_factor"] != vocab.TOTAL)
    order = order.sort_values(
        ["indicator_title", "indicator_id", "_level", "area_name", "_group", "group_factor", "group_value"],
        kind="stable",
    )
    return order.drop(columns=[c for c in order if c.startswith("_")]).reset_index(drop=True)


def _day(value) -> date:
    return value if type(value) is date else pd.Timestamp(value).date()
