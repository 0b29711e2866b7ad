"""The parser of ``python -m kompas``: Dutch usage lines and errors, and the options many commands share.

Errors are one Dutch line on stderr with exit code 2 (argparse's own messages are English and multi-line).
"""

from __future__ import annotations

import argparse

from kompas.domain import settings
from kompas.domain.roles import ROLES

ROLE_HELP = "lees en werk als deze rol: werkgroep (standaard), lezer of raad"
READ_ROLE_HELP = "lees als deze rol: werkgroep (standaard), lezer of raad"
WORK_ROLE_HELP = "werk als deze rol (standaard werkgroep)"


class DutchFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="gebruik: " if prefix is None else prefix)


class DutchParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=DutchFormatter, add_help=False, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze uitleg en stop")

    def error(self, message: str):
        translated = (
            message.replace("unrecognized arguments", "onbekende argumenten")
            .replace("the following arguments are required", "deze argumenten ontbreken")
            .replace("invalid choice", "ongeldige keuze")
            .replace("choose from", "kies uit")
        )
        self.exit(2, f"Fout: {translated}. Zie 'python -m kompas --help'.\n")


def subcommands(parser: argparse.ArgumentParser, dest: str, metavar: str):
    """Required sub-commands (``review list``, ``account add``), parsed with the Dutch parser."""
    return parser.add_subparsers(dest=dest, required=True, parser_class=DutchParser, metavar=metavar)


def add_db(parser: argparse.ArgumentParser) -> None:
    """``--db``: the store file, by default $KOMPAS_DB or the setting ``db_path``."""
    default = settings.get("db_path")
    parser.add_argument("--db", default=default, help=f"het databasebestand (standaard: $KOMPAS_DB of {default})")


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON")


def add_role(parser: argparse.ArgumentParser, help: str = ROLE_HELP) -> None:
    """``--role``: read (and work) as this role; the command line defaults to the werkgroep."""
    parser.add_argument("--role", choices=list(ROLES), default="werkgroep", help=help)
