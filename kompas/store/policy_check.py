"""The policy check per activity (step 3): the werkgroep's answers to seed 004's criteria.

Each answer has a short explanation and evidence: stories (by id) and documents (free text: a title
or a link). The criteria and what counts as "in order" live in ``kompas.domain.policy_criteria``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.domain.errors import NotFoundError, ValidationError
from kompas.domain.policy_criteria import ANSWERS, BY_KEY, CRITERIA, status
from kompas.store import audit, stories
from kompas.store.connection import StoreView


@dataclass(frozen=True)
class PolicyAnswer:
    node_id: str
    criterion: str
    answer: str
    explanation: str = ""
    documents: str = ""
    note_ids: tuple[int, ...] = field(default_factory=tuple)

    def problems(self) -> dict[str, str]:
        errors = {}
        if self.criterion not in BY_KEY:
            errors["criterion"] = f"Onbekend criterium '{self.criterion}'."
        if self.answer not in ANSWERS:
            errors["answer"] = "Kies ja, deels, nee of weet niet."
        if len(self.explanation) > 2000:
            errors["explanation"] = "Houd de toelichting korter dan 2000 tekens."
        return errors


def save_answer(store: StoreView, answer: PolicyAnswer) -> None:
    """Store (or replace) one answer. Raises ``ValidationError`` (Dutch, per field) for an unknown
    criterion or answer, a node that is not an activity, or a story that does not exist; ``NotAllowedError``
    for roles that may not edit."""
    errors = answer.problems()
    kind = store.scalar("SELECT kind FROM nodes WHERE id = ?", [answer.node_id])
    if kind is None:
        raise NotFoundError("Onderdeel", answer.node_id)
    if kind != "activiteit":
        errors["node_id"] = "De beleidstoets hoort bij een activiteit (stap 3)."
    ids = sorted(set(answer.note_ids))
    if ids:
        known = {r["id"] for r in store.rows("SELECT id FROM notes WHERE list_contains(?, id)", [ids])}
        if set(ids) - known:
            errors["note_ids"] = f"Verhaal {sorted(set(ids) - known)[0]} bestaat niet. Kies een bestaand verhaal."
    ValidationError.raise_if(errors)
    access = access_mod.of(store)
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO policy_answers (node_id, criterion, answer, explanation, documents, note_ids, author) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node_id, criterion) DO UPDATE SET answer = excluded.answer, "
            "explanation = excluded.explanation, documents = excluded.documents, note_ids = excluded.note_ids, "
            "author = excluded.author, updated_at = now()",
            [
                answer.node_id,
                answer.criterion,
                answer.answer,
                answer.explanation.strip(),
                answer.documents.strip(),
                ids,
                access.user,
            ],
        )
        audit.record(
            cur,
            access,
            "gewijzigd",
            "beleidstoets",
            f"{answer.node_id}/{answer.criterion}",
            f"{BY_KEY[answer.criterion].mark} {ANSWERS[answer.answer]}",
        )


def checklist(store: StoreView, node_id: str, audience: str = "werkgroep") -> list[dict]:
    """The whole checklist of one activity, in the order of the seed: one dict per criterion with
    key, kind ('moet'/'mag_niet'), mark (✓/✗), text, answer (None when not answered), explanation,
    documents, status ('in_orde'/'let_op'/'open') and stories (id, title) this reader may see.
    Stories the reader may not see are left out, never counted."""
    stored = {
        r["criterion"]: r
        for r in store.rows(
            "SELECT criterion, answer, explanation, documents, note_ids FROM policy_answers WHERE node_id = ?",
            [node_id],
        )
    }
    visible = _visible_titles(store, audience, [i for r in stored.values() for i in r["note_ids"]])
    rows = []
    for criterion in CRITERIA:
        row = stored.get(criterion.key, {})
        rows.append(
            {
                "key": criterion.key,
                "kind": criterion.kind,
                "mark": criterion.mark,
                "text": criterion.text,
                "answer": row.get("answer"),
                "explanation": row.get("explanation", ""),
                "documents": row.get("documents", ""),
                "status": status(criterion, row.get("answer")),
                "stories": [{"id": i, "title": visible[i]} for i in row.get("note_ids", []) if i in visible],
            }
        )
    return rows


def summary(store: StoreView, programme_id: str | None = None) -> pd.DataFrame:
    """One row per activity (of one programme, or all): node_id, title, programme_id, programme_title,
    in_orde, let_op, open (counts of criteria; they add up to the number of criteria)."""
    activities = store.df(
        "SELECT n.id AS node_id, n.title, n.programme_id, p.title AS programme_title FROM nodes n "
        "JOIN programmes p ON p.id = n.programme_id WHERE n.kind = 'activiteit' "
        "AND (?::VARCHAR IS NULL OR n.programme_id = ?) ORDER BY p.sort_order, n.title",
        [programme_id, programme_id],
    )
    answers = store.rows("SELECT node_id, criterion, answer FROM policy_answers")
    counts: dict[str, dict[str, int]] = {}
    for row in answers:
        if row["criterion"] in BY_KEY:
            kind = status(BY_KEY[row["criterion"]], row["answer"])
            counts.setdefault(row["node_id"], {}).setdefault(kind, 0)
            counts[row["node_id"]][kind] += 1
    for kind in ("in_orde", "let_op"):
        activities[kind] = [counts.get(n, {}).get(kind, 0) for n in activities["node_id"]]
    activities["open"] = len(CRITERIA) - activities["in_orde"] - activities["let_op"]
    return activities


def concerns(store: StoreView, node_id: str) -> list[str]:
    """The criteria of one activity that ask for attention, as Dutch sentences for a public report.
    The werkgroep's explanations stay out: they may retell stories that are not public."""
    return [
        f"{row['mark']} Deze activiteit {row['text']}: {ANSWERS[row['answer']].lower()}."
        for row in checklist(store, node_id, "openbaar")
        if row["status"] == "let_op"
    ]


def one_line(store: StoreView, node_id: str) -> str | None:
    """The check of one activity in one Dutch phrase for the raad document; None when nothing is answered.

    The phrase names the criteria that ask for attention, without the werkgroep's explanations."""
    rows = checklist(store, node_id, "openbaar")
    answered = [r for r in rows if r["status"] != "open"]
    if not answered:
        return None
    attention = [f"{r['mark']} {r['text']}" for r in answered if r["status"] == "let_op"]
    text = (
        f"beleidstoets inclusief beleid: {len(answered) - len(attention)} van {len(rows)} punten in orde, "
        f"{len(attention)} om op te letten, {len(rows) - len(answered)} nog niet beoordeeld"
    )
    return text + (f" (let op: {'; '.join(attention)})" if attention else "")


def all_answers(store: StoreView, audience: str = "werkgroep") -> dict[str, list[dict]]:
    """Every activity's answered criteria, by node id (for ``python -m kompas policy-check --json``)."""
    result = {}
    for node_id in summary(store)["node_id"]:
        result[node_id] = [row for row in checklist(store, node_id, audience) if row["answer"] is not None]
    return result


def _visible_titles(store: StoreView, audience: str, note_ids: list[int]) -> dict[int, str]:
    if not note_ids:
        return {}
    frame = stories.notes(store, audience)
    frame = frame[frame["id"].isin(note_ids)]
    return dict(zip(frame["id"].astype(int), frame["title"]))
