-- Version 12: the verkenning (seed 000, bijlage 1), answered once per round (a year) and compared with
-- the round before. Questions are keys of kompas.verkenning_questions.QUESTIONS.
CREATE TABLE verkenning_answers (
    round_year INTEGER NOT NULL CHECK (round_year BETWEEN 2000 AND 2100),
    question   VARCHAR NOT NULL,
    answer     VARCHAR NOT NULL DEFAULT '',
    author     VARCHAR NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (round_year, question)
);
