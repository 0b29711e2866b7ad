"""The plan of an import and its report in plain Dutch (the dry run and the answer after saving).

The dry run lists every existing figure it would change (old → new value, n and interval) and every
name it matched to a code (name → code, level). A stored figure that the small-group rule hides
(``kompas.store.suppression``) is never shown: its old value, n and interval read "verborgen".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kompas.domain import formatting
from kompas.domain.errors import KompasError
from kompas.domain.model import Wave
from kompas.imports.source import Problem
from kompas.store import suppression
from kompas.store.connection import StoreView
from kompas.store.mapping import Mapping

HIDDEN = "verborgen"
SHOWN_CHANGES = 50


class ImportRefused(KompasError):
    """Some rows were refused and the user did not choose to import only the valid ones."""

    def __init__(self, plan: ImportPlan):
        super().__init__(plan.report())
        self.plan = plan


@dataclass
class ImportPlan:
    file: str
    file_hash: str
    source: str
    mapping: Mapping
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: list[Problem] = field(default_factory=list)
    new_waves: list[Wave] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title: str = ""
    matched: list[tuple[str, str, str]] = field(default_factory=list)  # (name, code, level)
    changes: list[str] = field(default_factory=list)  # "old → new" lines, masked
    indicator_edits: list = field(default_factory=list)  # kompas.imports.indicator_sheet.IndicatorEdit

    def set_changes(self, store: StoreView, rows: list[tuple]) -> None:
        """The changed figures as Dutch lines; what the small-group rule hides is masked."""
        hidden = suppression.decisions(store, sorted({r[0] for r in rows})) if rows else {}
        labels = {r["id"]: r["label"] for r in store.rows("SELECT id, label FROM waves")}
        labels.update({w.id: w.label for w in self.new_waves})
        self.changes = []
        for (
            indicator,
            wave,
            area,
            factor,
            group_value,
            old_value,
            old_n,
            old_low,
            old_high,
            value,
            n,
            low,
            high,
        ) in rows:
            key = (indicator, wave, area, factor, group_value)
            group = "" if factor == "totaal" else f", {factor}: {group_value}"
            old = HIDDEN if any(hidden.get(key, ())) else _figure(old_value, old_n, old_low, old_high)
            self.changes.append(
                f"{indicator}, {labels.get(wave, wave)}, {area}{group}: {old} → {_figure(value, n, low, high)}"
            )

    def report(self, dry_run: bool = False, refused_csv=None) -> str:
        """The import report in plain Dutch; the same message on many rows is said once, with a count."""
        n = formatting.number
        lines = [
            f"Bestand: {self.file}" + (f" (bron: {self.source})" if self.source else ""),
            f"Nieuw: {n(self.added)} cijfers · Gewijzigd: {n(self.changed)} · Al aanwezig: "
            f"{n(self.unchanged)} · Geweigerd: {n(len(self.refused))}",
        ]
        lines += [
            f"Nieuwe meting: {w.label} (bron {w.source}, {formatting.long_date(w.period_start)} tot en met "
            f"{formatting.long_date(w.period_end)})"
            for w in self.new_waves
        ]
        if self.matched:
            lines.append("Namen gekoppeld aan codes:")
            lines += [f"- {name} → {code} ({level})" for name, code, level in self.matched[:100]]
        if self.changes:
            lines.append("Wat verandert (oud → nieuw):")
            lines += [f"- {c}" for c in self.changes[:SHOWN_CHANGES]]
            if self.changed > SHOWN_CHANGES:
                lines.append(f"- … en nog {n(self.changed - SHOWN_CHANGES)} gewijzigde cijfers")
        if self.indicator_edits:
            lines.append(f"Indicatoren die veranderen ({n(len(self.indicator_edits))}):")
            lines += [f"- {edit.describe()}" for edit in self.indicator_edits]
        if self.refused:
            lines.append("Geweigerd:")
            by_cause: dict[tuple, list[Problem]] = {}
            for problem in self.refused:
                by_cause.setdefault((problem.column, problem.message), []).append(problem)
            for number, same in enumerate(by_cause.values()):
                if number == 30:
                    lines.append(f"- … en nog {n(len(by_cause) - 30)} andere meldingen")
                    break
                more = f" (en nog {n(len(same) - 1)} rijen met dezelfde melding)" if len(same) > 1 else ""
                lines.append(f"- {same[0]}{more}")
            if refused_csv:
                lines.append(f"Alle geweigerde rijen staan in {refused_csv}.")
        if self.notes:
            lines.append("Opmerkingen:")
            lines += [f"- {note}" for note in self.notes]
        if dry_run:
            lines.append("Proefrun: er is niets opgeslagen.")
        return "\n".join(lines)


def _figure(value, n, low, high) -> str:
    """'14,0 (n 558, interval 10,6–17,4)'; parts the figure lacks are said to be empty."""
    if value is None:
        return "leeg"
    text = formatting.number(value, 1)
    extra = [
        f"n {formatting.number(n)}" if n is not None else "zonder n",
        f"interval {formatting.number(low, 1)}–{formatting.number(high, 1)}"
        if low is not None and high is not None
        else "zonder interval",
    ]
    return f"{text} ({', '.join(extra)})"
