"""Build a synthetic store of any scale with DuckDB SQL: deterministic values from hashes of a seed.

Everything is inserted set-wise (``range`` + ``hash``), never row by row, so the national store
(about 22 million figures) builds in minutes. Observations are inserted sorted on
(area, indicator): DuckDB's per-row-group min/max then skips nearly all of the table for the
query a step page makes (one indicator in one area).
"""

from __future__ import annotations

from pathlib import Path

from kompas.demo.synth.scales import GENERATOR_VERSION, GROUP_VALUES, SCALES, Scale
from kompas.domain import vocab
from kompas.domain.errors import KompasError
from kompas.store import files as store_files
from kompas.store.connection import Store

SOURCE = "Synthetische monitor"
_PREFIXES = [
    "Noord",
    "Zuid",
    "Oost",
    "West",
    "Groot",
    "Klein",
    "Nieuw",
    "Oud",
    "Hoog",
    "Laag",
    "Berg",
    "Zand",
    "Veen",
    "Water",
    "Heide",
    "Linde",
    "Eiken",
    "Beek",
    "Dijk",
    "Brug",
]
_SUFFIXES = [
    "dam",
    "dorp",
    "veen",
    "horst",
    "wijk",
    "hoven",
    "berg",
    "broek",
    "zijl",
    "woude",
    "wolde",
    "kerk",
    "rade",
    "stede",
    "haven",
    "lo",
    "sel",
    "um",
    "ingen",
    "meer",
]
_WIJKEN = [
    "Centrum",
    "Noord",
    "Oost",
    "Zuid",
    "West",
    "Haven",
    "Buitengebied",
    "De Hoven",
    "Het Park",
    "Bloemenbuurt",
    "Stationsgebied",
    "Nieuwbouw",
]
_BUURTEN = ["Kern", "Noord", "Zuid", "Oost", "West", "Park", "Veld", "Hof"]
_PROGRAMMES = [
    "Verbinding en contact",
    "Toegankelijke gemeente",
    "Werk dat past",
    "Gezond en veilig thuis",
    "Jong en oud doen mee",
    "Gelijke kansen in het onderwijs",
    "Geen discriminatie",
    "Armoede en schulden",
    "Taal en digitale vaardigheden",
    "Wonen en buurt",
    "Sport en cultuur",
    "Zorg en ondersteuning",
]
_TITLES = [
    "Voelt zich thuis in de buurt",
    "Sociale samenhang in de buurt",
    "Voelt zich eenzaam",
    "Ervaart discriminatie",
    "Doet vrijwilligerswerk",
    "Komt moeilijk rond",
    "Heeft betaald werk",
    "Voelt zich veilig in de buurt",
    "Ervaren gezondheid goed of zeer goed",
    "Kan meedoen in de buurt",
    "Vertrouwt de gemeente",
    "Kent de weg naar ondersteuning",
    "Sport wekelijks",
    "Heeft contact met buren met een andere achtergrond",
    "Ervaart spanningen tussen groepen",
    "Is digitaal vaardig",
    "Leest en schrijft zonder moeite",
    "Voelt zich gerespecteerd",
    "Heeft iemand om op terug te vallen",
    "Is tevreden met de woning",
]
_OUTPUTS = [
    "Deelnemers aan activiteiten",
    "Bijeenkomsten gehouden",
    "Huisbezoeken",
    "Trainingen gegeven",
    "Meldingen behandeld",
    "Gesprekken gevoerd",
]


def build_store(path: str | Path, scale: str | Scale = "tiny", seed: int = 1) -> dict:
    """Write a synthetic store to ``path`` (a new file) and return how many rows each table got.

    >>> import tempfile
    >>> counts = build_store(Path(tempfile.mkdtemp()) / "s.duckdb", "tiny")
    >>> counts["areas"], counts["indicators"] > 0, counts["observations"] > 0
    (14, True, True)
    """
    spec = SCALES[scale] if isinstance(scale, str) else scale
    path = Path(path)
    if path.exists():  # never delete a store: build_store_file replaces one and keeps the old file
        raise KompasError(f"Het bestand '{path}' bestaat al. Kies een ander bestand of gebruik --overwrite.")
    with Store(path, create=True) as store:
        with store.transaction() as cur:
            cur.execute("SET VARIABLE seed = ?", [int(seed)])
            _info(cur, spec, seed)
            _areas(cur, spec)
            _programmes(cur, spec)
            _indicators(cur, spec)
            _waves(cur, spec)
            _observations(cur, spec)
            _notes(cur, spec)
            _werkgroep(cur)
        with store.cursor() as cur:
            cur.execute("CHECKPOINT")
        return {
            t: store.scalar(f"SELECT count(*) FROM {t}")
            for t in ("areas", "programmes", "nodes", "edges", "indicators", "waves", "observations", "notes")
        }


