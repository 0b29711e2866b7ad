"""``python -m kompas restore FILE``: put a backup back into a (new) store file, checked on counts and
content; ``--overwrite`` keeps the replaced file beside it, with the date in its name."""

from __future__ import annotations

import argparse

from kompas.cli import common, parsing
from kompas.cli.backup import ROLE_HELP, require_werkgroep
from kompas.domain.roles import Access


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="de reservekopie (.zip) van 'python -m kompas backup'")
    parsing.add_db(parser)
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="vervang een bestaand databasebestand (het oude blijft bewaard, met de datum in de naam)",
    )
    parsing.add_role(parser, ROLE_HELP)


def run(args: argparse.Namespace) -> int:
    from kompas.store import backup

    require_werkgroep(args)
    with common.writing(args.db):
        made = backup.restore(args.file, args.db, overwrite=args.overwrite, by=Access(args.role, common.person()))
    print(
        f"Reservekopie teruggezet in {made.path}: {made.total_rows} rijen in {len(made.rows)} tabellen, "
        f"gecontroleerd op aantallen en inhoud{common.kept_note(made.replaced)}"
    )
    return 0
