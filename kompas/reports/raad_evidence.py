"""The evidence behind a raadsinformatie factsheet, gathered once from the store.

For each indicator: its place in the theory of change, the activities that work towards it, its
series per area (small groups suppressed), the change from the first to the last wave in the
period with its verdict (``kompas.analysis.compare``, the same word every page gives), comparability warnings (a
method break the compared pair crosses among them), and the stories that may
be public. Everything shown in the document comes from here, and the hash of it is what makes an
export reproducible.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from kompas.analysis import compare, coverage
from kompas.domain import formatting, vocab
from kompas.domain.model import Indicator
from kompas.reports.raad_request import RaadRequest
from kompas.store import areas as areas_mod
from kompas.store import indicators as indicators_mod
from kompas.store import observations, policy_check, stories, toc
from kompas.store.connection import StoreView
from kompas.store.indicators import get_indicator
from kompas.store.suppression import SUPPRESSED_TEXT

PUBLIC = "openbaar"


@dataclass(frozen=True)
class IndicatorEvidence:
    indicator: Indicator
    programme_title: str
    node_title: str
    node_kind: str
    activities: tuple[dict, ...]  # title, owner_kind, owner_name, status
    areas: tuple[tuple[str, str], ...]  # (code, name)
    series: dict  # area code -> DataFrame from observations.series (suppressed)
    comparison: pd.DataFrame  # compare.compare_waves rows: total and the chosen factor's groups
    sentences: tuple[str, ...]
    warnings: tuple[str, ...]
    stories: pd.DataFrame  # public notes with consent, newest first
    hidden_stories: int  # notes on this indicator that may not be public
    suppressed_cells: int  # figures in the period left out because the group is too small
    waves: tuple[dict, ...]  # the waves shown: label, source, period, method and population notes


@dataclass(frozen=True)
class Evidence:
    request: RaadRequest
    items: tuple[IndicatorEvidence, ...]
    data_hash: str

    @property
    def hidden_stories(self) -> int:
        return sum(i.hidden_stories for i in self.items)

    @property
    def suppressed_cells(self) -> int:
        return sum(i.suppressed_cells for i in self.items)


def gather(store: StoreView, request: RaadRequest) -> Evidence:
    """Collect the evidence for a request (checked first: unknown ids give a Dutch ValidationError)."""
    request.check(store)
    codes = request.area_codes or (areas_mod.municipality(store)["code"],)
    area_list = tuple((c, areas_mod.area_name(store, c)) for c in codes)
    graphs: dict[str, nx.DiGraph] = {}
    items = tuple(_one(store, request, indicator_id, area_list, graphs) for indicator_id in request.indicator_ids)
    return Evidence(request, items, _hash(items))


def sentence(row: dict, indicator: Indicator, figures: pd.DataFrame) -> str:
    """One plain sentence on a compared figure: now, then, and whether the change is real.

    ``row`` is a row of ``compare.compare_waves``; ``figures`` the area's series, which holds each
    wave's own margin of error and year.
    """
    who = row["area_name"] if row["group_factor"] == vocab.TOTAL else f"{row['area_name']}, {row['group_value']}"
    if row["suppressed"]:
        return f"{who}: de groep is {SUPPRESSED_TEXT}, dus hier staat geen cijfer."
    mine = figures[(figures["group_factor"] == row["group_factor"]) & (figures["group_value"] == row["group_value"])]
    now, then = (mine[mine["wave_label"] == row[k]].iloc[0].to_dict() for k in ("wave_to", "wave_from"))
    text = (
        f"In {now['year']} was '{indicator.title}' in {who} {_figure(now, indicator.unit)}; "
        f"in {then['year']} was dat {_figure(then, indicator.unit)}. "
    )
    return text + row["verdict_text"]


def single_sentence(last: dict, indicator: Indicator, area_name: str) -> str:
    """For a series with one shown wave in the period: the figure, and that there is nothing to compare."""
    return (
        f"In {last['year']} was '{indicator.title}' in {area_name} {_figure(last, indicator.unit)}. "
        "Er is in deze periode geen eerdere meting om mee te vergelijken."
    )


def _one(store, request: RaadRequest, indicator_id: str, area_list, graphs) -> IndicatorEvidence:
    indicator = get_indicator(store, indicator_id)
    node = toc.get_node(store, indicator.node_id)
    if node.programme_id not in graphs:
        graphs[node.programme_id] = toc.graph(store, node.programme_id)
    g = graphs[node.programme_id]
    activities = tuple(
        _activity(store, g, n)
        for n in sorted(nx.ancestors(g, node.id) | {node.id}, key=lambda n: g.nodes[n]["title"])
        if g.nodes[n]["kind"] == "activiteit"
    )
    series = {
        code: observations.series(store, indicator_id, code, request.group_factor, request.years)
        for code, _ in area_list
    }
    comparison, sentences, warnings = _compare(store, indicator, request, series, dict(area_list))
    if indicator.caveat and comparison.empty:  # compare names the caveat with each comparison
        warnings.append(f"Let op bij deze indicator: {indicator.caveat}")
    public, hidden = _stories(store, indicator_id, request, area_list)
    shown = pd.concat(series.values(), ignore_index=True)
    wave_ids = list(dict.fromkeys(shown["wave_id"]))
    counted = shown[shown["n"].notna() & ~shown["suppressed"]]
    if len(counted):  # who is missing from the latest survey wave shown (tellen: who is in the count)
        warnings += coverage.missing_groups(store, counted.sort_values("period_end")["wave_id"].iloc[-1], indicator_id)
    waves = indicators_mod.wave_rows(store, wave_ids)
    return IndicatorEvidence(
        indicator=indicator,
        programme_title=toc.programme_title(store, node.programme_id),
        node_title=node.title,
        node_kind=node.kind,
        activities=activities,
        areas=area_list,
        series=series,
        comparison=comparison,
        sentences=tuple(sentences),
        warnings=tuple(dict.fromkeys(warnings)),
        stories=public,
        hidden_stories=hidden,
        suppressed_cells=int(shown["suppressed"].sum()),
        waves=waves,
    )


def _compare(store, indicator, request, series, names) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Compare the first and last shown total of the period, per area; areas sharing that pair of waves
    are compared at once (so the correction for many comparisons covers them together)."""
    pairs: dict[tuple[str, str], list[str]] = {}
    sentences, warnings, parts = [], [], []
    for code, frame in series.items():
        total = frame[(frame["group_factor"] == vocab.TOTAL) & ~frame["suppressed"] & frame["value"].notna()]
        if total.empty:
            sentences.append(f"Er zijn geen cijfers over {names[code]} in deze periode.")
        elif total["wave_label"].nunique() == 1:
            sentences.append(single_sentence(total.iloc[-1].to_dict(), indicator, names[code]))
            warnings.append(
                f"Over {names[code]} is er in deze periode maar één meting: we weten niet of het cijfer verandert."
            )
        else:
            pairs.setdefault((total["wave_label"].iloc[0], total["wave_label"].iloc[-1]), []).append(code)
    for (first, last), codes in pairs.items():
        rows = compare.compare_waves(store, first, last, indicator_ids=[indicator.id], area_codes=codes)
        warnings += [n for n in rows.attrs["notes"] if n.startswith("Methodebreuk")]  # said once, at the top
        wanted = rows["group_factor"].isin([vocab.TOTAL, request.group_factor or vocab.TOTAL])
        parts.append(rows[wanted])
    comparison = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["area_code", "group_factor", "warnings"])
    )
    for row in comparison.to_dict("records"):
        sentences.append(sentence(row, indicator, series[row["area_code"]]))
        warnings += [w for w in row["warnings"] if SUPPRESSED_TEXT not in w]
    return comparison, sentences, warnings


