-- Version 8: which figures the small-group rule has hidden, kept so the choice stays the same when a
-- figure is revised (kompas.suppression): a figure once hidden stays hidden, so two versions of a table
-- never hide different cells that together give a hidden value away. Only keys, no values.

CREATE TABLE hidden_history (
    indicator_id VARCHAR NOT NULL,
    wave_id      VARCHAR NOT NULL,
    area_code    VARCHAR NOT NULL,
    group_factor VARCHAR NOT NULL,
    group_value  VARCHAR NOT NULL,
    first_hidden TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (indicator_id, wave_id, area_code, group_factor, group_value)
);
