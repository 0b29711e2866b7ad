"""``python -m kompas raad …``: a raadsinformatie factsheet from the command line.

New: ``raad --question TEXT --indicator ID [ID …] [--area CODE …] [--group FACTOR] --out FILE``.
Again: ``raad --again NUMBER --out FILE`` makes an earlier factsheet again and says whether its data
changed. ``raad --list`` shows the earlier ones. A list option given more than once keeps every value:
``--indicator a --indicator b`` asks for both (argparse ``action="extend"``).
"""

from __future__ import annotations

import argparse

from kompas.cli import common, parsing
from kompas.domain import vocab
from kompas.domain.errors import KompasError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parsing.add_db(parser)
    parser.add_argument("--question", help="de vraag van het raadslid")
    parser.add_argument(
        "--indicator",
        nargs="+",
        action="extend",
        default=[],
        help="een of meer indicatoren (code); mag vaker: --indicator a --indicator b",
    )
    parser.add_argument(
        "--area", nargs="+", action="extend", default=[], help="gebieden (code); standaard de hele gemeente; mag vaker"
    )
    parser.add_argument("--group", choices=sorted(vocab.DIVERSITY_FACTORS), help="uitsplitsen naar deze groep")
    parser.add_argument("--from-year", type=int, help="eerste jaar van de periode")
    parser.add_argument("--to-year", type=int, help="laatste jaar van de periode")
    parser.add_argument("--author", default="", help="wie het stuk opstelt")
    parser.add_argument("--again", type=int, metavar="NUMMER", help="maak een eerder stuk opnieuw (zie --list)")
    parser.add_argument("--list", action="store_true", help="toon de eerder gemaakte stukken")
    parser.add_argument("--out", help="bestand .docx, .pdf of .md")
    parsing.add_role(parser, parsing.READ_ROLE_HELP)


def run(args: argparse.Namespace) -> int:
    from kompas.reports import (
        raad,  # the report stack (Word, PDF, charts): only when a factsheet is made
    )
    from kompas.reports.files import format_of
    from kompas.reports.raad_request import RaadEdits, RaadRequest

    with common.opened(args) as store:
        if args.list:
            for row in raad.exports(store).to_dict("records"):
                print(
                    f"{row['id']:>3}  {row['made_on']}  {row['file_format']:4}  {row['data_hash'][:16]}  "
                    f"{row['question']}"
                )
            return 0
        if not args.out:
            raise KompasError("Geef met --out aan waar het stuk moet komen (.docx, .pdf of .md).")
        try:
            file_format = format_of(args.out, raad.FORMATS)
        except ValueError as exc:
            raise KompasError(str(exc)) from None
        if args.again is not None:
            result = raad.regenerate(store, args.again, file_format)
            common.write_bytes(args.out, result.content)
            print(f"Raadsinformatie {args.again} opnieuw gemaakt in {args.out}, {raad.again_sentence(result)}.")
            return 0
        if not args.question or not args.indicator:
            raise KompasError("Geef de vraag (--question) en minstens één indicator (--indicator).")
        years = None
        if args.from_year or args.to_year:
            years = (args.from_year or 1900, args.to_year or 2100)
        request = RaadRequest(args.question, tuple(args.indicator), tuple(args.area), args.group, years, args.author)
        result = raad.export(store, request, RaadEdits(), file_format)
        common.write_bytes(args.out, result.content)
    print(f"Raadsinformatie {result.id} geschreven naar {args.out} (kenmerk gegevens {result.data_hash[:16]}).")
    return 0
