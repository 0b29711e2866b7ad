-- Version 6: boundaries that change, and indicators a municipality switched off.
--
-- CBS re-issues wijk and buurt codes every year, and gemeenten merge (herindeling, usually on
-- 1 January). area_years keeps the years an area code is valid, as far as the loaded CBS area files
-- tell: valid_from is the first year a file showed the code (NULL: it was there when the gemeente was
-- first loaded), valid_to the last year before a later file left it out (NULL: still valid).
CREATE TABLE area_years (
    code       VARCHAR PRIMARY KEY,
    valid_from INTEGER,
    valid_to   INTEGER,
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);

-- Gemeente mergers (old code -> new code, on the date the old gemeente ended). A gemeente split over
-- several others has a row per receiving gemeente, with whole = false. Filled from data/gemeenten/.
CREATE TABLE gemeente_mergers (
    old_code  VARCHAR NOT NULL,
    new_code  VARCHAR NOT NULL,
    merged_on DATE NOT NULL,
    whole     BOOLEAN NOT NULL DEFAULT true,
    PRIMARY KEY (old_code, new_code)
);

-- An indicator the municipality does not want (from the starter set, say) is switched off, not
-- deleted: its figures and links stay, and switching it on again brings it back. Its kept measure
-- mappings are set aside here (JSON list of [source, measure key]), so imports skip that measure.
CREATE TABLE indicators_off (
    indicator_id    VARCHAR PRIMARY KEY,
    switched_off_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    mappings        VARCHAR NOT NULL DEFAULT '[]'
);
