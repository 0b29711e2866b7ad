"""Roles hold below the UI, for every public function of the library that takes a store (issue 16).

The functions are LISTED by introspection (``public_store_functions``): a new one fails
``test_every_public_store_function_is_classified`` until it is put in READS, WRITES or NOT_A_READ here.
Every READ is called through each role's view of a store with planted secrets (an intern and a werkgroep
story with marked titles, a small group and the group hidden to protect it, a provisional figure, all with
unique values) and its answer, walked through whole, holds none of what that role may not read. Every WRITE
is refused for the reading roles and leaves the store exactly as it was.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import math
import pkgutil
import shutil
from datetime import date, datetime

import pandas as pd
import pytest

import kompas
import kompas.demo.build
from kompas.domain.errors import KompasError, NotAllowedError
from kompas.domain.model import Action, Area, Edge, FigureLink, Member, Note, Observation, Programme, Reflection, Wave
from kompas.reports.raad_request import RaadEdits, RaadRequest
from kompas.store import indicators, observations, review_snapshots, reviews, stories, visibility
from kompas.store.connection import Store, raw

INTERN, WERKGROEP = "GEHEIM-INTERN-7781", "ALLEEN-WERKGROEP-5512"
SMALL, GUARDED, PROVISIONAL = 12.3457, 55.5321, 77.7123  # values no demo figure has
SECRET_FLOATS = {"raad": [SMALL, GUARDED, PROVISIONAL], "lezer": [SMALL, GUARDED], "werkgroep": [SMALL, GUARDED]}
SECRET_TEXTS = {"raad": [INTERN, WERKGROEP], "lezer": [INTERN], "werkgroep": [INTERN]}
ROLES = ["werkgroep", "lezer", "raad"]


@functools.cache
def public_store_functions() -> dict[str, object]:
    """'module.function' -> function, for every public function in kompas whose first parameter is a store."""
    found = {}
    for info in pkgutil.walk_packages(kompas.__path__, "kompas."):
        if info.name == "kompas.__main__":
            continue
        module = importlib.import_module(info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            first = next(iter(inspect.signature(function).parameters), None)
            if first in ("store", "view"):
                found[f"{info.name.removeprefix('kompas.')}.{name}"] = function
    return found


LABELS = ("GGD Gezondheidsmonitor 2024", "GGD Gezondheidsmonitor 2026")
REQUEST = RaadRequest("Eenzaamheid per groep?", ("eenzaam",), (), "gender")
# name -> c -> (args, kwargs) after the store; c: the planted ids (see ``planted``)
READS = {
    "domain.roles.of": lambda c: ((), {}),
    "store.areas.area_name": lambda c: (("GM9999",), {}),
    "store.areas.areas": lambda c: ((), {}),
    "store.areas.municipality": lambda c: ((), {}),
    "store.areas.scope": lambda c: (("GM9999",), {}),
    "access.accounts.is_demo_store": lambda c: ((), {}),
    "imports.area_import.plan_areas": lambda c: ((c["areas_file"],), {}),
    "analysis.boundaries.boundary_warnings": lambda c: (
        (
            {"label": LABELS[0], "period_end": date(2024, 12, 1)},
            {"label": LABELS[1], "period_end": date(2026, 12, 15)},
            ["GM9999", "WK999901"],
        ),
        {},
    ),
    "store.gemeente_setup.area_tree": lambda c: (("GM9999",), {}),
    "store.gemeente_setup.status": lambda c: ((), {}),
    "reports.raad.view_of": lambda c: ((), {}),
    "store.audit_log.entries": lambda c: ((), {}),
    "store.audit_log.users": lambda c: ((), {}),
    "analysis.breakdowns.breakdown": lambda c: (("eenzaam", "ggd2026", "GM9999", "gender"), {}),
    "analysis.breakdowns.change_ranking": lambda c: (("eenzaam", "ggd2024", "ggd2026", "GM9999", "gender"), {}),
    "analysis.breakdowns.factors": lambda c: (("eenzaam", "GM9999"), {}),
    "analysis.breakdowns.indicators_with_groups": lambda c: (("GM9999",), {}),
    "analysis.breakdowns.waves_with_figures": lambda c: (("eenzaam", "GM9999"), {}),
    "store.catalog.listing": lambda c: (("notes",), {}),
    "analysis.assumptions.since": lambda c: (({"ggd2024", "ggd2026"}, datetime(2020, 1, 1)), {}),
    "analysis.assumptions.status_per_arrow": lambda c: ((), {}),
    "analysis.coverage.coverage": lambda c: (("ggd2026",), {}),
    "analysis.coverage.missing_groups": lambda c: (("ggd2026",), {}),
    "analysis.coverage.population_indicators": lambda c: ((), {}),
    "analysis.coverage.population_wave": lambda c: (("ggd2026",), {}),
    "reports.excel_exchange.figures": lambda c: ((["eenzaam"],), {}),
    "reports.excel_exchange.workbook": lambda c: ((), {}),
    "reports.iati_export.iati_xml": lambda c: ((), {}),
    "reports.iati_export.org_ref": lambda c: ((), {}),
    "store.policy_check.all_answers": lambda c: ((), {}),
    "store.policy_check.checklist": lambda c: (("act_huisbezoek",), {}),
    "store.policy_check.concerns": lambda c: (("act_huisbezoek",), {}),
    "store.policy_check.one_line": lambda c: (("act_huisbezoek",), {}),
    "store.policy_check.summary": lambda c: ((), {}),
    "store.verkenning.compared": lambda c: ((2025,), {}),
    "reports.verkenning.document": lambda c: ((2025,), {}),
    "store.verkenning.previous_round": lambda c: ((2025,), {}),
    "store.verkenning.round_answers": lambda c: ((2025,), {}),
    "store.verkenning.rounds": lambda c: ((), {}),
    "store.comparability.breaks_between": lambda c: ((c["wf"], c["wt"]), {}),
    "store.comparability.method_breaks": lambda c: ((), {}),
    "store.comparability.pair_notes": lambda c: ((c["wf"], c["wt"]), {}),
    "store.comparability.reworded": lambda c: ((c["wf"], c["wt"]), {}),
    "analysis.compare.judged": lambda c: (LABELS, {}),
    "analysis.compare.judged_pairs": lambda c: (
        ({LABELS: None, ("GGD Gezondheidsmonitor 2022", LABELS[0]): None},),
        {},
    ),
    "analysis.compare.pair_of": lambda c: (LABELS, {}),
    "analysis.findings.judged": lambda c: (("GM9999", c["totals"]), {}),
    "analysis.findings.judged_at": lambda c: (("GM9999", *c["area_totals"]), {}),
    "analysis.wave_pair.only_in_one": lambda c: ((c["pair"],), {}),
    "analysis.wave_pair.pair": lambda c: ((), {"labels": LABELS}),
    "analysis.wave_pair.rows": lambda c: ((c["pair"],), {}),
    "analysis.wave_pair.rows_of_pairs": lambda c: (([c["pair"]],), {}),
    "analysis.wave_pair.wave": lambda c: ((LABELS[1],), {}),
    "analysis.wave_pair.whom_rows": lambda c: ((c["pair"],), {}),
    "store.catalog.summary": lambda c: ((), {}),
    "analysis.compare.compare_waves": lambda c: (LABELS, {}),
    "analysis.compare.default_pair": lambda c: ((), {}),
    "analysis.compare.only_in_one": lambda c: (LABELS, {}),
    "analysis.compare.previous_wave": lambda c: ((LABELS[1],), {}),
    "analysis.compare.stories_for": lambda c: (("eenzaam", *LABELS, "werkgroep"), {}),
    "analysis.compare.wave_by_label": lambda c: ((LABELS[1],), {}),
    "store.indicators.get_indicator": lambda c: (("eenzaam",), {}),
    "store.indicators.indicators": lambda c: ((), {}),
    "store.indicators.indicators_by_id": lambda c: ((), {}),
    "store.indicators.waves": lambda c: ((), {}),
    "store.indicators.year_span": lambda c: ((), {}),
    "store.mapping.saved_mapping": lambda c: (("GGD Gezondheidsmonitor",), {}),
    "store.mapping.source_for_measures": lambda c: ((["eenzaam"],), {}),
    "store.observations.areas_with_data": lambda c: (("eenzaam",), {}),
    "store.observations.figure_exists": lambda c: (("eenzaam", "ggd2026", "GM9999"), {}),
    "store.observations.group_factors": lambda c: (("eenzaam", "GM9999"), {}),
    "store.observations.latest_totals": lambda c: (("WK999901", ["eenzaam"]), {}),
    "store.observations.provisional_keys": lambda c: ((), {}),
    "store.observations.series": lambda c: (("eenzaam", "GM9999", "gender"), {}),
    "store.observations.totals_for_area": lambda c: (("WK999901",), {}),
    "store.reflections.link_problems": lambda c: ((), {"review_id": c["review"]}),
    "store.reflections.reflections": lambda c: ((), {}),
    "reports.minutes.minutes": lambda c: ((c["review"],), {}),
    "reports.raad.export": lambda c: ((REQUEST, c["edits"], "md"), {}),  # every role; logged, not a change
    "reports.raad.exports": lambda c: ((), {}),
    "reports.raad.regenerate": lambda c: ((c["export"], "md"), {}),
    "reports.raad_evidence.gather": lambda c: ((REQUEST,), {}),
    "reports.raad_request.suggest": lambda c: (("eenzaamheid bij ouderen",), {}),
    "analysis.review_changes.changes_since": lambda c: ((c["review"],), {}),
    "store.review_snapshots.snapshot": lambda c: ((), {}),
    "store.reviews.actions": lambda c: ((), {}),
    "store.reviews.current_review": lambda c: ((), {}),
    "store.reviews.decisions": lambda c: ((c["review"],), {}),
    "store.reviews.get_review": lambda c: ((c["review"],), {}),
    "store.reviews.members": lambda c: ((), {}),
    "store.reviews.open_actions_carried_over": lambda c: ((c["review"],), {}),
    "store.reviews.previous_review": lambda c: ((c["review"],), {}),
    "store.reviews.reviews": lambda c: ((), {}),
    "store.thresholds.in_force": lambda c: ((), {}),
    "store.connection.raw": lambda c: ((), {}),
    "store.stories.figure_links": lambda c: ((None, c["notes"]), {}),
    "store.stories.figure_stories": lambda c: (("werkgroep",), {}),
    "store.stories.get_note": lambda c: ((c["intern"],), {}),
    "store.stories.hidden_count": lambda c: (("werkgroep",), {}),
    "store.stories.notes": lambda c: (("werkgroep",), {}),
    "store.visibility.notes_sql": lambda c: (("werkgroep",), {}),
    "store.visibility.shows_provisional": lambda c: ((), {}),
    "store.visibility.visible_levels": lambda c: (("werkgroep",), {}),
    "store.visibility.visible_note_ids": lambda c: ((), {}),
    "store.suppression.apply_stored": lambda c: ((c["raw_figures"],), {}),
    "store.suppression.area_parents": lambda c: ((), {}),
    "store.suppression.decisions": lambda c: ((["eenzaam"],), {}),
    "store.suppression.stored_figures": lambda c: ((), {}),
    "store.suppression.wave_parts": lambda c: ((), {}),
    "store.toc.default_programme": lambda c: ((), {}),
    "store.toc.edges": lambda c: ((), {}),
    "store.toc.get_node": lambda c: (("oc_kennen",), {}),
    "store.toc.graph": lambda c: ((), {}),
    "store.toc.nodes": lambda c: ((), {}),
    "store.toc.programmes": lambda c: ((), {}),
    "store.toc.programme_title": lambda c: (("verbinding",), {}),
    "store.indicators.ids": lambda c: ((), {}),
    "store.indicators.wave_id": lambda c: (("ggd2026",), {}),
    "store.indicators.described": lambda c: ((), {}),
    "store.indicators.wave_rows": lambda c: ((["ggd2024", "ggd2026"],), {}),
    "store.stories.links_of": lambda c: ((c["notes"],), {}),
    "store.observations.shown_in_template": lambda c: ((["eenzaam"],), {}),
    "store.observations.shown_series": lambda c: (("eenzaam",), {}),
    "store.raad_exports.get": lambda c: ((c["export"],), {}),
    "store.raad_exports.listing": lambda c: ((), {}),
}
WRITES = {
    "imports.area_import.apply_areas": lambda c: ((c["area_plan"],), {}),
    "imports.area_import.import_areas": lambda c: ((c["areas_file"],), {}),
    "store.gemeente_setup.choose_gemeente": lambda c: (("GM0363",), {}),
    "store.indicators.switch_indicator": lambda c: (("eenzaam", False), {}),
    "store.starter.install_starter": lambda c: ((), {}),
    "store.comparability.save_break": lambda c: (("ggd2026", "Vanaf nu een andere vragenlijst."), {}),
    "analysis.assumptions.overrule": lambda c: ((c["edge"], "ggd2026", "gesteund", "Verhalen uit de wijk"), {}),
    "analysis.assumptions.set_lag": lambda c: ((c["edge"], 1), {}),
    "analysis.coverage.mark_population": lambda c: (("eenzaam",), {}),
    "store.policy_check.save_answer": lambda c: (
        (kompas.store.policy_check.PolicyAnswer("act_huisbezoek", "minder_achterstelling", "nee", "Anders bekeken"),),
        {},
    ),
    "store.verkenning.save_answers": lambda c: ((2026, {}), {}),
    "store.areas.save_areas": lambda c: (([Area("WK999901", "Andere naam", "wijk", "GM9999")],), {}),
    "store.backup.backup_store": lambda c: ((c["tmp"] / "kopie.zip",), {}),
    "demo.build.load_demo": lambda c: ((), {}),
    "imports.pipeline.apply_plan": lambda c: ((c["plan"], None), {}),  # refused before it touches a cursor
    "imports.pipeline.import_file": lambda c: ((c["figures_file"],), {"dry_run": True}),  # not even a dry run
    "store.indicators.save_indicator": lambda c: ((c["indicator"],), {"new": False}),
    "store.indicators.save_wave": lambda c: (
        (Wave("w_nieuw", "Bron", "Nieuwe meting", date(2026, 1, 1), date(2026, 2, 1)),),
        {},
    ),
    "store.mapping.save_mapping": lambda c: ((c["plan"].mapping,), {}),
    "store.observations.save_observations": lambda c: (
        ([Observation("eenzaam", "ggd2026", "WK999902", "totaal", "totaal", 10.0, 400)],),
        {},
    ),
    "store.reflections.add_reflection": lambda c: ((Reflection("gaat_goed", "Tekst"),), {}),
    "store.reviews.add_action": lambda c: ((Action("Bellen"),), {}),
    "store.reviews.close_review": lambda c: ((c["review"],), {}),
    "demo.werkgroep.load_werkgroep": lambda c: ((kompas.demo.build.DEMO_DIR / "werkgroep.yaml",), {}),
    "store.reviews.open_review": lambda c: ((date(2026, 12, 1), "Nieuw"), {}),
    "store.reviews.save_member": lambda c: ((Member("Nieuw lid"),), {}),
    "store.reviews.set_action_status": lambda c: ((c["action"], "bezig"), {}),
    "store.reviews.update_review": lambda c: ((c["review"],), {"notes": "Aangepast"}),
    "store.thresholds.save": lambda c: ((20, 60), {}),
    "store.stories.delete_note": lambda c: ((c["werkgroep"],), {}),
    "store.stories.save_note": lambda c: (
        (Note("Nieuw", "Tekst", date(2026, 1, 1), "wijkgesprek", "werkgroep", True),),
        {},
    ),
    "store.toc.add_edge": lambda c: ((Edge(*c["unlinked"]),), {}),
    "store.toc.save_node": lambda c: ((c["node"],), {"new": False}),
    "store.toc.save_programme": lambda c: ((Programme("nieuw", "Nieuw programma"),), {}),
    "store.toc.update_edge": lambda c: ((c["edge"], "Andere veronderstelling", "sterk"), {}),
}
NOT_A_READ = {
    "store.audit.record_export": "writes one audit line for an export the caller made; every role may (an export is logged)",
    "access.sign_in.attempt": "checks a password against the accounts file and logs a refusal; reads no figures or stories",
    "analysis.compare.for_whom": "reads through wave_pair.whom_rows (listed above) for the rows of the comparison the caller passes",
    "imports.indicator_sheet.read_edits": "called by imports.pipeline.import_file (refused to reading roles) for an 'export excel' workbook",
    "store.areas.forget_scopes": "drops a memo of area scopes on the store; reads and returns nothing",
    "store.raad_exports.next_id": "hands out the next factsheet number (a sequence); reads nothing of the store's content",
    "store.raad_exports.record": "records a factsheet the caller made, as reports.raad.export (listed above) does for every role",
    "imports.plan.make_plan": "called by imports.pipeline.import_file (refused to reading roles) with its cursor",
    "imports.wave_notes.one_wave_notes": "turns a plan's figures into Dutch notes; reads only the waves table",
    "store.suppression.decide": "decides over the frame of figures the caller passes; reads no figures itself",
    "demo.synth.statline_file.write_statline_csv": "writes a made-up StatLine file for the benchmark; reads no figures",
}


def test_every_public_store_function_is_classified():
    listed = set(public_store_functions())
    classified = set(READS) | set(WRITES) | set(NOT_A_READ)
    assert listed - classified == set(), "nieuwe functies: zet ze in READS, WRITES of NOT_A_READ"
    assert classified - listed == set(), "deze functies bestaan niet meer"
    assert not set(READS) & set(WRITES) and not (set(READS) | set(WRITES)) & set(NOT_A_READ)


@pytest.fixture(scope="module")
def planted(demo_db, tmp_path_factory):
    """A demo copy with the secrets, and what the argument builders need."""
    folder = tmp_path_factory.mktemp("roles")
    path = folder / "roles.duckdb"
    shutil.copy(demo_db, path)
    with Store(path).as_system("tests") as store:
        indicators.save_wave(
            store, Wave("ggd2026", "GGD Gezondheidsmonitor", LABELS[1], date(2026, 9, 1), date(2026, 12, 15))
        )
        observations.save_observations(
            store,
            [
                Observation("eenzaam", "ggd2026", "GM9999", "totaal", "totaal", 50.0, 967, 47.0, 53.0),
                Observation("eenzaam", "ggd2026", "GM9999", "gender", "man", 49.0, 900, 46.0, 52.0),
                Observation("eenzaam", "ggd2026", "GM9999", "gender", "vrouw", GUARDED, 60, 41.0987, 69.9653),
                Observation(
                    "eenzaam", "ggd2026", "GM9999", "gender", "anders of zeg ik liever niet", SMALL, 7, 3.21987, 21.4713
                ),
                Observation(
                    "eenzaam", "ggd2026", "WK999901", "totaal", "totaal", PROVISIONAL, 500, 70.1, 84.9, provisional=True
                ),
            ],
        )
        link = (FigureLink("eenzaam", "ggd2026", "GM9999", "gender", "vrouw"),)
        anna = store.as_user("Anna", "werkgroep")
        intern = stories.save_note(
            anna,
            Note(
                f"{INTERN} titel",
                f"{INTERN} tekst",
                date(2026, 10, 1),
                "wijkgesprek",
                "intern",
                True,
                area_code="GM9999",
                figures=link,
            ),
        )
        werkgroep = stories.save_note(
            anna,
            Note(
                f"{WERKGROEP} titel",
                f"{WERKGROEP} tekst",
                date(2026, 10, 2),
                "wijkgesprek",
                "werkgroep",
                True,
                area_code="GM9999",
                figures=link,
            ),
        )
        review = reviews.open_review(anna, date(2026, 9, 1), "Bespreking")
        action = reviews.add_action(anna, Action("Nabellen", review_id=review))
        from kompas.reports import raad

        edits = RaadEdits()
        export = raad.export(anna, REQUEST, edits, "md").id
        plan = _plan(store, folder)
        areas_file = folder / "gebieden.csv"
        areas_file.write_text(
            '"Wijken en buurten";"Regiocode (gemeente, wijk, buurt) (code)";"Perioden"\n'
            '"Voorbeeldstad";"GM9999    ";"2025"\n"Nieuwe wijk";"WK999988  ";"2025"\n',
            encoding="utf-8",
        )
        from kompas.imports import area_import

        area_plan = area_import.plan_areas(store, areas_file)
        context = {
            "intern": intern,
            "werkgroep": werkgroep,
            "notes": sorted(visibility.visible_note_ids(store)),
            "review": review,
            "action": action,
            "export": export,
            "edits": edits,
            "plan": plan,
            "pair": kompas.analysis.wave_pair.pair(store, labels=LABELS),
            "wf": kompas.analysis.wave_pair.wave(store, LABELS[0]),
            "wt": kompas.analysis.wave_pair.wave(store, LABELS[1]),
            "totals": {"eenzaam": observations.series(store, "eenzaam", "GM9999")},
            "area_totals": observations.totals_by_indicator(observations.totals_for_area(store, "GM9999")),
            "figures_file": folder / "cijfers.csv",
            "areas_file": areas_file,
            "area_plan": area_plan,
            "raw_figures": store.df("SELECT * FROM observations WHERE indicator_id = 'eenzaam'"),
            "indicator": indicators.get_indicator(store, "eenzaam"),
            "node": kompas.store.toc.get_node(store, "oc_kennen"),
            "edge": int(store.scalar("SELECT min(id) FROM edges")),
            "tmp": folder,
            "unlinked": tuple(
                store.rows(
                    "SELECT a.id AS a, b.id AS b FROM nodes a, nodes b WHERE a.kind = 'activiteit' "
                    "AND b.kind = 'output' AND a.programme_id = b.programme_id AND "
                    "NOT EXISTS (SELECT 1 FROM edges e WHERE e.source_id = a.id AND "
                    "e.target_id = b.id) LIMIT 1"
                )[0].values()
            ),
        }
    return path, context


def _plan(store, folder):
    from kompas.imports import import_file

    source = folder / "cijfers.csv"
    source.write_text(
        "indicator,wave,area_code,group_factor,group_value,value,n,ci_low,ci_high\n"
        f"eenzaam,{LABELS[1]},WK999903,totaal,totaal,31.5,450,27.2,35.8\n",
        encoding="utf-8",
    )
    return import_file(store, source, dry_run=True)


def _secrets_in(answer, role: str, where: str = "") -> list[str]:
    """Every secret this role may not read, found anywhere in the answer (walked whole)."""
    found = []
    if isinstance(answer, pd.DataFrame):
        found += _secrets_in(list(answer.columns), role, where)
        for column in answer.columns:
            found += _secrets_in(answer[column].tolist(), role, f"{where}.{column}")
    elif isinstance(answer, pd.Series):
        found += _secrets_in(answer.tolist(), role, where)
    elif isinstance(answer, dict):
        for key, value in answer.items():
            found += _secrets_in(key, role, where) + _secrets_in(value, role, f"{where}.{key}")
    elif isinstance(answer, (list, tuple, set, frozenset)):
        for item in answer:
            found += _secrets_in(item, role, where)
    elif dataclasses.is_dataclass(answer) and not isinstance(answer, type):
        for f in dataclasses.fields(answer):
            found += _secrets_in(getattr(answer, f.name), role, f"{where}.{f.name}")
    elif isinstance(answer, str):
        found += [f"{where}: {t}" for t in SECRET_TEXTS[role] if t in answer]
    elif isinstance(answer, bytes):
        found += [f"{where}: {t}" for t in SECRET_TEXTS[role] if t.encode() in answer]
    elif isinstance(answer, (int, float)) and not isinstance(answer, bool):
        if not (isinstance(answer, float) and math.isnan(answer)):
            found += [f"{where}: {s}" for s in SECRET_FLOATS[role] if abs(float(answer) - s) < 1e-6]
    elif hasattr(answer, "__dict__") and not callable(answer):
        found += _secrets_in(vars(answer), role, where)
    return found


def _fingerprint(store: Store) -> dict:
    """What a refused write must leave as it was: every table's rows (audit log included), as a count and a
    hash over the rows."""
    tables = store.df(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
        "AND table_name <> 'hidden_history' ORDER BY 1"
    )["table_name"]
    return {t: store.rows(f'SELECT count(*) AS n, bit_xor(hash(r)) AS h FROM "{t}" r')[0] for t in tables}


@pytest.fixture(scope="module")
def opened(planted):
    path, context = planted
    with Store(path).as_system("tests") as store:
        yield store, context


def test_the_planted_secrets_are_there_and_the_checker_finds_them(opened):
    store, c = opened
    figures = store.df("SELECT value FROM observations WHERE wave_id = 'ggd2026'")["value"].tolist()
    assert {SMALL, GUARDED, PROVISIONAL} <= set(figures)
    assert _secrets_in(stories.notes(store, "werkgroep"), "raad")  # the whole store shows them
    assert _secrets_in({"x": [c["raw_figures"]]}, "lezer")


@pytest.mark.parametrize("name", sorted(READS))
def test_no_read_gives_a_role_what_it_may_not_read(opened, name):
    store, c = opened
    function = public_store_functions()[name]
    args, kwargs = READS[name](c)
    for role in ROLES:
        view = store.as_user("Bert" if role == "werkgroep" else "Els", role)  # Bert: not the intern story's author
        try:
            answer = function(view, *args, **kwargs)
        except KompasError as refused:  # a refusal (not allowed, not found) is safe if it names nothing secret
            answer = str(refused)
        assert _secrets_in(answer, role, name) == [], role


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_is_refused_for_reading_roles_and_changes_nothing(opened, name):
    store, c = opened
    function = public_store_functions()[name]
    args, kwargs = WRITES[name](c)
    before = _fingerprint(store)
    for role in ("lezer", "raad"):
        with pytest.raises(NotAllowedError):
            function(store.as_user("Els", role), *args, **kwargs)
    assert _fingerprint(store) == before


@pytest.mark.parametrize("role", ROLES)
def test_a_view_runs_no_raw_sql_from_outside_the_library(opened, role):
    store, _ = opened
    view = store.as_user("Els", role)
    before = _fingerprint(store)
    for attempt in (
        lambda: view.df("SELECT title FROM notes"),
        lambda: view.rows("DELETE FROM notes"),
        lambda: view.scalar("SELECT count(*) FROM observations"),
        lambda: view.cursor(),
        lambda: view.transaction(),
        lambda: view.log_transaction(),
        lambda: view.base,
        lambda: raw(view),
        lambda: view.as_user("Els", "werkgroep"),
    ):
        with pytest.raises(NotAllowedError, match="niet rechtstreeks"):
            attempt()
    assert _fingerprint(store) == before


def test_the_summary_counts_only_the_stories_a_role_may_see(opened):
    from kompas.store import catalog

    store, c = opened
    everything = catalog.summary(store)["notes"]
    for role in ROLES:
        view = store.as_user("Bert", role)
        seen = visibility.visible_note_ids(view)
        assert c["intern"] not in seen and catalog.summary(view)["notes"] == len(seen) < everything
    assert catalog.summary(store.as_user("Bert", "raad"))["notes"] == len(stories.notes(store, "openbaar"))


def test_a_review_opened_through_a_view_stores_the_whole_state(store):

    view = store.as_user("Piet", "werkgroep")
    review_id = reviews.open_review(view, date(2026, 12, 1), "Bespreking")
    stored = store.df(
        "SELECT kind, key, value FROM review_snapshots WHERE review_id = ? ORDER BY kind, key", [review_id]
    )
    whole = review_snapshots.snapshot(store)
    assert stored.astype(str).equals(whole[["kind", "key", "value"]].astype(str))
    assert len(review_snapshots.snapshot(view)) < len(whole)  # what Piet himself may read is less