def _stories(store, indicator_id, request, area_list) -> tuple[pd.DataFrame, int]:
    """Public notes with consent on this indicator in the areas and period, and how many others there are."""
    found, hidden = [], 0
    for code, _ in area_list:
        where = stories.NoteFilter(indicator_id=indicator_id, area_code=code, years=request.years)
        found.append(stories.notes(store, PUBLIC, where))
        hidden += stories.hidden_count(store, PUBLIC, where)
    frame = pd.concat(found, ignore_index=True).drop_duplicates("id")
    # A public note always has consent (kompas.domain.model.Note); this keeps a hand-edited store safe too.
    safe = frame[(frame["visibility"] == PUBLIC) & frame["consent"].fillna(False).astype(bool)]
    hidden += len(frame) - len(safe)
    return safe.sort_values(["note_date", "id"], ascending=False).reset_index(drop=True), hidden


def _figure(row: dict, unit: str) -> str:
    """'31,0% (±4,0)': the value with half its 95% interval, when there is one."""
    text = formatting.value(row["value"], unit)
    low, high = row.get("ci_low"), row.get("ci_high")
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return text
    return f"{text} (±{formatting.number((high - low) / 2, formatting.decimals_for(unit))})"


def _hash(items: tuple[IndicatorEvidence, ...]) -> str:
    """A fingerprint of every figure, story and activity the document can show."""
    digest = hashlib.sha256()
    for item in items:
        digest.update(
            json.dumps(
                [item.indicator.id, item.activities, item.sentences, item.warnings], default=str, ensure_ascii=False
            ).encode()
        )
        for code in sorted(item.series):
            digest.update(item.series[code].to_json(orient="records", date_format="iso", double_precision=10).encode())
        digest.update(
            item.stories[["id", "title", "body", "note_date", "source_kind"]]
            .to_json(orient="records", date_format="iso")
            .encode()
        )
    return digest.hexdigest()


def _activity(store, graph, node_id: str) -> dict:
    """An activity as the document names it; with its policy check only when one was made (so the data
    hash of a document made before any check stays the same)."""
    activity = {k: graph.nodes[node_id].get(k) for k in ("title", "owner_kind", "owner_name", "status")}
    policy = policy_check.one_line(store, node_id)
    return {**activity, "policy": policy} if policy else activity
