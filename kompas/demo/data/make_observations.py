"""Turn trends.yaml into observations.csv: the demo's figures, deterministically.

Run from the repository root:  python kompas/demo/data/make_observations.py
The output is committed; a test checks it is what this script makes. The file uses the
long import template (indicator, wave, area_code, group_factor, group_value, value, n,
ci_low, ci_high), so it also serves as the template's example.

Method (fictional, but shaped like real monitors): survey figures get a sample size from
the source's sample, the area's population share and the group's share; their 95%
interval is p ± 1.96·√(deff·p(1−p)/n) with design effect 1.4 (scores: sd 1.4). Small
deterministic "noise" (from a hash, not a random generator) keeps the lines from looking drawn.
"""

from __future__ import annotations

import csv
import hashlib
import math
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFF = 1.4
Z = 1.96
SAMPLE = {"Veiligheidsmonitor": 2600, "GGD Gezondheidsmonitor": 3800, "Inwonerspanel Voorbeeldstad": 1250}
# Share of the population per wijk, and how each wijk usually does (in 'better' units).
WIJK_SHARE = {
    "WK999901": 0.12,
    "WK999902": 0.15,
    "WK999903": 0.12,
    "WK999904": 0.14,
    "WK999905": 0.13,
    "WK999906": 0.10,
    "WK999907": 0.13,
    "WK999908": 0.11,
}
WIJK_PROFILE = {
    "WK999901": 0.0,
    "WK999902": -1.0,
    "WK999903": 1.0,
    "WK999904": 2.0,
    "WK999905": -2.0,
    "WK999906": -3.0,
    "WK999907": 2.5,
    "WK999908": 3.0,
}
# The 2025 Veiligheidsmonitor drew an extra sample in Havenkwartier (see waves.csv).
SAMPLE_BOOST = {("Veiligheidsmonitor 2025", "WK999906"): 2.0}
GROUP_SHARE = {
    "leeftijd": {
        "15–34 jaar": 0.27,
        "18–34 jaar": 0.27,
        "35–64 jaar": 0.48,
        "65–74 jaar": 0.14,
        "75 jaar en ouder": 0.11,
    },
    "achtergrond": {
        "Nederlandse achtergrond": 0.70,
        "migratieachtergrond Europa": 0.11,
        "migratieachtergrond buiten Europa": 0.19,
    },
    "gender": {"man": 0.485, "vrouw": 0.505, "anders of zeg ik liever niet": 0.01},
    "financien": {"moeite met rondkomen": 0.17, "geen moeite met rondkomen": 0.83},
    "gezondheid": {"goed ervaren gezondheid": 0.76, "matig of slecht ervaren gezondheid": 0.24},
    "seksuele_orientatie": {"hetero": 0.94, "lhb+": 0.06},
    "taal": {"Nederlands is eerste taal": 0.82, "Nederlands is niet de eerste taal": 0.18},
    "participatie": {"betaald werk": 0.58, "geen betaald werk": 0.42},
}
# The panel reaches some groups far less than their share of the population (what 'coverage' shows):
# young adults in every year, and residents with a non-European migration background until the panel
# was topped up through community centres and language cafés in 2024 (see waves.csv).
PANEL_RESPONSE = {
    ("Inwonerspanel 2022", "18–34 jaar"): 0.09,
    ("Inwonerspanel 2023", "18–34 jaar"): 0.09,
    ("Inwonerspanel 2024", "18–34 jaar"): 0.09,
    ("Inwonerspanel 2025", "18–34 jaar"): 0.09,
    ("Inwonerspanel 2022", "migratieachtergrond buiten Europa"): 0.07,
    ("Inwonerspanel 2023", "migratieachtergrond buiten Europa"): 0.08,
    ("Inwonerspanel 2024", "migratieachtergrond buiten Europa"): 0.16,
    ("Inwonerspanel 2025", "migratieachtergrond buiten Europa"): 0.16,
}
PAIR_SEP = " × "  # as kompas.domain.vocab.PAIR_SEP: a pair of factors, and a pair of groups
COLUMNS = ["indicator", "wave", "area_code", "group_factor", "group_value", "value", "n", "ci_low", "ci_high"]


def wobble(*key: object, size: float) -> float:
    """A fixed pseudo-random number in [-size, size] for this key."""
    digest = hashlib.sha256("|".join(map(str, key)).encode()).digest()
    return (int.from_bytes(digest[:4], "big") / 2**32 * 2 - 1) * size


