"""Wave-to-wave comparison: which changes are real, for whom, and which stories sit beside them.

Method (also what the comparison page and the export say):

- Each figure in the two waves is an independent estimate. The change is ``value_to − value_from``;
  its standard error is ``√(se_from² + se_to²)``. A figure's se is taken as stored, or derived from
  its 95% interval as ``(ci_high − ci_low) / (2 × 1.96)`` (see ``kompas.change``, the one home of
  this rule). Without uncertainty on both figures nothing is said about chance ('onbekend').
- The 95% interval of the change is ``diff ± 1.96 × se``; the two-sided p-value comes from the normal
  approximation, ``2 × (1 − Φ(|diff| / se))``.
- Many changes are compared at once, so some would look real by chance alone. The p-values of all rows
  compared (those with a p-value) are adjusted with Benjamini–Hochberg (false discovery rate, 5%), and
  the verdict (beter/slechter given the indicator's direction) uses only the adjusted ``q_value``.
- A group under the small-group threshold in either wave (``kompas.suppression``) carries no value, no
  change and no p-value: it is named with "te klein om te tonen" and never enters the adjustment.
- "For whom" compares each group's change with the total's change in the same area. That difference is
  descriptive: a group is part of the total, so the two are not independent and no test is made.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from scipy import stats

from kompas import boundaries, change, observations, suppression, vocab
from kompas.errors import NotFoundError
from kompas.store import Store
from kompas.stories import NoteFilter, notes

ALPHA = 0.05
FDR_NOTE = ("We vergelijken veel cijfers tegelijk. Dan lijken sommige verschillen echt terwijl ze toeval zijn. "
            "Daarom corrigeren we voor het aantal vergelijkingen (Benjamini-Hochberg): van alle veranderingen "
            "die we hier echt noemen (beter, slechter of veranderd), is naar verwachting hooguit 1 op de 20 "
            "toch toeval.")
METHOD_NOTE = ("Verschil tussen twee onafhankelijke metingen, met een 95%-interval uit de foutmarges van beide "
               "metingen (normale benadering). Groepen die in een van de metingen te klein zijn, tonen we niet.")

_KEY = ["indicator_id", "area_code", "group_factor", "group_value"]
_META = ["indicator_title", "unit", "direction", "min_n", "caveat", "target_value", "target_year",
         "area_name", "area_level"]
_MEASURES = ["value", "n", "ci_low", "ci_high", "se", "suppressed", "too_small", "provisional"]
_LEVEL_ORDER = {"gemeente": 0, "wijk": 1, "buurt": 2}


def wave_by_label(store: Store, label: str) -> dict:
    """The wave with this label, as a dict of its columns; NotFoundError if there is none."""
    rows = store.rows("SELECT * FROM waves WHERE label = ?", [label])
    if not rows:
        raise NotFoundError("Meting", label)
    return rows[0]


def previous_wave(store: Store, label: str) -> str | None:
    """The label of the wave of the same source just before this one; None for the first."""
    wave = wave_by_label(store, label)
    return store.scalar("SELECT label FROM waves WHERE source = ? AND period_end < ? "
                        "ORDER BY period_end DESC LIMIT 1", [wave["source"], wave["period_end"]])


def default_pair(store: Store) -> tuple[str, str] | None:
    """The latest survey wave (most of its figures have a margin of error), and the wave of the same
    source before it: the comparison an analyst most likely wants when a new wave arrives."""
    latest = store.scalar(
        "SELECT w.label FROM waves w JOIN observations o ON o.wave_id = w.id GROUP BY w.label, w.period_end "
        "HAVING avg(CASE WHEN o.ci_low IS NULL THEN 0 ELSE 1 END) > 0.5 ORDER BY w.period_end DESC, w.label LIMIT 1")
    before = previous_wave(store, latest) if latest else None
    return (before, latest) if before else None


def compare_waves(store: Store, from_label: str, to_label: str, *, programme_id: str | None = None,
                  indicator_ids: list[str] | None = None, area_codes: list[str] | None = None) -> pd.DataFrame:
    """One row per indicator × area × group present in both waves, with the change and its uncertainty.

    Columns: indicator_id, indicator_title, unit, direction, area_code, area_name, area_level,
    group_factor, group_value, wave_from, wave_to, value_from, value_to, n_from, n_to, diff, se,
    ci_low, ci_high (95% interval of the change), p_value, significant, q_value, significant_fdr,
    verdict, target_value, target_year, target_gap, suppressed, warnings (a list of Dutch sentences).
    Combinations in only one wave are left out here; ``only_in_one`` names them.
    Example: ``compare_waves(store, "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025", area_codes=["GM9999"])``.
    """
    waves, frame = _load(store, from_label, to_label, programme_id, indicator_ids, area_codes)
    wf, wt = waves
    a, b = (frame[frame["wave_id"] == w["id"]] for w in waves)
    both = a[_KEY + _META + _MEASURES].merge(b[_KEY + _MEASURES], on=_KEY, suffixes=("_from", "_to"))
    shared = _wave_warnings(wf, wt)
    asked = _wording_warnings(store, wf, wt)
    moved = boundaries.boundary_warnings(store, wf, wt, both["area_code"])
    rows = [_compare_row(r, wf, wt, shared + asked.get(r["indicator_id"], []) + moved.get(r["area_code"], []))
            for r in both.to_dict("records")]
    out = pd.DataFrame(rows, columns=_COLUMNS)
    tested = out["p_value"].notna()
    out["q_value"] = float("nan")
    if tested.any():
        out.loc[tested, "q_value"] = stats.false_discovery_control(out.loc[tested, "p_value"], method="bh")
    out["significant"] = out["significant"].astype("boolean")
    out["significant_fdr"] = (out["q_value"] < ALPHA).astype("boolean").mask(~tested)
    out["verdict"] = [_verdict(r) for r in out.to_dict("records")]
    out = out.astype({"n_from": "Int64", "n_to": "Int64", "target_year": "Int64"})
    return _in_reading_order(out)


def only_in_one(store: Store, from_label: str, to_label: str, *, programme_id: str | None = None,
                indicator_ids: list[str] | None = None, area_codes: list[str] | None = None) -> pd.DataFrame:
    """Indicator × area × group combinations found in one wave and not the other (merged or vanished
    areas, new breakdowns), so they are named instead of silently compared.

    Columns: indicator_id, indicator_title, area_code, area_name, area_level, group_factor, group_value,
    present_in, missing_in, message.
    """
    waves, frame = _load(store, from_label, to_label, programme_id, indicator_ids, area_codes)
    labels = {w["id"]: w["label"] for w in waves}
    lonely = frame.drop_duplicates(_KEY, keep=False).copy()
    lonely["present_in"] = lonely["wave_id"].map(labels)
    lonely["missing_in"] = lonely["present_in"].map({from_label: to_label, to_label: from_label})
    lonely["message"] = [f"{r['area_name']}: alleen in {r['present_in']}, niet in {r['missing_in']}; "
                         "daarom niet vergeleken." for r in lonely.to_dict("records")]
    columns = ["indicator_id", "indicator_title", "area_code", "area_name", "area_level", "group_factor",
               "group_value", "present_in", "missing_in", "message"]
    return _in_reading_order(lonely[columns])


def for_whom(comparison: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Per indicator and area, the groups whose change differs most from the total's change.

    ``diff_vs_total`` = the group's change − the total's change, largest in absolute size first
    (within each indicator × area, in the comparison's order); ``top`` keeps that many per pair.
    Suppressed groups and areas without a total change are left out. Descriptive only: see the
    module docstring. The input is not changed.
    """
    shown = comparison[comparison["diff"].notna()]
    is_total = shown["group_factor"] == vocab.TOTAL
    totals = shown[is_total][["indicator_id", "area_code", "diff"]].rename(columns={"diff": "total_diff"})
    groups = shown[~is_total].merge(totals, on=["indicator_id", "area_code"])
    groups["diff_vs_total"] = (groups["diff"] - groups["total_diff"]).round(10)  # no 1e-16 from float noise
    pairs = {p: i for i, p in enumerate(dict.fromkeys(zip(comparison["indicator_id"], comparison["area_code"])))}
    groups["_pair"] = [pairs[p] for p in zip(groups["indicator_id"], groups["area_code"])]
    groups["_size"] = groups["diff_vs_total"].abs()
    groups = groups.sort_values(["_pair", "_size"], ascending=[True, False], kind="stable")
    if top is not None:
        groups = groups.groupby("_pair", sort=False).head(top)
    columns = ["indicator_id", "indicator_title", "unit", "area_code", "area_name", "group_factor",
               "group_value", "diff", "total_diff", "diff_vs_total", "significant", "significant_fdr",
               "verdict", "warnings"]
    return groups[columns].reset_index(drop=True)


