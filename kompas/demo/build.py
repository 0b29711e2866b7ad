"""Build the demo municipality (gemeente Voorbeeldstad, fictional) from the files in kompas/demo/data/."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path

import yaml

from kompas.analysis import assumptions, coverage
from kompas.demo import werkgroep
from kompas.domain.errors import KompasError
from kompas.domain.model import (
    Area,
    Edge,
    FigureLink,
    Indicator,
    Node,
    Note,
    Observation,
    Programme,
    Wave,
)
from kompas.store import (
    areas,
    comparability,
    indicators,
    observations,
    policy_check,
    stories,
    suppression,
    toc,
    verkenning,
)
from kompas.store import files as store_files
from kompas.store.connection import Store, StoreView

DEMO_DIR = resources.files("kompas.demo") / "data"


class StoreExistsError(KompasError):
    def __init__(self, path: str):
        super().__init__(
            f"Het bestand '{path}' bestaat al. Kies een ander bestand of gebruik --overwrite "
            "om het te vervangen door de demo."
        )


def build_demo_file(
    path: str | Path,
    overwrite: bool = False,
    data_dir: Path = DEMO_DIR,
    progress: Callable[[str], None] = lambda step: None,
) -> Path | None:
    """Write the demo store to ``path``: built in a temporary file first, moved into place at the end,
    so a failure never leaves a half-built store behind. With ``overwrite`` an existing store is kept
    beside it under a dated name (returned; None if there was none). Raises ``StoreLockedError`` while
    another process (the app) holds ``path``.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise StoreExistsError(str(path))
    store_files.refuse_if_in_use(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(suffix=".duckdb", dir=path.parent)
    os.close(handle)
    os.unlink(tmp)  # DuckDB must create the file itself
    try:
        with Store(tmp, create=True).as_system("demo bouwen") as store:
            load_demo(store, data_dir, progress)
        return store_files.replace_keeping_old(tmp, path)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)


def load_demo(store: StoreView, data_dir: Path = DEMO_DIR, progress: Callable[[str], None] = lambda step: None) -> None:
    """Load the demo files into an (empty) store."""
    meta = _yaml(data_dir / "gemeente.yaml")
    store.set_info("municipality", meta["name"])
    store.set_info("fictional", "ja" if meta.get("fictional") else "nee")
    store.set_info("notice", meta.get("note", ""))

    progress("gebieden")
    areas.save_areas(
        store, [Area(r["code"], r["name"], r["level"], r["parent_code"] or None) for r in _csv(data_dir / "areas.csv")]
    )

    progress("veranderverhaal")
    for order, prog in enumerate(_yaml(data_dir / "veranderverhaal.yaml")["programmes"]):
        toc.save_programme(store, Programme(prog["id"], prog["title"], prog.get("description", ""), order))
        for node in prog["nodes"]:
            toc.save_node(store, Node(programme_id=prog["id"], **node))
        for source, target, assumption, evidence in prog["edges"]:
            toc.add_edge(store, Edge(source, target, assumption, evidence))

    progress("indicatoren en metingen")
    for r in _csv(data_dir / "indicators.csv"):
        indicators.save_indicator(
            store,
            Indicator(
                id=r["id"],
                node_id=r["node_id"],
                kind=r["kind"],
                title=r["title"],
                unit=r["unit"],
                direction=r["direction"],
                source=r["source"],
                definition=r["definition"],
                target_value=_float(r["target_value"]),
                target_year=_int(r["target_year"]),
                caveat=r["caveat"],
                min_n=_int(r["min_n"]),
            ),
        )
    wave_ids = {}
    for r in _csv(data_dir / "waves.csv"):
        indicators.save_wave(
            store,
            Wave(
                r["id"],
                r["source"],
                r["label"],
                date.fromisoformat(r["period_start"]),
                date.fromisoformat(r["period_end"]),
                r["method_note"],
                r["population_note"],
            ),
        )
        wave_ids[r["label"]] = r["id"]

    breaks_file = data_dir / "method_breaks.csv"
    for r in _csv(breaks_file) if breaks_file.exists() else []:
        comparability.save_break(store, r["wave"], r["note"])

    notes_file = data_dir / "question_notes.csv"
    if notes_file.exists():
        with store.transaction() as cur:
            for r in _csv(notes_file):
                cur.execute(
                    "INSERT INTO indicator_wave_notes VALUES (?, ?, ?, ?)",
                    [r["indicator"], r["wave"], r["question"], r["definition"]],
                )

    progress("cijfers")
    observations.save_observations(
        store,
        [
            Observation(
                r["indicator"],
                wave_ids[r["wave"]],
                r["area_code"],
                r["group_factor"] or "totaal",
                r["group_value"] or "totaal",
                _float(r["value"]),
                _int(r["n"]),
                _float(r["ci_low"]),
                _float(r["ci_high"]),
            )
            for r in _csv(data_dir / "observations.csv")
            + (_csv(data_dir / "population.csv") if (data_dir / "population.csv").exists() else [])
        ],
    )
    for indicator_id in meta.get("population_indicators", []):
        coverage.mark_population(store, indicator_id)
    # The demo stands for a store whose figures have been published: remember what the rule hides now, so
    # a later revision keeps hiding the same cells (suppression: stable across revisions).
    suppression.stored_figures(store)

    progress("verhalen")
    notes_file = data_dir / "notes.yaml"
    for item in _yaml(notes_file)["notes"] if notes_file.exists() else []:
        stories.save_note(store, note_from_yaml(item))
    werkgroep.load_werkgroep(store, data_dir / "werkgroep.yaml")
    progress("beleidstoets")
    _load_policy_check(store, data_dir / "beleidstoets.yaml")
    _load_assumptions(store, data_dir / "assumptions.yaml")
    if (data_dir / "verkenning.yaml").exists():
        for year, answers in _yaml(data_dir / "verkenning.yaml")["rounds"].items():
            verkenning.save_answers(store, int(year), {str(k): v for k, v in answers.items()})


