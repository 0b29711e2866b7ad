"""``python -m kompas info``: counts, schema version and municipality of a store (text or JSON).

The fast path of the command line: plain SQL through ``kompas.store.catalog``, no pandas."""

from __future__ import annotations

import argparse
import json

from kompas.cli import common, parsing
from kompas.store import catalog


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parsing.add_db(parser)
    parsing.add_json(parser)
    parsing.add_role(parser)


def run(args: argparse.Namespace) -> int:
    with common.opened(args) as store:
        result = catalog.summary(store)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:15} {value}")
    return 0
