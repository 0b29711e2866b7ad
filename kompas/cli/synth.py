"""``python -m kompas synth``: a made-up store of any scale, up to the whole country, to measure speed
(``make bench``); the same seed gives the same store."""

from __future__ import annotations

import argparse

from kompas.cli import common
from kompas.demo.synth import SCALES, build_store_file


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scale",
        choices=list(SCALES),
        default="gemeente",
        help="tiny, gemeente, regio of national (alle gemeenten, wijken en buurten)",
    )
    parser.add_argument("--db", required=True, help="het nieuwe databasebestand")
    parser.add_argument("--overwrite", action="store_true", help="vervang een bestaand bestand")
    parser.add_argument("--seed", type=int, default=1, help="zelfde seed, zelfde database (standaard 1)")


def run(args: argparse.Namespace) -> int:
    counts, kept = build_store_file(args.db, args.scale, args.seed, overwrite=args.overwrite)
    print(
        f"Verzonnen database '{args.scale}' klaar: {args.db} ({common.dots(counts['observations'])} cijfers, "
        f"{common.dots(counts['areas'])} gebieden){common.kept_note(kept)}"
    )
    return 0
