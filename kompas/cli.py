"""`python -m kompas …`: parse the arguments, call one library function, print the result.

Errors are one Dutch line on stderr with a non-zero exit: 1 for a problem with the store or
the data, 2 for arguments that are not understood.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kompas import catalog, settings
from kompas.demo import build_demo_file
from kompas.errors import KompasError
from kompas.store import Store


class _DutchFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="gebruik: " if prefix is None else prefix)


class _DutchParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=_DutchFormatter, add_help=False, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze uitleg en stop")

    def error(self, message: str):  # argparse's own messages are English and multi-line
        translated = (message.replace("unrecognized arguments", "onbekende argumenten")
                      .replace("the following arguments are required", "deze argumenten ontbreken")
                      .replace("invalid choice", "ongeldige keuze")
                      .replace("choose from", "kies uit"))
        self.exit(2, f"Fout: {translated}. Zie 'python -m kompas --help'.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _DutchParser(prog="python -m kompas", description="Kwaliteitskompas: beheer van de database.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_DutchParser,
                                     metavar="{init,demo,info,list}")
    db_help = f"het databasebestand (standaard: $KOMPAS_DB of {settings.get('db_path')})"

    init = commands.add_parser("init", help="maak een lege database")
    init.add_argument("--db", default=settings.get("db_path"), help=db_help)

    demo = commands.add_parser("demo", help="maak de demo-database van gemeente Voorbeeldstad")
    demo.add_argument("--db", default=settings.get("db_path"), help=db_help)
    demo.add_argument("--overwrite", action="store_true", help="vervang een bestaand bestand")

    info = commands.add_parser("info", help="aantallen en schemaversie")
    info.add_argument("--db", default=settings.get("db_path"), help=db_help)
    info.add_argument("--json", action="store_true", help="uitvoer als JSON")

    listing = commands.add_parser("list", help="toon onderdelen, pijlen, indicatoren, metingen, gebieden of verhalen")
    listing.add_argument("kind", choices=["nodes", "edges", "indicators", "waves", "areas", "notes"])
    listing.add_argument("--db", default=settings.get("db_path"), help=db_help)
    listing.add_argument("--json", action="store_true", help="uitvoer als JSON")
    listing.add_argument("--audience", choices=["werkgroep", "openbaar", "intern"], default="werkgroep",
                         help="voor verhalen: welke verhalen mogen getoond worden (standaard werkgroep)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except KompasError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "init":
        existed = Path(args.db).exists()
        with Store(args.db, create=True) as store:
            if existed:
                print(f"De database {args.db} bestond al; die is bijgewerkt naar schemaversie "
                      f"{store.schema_version()} en verder niet veranderd.")
            else:
                print(f"Lege database klaar: {args.db} (schemaversie {store.schema_version()}).")
        return 0
    if args.command == "demo":
        build_demo_file(args.db, overwrite=args.overwrite,
                        progress=lambda step: print(f"… {step}", file=sys.stderr))
        print(f"Demo-database van gemeente Voorbeeldstad klaar: {args.db}")
        return 0
    with Store(args.db) as store:
        if args.command == "info":
            result = catalog.summary(store)
            if args.json:
                print(json.dumps(result, ensure_ascii=False))
            else:
                for key, value in result.items():
                    print(f"{key:15} {value}")
            return 0
        records = catalog.listing(store, args.kind, args.audience)
        if args.json:
            print(json.dumps(records, ensure_ascii=False))
        else:
            for record in records:
                print(" | ".join("" if v is None else str(v) for v in record.values()))
        return 0
