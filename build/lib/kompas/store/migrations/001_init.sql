-- Kwaliteitskompas store, version 1: theory of change, areas, indicators, waves,
-- observations, stories (notes) with their links, and the werkgroep's reflections.
--
-- Foreign keys: DuckDB refuses to update a key column of a row that other rows refer to, and
-- to update a row in the transaction that deleted its children. So tables whose rows users
-- edit (nodes, indicators, areas, notes) carry no foreign key of their own; kompas checks
-- those references before each write, and tests check that no reference dangles.

CREATE TABLE store_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE programmes (
    id          VARCHAR PRIMARY KEY,
    title       VARCHAR NOT NULL,
    description VARCHAR NOT NULL DEFAULT '',
    sort_order  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE nodes (
    id           VARCHAR PRIMARY KEY,
    programme_id VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL CHECK (kind IN ('resultaat', 'outcome', 'output', 'activiteit', 'input')),
    title        VARCHAR NOT NULL,
    description  VARCHAR NOT NULL DEFAULT '',
    levensdomein VARCHAR,
    owner_kind   VARCHAR CHECK (owner_kind IN ('gemeente', 'partner', 'bewoners')),
    owner_name   VARCHAR,
    status       VARCHAR CHECK (status IN ('gepland', 'loopt', 'afgerond', 'gestopt')),
    updated_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE edge_ids START 1;
CREATE TABLE edges (
    id         INTEGER PRIMARY KEY DEFAULT nextval('edge_ids'),
    source_id  VARCHAR NOT NULL REFERENCES nodes (id),
    target_id  VARCHAR NOT NULL REFERENCES nodes (id),
    assumption VARCHAR NOT NULL DEFAULT '',
    evidence   VARCHAR NOT NULL DEFAULT 'onbekend'
               CHECK (evidence IN ('sterk', 'redelijk', 'beperkt', 'onbekend')),
    UNIQUE (source_id, target_id)
);

CREATE TABLE areas (
    code        VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    level       VARCHAR NOT NULL CHECK (level IN ('gemeente', 'wijk', 'buurt')),
    parent_code VARCHAR
);

CREATE TABLE indicators (
    id           VARCHAR PRIMARY KEY,
    node_id      VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL CHECK (kind IN ('output', 'outcome')),
    title        VARCHAR NOT NULL,
    definition   VARCHAR NOT NULL DEFAULT '',
    unit         VARCHAR NOT NULL CHECK (unit IN ('procent', 'aantal', 'score')),
    direction    VARCHAR NOT NULL CHECK (direction IN ('hoger', 'lager', 'geen')),
    source       VARCHAR NOT NULL,
    target_value DOUBLE,
    target_year  INTEGER,
    caveat       VARCHAR NOT NULL DEFAULT '',
    min_n        INTEGER
);

CREATE TABLE waves (
    id              VARCHAR PRIMARY KEY,
    source          VARCHAR NOT NULL,
    label           VARCHAR NOT NULL UNIQUE,
    period_start    DATE NOT NULL,
    period_end      DATE NOT NULL,
    method_note     VARCHAR NOT NULL DEFAULT '',
    population_note VARCHAR NOT NULL DEFAULT '',
    CHECK (period_end >= period_start)
);

-- One figure: indicator x wave x area x population group. The whole population is
-- group_factor = group_value = 'totaal', so the natural key never holds NULLs.
CREATE TABLE observations (
    indicator_id VARCHAR NOT NULL REFERENCES indicators (id),
    wave_id      VARCHAR NOT NULL REFERENCES waves (id),
    area_code    VARCHAR NOT NULL REFERENCES areas (code),
    group_factor VARCHAR NOT NULL DEFAULT 'totaal',
    group_value  VARCHAR NOT NULL DEFAULT 'totaal',
    value        DOUBLE,
    n            INTEGER,
    ci_low       DOUBLE,
    ci_high      DOUBLE,
    se           DOUBLE,
    PRIMARY KEY (indicator_id, wave_id, area_code, group_factor, group_value)
);

CREATE SEQUENCE note_ids START 1;
CREATE TABLE notes (
    id           INTEGER PRIMARY KEY DEFAULT nextval('note_ids'),
    title        VARCHAR NOT NULL,
    body         VARCHAR NOT NULL,
    note_date    DATE NOT NULL,
    source_kind  VARCHAR NOT NULL,
    area_code    VARCHAR,
    levensdomein VARCHAR,
    factors      VARCHAR[] NOT NULL DEFAULT [],
    visibility   VARCHAR NOT NULL CHECK (visibility IN ('intern', 'werkgroep', 'openbaar')),
    consent      BOOLEAN NOT NULL,
    author       VARCHAR NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE note_nodes (
    note_id INTEGER NOT NULL,
    node_id VARCHAR NOT NULL REFERENCES nodes (id),
    PRIMARY KEY (note_id, node_id)
);

CREATE TABLE note_indicators (
    note_id      INTEGER NOT NULL,
    indicator_id VARCHAR NOT NULL REFERENCES indicators (id),
    PRIMARY KEY (note_id, indicator_id)
);

CREATE TABLE note_waves (
    note_id INTEGER NOT NULL,
    wave_id VARCHAR NOT NULL REFERENCES waves (id),
    PRIMARY KEY (note_id, wave_id)
);

-- A story that speaks to one exact figure, and how: it explains, supports or contradicts it.
CREATE TABLE note_figures (
    note_id      INTEGER NOT NULL,
    indicator_id VARCHAR NOT NULL,
    wave_id      VARCHAR NOT NULL,
    area_code    VARCHAR NOT NULL,
    group_factor VARCHAR NOT NULL,
    group_value  VARCHAR NOT NULL,
    stance       VARCHAR NOT NULL CHECK (stance IN ('verklaart', 'ondersteunt', 'spreekt_tegen')),
    PRIMARY KEY (note_id, indicator_id, wave_id, area_code, group_factor, group_value)
);

-- Step 6: what goes well, what can be better, what we decided.
CREATE SEQUENCE reflection_ids START 1;
CREATE TABLE reflections (
    id           INTEGER PRIMARY KEY DEFAULT nextval('reflection_ids'),
    programme_id VARCHAR REFERENCES programmes (id),
    kind         VARCHAR NOT NULL CHECK (kind IN ('gaat_goed', 'kan_beter', 'besluit')),
    text         VARCHAR NOT NULL,
    author       VARCHAR NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE INDEX note_figures_indicator ON note_figures (indicator_id);
