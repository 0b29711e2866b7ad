"""`python -m kompas areas …`, `indicator on|off …` and the set-up part of `init`: parse, call, print."""

from __future__ import annotations

import argparse

from kompas import area_import, indicators, register, starter
from kompas.cbs_regions import as_area_code
from kompas.errors import KompasError
from kompas.model import Area
from kompas.store import Store

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
    imp.add_argument("--gemeente", nargs="+", metavar="GMxxxx", help="alleen deze gemeente(n); zonder: alle in het bestand")
    imp.add_argument("--dry-run", action="store_true", help="laat alleen zien wat er zou veranderen")
    switch = commands.add_parser("indicator", help="zet een indicator aan of uit (de cijfers blijven bewaard)")
    switch.add_argument("state", choices=["aan", "uit"], help="aan of uit")
    switch.add_argument("id", help="de code van de indicator (zie 'python -m kompas list indicators')")
    for command in (imp, switch):
        command.add_argument("--db", default=settings_db, help=db_help)
        command.add_argument("--role", choices=roles, default="werkgroep", help="werk als deze rol (standaard werkgroep)")


def check_init(args: argparse.Namespace) -> str | None:
    """Before a file is made: the gemeente code, normalised; refuse one nobody can name."""
    if not args.gemeente:
        if args.areas or args.starter:
            raise KompasError("Geef ook --gemeente met de CBS-code van uw gemeente, bijvoorbeeld --gemeente GM0363.")
        return None
    code = as_area_code(args.gemeente, "gemeente")
    if not code or not code.startswith("GM"):
        raise KompasError(f"'{args.gemeente}' is geen gemeentecode. Gebruik GM met vier cijfers, bijvoorbeeld GM0363.")
    known = register.gemeente(code)
    if known is None and not args.areas:
        raise KompasError(f"De gemeentecode {code} staat niet in de landelijke lijst van gemeenten (bijgewerkt tot "
                          f"{register.COMPLETE_UNTIL:%d-%m-%Y}). Geef het CBS-bestand met uw wijken en buurten mee "
                          "(--areas), dan komt de naam daaruit.")
    if known is not None and known.valid_to is not None:
        raise KompasError(register.dissolved_message(code, known.valid_to) or f"Gemeente {code} bestaat niet meer.")
    return code


def set_up(store: Store, args: argparse.Namespace, code: str) -> None:
    """The gemeente, its areas and the starter set, after ``init`` made or opened the store."""
    known = register.gemeente(code)
    if known and not store.scalar("SELECT count(*) FROM areas WHERE code = ?", [code]):
        with store.transaction() as cur:
            problems = Area(code, known.name, "gemeente").problems()
            if problems:
                raise KompasError("; ".join(problems.values()))
            cur.execute("INSERT INTO areas (code, name, level, parent_code) VALUES (?, ?, 'gemeente', NULL)",
                        [code, known.name])
            register.store_mergers(cur)
    store.set_info("gemeente", code)
    if args.areas:
        plan = area_import.import_areas(store, args.areas, [code])
        print(plan.report())
    name = store.scalar("SELECT name FROM areas WHERE code = ?", [code])
    print(f"Gemeente: {name} ({code}).")
    if args.starter:
        added = starter.install_starter(store)
        print(f"Startset klaar: {len(added)} indicatoren (zie 'python -m kompas list indicators'). Zet uit wat u "
              "niet nodig heeft met 'python -m kompas indicator uit CODE'.")


def run(store, args: argparse.Namespace) -> int:
    if args.command == "areas":
        plan = area_import.import_areas(store, args.file, args.gemeente, dry_run=args.dry_run)
        print(plan.report(dry_run=args.dry_run))
        return 0
    indicators.switch_indicator(store, args.id, args.state == "aan")
    print(f"Indicator '{args.id}' staat {args.state}." + (" De cijfers blijven bewaard." if args.state == "uit" else ""))
    return 0
