"""Import one file end to end: recognise its format, read it, map it, and write it (or only report).

Formats: our long template (CSV/Excel, recognised by its header), CBS StatLine CSV, CBS OData
JSON, and respondent-level survey files (CSV/Excel/SPSS .sav; need a mapping with `survey:`).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from kompas.errors import KompasError
from kompas.importers.base import ImportFileError, SourceTable
from kompas.importers.cbs_codes import decode
from kompas.imports import ImportPlan, apply_import, file_hash, plan_import
from kompas.mapping import (
    Mapping,
    merged,
    read_mapping,
    saved_mapping,
    source_for_measures,
)
from kompas.store import Store

Progress = Callable[[float, str], None]


def read_file(path: Path, mapping: Mapping, progress: Progress) -> SourceTable:
    """Read a file with the importer its format needs."""
    from kompas.importers import template

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm", ".json", ".sav"):
        raise KompasError(f"{path.name}: dit soort bestand kan Kwaliteitskompas niet inlezen. Gebruik CSV, Excel "
                          "(.xlsx), CBS OData (.json) of SPSS (.sav).")
    if suffix == ".json":
        from kompas.importers.odata import read_odata_json
        return read_odata_json(path)
    if mapping.survey or suffix == ".sav":
        if not mapping.survey:
            raise KompasError(f"{path.name}: voor een bestand met antwoorden per respondent is een koppelbestand "
                              "met 'survey:' nodig (welke vraag, welke antwoorden tellen, weging, groepen).")
        from kompas.importers.survey import aggregate_survey
        options = dict(mapping.survey)
        options["positive"] = list(options["positive"])
        return aggregate_survey(path, progress=lambda f: progress(f * 0.5, "lezen"), **options)
    if template.looks_like_template(path):
        return template.read_template(path)
    if suffix in (".xlsx", ".xlsm"):
        raise KompasError(f"{path.name}: dit Excel-bestand heeft niet de kolommen van het sjabloon "
                          "(indicator, wave, area_code, group_factor, group_value, value, n, ci_low, ci_high).")
    from kompas.importers.statline import read_statline_csv
    return read_statline_csv(path, progress=lambda f: progress(f * 0.5, "lezen"))


def write_refused(source: Path, plan: ImportPlan, target: str | Path) -> None:
    """The refused rows for the user to correct: where, why, and (for text files) the line itself."""
    lines: list[str] = []
    if source.suffix.lower() in (".csv", ".txt"):
        lines = decode(source.read_bytes(), source.name).splitlines()
    records = [{"bestand": p.file, "rij": p.row, "kolom": p.column or "", "reden": p.message,
                "inhoud": lines[p.row - 1] if p.row and p.row <= len(lines) else ""} for p in plan.refused]
    pd.DataFrame(records).to_csv(target, index=False, sep=";", encoding="utf-8-sig")


def import_file(store: Store, path: str | Path, *, wave_label: str | None = None,
                mapping_path: str | Path | None = None, dry_run: bool = False, valid_only: bool = False,
                refused_csv: str | Path | None = None, progress: Progress = lambda f, step: None) -> ImportPlan:
    """Import ``path`` into the store (or, with ``dry_run``, only report what would happen).

    Raises ``ImportRefused`` when rows are refused and ``valid_only`` is False; nothing is written then.
    """
    path = Path(path)
    if not path.is_file():
        raise KompasError(f"Het bestand '{path}' bestaat niet.")
    given = read_mapping(mapping_path) if mapping_path else Mapping()
    progress(0.0, "lezen")
    plan = _fast_plan(store, path, given, wave_label, progress)
    if plan is None:
        plan = _plan(store, path, given, wave_label, progress)
    if not dry_run:
        progress(0.8, "opslaan")
        apply_import(store, plan, valid_only=valid_only)
        if plan.refused and refused_csv:
            write_refused(path, plan, refused_csv)
    progress(1.0, "klaar")
    return plan


def _mapping_for(store: Store, given: Mapping, wave_label: str | None, measures: list[str]) -> Mapping:
    source = given.source or (store.scalar("SELECT source FROM waves WHERE label = ?", [wave_label])
                              if wave_label else None) or source_for_measures(store, measures)
    mapping = merged(saved_mapping(store, source), given) if source else given
    if source and not mapping.source:
        mapping = merged(mapping, Mapping(source=source))
    return mapping


def _fast_plan(store: Store, path: Path, given: Mapping, wave_label: str | None,
               progress: Progress) -> ImportPlan | None:
    """The plan by the SQL path (``kompas.import_sql``) when the file is a plain wide StatLine CSV, else None."""
    from kompas.import_sql import plan_wide
    from kompas.importers.statline_sql import read_wide_sql

    # Our template has no region or period column, so read_wide_sql never takes it for StatLine.
    if path.suffix.lower() not in (".csv", ".txt") or given.survey:
        return None
    with ThreadPoolExecutor(1) as pool, store.cursor() as cur:
        digest = pool.submit(file_hash, path)  # hashlib lets go of the GIL: hash while DuckDB reads
        read = read_wide_sql(cur, path)
        if read is None:
            return None
        measures = [m for (m,) in cur.execute("SELECT DISTINCT measure FROM cells WHERE NOT bad").fetchall()]
        if not measures:
            return None  # no figures at all: the full path says so
        progress(0.3, "koppelen")
        mapping = _mapping_for(store, given, wave_label, measures)
        plan = plan_wide(store, cur, read, mapping, wave_label, digest.result(), progress)
    if not (plan.added or plan.changed or plan.unchanged or plan.refused):
        raise KompasError(f"{path.name}: het bestand bevat geen cijfers om in te lezen. " + " ".join(plan.notes))
    return plan


def _plan(store: Store, path: Path, given: Mapping, wave_label: str | None, progress: Progress) -> ImportPlan:
    """The plan by the importers in pandas (every format and layout)."""
    try:
        table = read_file(path, given, progress)
    except ImportFileError as exc:
        raise KompasError(str(exc)) from None
    mapping = _mapping_for(store, given, wave_label, list(table.rows["measure"].unique()))
    if table.rows.empty and not table.problems:
        raise KompasError(f"{path.name}: het bestand bevat geen cijfers.")
    progress(0.5, "controleren")
    plan = plan_import(store, table, mapping, wave_label, file_hash(path))
    if plan.rows.empty and not plan.refused:
        raise KompasError(f"{path.name}: het bestand bevat geen cijfers om in te lezen. " + " ".join(plan.notes))
    return plan