def stories_for(store: Store, comparison_row_or_indicator_id, from_label: str, to_label: str,
                audience: str, *, include_between: bool = False) -> pd.DataFrame:
    """Stories linked to the indicator, dated within either wave's period, that ``audience`` may see.

    Given a comparison row (dict or Series) instead of an indicator id, only stories about that area,
    what lies in it or what it lies in (and town-wide stories) are kept. ``include_between`` also keeps
    stories dated between the two periods. Columns as ``stories.notes`` plus ``wave_label``: the wave
    whose period the story falls in ('tussen de metingen' for the span between).
    """
    item = comparison_row_or_indicator_id
    indicator_id, area_code = (item, None) if isinstance(item, str) else (item["indicator_id"], item.get("area_code"))
    periods = [(w["label"], _day(w["period_start"]), _day(w["period_end"]))
               for w in (wave_by_label(store, from_label), wave_by_label(store, to_label))]
    first, last = min(p[1] for p in periods), max(p[2] for p in periods)
    found = notes(store, audience, NoteFilter(indicator_id=indicator_id, area_code=area_code,
                                               years=(first.year, last.year)))

    def wave_of(day: date) -> str | None:
        for label, start, end in periods:
            if start <= day <= end:
                return label
        return "tussen de metingen" if include_between and first <= day <= last else None

    found["wave_label"] = [wave_of(_day(d)) for d in found["note_date"]]
    return found[found["wave_label"].notna()].reset_index(drop=True)


