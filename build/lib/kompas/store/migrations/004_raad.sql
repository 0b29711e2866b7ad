-- Version 4: raadsinformatie. Every factsheet that left the app is recorded with the question, the
-- choices and edits that made it, and a hash of the data it showed, so it can be made again and the
-- council member's later question ("where did this number come from?") can be answered.

CREATE SEQUENCE raad_export_ids START 1;
CREATE TABLE raad_exports (
    id          INTEGER PRIMARY KEY DEFAULT nextval('raad_export_ids'),
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    made_on     DATE NOT NULL,
    author      VARCHAR NOT NULL DEFAULT '',
    question    VARCHAR NOT NULL,
    request     JSON NOT NULL,
    edits       JSON NOT NULL,
    data_hash   VARCHAR NOT NULL,
    file_format VARCHAR NOT NULL CHECK (file_format IN ('docx', 'pdf', 'md'))
);
