"""``python -m kompas …``: parse the arguments, run the one command asked for.

Every command is a module in ``kompas.cli`` with ``add_arguments(parser)`` and ``run(args)``; ``COMMANDS``
lists them with their line in ``--help``, in the order ``--help`` shows them. Only the module of the command
asked for is imported, so ``--help`` and ``info`` start fast. Errors are one Dutch line on stderr with a
non-zero exit: 1 for a problem with the store or the data, 2 for arguments that are not understood, 3 for
refused rows in an import.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from kompas.cli.parsing import DutchParser
from kompas.domain.errors import KompasError
from kompas.store import permissions

# command -> (its module in kompas.cli, its line in --help)
COMMANDS = {
    "init": ("init", "maak een database, eventueel meteen voor uw gemeente"),
    "demo": ("demo", "maak de demo-database van gemeente Voorbeeldstad"),
    "info": ("info", "aantallen en schemaversie"),
    "list": ("listing", "toon onderdelen, pijlen, indicatoren, metingen, gebieden of verhalen"),
    "import": ("importing", "lees een bestand met cijfers in (CBS, sjabloon, enquête)"),
    "compare": ("compare", "vergelijk twee metingen en schrijf de tabel naar CSV of Excel"),
    "review": ("review", "werkgroepbesprekingen: lijst en verslag"),
    "raad": ("raad", "raadsinformatie: een onderbouwd stuk bij een vraag van de raad"),
    "areas": ("areas", "gebieden (gemeente, wijken, buurten) inlezen uit een CBS-bestand"),
    "indicator": ("indicator", "zet een indicator aan of uit (de cijfers blijven bewaard)"),
    "policy-check": ("policy_check", "beleidstoets: de antwoorden per activiteit (inclusief beleid)"),
    "coverage": ("coverage", "wie ontbreekt: antwoorden per groep en wijk naast de bevolking"),
    "export": ("export", "uitwisselen: IATI-resultaten (XML) of de indicatorlijst (Excel)"),
    "assumptions": (
        "assumptions",
        "veronderstellingen getoetst per meting: ondersteund, tegengesproken of nog "
        "niet bekend, met de cijfers waarop het rust",
    ),
    "backup": ("backup", "maak een reservekopie van de hele database (één .zip-bestand)"),
    "restore": ("restore", "zet een reservekopie terug in een (nieuw) databasebestand"),
    "account": ("account", "accounts om in te loggen: toevoegen, lijst, verwijderen"),
    "synth": ("synth", "maak een verzonnen database op schaal, om de snelheid te meten"),
}
# How the usage line names the commands (an order older than the table's).
METAVAR = (
    "{init,demo,info,list,import,areas,indicator,compare,review,raad,policy-check,coverage,export,"
    "assumptions,backup,restore,account,synth}"
)


def command_module(name: str):
    """The module in ``kompas.cli`` that adds the arguments of command ``name`` and runs it."""
    module = f"kompas.cli.{COMMANDS[name][0]}"
    __import__(module)  # not importlib.import_module: `python -X importtime` shows only what `import` loads
    return sys.modules[module]


def build_parser(with_arguments: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command, with the arguments of the commands in ``with_arguments`` (None: all).
    Only those commands' modules are imported."""
    wanted = set(COMMANDS if with_arguments is None else with_arguments)
    parser = DutchParser(prog="python -m kompas", description="Kwaliteitskompas: beheer van de database.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=DutchParser, metavar=METAVAR)
    for name, (_, help_line) in COMMANDS.items():
        command = commands.add_parser(name, help=help_line)
        if name in wanted:
            command_module(name).add_arguments(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m kompas`` with ``argv`` (default: the command line); returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # The command is the first word that is no option (the only option before it is --help).
    asked = next((word for word in argv if not word.startswith("-")), None)
    args = build_parser([asked] if asked in COMMANDS else []).parse_args(argv)
    try:
        permissions.apply_umask()  # new files (store, write-ahead log, backups, exports): owner only
        return command_module(args.command).run(args)
    except KompasError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
