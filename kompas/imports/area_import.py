"""Areas into the store from a CBS area file: plan what changes (the dry run), then write it in one go.

Only the asked gemeenten are taken (else every gemeente in the file). Re-importing the same file changes
nothing; a new name for a known code updates the name; a layout without names (the OData layout) never
overwrites a name. A gemeente the file leaves out but whose wijken it holds is taken from the national
register (``kompas.domain.register``). The years a code is valid go into ``area_years`` when the file says its
year (a ``Perioden`` column): codes that a later file of the same gemeente leaves out end the year before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kompas.domain import register
from kompas.domain import roles as access_mod
from kompas.domain.cbs_regions import as_area_code, gemeente_code
from kompas.domain.errors import KompasError
from kompas.domain.formatting import number
from kompas.imports.area_files import AreaFile, AreaRow, read_area_file
from kompas.store import audit, gemeente_setup
from kompas.store.connection import StoreView

SHOWN = 40  # lines per kind in the report; the rest is counted


class AreasRefused(KompasError):
    """The file cannot be imported as asked; nothing was written."""


@dataclass
class AreaPlan:
    file: str
    year: int | None
    added: list[AreaRow] = field(default_factory=list)
    renamed: list[tuple[AreaRow, str]] = field(default_factory=list)  # (new row, old name)
    unchanged: int = 0
    ended: list[str] = field(default_factory=list)  # codes that end at year - 1
    gemeenten: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def report(self, dry_run: bool = False) -> str:
        """What the import adds and changes, in Dutch; long lists are cut off with a count."""
        lines = [
            f"Bestand: {self.file}" + (f" (jaar {self.year})" if self.year else ""),
            f"Gemeenten: {', '.join(self.gemeenten[:10])}"
            + (f" en nog {number(len(self.gemeenten) - 10)}" if len(self.gemeenten) > 10 else ""),
            f"Nieuw: {number(len(self.added))} gebieden · Naam gewijzigd: {number(len(self.renamed))} · "
            f"Al aanwezig: {number(self.unchanged)}",
        ]
        for row in self.added[:SHOWN]:
            name = row.name or "(nog zonder naam: die komt uit een bestand met namen)"
            lines.append(f"+ {row.code} {name} ({row.level}{f' in {row.parent_code}' if row.parent_code else ''})")
        if len(self.added) > SHOWN:
            lines.append(f"+ … en nog {number(len(self.added) - SHOWN)} nieuwe gebieden")
        for row, old in self.renamed[:SHOWN]:
            lines.append(f"~ {row.code}: naam '{old}' wordt '{row.name}' (rij {row.row})")
        if len(self.renamed) > SHOWN:
            lines.append(f"~ … en nog {number(len(self.renamed) - SHOWN)} nieuwe namen")
        if self.ended:
            lines.append(
                f"Niet meer in dit bestand, dus geldig tot en met {self.year - 1}: "
                f"{', '.join(self.ended[:SHOWN])}" + (" …" if len(self.ended) > SHOWN else "")
            )
        lines += [f"Let op: {note}" for note in self.notes]
        if dry_run:
            lines.append("Proefrun: er is niets opgeslagen.")
        return "\n".join(lines)


def plan_areas(store: StoreView, path: str | Path, gemeenten: list[str] | None = None) -> AreaPlan:
    """Work out, without writing, what importing ``path`` would add and rename.

    ``gemeenten``: codes (GM0363 or 363) to take; None or empty takes every gemeente in the file.
    Raises ``AreasRefused`` (Dutch, naming file, row and column) when the file has problems or an asked
    gemeente is not in it; ``AreaFileError`` when it is no area file at all.
    """
    table = read_area_file(path)
    if table.problems:
        raise AreasRefused("\n".join(table.problems[:20] + ["Er is niets opgeslagen."]))
    rows = _only(table, gemeenten)
    known = {r["code"]: r for r in store.rows("SELECT code, name FROM areas")}
    plan = AreaPlan(table.file, table.year, gemeenten=sorted({gemeente_code(r.code) for r in rows}))
    rows = _with_parents(table, rows, known, plan)
    for row in rows:
        if row.code not in known:
            plan.added.append(row)
        elif row.name and row.name != known[row.code]["name"]:
            plan.renamed.append((row, known[row.code]["name"]))
        else:
            plan.unchanged += 1
    if table.skipped:
        plan.notes.append(
            f"{number(table.skipped)} rijen gaan niet over een gemeente, wijk of buurt (bijvoorbeeld "
            "Nederland of een provincie) en zijn overgeslagen."
        )
    plan.ended = _ended(store, plan, {r.code for r in rows})
    return plan


def apply_areas(store: StoreView, plan: AreaPlan) -> AreaPlan:
    """Write the plan in one transaction: areas, their years, the national mergers, one audit line."""
    started = {r["code"] for r in store.rows("SELECT code FROM area_years")}
    first_time = {g for g in plan.gemeenten if g not in started}
    added = pd.DataFrame(
        {
            "code": [r.code for r in plan.added],
            "name": [
                r.name or (register.gemeente(r.code).name if register.gemeente(r.code) else r.code) for r in plan.added
            ],
            "level": [r.level for r in plan.added],
            "parent_code": [r.parent_code for r in plan.added],
            "valid_from": pd.array(
                [None if plan.year is None or gemeente_code(r.code) in first_time else plan.year for r in plan.added],
                dtype="Int64",
            ),
        },
        dtype=object,
    )
    renamed = pd.DataFrame(
        {"code": [r.code for r, _ in plan.renamed], "name": [r.name for r, _ in plan.renamed]}, dtype=object
    )
    ended = pd.DataFrame({"code": plan.ended}, dtype=object)
    # A national file holds some 17,000 areas: one statement per table, not one per row.
    with store.transaction() as cur:
        for name, frame in (("added_areas", added), ("renamed_areas", renamed), ("ended_areas", ended)):
            cur.register(name, frame)
        cur.execute(
            "INSERT INTO areas (code, name, level, parent_code) SELECT code, name, level, parent_code FROM added_areas"
        )
        cur.execute("UPDATE areas SET name = r.name FROM renamed_areas r WHERE areas.code = r.code")
        cur.execute(
            "INSERT INTO area_years (code, valid_from) SELECT code, valid_from::INTEGER FROM added_areas "
            "ON CONFLICT DO NOTHING"
        )
        cur.execute(
            "INSERT INTO area_years (code, valid_to) SELECT code, ?::INTEGER FROM ended_areas "
            "ON CONFLICT (code) DO UPDATE SET valid_to = excluded.valid_to",
            [plan.year - 1 if plan.year else None],
        )
        for name in ("added_areas", "renamed_areas", "ended_areas"):
            cur.unregister(name)
        if plan.year:
            cur.executemany(
                "INSERT INTO store_info VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                "greatest(store_info.value::INTEGER, excluded.value::INTEGER)::VARCHAR",
                [[f"area_year:{code}", str(plan.year)] for code in plan.gemeenten],
            )
        gemeente_setup.store_mergers(cur)
        audit.record(
            cur,
            access_mod.of(store),
            "ingelezen",
            "gebieden",
            plan.file,
            f"{len(plan.added)} nieuwe gebieden, {len(plan.renamed)} nieuwe namen",
        )
    return plan


def import_areas(
    store: StoreView, path: str | Path, gemeenten: list[str] | None = None, dry_run: bool = False
) -> AreaPlan:
    """``plan_areas`` and, unless ``dry_run``, ``apply_areas``."""
    plan = plan_areas(store, path, gemeenten)
    return plan if dry_run else apply_areas(store, plan)


def _only(table: AreaFile, gemeenten: list[str] | None) -> list[AreaRow]:
    if not gemeenten:
        return list(table.rows)
    wanted = []
    for given in gemeenten:
        code = as_area_code(given, "gemeente")
        if code is None or not code.startswith("GM"):
            raise AreasRefused(
                f"'{given}' is geen gemeentecode. Geef de code zoals GM0363 (zie de CBS-lijst van "
                "gemeenten, of zoek de naam in de app op de pagina 'Gemeente instellen')."
            )
        wanted.append(code)
    rows = [r for r in table.rows if gemeente_code(r.code) in wanted]
    missing = [code for code in wanted if not any(gemeente_code(r.code) == code for r in rows)]
    if missing:
        raise AreasRefused(
            f"{table.file}: gemeente {', '.join(missing)} staat niet in dit bestand (geen rij met "
            "die gemeentecode of haar wijken en buurten). Download het bestand van uw gemeente, "
            "of controleer de code. Er is niets opgeslagen."
        )
    return rows


def _with_parents(table: AreaFile, rows: list[AreaRow], known: dict, plan: AreaPlan) -> list[AreaRow]:
    """Add a gemeente the file leaves out (from the register); refuse a buurt whose wijk is nowhere."""
    codes = {r.code for r in rows} | set(known)
    extra = []
    for code in sorted({r.parent_code for r in rows if r.parent_code} - codes):
        entry = register.gemeente(code) if code.startswith("GM") else None
        if entry is None:
            child = next(r for r in rows if r.parent_code == code)
            raise AreasRefused(
                f"{table.file}, rij {child.row}: {child.code} ligt in {code}, maar dat gebied staat "
                "niet in het bestand en niet in de database. Gebruik het hele bestand van het CBS "
                "(met de gemeente en alle wijken). Er is niets opgeslagen."
            )
        extra.append(AreaRow(code, entry.name, "gemeente", None, 0))
        plan.notes.append(
            f"Gemeente {code} ({entry.name}) stond niet in het bestand; de naam komt uit de "
            "landelijke lijst van gemeenten."
        )
    order = {"gemeente": 0, "wijk": 1, "buurt": 2}
    return sorted(extra + rows, key=lambda r: order[r.level])


def _ended(store: StoreView, plan: AreaPlan, in_file: set[str]) -> list[str]:
    """Wijk and buurt codes of these gemeenten that an earlier year had and this (newer) file leaves out."""
    if not plan.year:
        return []
    ended = []
    for code in plan.gemeenten:
        latest = store.info(f"area_year:{code}")
        if not latest or int(latest) >= plan.year:
            continue
        rows = store.rows(
            "SELECT a.code FROM areas a LEFT JOIN area_years y USING (code) WHERE a.level <> "
            "'gemeente' AND a.code[3:6] = ? AND (y.valid_to IS NULL)",
            [code[2:]],
        )
        ended += [r["code"] for r in rows if r["code"] not in in_file]
    return sorted(ended)
