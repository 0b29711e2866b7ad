"""`make bench-import` (also the end of `make bench`): the import on a 1 M-row CBS StatLine CSV.

Builds (or reuses from bench/.cache) the synthetic 'regio' store, writes a wide StatLine CSV of about one
million rows (every area × 5 age groups × the store's years plus enough quarters), and times, each in its own
process (bench/steps.py): the import's dry run, the import with the write, and DuckDB's bare read_csv of the
same file. Prints the ratios against issue #12's targets: dry run ≥ 0.5× read_csv, with the write ≥ 0.25×.

    python bench/import_bench.py [--rows 1000000] [--scale regio]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench import CACHE, step, store_for  # noqa: E402

TARGETS = {"dry_run": 0.5, "seconds": 0.25}


def write_file(db: Path, path: Path, rows: int) -> int:
    """The wide StatLine CSV of ``kompas.demo.synth.statline_file`` over the store's years and then quarters,
    until about ``rows`` rows; returns the row count."""
    from kompas.demo.synth.statline_file import write_statline_csv
    from kompas.store.connection import Store

    with Store(db).as_system("bench") as store:
        years = [int(y) for y in store.df("SELECT DISTINCT year(period_end) AS y FROM waves ORDER BY 1")["y"]]
        periods = [f"{y}JJ00" for y in years]
        periods += [f"{y}KW0{q}" for y in range(max(years) + 1, max(years) + 400) for q in range(1, 5)]
        return write_statline_csv(store, path, max_rows=rows, periods=periods)["rows"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--scale", default="regio")
    args = parser.parse_args()
    db, _ = store_for(args.scale)
    csv = CACHE / f"statline-{args.rows}.csv"
    rows = write_file(db, csv, args.rows)
    copy = CACHE / "import-bench.duckdb"
    shutil.copyfile(db, copy)  # the import writes: never into the cached store
    try:
        imported = step("import", copy, str(csv))
    finally:
        copy.unlink(missing_ok=True)
        Path(f"{copy}.wal").unlink(missing_ok=True)
    bare = step("read_csv", db, str(csv))
    if not imported or not bare:
        print("De meting is mislukt; zie de melding hierboven.", file=sys.stderr)
        return 1
    print(f"Import van een StatLine-CSV met {rows:,} rijen ({args.scale}-database):")
    print(f"  bare DuckDB read_csv        {bare['seconds']:8.2f} s")
    failed = 0
    for key, label in (("dry_run", "proefrun (lezen + controleren)"), ("seconds", "met opslaan")):
        ratio = bare["seconds"] / imported[key]
        ok = ratio >= TARGETS[key]
        failed += not ok
        print(
            f"  {label:28}{imported[key]:8.2f} s   snelheid / read_csv = {ratio:.2f} "
            f"(doel ≥ {TARGETS[key]}) {'✓' if ok else '✗'}"
        )
    print(
        f"  nieuw {imported['added']:,}, gewijzigd {imported['changed']:,}, geweigerd {imported['refused']:,}; "
        f"geheugen {imported.get('peak_mb', 0):,.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
