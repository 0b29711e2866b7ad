"""The verkenning (step 1, "stap 0" of the handreiking): answers per round, compared with the round before
(the round as a document: ``kompas.reports.verkenning``).

The verkenning is the werkgroep's own reflection (it names resistance and people): the council's role
reads none of it (``NotAllowedError``)."""

from __future__ import annotations

from kompas.domain import roles as access_mod
from kompas.domain.errors import NotAllowedError, ValidationError
from kompas.domain.verkenning_questions import BY_KEY, QUESTIONS
from kompas.store import audit
from kompas.store.connection import StoreView

CHANGES = {
    "nieuw": "Nieuw deze ronde",
    "gewijzigd": "Anders dan vorige ronde",
    "gelijk": "Gelijk gebleven",
    "leeg": "Nog niet beantwoord",
}


def save_answers(store: StoreView, round_year: int, answers: dict[str, str]) -> int:
    """Store the answers of one round (question key -> text); an empty text clears an answer.
    Returns how many answers changed. Raises ``ValidationError`` for an unknown question or a year
    outside 2000–2100, ``NotAllowedError`` for roles that may not edit."""
    access_mod.of(store).require_edit()  # a reading role hears 'not allowed' before any check
    errors = {}
    if not 2000 <= int(round_year) <= 2100:
        errors["round_year"] = "Kies een jaar tussen 2000 en 2100."
    unknown = sorted(set(answers) - set(BY_KEY))
    if unknown:
        errors["question"] = f"Onbekende vraag '{unknown[0]}'."
    ValidationError.raise_if(errors)
    before = round_answers(store, round_year)
    changed = {k: v.strip() for k, v in answers.items() if v.strip() != before.get(k, "")}
    if not changed:
        return 0
    access = access_mod.of(store)
    with store.transaction() as cur:
        for key, text in changed.items():
            if text:
                cur.execute(
                    "INSERT INTO verkenning_answers (round_year, question, answer, author) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (round_year, question) DO UPDATE SET answer = excluded.answer, "
                    "author = excluded.author, updated_at = now()",
                    [round_year, key, text, access.user],
                )
            else:
                cur.execute("DELETE FROM verkenning_answers WHERE round_year = ? AND question = ?", [round_year, key])
        audit.record(cur, access, "gewijzigd", "verkenning", round_year, f"{len(changed)} antwoorden")
    return len(changed)


def rounds(store: StoreView) -> list[int]:
    """The years with at least one answer, newest first."""
    _require_werkgroep_reader(store)
    return [
        r["round_year"]
        for r in store.rows("SELECT DISTINCT round_year FROM verkenning_answers ORDER BY round_year DESC")
    ]


def round_answers(store: StoreView, round_year: int) -> dict[str, str]:
    """question key -> answer for one round (unanswered questions are absent)."""
    _require_werkgroep_reader(store)
    return {
        r["question"]: r["answer"]
        for r in store.rows("SELECT question, answer FROM verkenning_answers WHERE round_year = ?", [round_year])
    }


def previous_round(store: StoreView, round_year: int) -> int | None:
    return store.scalar("SELECT max(round_year) FROM verkenning_answers WHERE round_year < ?", [round_year])


def compared(store: StoreView, round_year: int) -> list[dict]:
    """Every question with this round's answer beside the previous round's: key, part, question, answer,
    previous_year, previous, change ('nieuw', 'gewijzigd', 'gelijk' or 'leeg')."""
    now = round_answers(store, round_year)
    before_year = previous_round(store, round_year)
    before = round_answers(store, before_year) if before_year else {}
    rows = []
    for q in QUESTIONS:
        answer, previous = now.get(q.key, ""), before.get(q.key, "")
        change = "leeg" if not answer else "nieuw" if not previous else "gelijk" if answer == previous else "gewijzigd"
        rows.append(
            {
                "key": q.key,
                "part": q.part,
                "question": q.text,
                "answer": answer,
                "previous_year": before_year,
                "previous": previous,
                "change": change,
            }
        )
    return rows


def _require_werkgroep_reader(store: StoreView) -> None:
    if access_mod.of(store).role == "raad":
        raise NotAllowedError("raad", "de verkenning van de werkgroep niet lezen")
