"""`python -m kompas policy-check | coverage | assumptions | export …`: the method's checks from the
command line. Each command calls one library function and prints it (JSON with --json)."""

from __future__ import annotations

import argparse
import json

from kompas.analysis import assumptions, coverage
from kompas.store import audit, indicators, policy_check
from kompas.cli import raad as cli_raad
from kompas.reports import excel_exchange, iati_export
from kompas.domain import settings
from kompas.domain.roles import ROLES
from kompas.domain.errors import KompasError
from kompas.domain.policy_criteria import ANSWERS, STATUS_LABELS
from kompas.store.connection import StoreView

COMMANDS = ("policy-check", "coverage", "export", "assumptions")


def add_parsers(commands, db_help: str) -> None:
    check = commands.add_parser("policy-check", help="beleidstoets: de antwoorden per activiteit (inclusief beleid)")
    check.add_argument("--programme", help="alleen de activiteiten van dit programma (code)")
    cover = commands.add_parser("coverage", help="wie ontbreekt: antwoorden per groep en wijk naast de bevolking")
    cover.add_argument("--wave", required=True, help="de meting (code of naam), bijvoorbeeld panel2025")
    cover.add_argument("--indicator", help="alleen de antwoorden bij deze indicator (code)")
    export = commands.add_parser("export", help="uitwisselen: IATI-resultaten (XML) of de indicatorlijst (Excel)")
    export.add_argument("format", choices=["iati", "excel"],
                        help="iati: resultaten volgens de IATI-standaard 2.03 (.xml); excel: indicatoren, streefwaarden "
                             "en cijfers (.xlsx), te bewerken en terug te lezen met 'import'")
    export.add_argument("--out", required=True, help="het bestand, bijvoorbeeld resultaten.xml of indicatoren.xlsx")
    tested = commands.add_parser("assumptions", help="veronderstellingen getoetst per meting: ondersteund, "
                                 "tegengesproken of nog niet bekend, met de cijfers waarop het rust")
    tested.add_argument("--programme", help="alleen de pijlen van dit programma (code)")
    for command in (check, cover, export, tested):
        command.add_argument("--db", default=settings.get("db_path"), help=db_help)
        command.add_argument("--json", action="store_true", help="uitvoer als JSON")
        command.add_argument("--role", choices=list(ROLES), default="werkgroep",
                             help="lees als deze rol: werkgroep (standaard), lezer of raad")


def run(store: StoreView, args: argparse.Namespace) -> int:
    if args.command == "policy-check":
        return _policy_check(store, args)
    if args.command == "coverage":
        return _coverage(store, args)
    if args.command == "export":
        return _export(store, args)
    if args.command == "assumptions":
        return _assumptions(store, args)
    raise AssertionError(args.command)


def _policy_check(store: StoreView, args) -> int:
    table = policy_check.summary(store, args.programme)
    audience = "openbaar" if args.role == "raad" else "werkgroep"
    if args.json:
        answers = policy_check.all_answers(store, audience)
        print(json.dumps([{**row, "answers": answers.get(row["node_id"], [])}
                          for row in table.to_dict("records")], ensure_ascii=False))
        return 0
    for row in table.to_dict("records"):
        print(f"{row['node_id']:22} {row['in_orde']:>2} in orde, {row['let_op']:>2} let op, {row['open']:>2} open  "
              f"{row['title']}")
        for answer in policy_check.all_answers(store, audience).get(row["node_id"], []):
            if answer["status"] == "let_op":
                print(f"{'':22} {STATUS_LABELS['let_op']}: {answer['mark']} {answer['text']}: "
                      f"{ANSWERS[answer['answer']].lower()}")
    return 0


def _coverage(store: StoreView, args) -> int:
    wave_id = indicators.wave_id(store, args.wave)
    if wave_id is None:
        raise KompasError(f"Onbekende meting '{args.wave}'. Zie 'python -m kompas list waves'.")
    table = coverage.coverage(store, wave_id, args.indicator)
    if args.json:
        records = table.astype(object).where(table.notna(), None).to_dict("records")
        print(json.dumps({"wave_id": wave_id, "population_wave_id": coverage.population_wave(store, wave_id),
                          "groups": records}, ensure_ascii=False))
        return 0
    for row in table.to_dict("records"):
        shares = ("" if row["response_share"] is None or row["population_share"] is None else
                  f"{row['response_share']:.0%} van de antwoorden, {row['population_share']:.0%} van de inwoners")
        print(f"{row['dimension_label']:32} {row['group_label']:36} {coverage.STATUS[row['status']]:32} {shares}")
    return 0


def _export(store: StoreView, args) -> int:
    if args.format == "excel":
        if not args.out.lower().endswith(".xlsx"):
            raise KompasError(f"Kies een bestand dat eindigt op .xlsx (niet '{args.out}').")
        cli_raad.write_file(args.out, excel_exchange.workbook(store))
        audit.record_export(store, "uitwisseling", "excel", args.out)
        print(f"Indicatoren, streefwaarden en cijfers geschreven naar {args.out}. Bewerk het in Excel en lees het "
              f"terug met 'python -m kompas import {args.out} --dry-run' om eerst te zien wat er verandert.")
        return 0
    content = iati_export.iati_xml(store)
    cli_raad.write_file(args.out, content)
    audit.record_export(store, "uitwisseling", "iati", args.out)
    print(f"IATI-resultaten (versie {iati_export.VERSION}) geschreven naar {args.out}: alleen openbare cijfers en "
          "openbare verhalen met toestemming.")
    return 0


def _assumptions(store: StoreView, args) -> int:
    arrows = assumptions.status_per_arrow(store, args.programme)
    if args.json:
        print(json.dumps(arrows, ensure_ascii=False, default=str))
        return 0
    for arrow in arrows:
        steps = " → ".join(f"{t['wave_label']}: {assumptions.STATUS[t['status']].lower()}"
                           + (" (werkgroep)" if t["overruled"] else "") for t in arrow["timeline"])
        print(f"{arrow['source_title']} → {arrow['target_title']} [{assumptions.STATUS[arrow['status']]}]\n  {steps}")
    return 0