def build_store_file(
    path: str | Path, scale: str | Scale = "tiny", seed: int = 1, overwrite: bool = False
) -> tuple[dict, Path | None]:
    """As ``build_store``; with ``overwrite`` an existing store is replaced and kept as a dated copy.

    Returns the row counts and where the old store is kept (None if there was none). Refuses with
    ``StoreLockedError`` while another process (the app) holds ``path``, before and after building.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise KompasError(f"Het bestand '{path}' bestaat al. Kies een ander bestand of gebruik --overwrite.")
    store_files.refuse_if_in_use(path)  # say so now, not after minutes of building
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f".{path.name}.bouwen")
    for leftover in (building, Path(f"{building}.wal")):
        leftover.unlink(missing_ok=True)
    try:
        counts = build_store(building, scale, seed)
        return counts, store_files.replace_keeping_old(building, path)
    finally:
        for leftover in (building, Path(f"{building}.wal")):
            leftover.unlink(missing_ok=True)


def _list(items: list[str]) -> str:
    return "[" + ", ".join("'" + i.replace("'", "''") + "'" for i in items) + "]"


def _info(cur, spec: Scale, seed: int) -> None:
    name = "Voorbeeldstad" if spec.gemeenten == 1 else f"synthetisch, {spec.gemeenten} gemeenten"
    cur.executemany(
        "INSERT INTO store_info VALUES (?, ?)",
        [
            ["municipality", name],
            ["fictional", "ja"],
            [
                "notice",
                f"Dit is een verzonnen database (schaal '{spec.name}', seed {seed}) om de snelheid van de app "
                "te meten. Alle cijfers en verhalen zijn verzonnen.",
            ],
            ["synth", f"{spec.name}:{seed}:v{GENERATOR_VERSION}"],
        ],
    )


def _areas(cur, spec: Scale) -> None:
    g, w, b = spec.gemeenten, spec.wijken, spec.buurten
    cur.execute(f"""
        CREATE TEMP TABLE syn_gm AS
        SELECT i, lpad((i * 5 + 3)::VARCHAR, 4, '0') AS digits,
               {_list(_PREFIXES)}[i % 20 + 1] || {_list(_SUFFIXES)}[(i // 20 + i) % 20 + 1] AS name
        FROM range({g}) t(i)""")
    cur.execute(f"""
        CREATE TEMP TABLE syn_wk AS
        SELECT j, gm.digits || lpad(local::VARCHAR, 2, '0') AS digits,
               gm.name || ' ' || {_list(_WIJKEN)}[local % 12 + 1]
                      || CASE WHEN local >= 12 THEN ' ' || (local // 12 + 1) ELSE '' END AS name, gm.digits AS parent
        FROM (SELECT j, j * {g} // {w} AS gi, row_number() OVER (PARTITION BY j * {g} // {w} ORDER BY j) - 1 AS local
              FROM range({w}) t(j)) x JOIN syn_gm gm ON gm.i = x.gi""")
    cur.execute(f"""
        CREATE TEMP TABLE syn_bu AS
        SELECT wk.digits || lpad(local::VARCHAR, 2, '0') AS digits,
               wk.name || ' ' || {_list(_BUURTEN)}[local % 8 + 1]
                      || CASE WHEN local >= 8 THEN ' ' || (local // 8 + 1) ELSE '' END AS name, wk.digits AS parent
        FROM (SELECT k, k * {w} // {b} AS wi, row_number() OVER (PARTITION BY k * {w} // {b} ORDER BY k) - 1 AS local
              FROM range({b}) t(k)) x JOIN syn_wk wk ON wk.j = x.wi""")
    cur.execute("""
        INSERT INTO areas
        SELECT 'GM' || digits, name, 'gemeente', NULL FROM syn_gm
        UNION ALL SELECT 'WK' || digits, name, 'wijk', 'GM' || parent FROM syn_wk
        UNION ALL SELECT 'BU' || digits, name, 'buurt', 'WK' || parent FROM syn_bu""")


def _programmes(cur, spec: Scale) -> None:
    """Per programme: one result, and chains input -> activiteit -> output -> outcome -> resultaat."""
    per = -(-spec.indicators // spec.programmes)
    chains = max(2, -(-per // 5))
    domains = _list(list(vocab.LEVENSDOMEINEN))
    cur.execute(f"""
        INSERT INTO programmes
        SELECT 'prog' || lpad((p + 1)::VARCHAR, 2, '0'), {_list(_PROGRAMMES)}[p % 12 + 1]
               || CASE WHEN p >= 12 THEN ' ' || (p // 12 + 1) ELSE '' END,
               'Verzonnen programma om de app op grote schaal te meten.', p
        FROM range({spec.programmes}) t(p)""")
    cur.execute(f"""
        CREATE TEMP TABLE syn_chain AS
        SELECT p.id AS programme_id, p.sort_order AS p, c, {domains}[(p.sort_order + c) % 6 + 1] AS domain
        FROM programmes p, range({chains}) t(c)""")
    cur.execute(f"""
        INSERT INTO nodes (id, programme_id, kind, title, description, levensdomein, owner_kind, owner_name, status)
        SELECT id || '_res', id, 'resultaat', 'Iedereen doet mee: ' || lower(title),
               'Over drie jaar merken inwoners in alle gemeenten dat het beter gaat.', {domains}[sort_order % 6 + 1],
               'gemeente', 'Gemeente', NULL FROM programmes
        UNION ALL SELECT programme_id || '_oc' || c, programme_id, 'outcome', 'Outcome ' || (c + 1) || ' van '
               || programme_id, 'Wat er verandert voor inwoners.', domain, NULL, NULL, NULL FROM syn_chain
        UNION ALL SELECT programme_id || '_op' || c, programme_id, 'output', 'Output ' || (c + 1) || ' van '
               || programme_id, '', domain, NULL, NULL, NULL FROM syn_chain
        UNION ALL SELECT programme_id || '_act' || c, programme_id, 'activiteit', 'Activiteit ' || (c + 1) || ' van '
               || programme_id, 'Uitgevoerd door een partner.', domain, 'partner', 'Welzijnspartner ' || (c + 1),
               ['gepland', 'loopt', 'afgerond'][(c + p) % 3 + 1] FROM syn_chain
        UNION ALL SELECT programme_id || '_in' || c, programme_id, 'input', 'Inzet ' || (c + 1) || ' van '
               || programme_id, 'Uren, geld en training.', domain, 'gemeente', 'Gemeente', NULL
               FROM syn_chain WHERE c < 2""")
    cur.execute("""
        INSERT INTO edges (source_id, target_id, assumption, evidence)
        SELECT programme_id || '_in' || (c % 2), programme_id || '_act' || c, 'Met tijd en geld kan de partner dit doen.',
               'redelijk' FROM syn_chain
        UNION ALL SELECT programme_id || '_act' || c, programme_id || '_op' || c, 'Inwoners komen af op de activiteit.',
               'beperkt' FROM syn_chain
        UNION ALL SELECT programme_id || '_op' || c, programme_id || '_oc' || c, 'Meedoen verandert iets voor inwoners.',
               'onbekend' FROM syn_chain
        UNION ALL SELECT programme_id || '_oc' || c, programme_id || '_res', 'Samen leidt dit tot het resultaat.',
               'redelijk' FROM syn_chain""")


def _indicators(cur, spec: Scale) -> None:
    """Indicator k belongs to programme k % P; one in four is an output (a count without n)."""
    per = -(-spec.indicators // spec.programmes)
    chains = max(2, -(-per // 5))
    cur.execute(f"""
        INSERT INTO indicators (id, node_id, kind, title, definition, unit, direction, source, target_value,
                                target_year, caveat, min_n)
        SELECT 'i' || lpad((k + 1)::VARCHAR, 3, '0') || '_' || lower(replace(left(t, 12), ' ', '_')),
               prog || CASE WHEN is_output THEN '_op' ELSE '_oc' END || (k // {spec.programmes}) % {chains},
               CASE WHEN is_output THEN 'output' ELSE 'outcome' END,
               t || CASE WHEN k >= {len(_TITLES)} AND NOT is_output THEN ' (reeks ' || (k // {len(_TITLES)} + 1) || ')'
                         WHEN is_output THEN ' (' || (k + 1) || ')' ELSE '' END,
               'Verzonnen indicator ' || (k + 1) || '.', unit, CASE WHEN k % 3 = 1 THEN 'lager' ELSE 'hoger' END,
               '{SOURCE}', CASE WHEN unit = 'procent' THEN 50 + k % 30 END, 2027,
               CASE WHEN k % 7 = 0 THEN 'Vanaf 2021 alleen online gevraagd.' ELSE '' END, NULL
        FROM (SELECT k, k % 4 = 3 AS is_output,
                     'prog' || lpad((k % {spec.programmes} + 1)::VARCHAR, 2, '0') AS prog,
                     CASE WHEN k % 4 = 3 THEN {_list(_OUTPUTS)}[k % 6 + 1] ELSE {_list(_TITLES)}[k % {len(_TITLES)} + 1] END AS t,
                     CASE WHEN k % 4 = 3 THEN 'aantal' WHEN k % 5 = 2 THEN 'score' ELSE 'procent' END AS unit
              FROM range({spec.indicators}) r(k))""")


def _waves(cur, spec: Scale) -> None:
    first = 2026 - spec.waves
    cur.execute(f"""
        INSERT INTO waves (id, source, label, period_start, period_end, method_note, population_note)
        SELECT 'syn' || y, '{SOURCE}', 'Monitor ' || y, make_date(y, 9, 1), make_date(y, 11, 30),
               CASE WHEN y >= 2021 THEN 'Online vragenlijst, gewogen.' ELSE 'Schriftelijk en online, gewogen.' END,
               'Inwoners van 15 jaar en ouder'
        FROM (SELECT ({first} + w)::INTEGER AS y FROM range({spec.waves}) t(w))""")


def _observations(cur, spec: Scale) -> None:
    factors = list(GROUP_VALUES)[: spec.factors]
    groups = ", ".join(
        f"('{f}', '{v}', {i}, {len(GROUP_VALUES[f])})" for f in factors for i, v in enumerate(GROUP_VALUES[f])
    )
    cur.execute("CREATE TEMP TABLE syn_groups (factor VARCHAR, value VARCHAR, pos INTEGER, size INTEGER)")
    if groups:
        cur.execute(f"INSERT INTO syn_groups VALUES {groups}")
    # Which cells exist: every indicator x wave x gemeente with its groups (for half of the factors),
    # every wijk as a total, and every n-th indicator per buurt.
    cur.execute(f"""
        CREATE TEMP TABLE syn_cells AS
        WITH ind AS (SELECT id, unit, row_number() OVER (ORDER BY id) - 1 AS k FROM indicators),
        gm_groups AS (
            SELECT ind.id, 'totaal' AS factor, 'totaal' AS value, 0 AS pos, 1 AS size FROM ind
            UNION ALL SELECT ind.id, g.factor, g.value, g.pos, g.size FROM ind, syn_groups g
            WHERE ind.unit <> 'aantal' AND (hash(ind.id, g.factor, getvariable('seed')) % 2)::INTEGER = 0)
        SELECT gg.id AS indicator_id, a.code AS area_code, gg.factor, gg.value, gg.pos, gg.size
        FROM gm_groups gg, areas a WHERE a.level = 'gemeente'
        UNION ALL SELECT ind.id, a.code, 'totaal', 'totaal', 0, 1 FROM ind, areas a WHERE a.level = 'wijk'
        UNION ALL SELECT ind.id, a.code, 'totaal', 'totaal', 0, 1 FROM ind, areas a
        WHERE a.level = 'buurt' AND ind.k % {spec.buurt_every} = 0""")
    cur.execute("""
        INSERT INTO observations (indicator_id, wave_id, area_code, group_factor, group_value, value, n,
                                  ci_low, ci_high, se, provisional)
        WITH base AS (
            SELECT c.indicator_id, w.id AS wave_id, c.area_code, c.factor, c.value AS grp, i.unit,
                   w.rank AS t, c.size, c.pos,
                   20 + (hash(c.indicator_id, getvariable('seed')) % 60)::INTEGER
                   + ((hash(c.area_code, getvariable('seed')) % 200)::INTEGER) / 20.0 - 5
                   + w.rank * (((hash(c.indicator_id, 's', getvariable('seed')) % 21)::INTEGER) - 10) / 10.0
                   + CASE WHEN c.factor = 'totaal' THEN 0
                          ELSE (((hash(c.indicator_id, c.factor, c.value, getvariable('seed')) % 161)::INTEGER) - 80) / 10.0 END
                   + (((hash(c.indicator_id, c.area_code, w.id, c.factor, c.value, getvariable('seed')) % 41)::INTEGER) - 20) / 10.0
                   AS raw,
                   CASE left(c.area_code, 2) WHEN 'GM' THEN 800 + (hash(c.area_code, 'n', getvariable('seed')) % 4000)::INTEGER
                        WHEN 'WK' THEN 60 + (hash(c.area_code, 'n', getvariable('seed')) % 600)::INTEGER
                        ELSE 15 + (hash(c.area_code, 'n', getvariable('seed')) % 150)::INTEGER END AS population
            FROM syn_cells c JOIN indicators i ON i.id = c.indicator_id,
                 (SELECT id, row_number() OVER (ORDER BY period_end) - 1 AS rank FROM waves) w),
        sized AS (
            SELECT *, greatest(least(raw, 99.0), 1.0) AS pct,
                   CASE WHEN factor = 'totaal' THEN population
                        ELSE (population * (0.4 + ((hash(indicator_id, factor, grp, area_code, getvariable('seed')) % 120)::INTEGER) / 100.0)
                              / size)::INTEGER END AS n_people
            FROM base)
        SELECT indicator_id, wave_id, area_code, factor, grp,
               round(CASE unit WHEN 'procent' THEN pct WHEN 'score' THEN pct / 10 ELSE n_people * pct / 10 END, 1),
               CASE WHEN unit = 'aantal' THEN NULL ELSE n_people END,
               round(CASE unit WHEN 'procent' THEN pct - 1.96 * sqrt(pct * (100 - pct) / n_people)
                               WHEN 'score' THEN pct / 10 - 1.96 * 1.5 / sqrt(n_people) END, 1),
               round(CASE unit WHEN 'procent' THEN pct + 1.96 * sqrt(pct * (100 - pct) / n_people)
                               WHEN 'score' THEN pct / 10 + 1.96 * 1.5 / sqrt(n_people) END, 1),
               CASE unit WHEN 'procent' THEN sqrt(pct * (100 - pct) / n_people)
                         WHEN 'score' THEN 1.5 / sqrt(n_people) END,
               false
        FROM sized
        ORDER BY area_code, indicator_id, factor, grp, wave_id""")


def _notes(cur, spec: Scale) -> None:
    """Stories: per gemeente a few, half of them public, each linked to a node, an indicator and a wave."""
    kinds = _list(["wijkgesprek", "interview", "focusgroep", "panel"])
    visibility = _list(["openbaar", "werkgroep", "openbaar", "intern"])
    factors = _list(list(GROUP_VALUES)[: max(spec.factors, 1)])
    cur.execute(f"""
        CREATE TEMP TABLE syn_notes AS
        WITH ind AS (SELECT i.id, i.node_id, row_number() OVER (ORDER BY i.id) - 1 AS k FROM indicators i),
        places AS (SELECT code, row_number() OVER (ORDER BY level <> 'gemeente', code) - 1 AS r FROM areas
                   WHERE level <> 'buurt'),
        w AS (SELECT id, period_end, row_number() OVER (ORDER BY period_end) - 1 AS r FROM waves)
        SELECT m + 1 AS id, m, places.code AS area_code, ind.id AS indicator_id, ind.node_id, w.id AS wave_id,
               w.period_end AS note_date
        FROM range({spec.gemeenten * spec.notes_per_gemeente}) t(m)
        JOIN places ON places.r = (m * 7) % (SELECT count(*) FROM places)
        JOIN ind ON ind.k = m % (SELECT count(*) FROM ind)
        JOIN w ON w.r = m % (SELECT count(*) FROM w)""")
    cur.execute(f"""
        INSERT INTO notes (id, title, body, note_date, source_kind, area_code, levensdomein, factors, visibility,
                           consent, author)
        SELECT s.id, 'Verhaal ' || s.id || ' uit ' || a.name,
               'Verzonnen verhaal: inwoners vertellen wat zij merken van de activiteiten in hun buurt. '
               || 'Wat werkt, wat niet, en voor wie.', note_date, {kinds}[m % 4 + 1], area_code,
               n.levensdomein, [{factors}[m % {max(spec.factors, 1)} + 1]], {visibility}[m % 4 + 1], true, 'Werkgroep'
        FROM syn_notes s JOIN areas a ON a.code = s.area_code JOIN nodes n ON n.id = s.node_id""")
    # The ids are given here; draw them from the sequence too, so notes added later get the next ones.
    cur.execute("SELECT max(nextval('note_ids')) FROM syn_notes").fetchall()
    cur.execute("INSERT INTO note_nodes SELECT id, node_id FROM syn_notes")
    cur.execute("INSERT INTO note_indicators SELECT id, indicator_id FROM syn_notes")
    cur.execute("INSERT INTO note_waves SELECT id, wave_id FROM syn_notes")
    cur.execute("""
        INSERT INTO note_figures
        SELECT s.id, s.indicator_id, s.wave_id, s.area_code, 'totaal', 'totaal',
               ['verklaart', 'ondersteunt', 'spreekt_tegen'][s.m % 3 + 1]
        FROM syn_notes s JOIN observations o ON o.indicator_id = s.indicator_id AND o.wave_id = s.wave_id
             AND o.area_code = s.area_code AND o.group_factor = 'totaal'
        WHERE s.m % 3 = 0""")


def _werkgroep(cur) -> None:
    """Members and one closed review with decisions and actions, so the minutes can be exported."""
    cur.execute(
        "INSERT INTO members (name, role, organisation) VALUES ('Anna de Vries', 'voorzitter', 'Gemeente'), "
        "('Bram Jansen', 'beleidsadviseur', 'Gemeente'), ('Chaima El Idrissi', 'lid', 'Welzijnspartner')"
    )
    review_id = cur.execute(
        "INSERT INTO reviews (held_on, title, agenda, notes, status, opened_at, closed_at) VALUES "
        "(DATE '2026-10-12', 'Werkgroep inclusie oktober', 'Nieuwe cijfers van de monitor', "
        "'Verzonnen bespreking.', 'gesloten', TIMESTAMP '2026-10-12 10:00', TIMESTAMP '2026-10-12 12:00') "
        "RETURNING id"
    ).fetchone()[0]
    cur.execute("INSERT INTO review_attendees SELECT ?, id FROM members", [review_id])
    cur.execute(
        """
        INSERT INTO reflections (programme_id, kind, text, author, created_at, review_id)
        SELECT id, ['besluit', 'gaat_goed', 'kan_beter'][sort_order % 3 + 1],
               'Verzonnen afspraak over ' || lower(title) || '.', 'Werkgroep', TIMESTAMP '2026-10-12 11:00', ?
        FROM programmes""",
        [review_id],
    )
    cur.execute(
        """
        INSERT INTO actions (title, owner, due_date, status, node_id, review_id, created_at)
        SELECT 'Verzonnen actie voor ' || lower(p.title), (p.sort_order % 3) + 1, DATE '2026-12-01',
               ['open', 'bezig'][p.sort_order % 2 + 1], p.id || '_act0', ?, TIMESTAMP '2026-10-12 11:00'
        FROM programmes p""",
        [review_id],
    )
