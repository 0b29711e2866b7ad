"""``python -m kompas export iati|excel --out FILE``: exchange with others: results in the IATI standard 2.03
(XML, only public figures and public stories with consent), or the indicator list as an Excel workbook to
edit and read back with ``import``."""

from __future__ import annotations

import argparse

from kompas.cli import common, parsing
from kompas.domain.errors import KompasError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "format",
        choices=["iati", "excel"],
        help="iati: resultaten volgens de IATI-standaard 2.03 (.xml); excel: indicatoren, "
        "streefwaarden en cijfers (.xlsx), te bewerken en terug te lezen met 'import'",
    )
    parser.add_argument("--out", required=True, help="het bestand, bijvoorbeeld resultaten.xml of indicatoren.xlsx")
    parsing.add_db(parser)
    parsing.add_json(parser)
    parsing.add_role(parser, parsing.READ_ROLE_HELP)


def run(args: argparse.Namespace) -> int:
    from kompas.reports import excel_exchange, iati_export
    from kompas.store import audit

    with common.opened(args) as store:
        if args.format == "excel":
            if not args.out.lower().endswith(".xlsx"):
                raise KompasError(f"Kies een bestand dat eindigt op .xlsx (niet '{args.out}').")
            common.write_bytes(args.out, excel_exchange.workbook(store))
            audit.record_export(store, "uitwisseling", "excel", args.out)
            print(
                f"Indicatoren, streefwaarden en cijfers geschreven naar {args.out}. Bewerk het in Excel en lees "
                f"het terug met 'python -m kompas import {args.out} --dry-run' om eerst te zien wat er verandert."
            )
            return 0
        common.write_bytes(args.out, iati_export.iati_xml(store))
        audit.record_export(store, "uitwisseling", "iati", args.out)
    print(
        f"IATI-resultaten (versie {iati_export.VERSION}) geschreven naar {args.out}: alleen openbare cijfers en "
        "openbare verhalen met toestemming."
    )
    return 0
