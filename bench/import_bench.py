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

AGES = ["Totaal", "15 tot 35 jaar", "35 tot 65 jaar", "65 tot 75 jaar", "75 jaar of ouder"]
TARGETS = {"dry_run": 0.5, "seconds": 0.25}


def write_file(db: Path, path: Path, rows: int) -> int:
    """A wide StatLine CSV (';', quoted, padded codes, '.'/'x' cells) and its mapping; returns the row count."""
    import yaml

    from kompas.store import Store
    from kompas.synth.statline_file import AGE_LABELS

    with Store(db) as store:
        areas = store.scalar("SELECT count(*) FROM areas")
        waves = store.df("SELECT label, year(period_end) AS year FROM waves ORDER BY period_end")
        per_period = areas * len(AGES)
        years = [int(y) for y in waves["year"]]
        periods = [f"{y}JJ00" for y in years]
        year = max(years) + 1
        while len(periods) * per_period < rows:
            periods += [f"{year}KW0{q}" for q in range(1, 5)]
            year += 1
        periods = periods[: max(1, rows // per_period)]
        measures = list(store.df("SELECT id FROM indicators WHERE unit = 'procent' ORDER BY id LIMIT 2")["id"])
        source = store.scalar("SELECT source FROM waves ORDER BY period_end DESC LIMIT 1")
        ages = ", ".join(f"('{label}', {i})" for i, label in enumerate(AGES))
        with store.cursor() as cur:
            cur.execute(f"""COPY (
                SELECT (row_number() OVER (ORDER BY a.code, p, age.i) - 1)::VARCHAR AS "ID",
                       rpad(a.code, 10, ' ') AS "WijkenEnBuurten", p AS "Perioden", age.label AS "Leeftijd",
                       lpad(CASE WHEN h % 97 = 0 THEN '.' ELSE printf('%.1f', 20 + (h % 600) / 10.0) END, 8, ' ')
                           AS "VoeltZichThuis_1",
                       lpad(CASE WHEN h % 89 = 0 THEN 'x' ELSE printf('%.1f', 10 + (h % 500) / 10.0) END, 8, ' ')
                           AS "ErvaartDiscriminatie_2"
                FROM areas a, unnest(?::VARCHAR[]) t(p), (VALUES {ages}) age(label, i),
                     LATERAL (SELECT hash(a.code, p, age.i) AS h)
                ORDER BY a.code, p, age.i
            ) TO '{path}' (FORMAT csv, DELIMITER ';', QUOTE '"', FORCE_QUOTE *, HEADER true)""", [periods]).fetchall()
        labels = dict(zip(waves["year"], waves["label"]))
    mapping = {"source": source,
               "measures": {"VoeltZichThuis_1": measures[0], "ErvaartDiscriminatie_2": measures[-1]},
               "periods": {f"{y}JJ00": labels[y] for y in years if f"{y}JJ00" in periods},
               "groups": {"Leeftijd": {"factor": "leeftijd", "values": AGE_LABELS}}}
    path.with_suffix(".mapping.yaml").write_text(yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False),
                                                 encoding="utf-8")
    return per_period * len(periods)


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
        print(f"  {label:28}{imported[key]:8.2f} s   snelheid / read_csv = {ratio:.2f} "
              f"(doel ≥ {TARGETS[key]}) {'✓' if ok else '✗'}")
    print(f"  nieuw {imported['added']:,}, gewijzigd {imported['changed']:,}, geweigerd {imported['refused']:,}; "
          f"geheugen {imported.get('peak_mb', 0):,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
