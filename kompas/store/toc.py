"""Theory-of-change graphs (veranderverhaal): programmes, nodes and the arrows between them."""

from __future__ import annotations

from dataclasses import asdict

import networkx as nx
import pandas as pd

from kompas.domain import roles as access_mod
from kompas.domain import vocab
from kompas.domain.errors import NotFoundError, ValidationError
from kompas.domain.model import Edge, Node, Programme
from kompas.store import audit
from kompas.store.connection import StoreView

# Left-to-right order of the columns when the graph is drawn.
KIND_ORDER = ["input", "activiteit", "output", "outcome", "resultaat"]


def save_programme(store: StoreView, programme: Programme) -> None:
    """Insert or update a programme."""
    ValidationError.raise_if(programme.problems())
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO programmes VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "title = excluded.title, description = excluded.description, sort_order = excluded.sort_order",
            [programme.id, programme.title, programme.description, programme.sort_order],
        )
        audit.record(cur, access_mod.of(store), "gewijzigd", "programma", programme.id, programme.title)


def programmes(store: StoreView) -> pd.DataFrame:
    return store.df("SELECT id, title, description FROM programmes ORDER BY sort_order, title")


# Above this many indicators, "all programmes" makes pages of hundreds of figures: start with one programme.
ALL_PROGRAMMES_MAX_INDICATORS = 60


def default_programme(store: StoreView) -> str | None:
    """The programme the sidebar starts on: all programmes (None) for a municipality's own store; the
    first programme for a large store (a region or the whole country), so the first page stays quick."""
    if (store.scalar("SELECT count(*) FROM indicators") or 0) <= ALL_PROGRAMMES_MAX_INDICATORS:
        return None
    return store.scalar("SELECT id FROM programmes ORDER BY sort_order, id LIMIT 1")


def save_node(store: StoreView, node: Node, new: bool = True) -> None:
    """Add a node (``new=True``: refuses an id that is taken) or change an existing one."""
    errors = node.problems()
    exists = store.scalar("SELECT count(*) FROM nodes WHERE id = ?", [node.id])
    if new and exists:
        errors["id"] = f"De code '{node.id}' is al in gebruik. Kies een andere code."
    if not new and not exists:
        raise NotFoundError("Onderdeel", node.id)
    if not new:
        stored = get_node(store, node.id)
        linked = store.scalar("SELECT count(*) FROM edges WHERE ? IN (source_id, target_id)", [node.id]) + store.scalar(
            "SELECT count(*) FROM indicators WHERE node_id = ?", [node.id]
        )
        if linked and (stored.kind, stored.programme_id) != (node.kind, node.programme_id):
            errors["kind"] = (
                "Dit onderdeel heeft pijlen of indicatoren. Het soort en het programma kunnen "
                "daarom niet veranderen; maak een nieuw onderdeel."
            )
    if not store.scalar("SELECT count(*) FROM programmes WHERE id = ?", [node.programme_id]):
        errors["programme_id"] = "Kies een bestaand programma."
    ValidationError.raise_if(errors)
    values = asdict(node)
    columns = list(values)
    with store.transaction() as cur:
        if new:
            cur.execute(
                f"INSERT INTO nodes ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                list(values.values()),
            )
        else:
            sets = ", ".join(f"{c} = ?" for c in columns if c != "id")
            cur.execute(
                f"UPDATE nodes SET {sets}, updated_at = current_timestamp WHERE id = ?",
                [v for c, v in values.items() if c != "id"] + [node.id],
            )
        audit.record(cur, access_mod.of(store), "toegevoegd" if new else "gewijzigd", "onderdeel", node.id, node.title)


def get_node(store: StoreView, node_id: str) -> Node:
    rows = store.rows(
        "SELECT id, programme_id, kind, title, description, levensdomein, owner_kind, owner_name, status "
        "FROM nodes WHERE id = ?",
        [node_id],
    )
    if not rows:
        raise NotFoundError("Onderdeel", node_id)
    return Node(**rows[0])


