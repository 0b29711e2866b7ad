"""``python -m kompas review list|report``: the werkgroep's reviews, and the minutes of one as Markdown or
Word (``--openbaar``: without names and notes; the council's role always gets that version)."""

from __future__ import annotations

import argparse
import json

from kompas.cli import common, parsing
from kompas.domain.errors import KompasError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parsing.subcommands(parser, "review_command", "{list,report}")
    listing = commands.add_parser("list", help="alle besprekingen")
    parsing.add_db(listing)
    parsing.add_json(listing)
    parsing.add_role(listing)
    report = commands.add_parser("report", help="het verslag van een bespreking (standaard de laatste)")
    parsing.add_db(report)
    report.add_argument("--id", type=int, help="nummer van de bespreking (zie 'review list')")
    report.add_argument("--out", required=True, help="bestand .md of .docx")
    report.add_argument(
        "--openbaar",
        action="store_true",
        help="de openbare versie: zonder namen en zonder aantekeningen (de rol raad krijgt altijd deze)",
    )
    parsing.add_role(report)


def run(args: argparse.Namespace) -> int:
    from kompas.store import catalog, reviews

    with common.opened(args) as store:
        table = reviews.reviews(store)
        if args.review_command == "list":
            records = catalog.plain_records(table.to_dict("records"))
            if args.json:
                print(json.dumps(records, ensure_ascii=False))
            else:
                for record in records:
                    print(f"{record['id']:>3}  {record['held_on']}  {record['status']:9}  {record['title']}")
            return 0
        return _report(store, args, table)


def _report(store, args: argparse.Namespace, table) -> int:
    from kompas.reports import files as report_files
    from kompas.reports import minutes
    from kompas.store import audit

    if table.empty:
        raise KompasError("Er zijn nog geen besprekingen; er is dus geen verslag.")
    review_id = args.id if args.id is not None else int(table.iloc[0]["id"])
    if review_id not in set(table["id"]):
        raise KompasError(f"Bespreking {review_id} bestaat niet. Zie 'python -m kompas review list'.")
    with common.writing(args.out):
        path = report_files.write(minutes.minutes(store, review_id, public=args.openbaar), args.out)
    audit.record_export(store, "verslag", review_id, str(path))
    print(f"Verslag van bespreking {review_id} geschreven naar {path}.")
    return 0
