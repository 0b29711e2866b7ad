"""``python -m kompas account add|list|remove``: the accounts people sign in with, in the accounts file
beside the store (``kompas.access.accounts``). A password is asked twice, or read once from stdin."""

from __future__ import annotations

import argparse
import getpass
import sys

from kompas.cli import parsing
from kompas.domain.errors import KompasError
from kompas.domain.roles import ROLES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parsing.subcommands(parser, "account_command", "{add,list,remove}")
    add = commands.add_parser("add", help="voeg een account toe (of geef het een nieuw wachtwoord)")
    add.add_argument("--name", required=True, help="de naam waarmee iemand inlogt")
    add.add_argument("--role", required=True, choices=list(ROLES), help="werkgroep, lezer of raad")
    add.add_argument("--email", default="", help="e-mailadres (voor inloggen via de organisatie, OIDC)")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="lees het wachtwoord van de standaardinvoer (voor scripts) in plaats van te vragen",
    )
    listing = commands.add_parser("list", help="alle accounts met hun rol")
    remove = commands.add_parser("remove", help="verwijder een account")
    remove.add_argument("--name", required=True, help="de naam van het account")
    for command in (add, listing, remove):
        parsing.add_db(command)


def run(args: argparse.Namespace) -> int:
    from kompas.access import accounts

    path = accounts.path_for(args.db)
    if args.account_command == "list":
        for account in accounts.load(path):
            print(f"{account.name:20} {account.role:10} {account.email}")
        return 0
    if args.account_command == "remove":
        accounts.remove(path, args.name)
        print(f"Account '{args.name}' is verwijderd uit {path}.")
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Wachtwoord: ")
        if getpass.getpass("Nog een keer: ") != password:
            raise KompasError("De twee wachtwoorden zijn niet gelijk. Er is niets veranderd.")
    accounts.add(path, args.name, args.role, password, args.email)
    print(f"Account '{args.name}' ({args.role}) staat in {path}.")
    return 0
