"""``python -m kompas backup --out FILE``: a backup of the whole store in one .zip file. Only the werkgroep
may make one: a backup holds every story and figure, whatever its visibility."""

from __future__ import annotations

import argparse

from kompas.cli import common, parsing
from kompas.domain.errors import KompasError

ROLE_HELP = "alleen de werkgroep mag een reservekopie maken of terugzetten"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parsing.add_db(parser)
    parser.add_argument("--out", required=True, help="het bestand voor de reservekopie, bijvoorbeeld kompas-backup.zip")
    parsing.add_role(parser, ROLE_HELP)


def require_werkgroep(args: argparse.Namespace) -> None:
    """``KompasError`` unless ``args.role`` is the werkgroep: a backup holds every story and figure."""
    if args.role != "werkgroep":
        raise KompasError(
            "Een reservekopie bevat alle verhalen en cijfers. Alleen de werkgroep mag die maken of "
            "terugzetten (--role werkgroep)."
        )


def run(args: argparse.Namespace) -> int:
    from kompas.store import audit, backup

    require_werkgroep(args)
    with common.writing(args.out):
        made = backup.backup(args.db, args.out)
    with common.opened(args) as store:
        audit.record_export(store, "reservekopie", made.path.name, f"{made.total_rows} rijen")
    print(
        f"Reservekopie gemaakt: {made.path} ({made.total_rows} rijen in {len(made.rows)} tabellen, "
        f"schemaversie {made.schema_version})."
    )
    return 0
