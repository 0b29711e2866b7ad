-- Version 13: population indicators. Their figures (imported like any other figure) are population
-- counts per area and group (CBS), used to show who is missing from a survey (kompas.coverage).
-- They are not a goal of the theory of change, so pages that list indicators leave them out.
CREATE TABLE population_indicators (
    indicator_id VARCHAR PRIMARY KEY
);
