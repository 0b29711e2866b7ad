"""``python -m kompas indicator aan|uit ID``: switch an indicator on or off; its figures stay in the store."""

from __future__ import annotations

import argparse

from kompas.cli import common, parsing


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("state", choices=["aan", "uit"], help="aan of uit")
    parser.add_argument("id", help="de code van de indicator (zie 'python -m kompas list indicators')")
    parsing.add_db(parser)
    parsing.add_role(parser, parsing.WORK_ROLE_HELP)


def run(args: argparse.Namespace) -> int:
    from kompas.store import indicators

    with common.opened(args) as store:
        indicators.switch_indicator(store, args.id, args.state == "aan")
    kept = " De cijfers blijven bewaard." if args.state == "uit" else ""
    print(f"Indicator '{args.id}' staat {args.state}.{kept}")
    return 0
