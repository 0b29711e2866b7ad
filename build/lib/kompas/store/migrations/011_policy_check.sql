-- Version 11: the policy check (seed 004, stap 7). Per activity and criterion: the werkgroep's answer,
-- a short explanation and the evidence (stories by id, documents as text). No foreign keys, as in
-- 001_init.sql: kompas.policy_check checks the activity and the stories before each write.
CREATE TABLE policy_answers (
    node_id     VARCHAR NOT NULL,
    criterion   VARCHAR NOT NULL,
    answer      VARCHAR NOT NULL CHECK (answer IN ('ja', 'deels', 'nee', 'onbekend')),
    explanation VARCHAR NOT NULL DEFAULT '',
    documents   VARCHAR NOT NULL DEFAULT '',
    note_ids    INTEGER[] NOT NULL DEFAULT [],
    author      VARCHAR NOT NULL DEFAULT '',
    updated_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (node_id, criterion)
);
