"""``python -m kompas coverage --wave W``: who is missing from a survey wave: the answers per group and
district beside the population."""

from __future__ import annotations

import argparse
import json

from kompas.cli import common, parsing
from kompas.domain.errors import KompasError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wave", required=True, help="de meting (code of naam), bijvoorbeeld panel2025")
    parser.add_argument("--indicator", help="alleen de antwoorden bij deze indicator (code)")
    parsing.add_db(parser)
    parsing.add_json(parser)
    parsing.add_role(parser, parsing.READ_ROLE_HELP)


def run(args: argparse.Namespace) -> int:
    from kompas.analysis import coverage
    from kompas.store import indicators

    with common.opened(args) as store:
        wave_id = indicators.wave_id(store, args.wave)
        if wave_id is None:
            raise KompasError(f"Onbekende meting '{args.wave}'. Zie 'python -m kompas list waves'.")
        table = coverage.coverage(store, wave_id, args.indicator)
        population_wave = coverage.population_wave(store, wave_id) if args.json else None
    if args.json:
        records = table.astype(object).where(table.notna(), None).to_dict("records")
        print(
            json.dumps(
                {"wave_id": wave_id, "population_wave_id": population_wave, "groups": records}, ensure_ascii=False
            )
        )
        return 0
    for row in table.to_dict("records"):
        shares = (
            ""
            if row["response_share"] is None or row["population_share"] is None
            else f"{row['response_share']:.0%} van de antwoorden, {row['population_share']:.0%} van de inwoners"
        )
        print(f"{row['dimension_label']:32} {row['group_label']:36} {coverage.STATUS[row['status']]:32} {shares}")
    return 0
