"""An IATI-style results file (IATI activity standard 2.03): one iati-activity per programme, one result
per node with indicators, each indicator with its baseline (the first wave) and a period per later wave
holding the actual values per area (areas are the activity's locations) and the target.

What partners get is what the council may see: no provisional figure, no hidden small group, and only
public stories with consent (as the comment on an actual). Codes used (IATI codelists): result type
1 output / 2 outcome / 3 impact; indicator measure 1 unit / 2 percentage; organisation type 10 government;
role 1 funding / 4 implementing; activity status 2 implementation; activity date type 2 actual start;
description type 1 general. The schema copy and its source: tests/iati_schema/README.md.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.store import areas as areas_mod
from kompas.store import indicators as indicators_mod
from kompas.store import observations, stories, toc
from kompas.store.connection import StoreView

VERSION = "2.03"
RESULT_TYPE = {"output": "1", "outcome": "2", "resultaat": "3"}
MEASURE = {"procent": "2", "aantal": "1", "score": "1"}
STORY_CHARS = 600
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def org_ref(store: StoreView) -> str:
    """The reporting organisation's IATI identifier: the store's ``iati_org_ref``, else XI-IATI-<gemeente code>
    (the prefix IATI hands out to organisations without a registry number; ask IATI for the real one)."""
    code = areas_mod.municipality(store)["code"] or "onbekend"
    return store.info("iati_org_ref") or f"XI-IATI-{code}"


def iati_xml(store: StoreView, now: datetime | None = None) -> bytes:
    """The whole store's results as IATI XML (UTF-8 bytes), one activity per programme with indicators."""
    public = getattr(store, "base", store).as_user(access_mod.of(store).user, "raad")
    now = (now or datetime.now()).replace(microsecond=0)
    root = ET.Element("iati-activities", {"version": VERSION, "generated-datetime": now.isoformat()})
    ref = org_ref(store)
    gemeente = store.info("municipality") or "Gemeente"
    areas = dict(areas_mod.areas(store)[["code", "name"]].itertuples(index=False, name=None))
    told = _public_stories(public)
    for programme in toc.programmes(store).to_dict("records"):
        table = indicators_mod.indicators(store, programme_id=programme["id"])
        if table.empty:
            continue
        figures = {i: observations.shown_series(public, i) for i in table["id"]}
        if all(f.empty for f in figures.values()):
            continue
        root.append(_activity(store, programme, table, figures, ref, gemeente, areas, told, now))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _activity(store, programme, table, figures, ref, gemeente, areas, told, now) -> ET.Element:
    activity = ET.Element(
        "iati-activity", {_XML_LANG: "nl", "last-updated-datetime": now.isoformat(), "default-currency": "EUR"}
    )
    ET.SubElement(activity, "iati-identifier").text = f"{ref}-{programme['id']}"
    _narrative(ET.SubElement(activity, "reporting-org", {"ref": ref, "type": "10"}), f"Gemeente {gemeente}")
    _narrative(ET.SubElement(activity, "title"), programme["title"])
    _narrative(ET.SubElement(activity, "description", {"type": "1"}), programme["description"] or programme["title"])
    _narrative(ET.SubElement(activity, "participating-org", {"role": "1", "type": "10"}), f"Gemeente {gemeente}")
    owners = sorted(set(toc.nodes(store, programme["id"], ["activiteit"])["owner_name"].dropna()))
    for owner in owners:
        _narrative(ET.SubElement(activity, "participating-org", {"role": "4"}), owner)
    ET.SubElement(activity, "activity-status", {"code": "2"})
    shown = pd.concat([f for f in figures.values() if not f.empty])
    ET.SubElement(activity, "activity-date", {"type": "2", "iso-date": str(shown["period_start"].min())[:10]})
    ET.SubElement(activity, "recipient-country", {"code": "NL"})
    for code in sorted(set(shown["area_code"])):
        location = ET.SubElement(activity, "location", {"ref": code})
        _narrative(ET.SubElement(location, "name"), areas.get(code, code))
        _narrative(ET.SubElement(location, "description"), f"CBS-gebiedscode {code}")
    for _node_id, part in table.groupby("node_id", sort=False):
        node = part.iloc[0]
        result = ET.SubElement(
            activity, "result", {"type": RESULT_TYPE.get(node["node_kind"], "2"), "aggregation-status": "0"}
        )
        _narrative(ET.SubElement(result, "title"), node["node_title"])
        for indicator in part.to_dict("records"):
            _indicator(result, indicator, figures[indicator["id"]], told)
        if not result.findall("indicator"):
            activity.remove(result)
    return activity


