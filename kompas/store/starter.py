"""The starter set: standard indicators from the national monitors, ready to receive their first file.

Read from ``kompas/domain/data/starter/startset.yaml`` (which monitor each definition follows, levensdomein per theme,
and the measure key in the CBS/RIVM file, with whether that key was checked). Installing it writes, in one
transaction: a programme, a node per theme (with its levensdomein), an arrow from each output theme to the
outcome it serves, the chosen indicators, and per monitor a kept mapping (``import_mappings``) from the
measure keys to the indicators and from each year's period code to the wave of that year. So the first file
downloaded from StatLine imports with neither a mapping file nor ``--wave``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from kompas.domain import roles as access_mod
from kompas.domain.errors import ValidationError
from kompas.domain.model import Indicator, Node, Programme
from kompas.store import audit
from kompas.store.connection import StoreView
from kompas.store.mapping import Mapping

STARTSET = resources.files("kompas.domain") / "data" / "starter" / "startset.yaml"
YEARS = range(2015, 2036)  # period codes given a wave in the kept mappings


@dataclass(frozen=True)
class StarterIndicator:
    indicator: Indicator
    theme: str
    levensdomein: str
    follows: str  # whose definition this is
    key: str | None  # the measure key in the monitor's file; None for own registration and panel
    key_checked: bool  # the key was seen in public code reading that CBS table


@lru_cache(maxsize=1)
def _startset() -> dict:
    return yaml.safe_load(STARTSET.read_text(encoding="utf-8"))


def starter_indicators() -> list[StarterIndicator]:
    """The indicators of the starter set, in file order.

    >>> items = starter_indicators()
    >>> len(items) >= 20, {i.indicator.kind for i in items} == {"output", "outcome"}
    (True, True)
    >>> [i.key for i in items if i.indicator.id == "kwb_inwoners"]
    ['AantalInwoners_5']
    """
    data = _startset()
    domains = {t["id"]: t["levensdomein"] for t in data["themes"]}
    found = []
    for item in data["indicators"]:
        definition = f"{item['definition']} (Definitie volgens: {item['follows']}.)"
        indicator = Indicator(
            item["id"],
            item["theme"],
            item["kind"],
            item["title"],
            item["unit"],
            item["direction"],
            item["source"],
            definition,
            caveat=item.get("caveat", ""),
        )
        found.append(
            StarterIndicator(
                indicator,
                item["theme"],
                domains[item["theme"]],
                item["follows"],
                item.get("key"),
                bool(item.get("key_checked")),
            )
        )
    return found


def monitor_mappings(chosen: list[StarterIndicator]) -> list[Mapping]:
    """Per monitor, the mapping the store keeps: measure keys to indicators, period codes to waves.

    >>> [m for m in monitor_mappings(starter_indicators()) if m.source.startswith("CBS")][0].periods["2024JJ00"]
    'Kerncijfers wijken en buurten 2024'
    """
    mappings = []
    for monitor in _startset()["monitors"]:
        measures = {i.key: i.indicator.id for i in chosen if i.key and i.indicator.source == monitor["source"]}
        if measures:
            periods = {f"{year}JJ00": monitor["wave"].format(year=year) for year in YEARS}
            mappings.append(Mapping(monitor["source"], measures, periods))
    return mappings


def install_starter(store: StoreView, indicator_ids: list[str] | None = None) -> list[str]:
    """Add the starter set (or only ``indicator_ids`` of it) in one transaction; return the ids added.

    Idempotent: what is already there is left as it is. Raises ``ValidationError`` for an unknown id.
    """
    every = starter_indicators()
    known_ids = {i.indicator.id for i in every}
    unknown = [i for i in indicator_ids or [] if i not in known_ids]
    if unknown:
        raise ValidationError(
            {
                "indicator": f"Onbekende indicator in de startset: {', '.join(unknown)}. Kies uit: "
                f"{', '.join(sorted(known_ids))}."
            }
        )
    chosen = [i for i in every if indicator_ids is None or i.indicator.id in indicator_ids]
    data = _startset()
    programme = Programme(**data["programme"])
    themes = {t["id"]: t for t in data["themes"]}
    needed = {i.theme for i in chosen} | {
        t["leads_to"] for t in themes.values() if t.get("leads_to") and t["id"] in {i.theme for i in chosen}
    }
    nodes = [
        Node(t["id"], programme.id, t["kind"], t["title"], t.get("description", ""), t["levensdomein"])
        for t in data["themes"]
        if t["id"] in needed
    ]
    for item in [programme, *nodes, *(i.indicator for i in chosen)]:
        ValidationError.raise_if(item.problems())
    existing = {r["id"] for r in store.rows("SELECT id FROM indicators")}
    added = [i.indicator for i in chosen if i.indicator.id not in existing]
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO programmes (id, title, description) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [programme.id, programme.title, programme.description],
        )
        for node in nodes:
            cur.execute(
                "INSERT INTO nodes (id, programme_id, kind, title, description, levensdomein) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [node.id, node.programme_id, node.kind, node.title, node.description, node.levensdomein],
            )
        for node in nodes:
            target = themes[node.id].get("leads_to")
            if target in needed:
                cur.execute(
                    "INSERT INTO edges (source_id, target_id) VALUES (?, ?) ON CONFLICT DO NOTHING", [node.id, target]
                )
        for ind in added:
            cur.execute(
                "INSERT INTO indicators (id, node_id, kind, title, definition, unit, direction, source, "
                "caveat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    ind.id,
                    ind.node_id,
                    ind.kind,
                    ind.title,
                    ind.definition,
                    ind.unit,
                    ind.direction,
                    ind.source,
                    ind.caveat,
                ],
            )
        for mapping in monitor_mappings([i for i in chosen if i.indicator.id in {a.id for a in added}]):
            _keep_mapping(cur, mapping)
        if added:
            audit.record(
                cur,
                access_mod.of(store),
                "toegevoegd",
                "indicator",
                "startset",
                f"{len(added)} indicatoren uit de startset",
            )
    return [i.id for i in added]


def _keep_mapping(cur, mapping: Mapping) -> None:
    """Keep the starter mapping beside what the store already keeps: a mapping the municipality made itself
    (another indicator for the same key, another wave name for a year) wins."""
    rows = [("measure", key, target) for key, target in mapping.measures.items()]
    rows += [("period", key, target) for key, target in mapping.periods.items()]
    cur.executemany(
        "INSERT INTO import_mappings (source, kind, source_value, target) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [[mapping.source, *row] for row in rows],
    )
