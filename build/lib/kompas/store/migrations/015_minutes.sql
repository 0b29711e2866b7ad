-- Version 15: minutes the chair can send as they are. A review gets the date of the next meeting
-- (printed in its minutes) and the visibility of its minutes: 'werkgroep' (the default: with names
-- and internal notes) or 'openbaar' (the council may read a public version: no names, no notes).
-- kompas.reviews.update_review writes both; kompas.reports.minutes reads them.

ALTER TABLE reviews ADD COLUMN next_meeting DATE;
ALTER TABLE reviews ADD COLUMN minutes_visibility VARCHAR NOT NULL DEFAULT 'werkgroep';