def _indicator(result: ET.Element, indicator: dict, frame: pd.DataFrame, told: dict) -> None:
    if frame.empty:
        return
    attributes = {"measure": MEASURE[indicator["unit"]]}
    if indicator["direction"] in ("hoger", "lager"):
        attributes["ascending"] = "1" if indicator["direction"] == "hoger" else "0"
    element = ET.SubElement(result, "indicator", attributes)
    _narrative(ET.SubElement(element, "title"), indicator["title"])
    if indicator["definition"]:
        _narrative(ET.SubElement(element, "description"), indicator["definition"])
    waves = frame.drop_duplicates("wave_id").sort_values("period_end")
    first = waves.iloc[0]
    baseline = ET.SubElement(
        element, "baseline", {"year": str(first["year"]), "iso-date": str(first["period_end"])[:10]}
    )
    _baseline(baseline, frame[frame["wave_id"] == first["wave_id"]])
    target_year = indicator.get("target_year")
    target_done = False
    for wave in waves.iloc[1:].to_dict("records"):
        period = ET.SubElement(element, "period")
        ET.SubElement(period, "period-start", {"iso-date": str(wave["period_start"])[:10]})
        ET.SubElement(period, "period-end", {"iso-date": str(wave["period_end"])[:10]})
        if pd.notna(target_year) and int(target_year) == int(wave["year"]):
            ET.SubElement(period, "target", {"value": _number(indicator["target_value"])})
            target_done = True
        _actuals(period, frame[frame["wave_id"] == wave["wave_id"]], told, indicator["id"])
    if pd.notna(target_year) and not target_done:
        period = ET.SubElement(element, "period")
        ET.SubElement(period, "period-start", {"iso-date": f"{int(target_year)}-01-01"})
        ET.SubElement(period, "period-end", {"iso-date": f"{int(target_year)}-12-31"})
        ET.SubElement(period, "target", {"value": _number(indicator["target_value"])})


def _baseline(baseline: ET.Element, frame: pd.DataFrame) -> None:
    """The baseline's value: the total of the first area (the gemeente when it has one)."""
    totals = frame[frame["group_factor"] == "totaal"]
    if len(totals):
        baseline.set("value", _number(totals.iloc[0]["value"]))
        ET.SubElement(baseline, "location", {"ref": totals.iloc[0]["area_code"]})


def _actuals(period: ET.Element, frame: pd.DataFrame, told: dict, indicator_id: str) -> None:
    """One actual per area and group (groups as a dimension), with the public stories about it."""
    for row in frame.to_dict("records"):
        actual = ET.SubElement(period, "actual", {"value": _number(row["value"])})
        ET.SubElement(actual, "location", {"ref": row["area_code"]})
        if row["group_factor"] != "totaal":
            ET.SubElement(actual, "dimension", {"name": row["group_factor"], "value": row["group_value"]})
        said = told.get((indicator_id, row["wave_id"], row["area_code"], row["group_factor"], row["group_value"]))
        if said:
            _narrative(ET.SubElement(actual, "comment"), said)


def _public_stories(public) -> dict[tuple, str]:
    """Figure key -> the public, consented stories about it, as one text."""
    notes = stories.notes(public, "openbaar")
    notes = notes[notes["consent"] & (notes["visibility"] == "openbaar")]
    if notes.empty:
        return {}
    links = stories.links_of(public, list(notes["id"].astype(int)))
    texts = {
        int(r["id"]): f"{r['title']}: {' '.join(str(r['body']).split())[:STORY_CHARS]}"
        for r in notes.to_dict("records")
    }
    told: dict[tuple, list[str]] = {}
    for r in links.to_dict("records"):
        told.setdefault(
            (r["indicator_id"], r["wave_id"], r["area_code"], r["group_factor"], r["group_value"]), []
        ).append(texts[int(r["note_id"])])
    return {key: " | ".join(parts) for key, parts in told.items()}


def _narrative(parent: ET.Element, text: str) -> None:
    ET.SubElement(parent, "narrative").text = " ".join(str(text).split())


def _number(value) -> str:
    return f"{float(value):g}" if abs(float(value)) < 1e15 else str(value)
