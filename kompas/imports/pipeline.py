"""Import one file end to end: read it into the staging table, plan in SQL, and write (or only report).

    plan = import_file(store, "download.csv", mapping_path="vm.yaml", dry_run=True)
    print(plan.report(dry_run=True))

Only a role that may edit (the werkgroep) may import, also as a dry run. Writing happens in one
transaction: with refused rows nothing is written unless ``valid_only``; re-importing the same file
changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from kompas.domain import input_limits
from kompas.domain import roles as access_mod
from kompas.domain.errors import KompasError, NotAllowedError
from kompas.domain.safe_cells import safe_frame
from kompas.imports import indicator_sheet
from kompas.imports.decoding import decode
from kompas.imports.plan import make_plan
from kompas.imports.readers import read_into_staging
from kompas.imports.report import ImportPlan, ImportRefused
from kompas.imports.successors import successor_text
from kompas.store import audit
from kompas.store.connection import StoreView
from kompas.store.mapping import Mapping, merged, read_mapping, saved_mapping, source_for_measures, write_mapping

Progress = Callable[[float, str], None]
_VALUES = ["value", "n", "ci_low", "ci_high", "se", "provisional"]
_KEY = ["indicator_id", "wave_id", "area_code", "group_factor", "group_value"]


def file_hash(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    store: StoreView,
    path: str | Path,
    *,
    wave_label: str | None = None,
    mapping_path: str | Path | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
    refused_csv: str | Path | None = None,
    progress: Progress = lambda f, step: None,
) -> ImportPlan:
    """Import ``path`` into the store (or, with ``dry_run``, only report what would happen).

    Raises ``NotAllowedError`` for a role that may not edit, ``InputTooLargeError`` for a file past the
    limits of ``kompas.domain.input_limits`` (checked before reading), ``KompasError`` (Dutch) for a file or mapping
    that cannot be read, and ``ImportRefused`` when rows are refused and ``valid_only`` is False (nothing is
    written then)."""
    access = access_mod.of(store)
    if not access.may_edit:
        raise NotAllowedError(access.role, "geen cijfers inlezen, ook niet als proef")
    path = Path(path)
    if not path.is_file():
        raise KompasError(f"Het bestand '{path}' bestaat niet.")
    input_limits.check_file(path)
    given = read_mapping(mapping_path) if mapping_path else Mapping()
    progress(0.0, "lezen")
    with ThreadPoolExecutor(1) as pool, store.cursor() as cur:
        digest = pool.submit(file_hash, path)  # hashlib lets go of the GIL: hash while DuckDB reads
        stage = read_into_staging(cur, path, given, lambda f: progress(0.25 * f, "lezen"))
        mapping = _mapping_for(store, given, wave_label, [" ".join(m.split()) for m in stage.measures])
        plan = make_plan(
            store,
            cur,
            stage,
            mapping,
            given,
            wave_label,
            digest.result(),
            progress,
            successor=successor_text,
            dry_run=dry_run,
        )
        plan.indicator_edits, problems = indicator_sheet.read_edits(store, path)  # a workbook from 'export excel'
        plan.refused += problems
        if not (plan.added or plan.changed or plan.unchanged or plan.refused or plan.indicator_edits):
            raise KompasError(f"{path.name}: het bestand bevat geen cijfers om in te lezen. " + " ".join(plan.notes))
        if not dry_run:
            progress(0.8, "opslaan")
            apply_plan(store, plan, cur, valid_only=valid_only)
    if not dry_run and plan.refused and refused_csv:
        write_refused(path, plan, refused_csv)
    progress(1.0, "klaar")
    return plan


def apply_plan(store: StoreView, plan: ImportPlan, cur, valid_only: bool = False) -> ImportPlan:
    """Write the plan in one transaction on ``cur``, the cursor that holds the plan's temp tables
    (``checked``, ``matched``): new waves, then every new and changed figure with all its values (value,
    n, interval, standard error, provisional) together. New figures go in with one ``INSERT … SELECT``
    straight from the plan, in key order (DuckDB builds the primary-key index three times faster then
    than in file order); only figures that matched a stored one (``matched``, small) are left out of it
    and updated when changed. Refused rows stop everything unless ``valid_only``."""
    if plan.refused and not valid_only:
        raise ImportRefused(plan)
    with store.transaction(on=cur):
        for wave in plan.new_waves:
            cur.execute(
                "INSERT INTO waves (id, source, label, period_start, period_end, method_note, "
                "population_note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    wave.id,
                    wave.source,
                    wave.label,
                    wave.period_start,
                    wave.period_end,
                    wave.method_note,
                    wave.population_note,
                ],
            )
        keys = ", ".join(_KEY)
        cur.execute(
            f"INSERT INTO observations ({keys}, {', '.join(_VALUES)}) "
            f"SELECT {keys}, value, round(n)::INTEGER, ci_low, ci_high, se, provisional "
            f"FROM (SELECT * FROM checked WHERE problem IS NULL) ANTI JOIN matched USING ({keys}) ORDER BY {keys}"
        )
        sets = ", ".join(f"{c} = f.{c}" for c in _VALUES)
        match = " AND ".join(f"observations.{k} = f.{k}" for k in _KEY)
        cur.execute(
            f"UPDATE observations SET {sets} FROM (SELECT * FROM matched WHERE status = 'gewijzigd') f WHERE {match}"
        )
        indicator_sheet.write(cur, store, plan.indicator_edits)
        write_mapping(cur, plan.mapping)
        cur.execute(
            "INSERT INTO imports (file_name, file_hash, source, added, changed, refused) VALUES (?, ?, ?, ?, ?, ?)",
            [plan.file, plan.file_hash, plan.source, plan.added, plan.changed, len(plan.refused)],
        )
        audit.record(
            cur,
            access_mod.of(store),
            "ingelezen",
            "cijfers",
            Path(plan.file).name,
            f"{plan.added} nieuwe en {plan.changed} gewijzigde cijfers; {len(plan.refused)} rijen geweigerd",
        )
    return plan


def write_refused(source: Path, plan: ImportPlan, target: str | Path) -> None:
    """The refused rows for the user to correct: where, why, and (for text files) the line itself."""
    lines: list[str] = []
    if source.suffix.lower() in (".csv", ".txt"):
        lines = decode(source.read_bytes(), source.name).splitlines()
    records = [
        {
            "bestand": p.file,
            "rij": p.row,
            "kolom": p.column or "",
            "reden": p.message,
            "inhoud": lines[p.row - 1] if p.row and p.row <= len(lines) else "",
        }
        for p in plan.refused
    ]
    safe_frame(pd.DataFrame(records)).to_csv(target, index=False, sep=";", encoding="utf-8-sig")


def _mapping_for(store: StoreView, given: Mapping, wave_label: str | None, measures: list[str]) -> Mapping:
    """The given mapping on top of what was kept for its source (found by the measures when it names none)."""
    source = (
        given.source
        or (store.scalar("SELECT source FROM waves WHERE label = ?", [wave_label]) if wave_label else None)
        or source_for_measures(store, measures)
    )
    mapping = merged(saved_mapping(store, source), given) if source else given
    if source and not mapping.source and given.source:
        mapping = merged(mapping, Mapping(source=source))
    return mapping
