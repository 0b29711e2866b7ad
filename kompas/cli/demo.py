"""``python -m kompas demo``: the demo store of the made-up municipality Voorbeeldstad, with its demo
accounts beside it."""

from __future__ import annotations

import argparse
import sys

from kompas.cli import common, parsing


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parsing.add_db(parser)
    parser.add_argument("--overwrite", action="store_true", help="vervang een bestaand bestand")


def run(args: argparse.Namespace) -> int:
    from kompas.access import accounts
    from kompas.demo import accounts as demo_accounts
    from kompas.demo.build import build_demo_file

    kept = build_demo_file(args.db, overwrite=args.overwrite, progress=lambda step: print(f"… {step}", file=sys.stderr))
    print(f"Demo-database van gemeente Voorbeeldstad klaar: {args.db}{common.kept_note(kept)}")
    if demo_accounts.add_demo_accounts(accounts.path_for(args.db)):
        print(
            f"Demo-accounts gemaakt in {accounts.path_for(args.db)}: "
            + ", ".join(f"{name} (wachtwoord {pw})" for name, pw in demo_accounts.DEMO_ACCOUNTS.items())
            + "."
        )
    return 0
