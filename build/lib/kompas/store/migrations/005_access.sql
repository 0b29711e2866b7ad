-- Version 5: the audit log. Who added, changed, deleted, exported or read in what, and when.
-- Written in the same transaction as the change itself (kompas.audit.record), so a change that
-- is rolled back leaves no line, and a line never lacks its change.

CREATE SEQUENCE audit_ids START 1;
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY DEFAULT nextval('audit_ids'),
    "at"        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    user_name   VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,
    action      VARCHAR NOT NULL
                CHECK (action IN ('toegevoegd', 'gewijzigd', 'verwijderd', 'geëxporteerd', 'ingelezen')),
    object_kind VARCHAR NOT NULL,
    object_id   VARCHAR NOT NULL DEFAULT '',
    summary     VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log ("at");
