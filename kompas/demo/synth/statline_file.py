"""A large CBS StatLine CSV (wide layout, as downloaded) for a synthetic store, with its mapping file.

Rows are area x period x age group; two measure columns map to two indicators. Periods run over
the store's waves plus one new year, so importing it both revises figures and adds a wave.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kompas.demo.synth.scales import GROUP_VALUES
from kompas.store.connection import StoreView

AGE_LABELS = {
    "Totaal": "totaal",
    "15 tot 35 jaar": "15–34 jaar",
    "35 tot 65 jaar": "35–64 jaar",
    "65 tot 75 jaar": "65–74 jaar",
    "75 jaar of ouder": "75 jaar en ouder",
}


def write_statline_csv(
    store: StoreView, path: str | Path, max_rows: int = 1_000_000, periods: list[str] | None = None
) -> dict:
    """Write the CSV and ``<path>.mapping.yaml``; return rows written, periods and the mapping path.

    The file has at most ``max_rows`` data rows: every area, and as many periods as fit: the given CBS
    period codes, or else the store's wave years plus one more.
    """
    path = Path(path)
    assert list(AGE_LABELS.values())[1:] == GROUP_VALUES["leeftijd"]
    areas = store.scalar("SELECT count(*) FROM areas")
    waves = store.df("SELECT label, year(period_end) AS year FROM waves ORDER BY period_end")
    codes = periods or [f"{y}JJ00" for y in list(waves["year"]) + [int(waves["year"].max()) + 1]]
    fit = max(1, max_rows // max(areas * len(AGE_LABELS), 1))
    codes = codes[:fit] if periods else codes[-fit:]
    measures = list(store.df("SELECT id FROM indicators WHERE unit = 'procent' ORDER BY id LIMIT 2")["id"])
    ages = ", ".join(f"('{label}', {i})" for i, label in enumerate(AGE_LABELS))
    with store.cursor() as cur:
        cur.execute(
            f"""
            COPY (
                SELECT (row_number() OVER (ORDER BY a.code, y, age.i) - 1)::VARCHAR AS "ID",
                       rpad(a.code, 10, ' ') AS "WijkenEnBuurten", y AS "Perioden", age.label AS "Leeftijd",
                       lpad(CASE WHEN h % 97 = 0 THEN '.' ELSE printf('%.1f', 20 + (h % 600) / 10.0) END, 8, ' ')
                           AS "VoeltZichThuis_1",
                       lpad(CASE WHEN h % 89 = 0 THEN 'x' ELSE printf('%.1f', 10 + (h % 500) / 10.0) END, 8, ' ')
                           AS "ErvaartDiscriminatie_2"
                FROM areas a, unnest(?::VARCHAR[]) t(y), (VALUES {ages}) age(label, i),
                     LATERAL (SELECT hash(a.code, y, age.i) AS h)
                ORDER BY a.code, y, age.i
            ) TO '{path}' (FORMAT csv, DELIMITER ';', QUOTE '"', FORCE_QUOTE *, HEADER true)""",
            [codes],
        ).fetchall()
    labels = dict(zip(waves["year"], waves["label"]))
    source = store.scalar("SELECT source FROM waves LIMIT 1")
    mapping = {
        "source": source,
        "measures": {"VoeltZichThuis_1": measures[0], "ErvaartDiscriminatie_2": measures[-1]},
        "periods": {c: labels.get(int(c[:4]), f"Monitor {c[:4]}") for c in codes if c.endswith("JJ00")},
        "groups": {"Leeftijd": {"factor": "leeftijd", "values": AGE_LABELS}},
    }
    mapping_path = path.with_suffix(".mapping.yaml")
    mapping_path.write_text(yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {"rows": areas * len(codes) * len(AGE_LABELS), "periods": len(codes), "mapping": mapping_path}