def nodes(store: StoreView, programme_id: str | None = None, kinds: list[str] | None = None) -> pd.DataFrame:
    """Nodes, optionally of one programme and of some kinds, in the order of the chain."""
    return store.df(
        "SELECT n.*, p.title AS programme_title FROM nodes n JOIN programmes p ON p.id = n.programme_id "
        "WHERE (?::VARCHAR IS NULL OR n.programme_id = ?) AND (?::VARCHAR[] IS NULL OR list_contains(?, n.kind)) "
        "ORDER BY p.sort_order, list_position(?, n.kind) DESC, n.title",
        [programme_id, programme_id, kinds, kinds, KIND_ORDER],
    )


def add_edge(store: StoreView, edge: Edge) -> int:
    """Add an arrow between two nodes of the same programme; refuse arrows that break the chain."""
    errors = edge.problems()
    ends = {
        r["id"]: r
        for r in store.rows(
            "SELECT id, kind, programme_id FROM nodes WHERE id IN (?, ?)", [edge.source_id, edge.target_id]
        )
    }
    source, target = ends.get(edge.source_id), ends.get(edge.target_id)
    if edge.source_id and not source:
        errors["source_id"] = "Kies een bestaand onderdeel als begin van de pijl."
    if edge.target_id and not target:
        errors["target_id"] = "Kies een bestaand onderdeel als eind van de pijl."
    if source and target and "target_id" not in errors:
        if (source["kind"], target["kind"]) not in vocab.ALLOWED_EDGES:
            errors["target_id"] = (
                f"Een pijl van {vocab.NODE_KINDS_SHORT[source['kind']].lower()} naar "
                f"{vocab.NODE_KINDS_SHORT[target['kind']].lower()} past niet in het veranderverhaal "
                "(input → activiteit → output → outcome → maatschappelijk resultaat)."
            )
        elif source["programme_id"] != target["programme_id"]:
            errors["target_id"] = "Beide onderdelen moeten bij hetzelfde programma horen."
        elif store.scalar(
            "SELECT count(*) FROM edges WHERE source_id = ? AND target_id = ?", [edge.source_id, edge.target_id]
        ):
            errors["target_id"] = "Deze pijl bestaat al."
        elif _would_cycle(store, edge):
            errors["target_id"] = "Deze pijl maakt een rondje in het veranderverhaal."
    ValidationError.raise_if(errors)
    with store.transaction() as cur:
        edge_id = cur.execute(
            "INSERT INTO edges (source_id, target_id, assumption, evidence) VALUES (?, ?, ?, ?) RETURNING id",
            [edge.source_id, edge.target_id, edge.assumption, edge.evidence],
        ).fetchone()[0]
        audit.record(cur, access_mod.of(store), "toegevoegd", "pijl", edge_id, f"{edge.source_id} → {edge.target_id}")
    return edge_id


def update_edge(store: StoreView, edge_id: int, assumption: str, evidence: str) -> None:
    """Change the assumption on an arrow and how strong its evidence is."""
    if evidence not in vocab.EVIDENCE:
        raise ValidationError({"evidence": "Kies een geldige waarde voor de onderbouwing."})
    if not store.scalar("SELECT count(*) FROM edges WHERE id = ?", [edge_id]):
        raise NotFoundError("Pijl", edge_id)
    with store.transaction() as cur:
        cur.execute("UPDATE edges SET assumption = ?, evidence = ? WHERE id = ?", [assumption, evidence, edge_id])
        audit.record(cur, access_mod.of(store), "gewijzigd", "pijl", edge_id, assumption[:120])


def edges(store: StoreView, programme_id: str | None = None, node_id: str | None = None) -> pd.DataFrame:
    """Arrows with the titles and kinds of both ends."""
    return store.df(
        "SELECT e.id, e.source_id, s.title AS source_title, s.kind AS source_kind, "
        "e.target_id, t.title AS target_title, t.kind AS target_kind, e.assumption, e.evidence, "
        "s.programme_id FROM edges e JOIN nodes s ON s.id = e.source_id JOIN nodes t ON t.id = e.target_id "
        "WHERE (?::VARCHAR IS NULL OR s.programme_id = ?) AND (?::VARCHAR IS NULL OR ? IN (e.source_id, e.target_id)) "
        "ORDER BY list_position(?, s.kind), s.title, t.title",
        [programme_id, programme_id, node_id, node_id, KIND_ORDER],
    )