def interval(value: float, n: int, unit: str, deff: float = DEFF) -> tuple[float, float]:
    if unit == "procent":
        p = value / 100
        half = Z * math.sqrt(deff * p * (1 - p) / n) * 100
        return max(0.0, value - half), min(100.0, value + half)
    half = Z * 1.4 * math.sqrt(deff / n)
    return value - half, value + half


def survey_rows(ind: dict, spec: dict, waves: list[dict]) -> list[dict]:
    unit, sign = ind["unit"], (1 if ind["direction"] == "hoger" else -1)
    spread = float(spec.get("spread", 1.0))
    size = 0.05 if unit == "score" else 0.6
    rows = []
    for w, (wave, total) in enumerate(zip(waves, spec["total"])):
        if total is None:
            continue
        n_total = SAMPLE[ind["source"]] + int(wobble(ind["id"], wave["id"], size=80))

        def emit(area, factor, group, value, n, wave=wave):
            value = round(min(100.0, max(0.0, value)) if unit == "procent" else value, 1)
            low, high = interval(value, n, unit)
            digits = 2 if unit == "score" else 1  # a score's interval is narrow: keep its precision
            rows.append(
                {
                    "indicator": ind["id"],
                    "wave": wave["label"],
                    "area_code": area,
                    "group_factor": factor,
                    "group_value": group,
                    "value": value,
                    "n": n,
                    "ci_low": round(low, digits),
                    "ci_high": round(high, digits),
                }
            )

        emit("GM9999", "totaal", "totaal", total, n_total)
        group_delta = {}
        for factor, groups in spec.get("groups", {}).items():
            for group, series in groups.items():
                if isinstance(series, list):
                    value = series[w]
                else:
                    value = total + series + wobble(ind["id"], wave["id"], group, size=size)
                group_delta[(factor, group)] = value - total
                share = PANEL_RESPONSE.get((wave["label"], group), GROUP_SHARE[factor][group])
                emit("GM9999", factor, group, value, round(n_total * share))
        for pair in spec.get("pairs", []):
            emit_pairs(ind, wave, pair, total, group_delta, n_total, size, emit)
        for wijk, share in WIJK_SHARE.items():
            own = spec.get("wijken", {}).get(wijk)
            wijk_value = (
                own[w]
                if own
                else (total + sign * WIJK_PROFILE[wijk] * spread + wobble(ind["id"], wave["id"], wijk, size=size))
            )
            n_wijk = round(n_total * share * SAMPLE_BOOST.get((wave["label"], wijk), 1.0))
            emit(wijk, "totaal", "totaal", wijk_value, n_wijk)
            for factor in spec.get("wijk_groups", []):
                for group in spec["groups"][factor]:
                    value = (
                        wijk_value
                        + group_delta[(factor, group)]
                        + wobble(ind["id"], wave["id"], wijk, group, size=2 * size)
                    )
                    emit(wijk, factor, group, value, round(n_wijk * GROUP_SHARE[factor][group]))
    return rows


def emit_pairs(
    ind: dict, wave: dict, pair: dict, total: float, group_delta: dict, n_total: int, size: float, emit
) -> None:
    """The gemeente's cross table of two factors: each cell is the total plus both groups' own distance,
    plus the pair's own ``effects``; its n follows both groups' shares, times ``fewer`` for rare
    combinations (so some cells fall under the threshold and are hidden)."""
    first, second = pair["factors"]
    for a in _groups_of(first, group_delta):
        for b in _groups_of(second, group_delta):
            cell = f"{a}{PAIR_SEP}{b}"
            value = (
                total
                + group_delta[(first, a)]
                + group_delta[(second, b)]
                + pair.get("effects", {}).get(cell, 0)
                + wobble(ind["id"], wave["id"], cell, size=size)
            )
            n = round(n_total * GROUP_SHARE[first][a] * GROUP_SHARE[second][b] * pair.get("fewer", {}).get(cell, 1))
            emit("GM9999", f"{first}{PAIR_SEP}{second}", cell, value, n)


def _groups_of(factor: str, group_delta: dict) -> list[str]:
    return [group for (f, group) in group_delta if f == factor]


