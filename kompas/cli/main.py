"""``python -m kompas …``: parse the arguments, run the one command asked for.

Every command is a module in ``kompas.cli`` with ``HELP``, ``add_arguments(parser)`` and ``run(args)``; the
table below lists them in the order ``--help`` shows them. Errors are one Dutch line on stderr with a
non-zero exit: 1 for a problem with the store or the data, 2 for arguments that are not understood, 3 for
refused rows in an import.
"""

from __future__ import annotations

import argparse
import sys

from kompas.cli import (
    account,
    areas,
    assumptions,
    backup,
    compare,
    coverage,
    demo,
    export,
    importing,
    indicator,
    info,
    init,
    listing,
    policy_check,
    raad,
    restore,
    review,
    synth,
)
from kompas.cli.parsing import DutchParser
from kompas.domain.errors import KompasError
from kompas.store import permissions

COMMANDS = {
    "init": init,
    "demo": demo,
    "info": info,
    "list": listing,
    "import": importing,
    "compare": compare,
    "review": review,
    "raad": raad,
    "areas": areas,
    "indicator": indicator,
    "policy-check": policy_check,
    "coverage": coverage,
    "export": export,
    "assumptions": assumptions,
    "backup": backup,
    "restore": restore,
    "account": account,
    "synth": synth,
}
# How the usage line names the commands (an order older than the table's).
METAVAR = (
    "{init,demo,info,list,import,areas,indicator,compare,review,raad,policy-check,coverage,export,"
    "assumptions,backup,restore,account,synth}"
)


def build_parser() -> argparse.ArgumentParser:
    """The whole parser: every command with its arguments (cheap: no command's library is imported)."""
    parser = DutchParser(prog="python -m kompas", description="Kwaliteitskompas: beheer van de database.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=DutchParser, metavar=METAVAR)
    for name, module in COMMANDS.items():
        module.add_arguments(commands.add_parser(name, help=module.HELP))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m kompas`` with ``argv`` (default: the command line); returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        permissions.apply_umask()  # new files (store, write-ahead log, backups, exports): owner only
        return COMMANDS[args.command].run(args)
    except KompasError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
