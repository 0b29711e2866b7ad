"""``python -m kompas init``: make a store (or bring an existing one up to date), and with ``--gemeente`` set
it up for a municipality at once: its name, its areas (``--areas``) and the starter set (``--starter``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kompas.cli import parsing
from kompas.domain import register
from kompas.domain.cbs_regions import as_area_code
from kompas.domain.errors import KompasError
from kompas.store.connection import Store, StoreView


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parsing.add_db(parser)
    parser.add_argument(
        "--gemeente", help="de CBS-code van uw gemeente, bijvoorbeeld GM0363 (naam komt uit de landelijke lijst)"
    )
    parser.add_argument(
        "--areas",
        metavar="KWB_BESTAND",
        help="het CBS-bestand 'Kerncijfers wijken en buurten' met de wijken en buurten",
    )
    parser.add_argument(
        "--starter",
        action="store_true",
        help="zet de startset van standaardindicatoren klaar (met koppelingen naar de monitors)",
    )


def run(args: argparse.Namespace) -> int:
    gemeente = _checked_gemeente(args)
    existed = Path(args.db).exists()
    with Store(args.db, create=True).as_system("kompas init") as store:
        if existed:
            print(
                f"De database {args.db} bestond al; die is bijgewerkt naar schemaversie "
                f"{store.schema_version()}" + (" en verder niet veranderd." if not gemeente else ".")
            )
        else:
            print(
                f"{'Database' if gemeente else 'Lege database'} klaar: {args.db} "
                f"(schemaversie {store.schema_version()})."
            )
        if gemeente:
            _set_up(store, args, gemeente)
    return 0


def _checked_gemeente(args: argparse.Namespace) -> str | None:
    """Before a file is made: the gemeente code, normalised; refuse one nobody can name."""
    if not args.gemeente:
        if args.areas or args.starter:
            raise KompasError("Geef ook --gemeente met de CBS-code van uw gemeente, bijvoorbeeld --gemeente GM0363.")
        return None
    from kompas.imports import area_import
    from kompas.store import gemeente_setup

    known = gemeente_setup.checked_gemeente(args.gemeente)
    code = as_area_code(args.gemeente, "gemeente")
    if known is None and not args.areas:
        raise KompasError(
            f"De gemeentecode {code} staat niet in de landelijke lijst van gemeenten (bijgewerkt tot "
            f"{register.COMPLETE_UNTIL:%d-%m-%Y}). Geef het CBS-bestand met uw wijken en buurten mee "
            "(--areas), dan komt de naam daaruit."
        )
    if args.areas:  # a file that would be refused is refused before any store is made
        with Store(":memory:", create=True).as_system("gebiedenbestand controleren") as scratch:
            area_import.plan_areas(scratch, args.areas, [code])
    return code


def _set_up(store: StoreView, args: argparse.Namespace, code: str) -> None:
    """The gemeente, its areas and the starter set, after the store was made or opened."""
    from kompas.imports import area_import
    from kompas.store import areas, gemeente_setup, starter

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
        print(
            f"Startset klaar: {len(added)} indicatoren (zie 'python -m kompas list indicators'). Zet uit wat u "
            "niet nodig heeft met 'python -m kompas indicator uit CODE'."
        )