def graph(store: StoreView, programme_id: str | None = None) -> nx.DiGraph:
    """The theory of change as a networkx graph; node attributes are the node's columns."""
    g = nx.DiGraph()
    frame = nodes(store, programme_id)
    for row in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        g.add_node(row["id"], **row)
    for row in edges(store, programme_id).to_dict("records"):
        g.add_edge(row["source_id"], row["target_id"], **row)
    return g


def check_graph(g: nx.DiGraph) -> list[str]:
    """Dutch descriptions of what is wrong with a theory of change; empty when it holds together."""
    problems = []
    for cycle in nx.simple_cycles(g):
        problems.append("Rondje in het veranderverhaal: " + " → ".join(cycle))
    results = [n for n, d in g.nodes(data=True) if d.get("kind") == "resultaat"]
    for node_id, data in g.nodes(data=True):
        kind = data.get("kind")
        if kind in ("outcome", "output", "activiteit") and not any(nx.has_path(g, node_id, r) for r in results):
            problems.append(f"'{data['title']}' leidt niet naar een maatschappelijk resultaat.")
    for source, target in g.edges:
        pair = (g.nodes[source].get("kind"), g.nodes[target].get("kind"))
        if pair not in vocab.ALLOWED_EDGES:
            problems.append(f"De pijl {source} → {target} slaat een stap over of gaat de verkeerde kant op.")
    return problems


_NOUNS = {
    "input": ("input", "inputs"),
    "activiteit": ("activiteit", "activiteiten"),
    "output": ("output", "outputs"),
    "outcome": ("outcome", "outcomes"),
    "resultaat": ("maatschappelijk resultaat", "maatschappelijke resultaten"),
}


def describe(g: nx.DiGraph) -> str:
    """One sentence saying what the drawn graph holds: the text alternative of the picture."""
    counts = {kind: sum(1 for _, d in g.nodes(data=True) if d.get("kind") == kind) for kind in KIND_ORDER}
    parts = [f"{n} {_NOUNS[kind][n != 1]}" for kind, n in counts.items() if n]
    return (
        f"Het schema toont {', '.join(parts)}, verbonden door {g.number_of_edges()} pijlen. "
        "Dezelfde informatie staat hieronder als lijst."
    )


def layout(g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Positions for drawing: one column per kind (input left, resultaat right).

    Results are stacked by programme; every column to the left is ordered by the average
    height of what its nodes lead to, so arrows cross as little as a simple rule allows.
    """
    positions: dict[str, tuple[float, float]] = {}
    rank: dict[str, float] = {}
    for column in reversed(range(len(KIND_ORDER))):
        members = [n for n, d in g.nodes(data=True) if d.get("kind") == KIND_ORDER[column]]

        def sort_key(node_id: str) -> tuple:
            ahead = [rank[t] for t in g.successors(node_id) if t in rank]
            data = g.nodes[node_id]
            return (
                sum(ahead) / len(ahead) if ahead else float("inf"),
                data.get("programme_id") or "",
                data.get("title") or "",
            )

        members.sort(key=sort_key)
        for row, node_id in enumerate(members):
            rank[node_id] = row / max(len(members) - 1, 1)
            positions[node_id] = (float(column), -(row - (len(members) - 1) / 2))
    return positions


def _would_cycle(store: StoreView, edge: Edge) -> bool:
    g = graph(store)
    g.add_edge(edge.source_id, edge.target_id)
    return not nx.is_directed_acyclic_graph(g)


def programme_title(store: StoreView, programme_id: str) -> str | None:
    """The programme's title; None when there is no such programme."""
    return store.scalar("SELECT title FROM programmes WHERE id = ?", [programme_id])
