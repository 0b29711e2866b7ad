"""``python -m kompas assumptions``: each arrow's assumption tested per wave: supported, contradicted or not
yet known, with the figures it rests on."""

from __future__ import annotations

import argparse
import json

from kompas.cli import common, parsing


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--programme", help="alleen de pijlen van dit programma (code)")
    parsing.add_db(parser)
    parsing.add_json(parser)
    parsing.add_role(parser, parsing.READ_ROLE_HELP)


def run(args: argparse.Namespace) -> int:
    from kompas.analysis import assumptions

    with common.opened(args) as store:
        arrows = assumptions.status_per_arrow(store, args.programme)
    if args.json:
        print(json.dumps(arrows, ensure_ascii=False, default=str))
        return 0
    for arrow in arrows:
        steps = " → ".join(
            f"{t['wave_label']}: {assumptions.STATUS[t['status']].lower()}" + (" (werkgroep)" if t["overruled"] else "")
            for t in arrow["timeline"]
        )
        print(f"{arrow['source_title']} → {arrow['target_title']} [{assumptions.STATUS[arrow['status']]}]\n  {steps}")
    return 0