_HEADERS = {
    "indicator_id": "Indicatorcode", "indicator_title": "Indicator", "unit": "Eenheid",
    "direction": "Richting", "area_code": "Gebiedscode", "area_name": "Gebied",
    "group_factor": "Diversiteitsfactor", "group_value": "Groep", "wave_from": "Eerste meting",
    "wave_to": "Tweede meting", "value_from": "Waarde eerste meting", "value_to": "Waarde tweede meting",
    "n_from": "n eerste meting", "n_to": "n tweede meting", "diff": "Verschil",
    "ci_low": "Verschil: 95%-interval van", "ci_high": "Verschil: 95%-interval tot", "p_value": "p-waarde",
    "significant": "Buiten de foutmarge (los bekeken)", "q_value": "q-waarde (gecorrigeerd)",
    "significant_fdr": "Buiten de foutmarge (gecorrigeerd)", "verdict": "Oordeel",
    "target_value": "Streefwaarde", "target_year": "Streefjaar", "target_gap": "Nog te gaan tot streefwaarde",
    "warnings": "Waarschuwingen",
}


def export(comparison: pd.DataFrame, path: str | Path) -> Path:
    """Write the comparison as .csv (';', decimal comma, UTF-8 with BOM: opens well in Excel) or .xlsx,
    with Dutch column headers and the warnings joined by ' | '. Returns the path written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"Kan '{path.name}' niet maken: kies een bestandsnaam die eindigt op .csv of .xlsx.")
    table = comparison[[c for c in _HEADERS if c in comparison]].copy()
    rounded = ["value_from", "value_to", "diff", "ci_low", "ci_high", "target_value", "target_gap"]
    table = table.round({c: 4 for c in rounded if c in table})  # no 4,999999999999998 in Excel
    for column in ("significant", "significant_fdr"):
        if column in table:
            table[column] = table[column].map(lambda x: "" if pd.isna(x) else ("ja" if x else "nee"))
    if "warnings" in table:
        table["warnings"] = table["warnings"].map(" | ".join)
    if "direction" in table:
        table["direction"] = table["direction"].map(lambda d: vocab.label(vocab.DIRECTIONS, d))
    if "group_factor" in table:
        table["group_factor"] = table["group_factor"].map(
            lambda f: "Totaal" if f == vocab.TOTAL else vocab.label(vocab.DIVERSITY_FACTORS, f))
    table = table.rename(columns=_HEADERS)
    if suffix == ".csv":
        table.to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8-sig")
    else:
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            table.to_excel(writer, sheet_name="Vergelijking", index=False, freeze_panes=(1, 0))
            pd.DataFrame({"Toelichting": [METHOD_NOTE, FDR_NOTE]}).to_excel(
                writer, sheet_name="Toelichting", index=False)
    return path


_COLUMNS = ["indicator_id", "indicator_title", "unit", "direction", "area_code", "area_name", "area_level",
            "group_factor", "group_value", "wave_from", "wave_to", "value_from", "value_to", "n_from", "n_to",
            "diff", "se", "ci_low", "ci_high", "p_value", "significant", "q_value", "significant_fdr",
            "verdict", "target_value", "target_year", "target_gap", "suppressed", "warnings", "_change"]


def _load(store, from_label, to_label, programme_id, indicator_ids, area_codes):
    if from_label == to_label:
        raise ValueError("Kies twee verschillende metingen om te vergelijken.")
    waves = (wave_by_label(store, from_label), wave_by_label(store, to_label))
    frame = store.df(
        "SELECT o.*, i.title AS indicator_title, i.unit, i.direction, i.min_n, i.caveat, i.target_value, "
        "i.target_year, a.name AS area_name, a.level AS area_level FROM observations o "
        "JOIN indicators i ON i.id = o.indicator_id LEFT JOIN nodes n ON n.id = i.node_id "
        "JOIN areas a ON a.code = o.area_code WHERE list_contains(?, o.wave_id) "
        "AND (?::VARCHAR IS NULL OR n.programme_id = ?) "
        "AND (?::VARCHAR[] IS NULL OR list_contains(?, o.indicator_id)) "
        "AND (?::VARCHAR[] IS NULL OR list_contains(?, o.area_code)) "
        f"AND {observations.PUBLISHABLE}",
        [[w["id"] for w in waves], programme_id, programme_id, indicator_ids, indicator_ids,
         area_codes, area_codes, observations.shows_provisional(store)],
    )
    if "provisional" not in frame:  # stores from before migration 002
        frame["provisional"] = False
    return waves, suppression.apply_stored(store, frame)


def _wave_warnings(wf: dict, wt: dict) -> list[str]:
    found = []
    if wf["source"] != wt["source"]:
        found.append(f"De metingen komen uit verschillende bronnen ({wf['source']} en {wt['source']}): "
                     "vergelijk alleen als vraag, definitie en methode hetzelfde zijn.")
    for key, what in (("method_note", "De methode"), ("population_note", "De onderzochte groep")):
        if (wf[key] or "").strip() != (wt[key] or "").strip():
            found.append(f"{what} verschilt tussen de metingen: {wf['label']}: {_said(wf[key])}; "
                         f"{wt['label']}: {_said(wt[key])}.")
    return found


def _wording_warnings(store: Store, wf: dict, wt: dict) -> dict[str, list[str]]:
    """Per indicator: a warning when the question or the definition differs between the two waves."""
    notes = store.df("SELECT indicator_id, wave_id, question, definition FROM indicator_wave_notes "
                     "WHERE list_contains(?, wave_id)", [[wf["id"], wt["id"]]])
    found: dict[str, list[str]] = {}
    for indicator_id, part in notes.groupby("indicator_id"):
        by_wave = {row["wave_id"]: row for row in part.to_dict("records")}
        before, after = by_wave.get(wf["id"]), by_wave.get(wt["id"])
        for key, what in (("question", "De vraag"), ("definition", "De definitie")):
            old, new = (before or {}).get(key, ""), (after or {}).get(key, "")
            if (old or new) and old != new:
                found.setdefault(indicator_id, []).append(
                    f"{what} verschilt tussen de metingen: {wf['label']}: {_said(old)}; {wt['label']}: {_said(new)}.")
    return found


def _compare_row(r: dict, wf: dict, wt: dict, shared: list[str]) -> dict:
    warnings = list(shared)
    if r["caveat"]:
        warnings.append(f"Let op bij deze indicator: {r['caveat']}")
    for side, wave in (("from", wf), ("to", wt)):
        if r[f"provisional_{side}"]:
            warnings.append(f"Het cijfer van {wave['label']} is voorlopig en kan nog veranderen.")
    out = {k: r[k] for k in _KEY + _META if k in _COLUMNS}
    out.update(wave_from=wf["label"], wave_to=wt["label"], n_from=r["n_from"], n_to=r["n_to"],
               target_value=r["target_value"], target_year=r["target_year"], _change=None, significant=pd.NA,
               suppressed=bool(r["suppressed_from"] or r["suppressed_to"]))
    if out["suppressed"]:
        limit = suppression.threshold(r["unit"], r["min_n"])
        small = " en ".join(w["label"] for s, w in (("from", wf), ("to", wt)) if r[f"too_small_{s}"])
        guarded = " en ".join(w["label"] for s, w in (("from", wf), ("to", wt))
                              if r[f"suppressed_{s}"] and not r[f"too_small_{s}"])
        if small:
            warnings.append(f"De groep is {suppression.SUPPRESSED_TEXT} in {small} (minimaal {limit} mensen "
                            "nodig): hier staat geen cijfer en geen verschil.")
        if guarded:
            warnings.append(f"Het cijfer van {guarded} is {suppression.GUARDED_TEXT}: hier staat geen cijfer "
                            "en geen verschil.")
        return {**out, "warnings": warnings}
    out.update(value_from=r["value_from"], value_to=r["value_to"])
    for side, wave in (("from", wf), ("to", wt)):
        if pd.isna(r[f"value_{side}"]):
            warnings.append(f"Er is geen cijfer voor {wave['label']}.")
    keys = ("value", "se", "ci_low", "ci_high")
    delta = change.between({k: r[f"{k}_from"] for k in keys}, {k: r[f"{k}_to"] for k in keys})
    if delta is not None:
        out.update(diff=delta.diff, _change=delta,
                   target_gap=_target_gap(delta.after, r["target_value"], r["direction"]))
        if delta.se is None:
            warnings.append("Er is geen foutmarge bekend, dus niet te zeggen of het verschil toeval is.")
        else:
            out.update(se=delta.se, ci_low=delta.diff - delta.margin, ci_high=delta.diff + delta.margin,
                       p_value=_p_value(delta), significant=delta.significant)
    return {**out, "warnings": warnings}


def _p_value(delta: change.Change) -> float:
    if delta.se == 0:
        return 0.0 if delta.diff != 0 else 1.0
    return float(2 * stats.norm.sf(abs(delta.diff) / delta.se))


def _verdict(row: dict) -> str:
    if pd.isna(row["q_value"]):
        return "onbekend"
    if not row["significant_fdr"] or row["diff"] == 0:
        return "gelijk"
    # q ≥ p, so a change beyond chance after adjustment is also beyond chance on its own.
    return row["_change"].verdict(row["direction"])


def _target_gap(value: float, target, direction: str) -> float:
    """Positive: still to go. Without a direction every distance is still to go."""
    if target is None or pd.isna(target):
        return float("nan")
    if direction == "hoger":
        return target - value
    if direction == "lager":
        return value - target
    return abs(target - value)


def _in_reading_order(frame: pd.DataFrame) -> pd.DataFrame:
    order = frame.assign(_level=frame["area_level"].map(_LEVEL_ORDER),
                         _group=frame["group_factor"] != vocab.TOTAL)
    order = order.sort_values(["indicator_title", "indicator_id", "_level", "area_name", "_group",
                               "group_factor", "group_value"], kind="stable")
    return order.drop(columns=[c for c in order if c.startswith("_")]).reset_index(drop=True)


def _said(note: str | None) -> str:
    text = (note or "").strip().rstrip(".")
    return f"'{text}'" if text else "(niet beschreven)"


def _day(value) -> date:
    return value if type(value) is date else pd.Timestamp(value).date()
