"""``python -m kompas areas import FILE``: the municipality, its districts and neighbourhoods from a CBS file
('Kerncijfers wijken en buurten' or a CBS list of municipalities)."""

from __future__ import annotations

import argparse

from kompas.cli import common, parsing


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parsing.subcommands(parser, "areas_command", "{import}")
    imp = commands.add_parser(
        "import", help="lees wijken en buurten in uit 'Kerncijfers wijken en buurten' of een CBS-gemeentelijst"
    )
    imp.add_argument("file", help="CSV (StatLine of OData) of Excel (.xlsx) van het CBS")
    imp.add_argument(
        "--gemeente", nargs="+", metavar="GMxxxx", help="alleen deze gemeente(n); zonder: alle in het bestand"
    )
    imp.add_argument("--dry-run", action="store_true", help="laat alleen zien wat er zou veranderen")
    parsing.add_db(imp)
    parsing.add_role(imp, parsing.WORK_ROLE_HELP)


def run(args: argparse.Namespace) -> int:
    from kompas.imports import area_import

    with common.opened(args) as store:
        plan = area_import.import_areas(store, args.file, args.gemeente, dry_run=args.dry_run)
    print(plan.report(dry_run=args.dry_run))
    return 0
