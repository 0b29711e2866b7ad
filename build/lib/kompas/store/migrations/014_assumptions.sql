-- Version 14: the theory of change's assumptions tested wave by wave (kompas.assumptions). The werkgroep sets
-- per arrow how many years the outcome lags behind the output, and may set or overrule the status derived
-- from the figures for one wave, with a reason and stories as evidence. No foreign keys (see 001_init.sql).
CREATE TABLE edge_lags (
    edge_id   INTEGER PRIMARY KEY,
    lag_years INTEGER NOT NULL DEFAULT 0 CHECK (lag_years BETWEEN 0 AND 10)
);

CREATE TABLE edge_overrules (
    edge_id    INTEGER NOT NULL,
    wave_id    VARCHAR NOT NULL,
    status     VARCHAR NOT NULL CHECK (status IN ('ondersteund', 'tegengesproken', 'onbekend')),
    reason     VARCHAR NOT NULL CHECK (length(trim(reason)) > 0),
    note_ids   INTEGER[] NOT NULL DEFAULT [],
    author     VARCHAR NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (edge_id, wave_id)
);
