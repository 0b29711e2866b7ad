-- Version 7: the method-break register. A wave flagged here was measured so differently from the
-- waves of its source before it (a new questionnaire, another way of asking, a new sample) that a
-- change across it says more about the method than about residents. kompas.breaks reads it;
-- kompas.verdict then says "niet vergelijkbaar" instead of "beter" or "slechter".
-- No foreign key to waves: DuckDB refuses to update rows that others refer to (see 001_init.sql).

CREATE TABLE method_breaks (
    wave_id VARCHAR PRIMARY KEY,   -- the first wave measured the new way
    note    VARCHAR NOT NULL       -- what changed, in Dutch, for the reader of a comparison
);