def _load_assumptions(store: StoreView, path: Path) -> None:
    if not path.exists():
        return
    spec = _yaml(path)
    edge_ids = {
        (r["source_id"], r["target_id"]): r["id"] for r in store.rows("SELECT id, source_id, target_id FROM edges")
    }
    note_ids = {r["title"]: r["id"] for r in store.rows("SELECT id, title FROM notes")}
    for item in spec.get("lags", []):
        assumptions.set_lag(store, edge_ids[(item["source"], item["target"])], item["years"])
    for item in spec.get("overrules", []):
        assumptions.overrule(
            store,
            edge_ids[(item["source"], item["target"])],
            item["wave"],
            item["status"],
            item["reason"],
            tuple(note_ids[t] for t in item.get("stories", ())),
        )


def _load_policy_check(store: StoreView, path: Path) -> None:
    if not path.exists():
        return
    note_ids = {r["title"]: r["id"] for r in store.rows("SELECT id, title FROM notes")}
    for node_id, answers in _yaml(path)["activities"].items():
        for item in answers:
            policy_check.save_answer(
                store,
                policy_check.PolicyAnswer(
                    node_id,
                    item["criterion"],
                    item["answer"],
                    item.get("explanation", ""),
                    item.get("documents", ""),
                    tuple(note_ids[title] for title in item.get("stories", ())),
                ),
            )


def note_from_yaml(item: dict) -> Note:
    return Note(
        title=item["title"],
        body=item["text"].strip(),
        note_date=werkgroep.as_date(item["date"]),
        source_kind=item["source_kind"],
        visibility=item["visibility"],
        consent=item["consent"],
        area_code=item.get("area"),
        levensdomein=item.get("levensdomein"),
        factors=tuple(item.get("factors", ())),
        author=item.get("author", ""),
        node_ids=tuple(item.get("nodes", ())),
        indicator_ids=tuple(item.get("indicators", ())),
        wave_ids=tuple(item.get("waves", ())),
        figures=tuple(
            FigureLink(
                f["indicator"],
                f["wave"],
                f["area"],
                f.get("group_factor", "totaal"),
                f.get("group_value", "totaal"),
                f["stance"],
            )
            for f in item.get("figures", ())
        ),
    )


def _csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _float(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def _int(text: str) -> int | None:
    return int(float(text)) if text not in ("", None) else None
