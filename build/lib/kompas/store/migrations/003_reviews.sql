-- Version 3: the werkgroep's monthly review. Members, reviews with attendees, the state of the
-- store when a review was opened (so "since the last review" can be shown), and actions.
--
-- No foreign keys here: reviews and actions are updated (closed, re-dated), and DuckDB refuses to
-- update rows that others refer to (see 001_init.sql). kompas.reviews checks references before writing.

CREATE SEQUENCE member_ids START 1;
CREATE TABLE members (
    id           INTEGER PRIMARY KEY DEFAULT nextval('member_ids'),
    name         VARCHAR NOT NULL,
    role         VARCHAR NOT NULL DEFAULT '',
    organisation VARCHAR NOT NULL DEFAULT '',
    active       BOOLEAN NOT NULL DEFAULT true
);

CREATE SEQUENCE review_ids START 1;
CREATE TABLE reviews (
    id        INTEGER PRIMARY KEY DEFAULT nextval('review_ids'),
    held_on   DATE NOT NULL,
    title     VARCHAR NOT NULL,
    agenda    VARCHAR NOT NULL DEFAULT '',
    notes     VARCHAR NOT NULL DEFAULT '',
    status    VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'gesloten')),
    opened_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    closed_at TIMESTAMP
);

CREATE TABLE review_attendees (
    review_id INTEGER NOT NULL,
    member_id INTEGER NOT NULL,
    PRIMARY KEY (review_id, member_id)
);

-- The state at the moment a review was opened: one row per figure ('observation', key
-- "indicator|wave|area|group_factor|group_value", value "value|n|ci_low|ci_high|se"), story ('note',
-- key its id, value a hash of its content), activity ('node_status') and action ('action').
CREATE TABLE review_snapshots (
    review_id INTEGER NOT NULL,
    kind      VARCHAR NOT NULL CHECK (kind IN ('observation', 'note', 'node_status', 'action')),
    key       VARCHAR NOT NULL,
    value     VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, kind, key)
);

CREATE SEQUENCE action_ids START 1;
CREATE TABLE actions (
    id           INTEGER PRIMARY KEY DEFAULT nextval('action_ids'),
    title        VARCHAR NOT NULL,
    owner        INTEGER,                       -- a member's id
    owner_name   VARCHAR NOT NULL DEFAULT '',   -- someone outside the werkgroep
    due_date     DATE,
    status       VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'bezig', 'gedaan', 'vervallen')),
    node_id      VARCHAR,
    indicator_id VARCHAR,
    review_id    INTEGER,                       -- the review where it was decided
    result_note  VARCHAR NOT NULL DEFAULT '',   -- what it achieved; required to close it as 'gedaan'
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    closed_at    TIMESTAMP
);

ALTER TABLE reflections ADD COLUMN review_id INTEGER;
ALTER TABLE reflections ADD COLUMN node_id VARCHAR;
ALTER TABLE reflections ADD COLUMN indicator_id VARCHAR;
