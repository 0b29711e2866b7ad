"""Can two waves be compared at all? The method-break register, and what differs between two waves.

A warning is given only for what differs *and* is described on both sides: "niet beschreven" on one side
is not a difference, it is a gap in what we know. Two kinds of difference stop a verdict (the change gets
'niet vergelijkbaar', see ``kompas.analysis.verdict``): a registered method break between the two waves (table
``method_breaks``, migration 007: the wave from which a source measured differently, with its text), and
a question or definition of an indicator worded differently in the two waves (``indicator_wave_notes``).
Other differences (method or population notes of the waves, another source) are told once, at the top of
a comparison, not on every row.
"""

from __future__ import annotations

from kompas.domain.errors import NotFoundError, ValidationError
from kompas.store.connection import StoreView


def method_breaks(store: StoreView, source: str | None = None) -> list[dict]:
    """The register: wave_id, label, source, period_end and note of each break, oldest first."""
    return store.rows(
        "SELECT b.wave_id, w.label, w.source, w.period_end, b.note FROM method_breaks b "
        "JOIN waves w ON w.id = b.wave_id WHERE ?::VARCHAR IS NULL OR w.source = ? "
        "ORDER BY w.period_end, w.label",
        [source, source],
    )


def save_break(store: StoreView, wave_id: str, note: str) -> None:
    """Flag ``wave_id`` as the first wave measured the new way, with a Dutch ``note`` saying what changed.
    Raises NotFoundError for an unknown wave and ValidationError for an empty note."""
    if not store.scalar("SELECT count(*) FROM waves WHERE id = ?", [wave_id]):
        raise NotFoundError("Meting", wave_id)
    if not (note or "").strip():
        raise ValidationError({"note": "Schrijf op wat er aan de methode veranderde."})
    with store.transaction() as cur:
        cur.execute("INSERT OR REPLACE INTO method_breaks VALUES (?, ?)", [wave_id, note.strip()])


def breaks_between(store: StoreView, wf: dict, wt: dict) -> list[dict]:
    """The breaks of either wave's source that lie between the two (after the earlier wave, up to and
    including the later one): crossing one makes every change of the pair 'niet vergelijkbaar'."""
    early, late = sorted((wf, wt), key=lambda w: (w["period_end"], w["label"]))
    return [
        b
        for b in method_breaks(store)
        if b["source"] in (wf["source"], wt["source"]) and early["period_end"] < b["period_end"] <= late["period_end"]
    ]


def pair_notes(store: StoreView, wf: dict, wt: dict) -> list[str]:
    """Dutch sentences on what differs between two waves, told once above a comparison."""
    found = [
        f"Methodebreuk bij {b['label']}: {b['note'].rstrip('.')}. Veranderingen tussen deze metingen zijn "
        "daarom niet vergelijkbaar."
        for b in breaks_between(store, wf, wt)
    ]
    if wf["source"] != wt["source"]:
        found.append(
            f"De metingen komen uit verschillende bronnen ({wf['source']} en {wt['source']}): "
            "vergelijk alleen als vraag, definitie en methode hetzelfde zijn."
        )
    for key, what in (("method_note", "De methode"), ("population_note", "De onderzochte groep")):
        old, new = _text(wf[key]), _text(wt[key])
        if old and new and old != new:
            found.append(f"{what} verschilt: {wf['label']}: '{old}'; {wt['label']}: '{new}'.")
    return found


def reworded(store: StoreView, wf: dict, wt: dict) -> dict[str, str]:
    """Indicator id -> why its figures of these two waves are not comparable (question or definition
    worded differently, both described)."""
    rows = store.rows(
        "SELECT a.indicator_id, a.question AS q_from, b.question AS q_to, a.definition AS d_from, "
        "b.definition AS d_to FROM indicator_wave_notes a JOIN indicator_wave_notes b "
        "ON a.indicator_id = b.indicator_id WHERE a.wave_id = ? AND b.wave_id = ?",
        [wf["id"], wt["id"]],
    )
    found = {}
    for r in rows:
        parts = [
            f"{what} is anders gesteld ({wf['label']}: '{_text(r[old])}'; {wt['label']}: '{_text(r[new])}')"
            for what, old, new in (("de vraag", "q_from", "q_to"), ("de definitie", "d_from", "d_to"))
            if _text(r[old]) and _text(r[new]) and _text(r[old]) != _text(r[new])
        ]
        if parts:
            found[r["indicator_id"]] = "; ".join(parts)
    return found


def _text(note) -> str:
    return (note or "").strip().rstrip(".")
