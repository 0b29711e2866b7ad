"""``python -m kompas import FILE``: read a file of figures (CBS, the template, a survey) into the store.

Exit code 3 when rows are refused: nothing is saved, unless ``--valid-only`` saves the good rows and writes
the refused ones to ``<file>.geweigerd.csv``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kompas.cli import common, parsing


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="CSV, Excel (.xlsx), CBS OData (.json) of SPSS (.sav)")
    parsing.add_db(parser)
    parser.add_argument("--wave", help="de meting waar alle cijfers bij horen (nieuw of bestaand)")
    parser.add_argument("--mapping", help="koppelbestand (YAML): welke maat bij welke indicator hoort")
    parser.add_argument("--dry-run", action="store_true", help="laat alleen zien wat er zou gebeuren")
    parser.add_argument(
        "--valid-only",
        action="store_true",
        help="sla de goede rijen op; de geweigerde rijen komen in <bestand>.geweigerd.csv",
    )
    parsing.add_role(parser)


def run(args: argparse.Namespace) -> int:
    from kompas.imports import ImportRefused, import_file

    refused_csv = Path(args.file).with_suffix(".geweigerd.csv")
    shown = {"step": None}

    def progress(fraction: float, step: str) -> None:
        if step != shown["step"]:
            shown["step"] = step
            print(f"… {step} ({fraction:.0%})", file=sys.stderr)

    with common.opened(args) as store:
        try:
            plan = import_file(
                store,
                args.file,
                wave_label=args.wave,
                mapping_path=args.mapping,
                dry_run=args.dry_run,
                valid_only=args.valid_only,
                refused_csv=refused_csv,
                progress=progress,
            )
        except ImportRefused as exc:
            print(exc.plan.report(), file=sys.stderr)
            print(
                "Er is niets opgeslagen. Verbeter de rijen hierboven, of gebruik --valid-only om alleen de "
                "goede rijen op te slaan.",
                file=sys.stderr,
            )
            return 3
    written = refused_csv if plan.refused and args.valid_only and not args.dry_run else None
    print(plan.report(dry_run=args.dry_run, refused_csv=written))
    return 3 if plan.refused and args.dry_run and not args.valid_only else 0