def registration_rows(ind: dict, spec: dict, waves: list[dict], totals: dict) -> list[dict]:
    rows = []
    for w, (wave, total) in enumerate(zip(waves, spec["total"])):
        if total is None:
            continue
        row = {
            "indicator": ind["id"],
            "wave": wave["label"],
            "area_code": "GM9999",
            "group_factor": "totaal",
            "group_value": "totaal",
            "value": total,
            "n": "",
            "ci_low": "",
            "ci_high": "",
        }
        if ind["unit"] == "aantal" and spec.get("people", True):
            row["n"] = total
        if "n_from" in spec:
            n = totals[spec["n_from"]][w]
            low, high = interval(total, n, "procent", deff=1.0)
            row.update(n=n, ci_low=round(low, 1), ci_high=round(high, 1))
        rows.append(row)
        share = spec.get("wijk_share")
        if share:
            shares = dict(WIJK_SHARE) if share == "default" else _spread_rest(share)
            weights = {w: part * (1 + wobble(ind["id"], wave["id"], w, size=0.15)) for w, part in shares.items()}
            for wijk, value in _split(total, weights).items():
                rows.append({**row, "area_code": wijk, "value": value, "n": value if row["n"] != "" else ""})
    return rows


def _split(total: int, weights: dict) -> dict:
    """Whole numbers proportional to the weights that add up to exactly ``total`` (largest remainder)."""
    scale = sum(weights.values())
    exact = {k: total * w / scale for k, w in weights.items()}
    whole = {k: math.floor(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: exact[k] - whole[k], reverse=True)[: total - sum(whole.values())]:
        whole[k] += 1
    return whole


def _spread_rest(given: dict) -> dict:
    rest = [w for w in WIJK_SHARE if w not in given]
    left = 1 - sum(given.values())
    return {**given, **{w: left / len(rest) for w in rest}}


def build() -> list[dict]:
    indicators = {
        r["id"]: r for r in csv.DictReader((HERE / "indicators.csv").read_text(encoding="utf-8").splitlines())
    }
    waves = sorted(
        csv.DictReader((HERE / "waves.csv").read_text(encoding="utf-8").splitlines()), key=lambda r: r["period_end"]
    )
    trends = yaml.safe_load((HERE / "trends.yaml").read_text(encoding="utf-8"))
    totals = {k: v["total"] for k, v in trends.items()}
    rows = []
    for ind_id, spec in trends.items():
        ind = indicators[ind_id]
        source_waves = [w for w in waves if w["source"] == ind["source"]]
        if ind["source"] in SAMPLE:
            rows += survey_rows(ind, spec, source_waves)
        else:
            rows += registration_rows(ind, spec, source_waves, totals)
    return rows


# The two monitors also ship as the files an analyst would import (data/samples/); importing
# them into the demo definitions reproduces the demo's figures exactly.
SAMPLES = {
    "Veiligheidsmonitor": "veiligheidsmonitor_2019-2025.csv",
    "GGD Gezondheidsmonitor": "gezondheidsmonitor_2016-2024.csv",
}


def write(path: Path = HERE / "observations.csv", samples: Path = HERE.parents[2] / "data" / "samples") -> None:
    rows = build()
    _write(path, rows)
    waves = {
        r["label"]: r["source"] for r in csv.DictReader((HERE / "waves.csv").read_text(encoding="utf-8").splitlines())
    }
    samples.mkdir(exist_ok=True)
    for source, name in SAMPLES.items():
        _write(samples / name, [r for r in rows if waves[r["wave"]] == source])
    _write_statline(samples / "statline_veiligheidsmonitor_2025.csv", rows)


# A CBS StatLine download (wide layout, as CBS delivers it: BOM, CRLF, quoted, padded) of two
# Veiligheidsmonitor 2025 measures per area; statline_veiligheidsmonitor.mapping.yaml maps it.
STATLINE_MEASURES = {"VoeltZichThuisInBuurt_1": "thuis_buurt", "SocialeSamenhang_2": "samenhang"}


def _write_statline(path: Path, rows: list[dict]) -> None:
    values = {
        (r["indicator"], r["area_code"]): r["value"]
        for r in rows
        if r["wave"] == "Veiligheidsmonitor 2025" and r["group_factor"] == "totaal"
    }
    areas = sorted({area for (_, area) in values}, key=lambda a: (len(a), a))
    lines = ['"ID";"WijkenEnBuurten";"Perioden";' + ";".join(f'"{m}"' for m in STATLINE_MEASURES)]
    for number, area in enumerate(areas):
        cells = [f'"{values[(ind, area)]:>8}"' for ind in STATLINE_MEASURES.values()]
        lines.append(f'"{number}";"{area:<10}";"2025JJ00";' + ";".join(cells))
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    write()
