-- Version 2: imports. Provisional figures are marked, and the mapping from a source's
-- measures, regions and groups to the store is kept, so the next wave imports without questions.

ALTER TABLE observations ADD COLUMN provisional BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE import_mappings (
    source       VARCHAR NOT NULL,   -- the monitor, as in waves.source
    kind         VARCHAR NOT NULL CHECK (kind IN ('measure', 'region', 'dimension', 'group_value', 'period')),
    source_value VARCHAR NOT NULL,   -- what the file says
    target       VARCHAR NOT NULL,   -- what it means here (indicator id, area code, factor, group value, wave label)
    context      VARCHAR NOT NULL DEFAULT '',  -- for group values: the dimension they belong to
    PRIMARY KEY (source, kind, context, source_value)
);

CREATE SEQUENCE import_ids START 1;
CREATE TABLE imports (
    id         INTEGER PRIMARY KEY DEFAULT nextval('import_ids'),
    file_name  VARCHAR NOT NULL,
    file_hash  VARCHAR NOT NULL,
    source     VARCHAR NOT NULL DEFAULT '',
    added      INTEGER NOT NULL,
    changed    INTEGER NOT NULL,
    refused    INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- How an indicator was asked or defined in one wave, when that matters for comparing waves
-- ("question wording or definition changed" is a comparability warning).
CREATE TABLE indicator_wave_notes (
    indicator_id VARCHAR NOT NULL REFERENCES indicators (id),
    wave_id      VARCHAR NOT NULL REFERENCES waves (id),
    question     VARCHAR NOT NULL DEFAULT '',
    definition   VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (indicator_id, wave_id)
);
