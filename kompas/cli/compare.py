"""``python -m kompas compare --from A --to B --out FILE``: compare two waves and write the table to CSV
or Excel, with the verdicts judged over every comparison between the two waves."""

from __future__ import annotations

import argparse

from kompas.cli import common, parsing
from kompas.domain.errors import KompasError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parsing.add_db(parser)
    parser.add_argument("--from", dest="from_label", required=True, help="de eerste meting (naam)")
    parser.add_argument("--to", dest="to_label", required=True, help="de tweede meting (naam)")
    parser.add_argument("--programme", help="alleen de indicatoren van dit programma (code)")
    parser.add_argument("--out", required=True, help="bestand .csv of .xlsx")
    parsing.add_role(parser)


def run(args: argparse.Namespace) -> int:
    # scipy and statsmodels: only when a comparison is made
    from kompas.analysis import compare
    from kompas.reports import compare_export
    from kompas.store import audit, indicators, toc

    with common.opened(args) as store:
        programmes = list(toc.programmes(store)["id"])
        if args.programme and args.programme not in programmes:
            raise KompasError(f"Onbekend programma '{args.programme}'. Kies uit: {', '.join(programmes)}.")
        labels = list(indicators.waves(store)["label"])
        for label in (args.from_label, args.to_label):
            if label not in labels:
                raise KompasError(f"Onbekende meting '{label}'. Kies uit: {'; '.join(labels)}.")
        with common.writing(args.out):
            table = compare.compare_waves(store, args.from_label, args.to_label, programme_id=args.programme)
            path = compare_export.export(table, args.out)
        audit.record_export(store, "vergelijking", f"{args.from_label} → {args.to_label}", str(path))
    for note in table.attrs["notes"]:
        print(f"Let op: {note}")
    print(
        f"{len(table)} vergelijkingen geschreven naar {path}; de oordelen rusten op alle "
        f"{table.attrs['tests']} vergelijkingen tussen deze twee metingen. {compare.FDR_NOTE}"
    )
    return 0
