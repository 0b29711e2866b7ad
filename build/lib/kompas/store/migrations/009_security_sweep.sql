-- Version 9: the audit log also records refused sign-ins ('geweigerd': a wrong password, or an attempt
-- during a wait or a lockout) and a backup put back over a store ('teruggezet'). DuckDB cannot change a
-- CHECK constraint in place, so the table is made again with the same columns and every line copied.

CREATE TABLE audit_log_v9 (
    id          INTEGER PRIMARY KEY DEFAULT nextval('audit_ids'),
    "at"        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    user_name   VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,
    action      VARCHAR NOT NULL
                CHECK (action IN ('toegevoegd', 'gewijzigd', 'verwijderd', 'geëxporteerd', 'ingelezen',
                                  'geweigerd', 'teruggezet')),
    object_kind VARCHAR NOT NULL,
    object_id   VARCHAR NOT NULL DEFAULT '',
    summary     VARCHAR NOT NULL DEFAULT ''
);
INSERT INTO audit_log_v9 SELECT id, "at", user_name, role, action, object_kind, object_id, summary FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_v9 RENAME TO audit_log;
CREATE INDEX audit_log_at ON audit_log ("at");

-- A raadsinformatie export also records which view its figures were read with: 'raad' (public figures
-- only, no provisional ones) or 'werkgroep'. Making it again in the other view gives other figures by
-- design; that is not "the data changed" (kompas.reports.raad.regenerate). '' for earlier exports.
ALTER TABLE raad_exports ADD COLUMN made_as VARCHAR NOT NULL DEFAULT '';
