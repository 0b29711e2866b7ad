"""``python -m kompas list KIND``: the parts, arrows, indicators, waves, areas or stories of a store, one per
line or as JSON; stories only as far as the audience and the role may see them."""

from __future__ import annotations

import argparse
import json

from kompas.cli import common, parsing
from kompas.domain import safe_text
from kompas.store import catalog


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=["nodes", "edges", "indicators", "waves", "areas", "notes"])
    parsing.add_db(parser)
    parsing.add_json(parser)
    parser.add_argument(
        "--audience",
        choices=["werkgroep", "openbaar", "intern"],
        default="werkgroep",
        help="voor verhalen: welke verhalen mogen getoond worden (standaard werkgroep; nooit meer dan de rol mag zien)",
    )
    parsing.add_role(parser)


def run(args: argparse.Namespace) -> int:
    with common.opened(args) as store:
        records = catalog.listing(store, args.kind, args.audience)
    if args.json:
        print(json.dumps(records, ensure_ascii=False))
    else:
        for record in records:
            print(" | ".join("" if v is None else safe_text.inline_text(v) for v in record.values()))
    return 0
