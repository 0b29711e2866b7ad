"""`python -m kompas areas …`, `indicator on|off …` and the set-up part of `init`: parse, call, print."""

from __future__ import annotations

import argparse

from kompas.imports import area_import
from kompas.store import areas, gemeente_setup, indicators, starter
from kompas.domain import register
from kompas.domain.cbs_regions import as_area_code
from kompas.domain.errors import KompasError
from kompas.store.connection import Store, StoreView

COMMANDS = ("areas", "indicator")


def add_init_options(init: argparse.ArgumentParser) -> None:
    init.add_argument("--gemeente", help="de CBS-code van uw gemeente, bijvoorbeeld GM0363 (naam komt uit de "
                                         "landelijke lijst)")
    init.add_argument("--areas", metavar="KWB_BESTAND",
                      help="het CBS-bestand 'Kerncijfers wijken en buurten' met de wijken en buurten")
    init.add_argument("--starter", action="store_true",
                      help="zet de startset van standaardindicatoren klaar (met koppelingen naar de monitors)")


def add_parsers(commands, db_help: str, settings_db: str, roles: list[str]) -> None:
    areas = commands.add_parser("areas", help="gebieden (gemeente, wijken, buurten) inlezen uit een CBS-bestand")
    area_commands = areas.add_subparsers(dest="areas_command", required=True, parser_class=type(areas),
                                         metavar="{import}")
    imp = area_commands.add_parser("import", help="lees wijken en buurten in uit 'Kerncijfers wijken en buurten' "
                                                  "of een CBS-gemeentelijst")
    imp.add_argument("file", help="CSV (StatLine of OData) of Excel (.xlsx) van het CBS")
    imp.add_argument("--gemeente", nargs="+", metavar="GMxxxx",
                     help="alleen deze gemeente(n); zonder: alle in het bestand")
    imp.add_argument("--dry-run", action="store_true", help="laat alleen zien wat er zou veranderen")
    switch = commands.add_parser("indicator", help="zet een indicator aan of uit (de cijfers blijven bewaard)")
    switch.add_argument("state", choices=["aan", "uit"], help="aan of uit")
    switch.add_argument("id", help="de code van de indicator (zie 'python -m kompas list indicators')")
    for command in (imp, switch):
        command.add_argument("--db", default=settings_db, help=db_help)
        command.add_argument("--role", choices=roles, default="werkgroep",
                             help="werk als deze rol (standaard werkgroep)")


def check_init(args: argparse.Namespace) -> str | None:
    """Before a file is made: the gemeente code, normalised; refuse one nobody can name."""
    if not args.gemeente:
        if args.areas or args.starter:
            raise KompasError("Geef ook --gemeente met de CBS-code van uw gemeente, bijvoorbeeld --gemeente GM0363.")
        return None
    known = gemeente_setup.checked_gemeente(args.gemeente)
    code = as_area_code(args.gemeente, "gemeente")
    if known is None and not args.areas:
        raise KompasError(f"De gemeentecode {code} staat niet in de landelijke lijst van gemeenten (bijgewerkt tot "
                          f"{register.COMPLETE_UNTIL:%d-%m-%Y}). Geef het CBS-bestand met uw wijken en buurten mee "
                          "(--areas), dan komt de naam daaruit.")
    if args.areas:  # a file that would be refused is refused before any store is made
        with Store(":memory:", create=True).as_system("gebiedsbestand vooraf controleren") as scratch:
            area_import.plan_areas(scratch, args.areas, [code])
    return code


def set_up(store: StoreView, args: argparse.Namespace, code: str) -> None:
    """The gemeente, its areas and the starter set, after ``init`` made or opened the store."""
    if register.gemeente(code):
        gemeente_setup.choose_gemeente(store, code)
    if args.areas:
        plan = area_import.import_areas(store, args.areas, [code])
        print(plan.report())
    name = areas.areas(store).set_index("code")["name"].get(code)
    with store.transaction() as cur:  # a fictional gemeente: its name came from the area file
        gemeente_setup.remember(cur, code, name)
    print(f"Gemeente: {name} ({code}).")
    if args.starter:
        added = starter.install_starter(store)
        print(f"Startset klaar: {len(added)} indicatoren (zie 'python -m kompas list indicators'). Zet uit wat u "
              "niet nodig heeft met 'python -m kompas indicator uit CODE'.")


def run(store: StoreView, args: argparse.Namespace) -> int:
    if args.command == "areas":
        plan = area_import.import_areas(store, args.file, args.gemeente, dry_run=args.dry_run)
        print(plan.report(dry_run=args.dry_run))
        return 0
    indicators.switch_indicator(store, args.id, args.state == "aan")
    kept = " De cijfers blijven bewaard." if args.state == "uit" else ""
    print(f"Indicator '{args.id}' staat {args.state}.{kept}")
    return 0
