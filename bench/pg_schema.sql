-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- Benchmark tables and the plain PostgreSQL baselines that capes is compared with.
-- Loaded by bench/pg_bench.py with psql run in the directory of the CSV files (bench/gen.py).
\set ON_ERROR_STOP on

CREATE TABLE penalty_rows (
    id            integer PRIMARY KEY,
    establishment text NOT NULL,
    risks         integer NOT NULL,
    level         text NOT NULL,
    revenue       numeric(15,2) NOT NULL,
    day           date NOT NULL,
    calendar      text NOT NULL
);
CREATE TABLE contract_risks (
    contract_id   integer NOT NULL,
    establishment text NOT NULL,
    risk          text NOT NULL,
    level         text NOT NULL,
    revenue       numeric(15,2) NOT NULL,
    PRIMARY KEY (contract_id, risk)
);
CREATE TABLE holiday (
    calendar text NOT NULL,
    day      date NOT NULL,
    PRIMARY KEY (calendar, day)
);
CREATE TABLE steps (
    id         integer PRIMARY KEY,
    from_state text NOT NULL,
    to_state   text NOT NULL,
    from_date  date NOT NULL,
    to_date    date NOT NULL,
    calendar   text NOT NULL
);

\copy penalty_rows FROM 'penalty_rows.csv' WITH (FORMAT csv, HEADER)
\copy contract_risks FROM 'contract_risks.csv' WITH (FORMAT csv, HEADER)
\copy holiday FROM 'holidays.csv' WITH (FORMAT csv, HEADER)
\copy steps FROM 'steps.csv' WITH (FORMAT csv, HEADER)

-- The parallel aggregation table: the 1M contract rows ten times over (10M rows, 3.5M contracts),
-- hash-partitioned by establishment so that GROUP BY establishment, contract_id can run partitionwise.
CREATE TABLE contract_risks_10m (
    contract_id   integer NOT NULL,
    establishment text NOT NULL,
    risk          text NOT NULL,
    level         text NOT NULL,
    revenue       numeric(15,2) NOT NULL
) PARTITION BY HASH (establishment);
SELECT format('CREATE TABLE contract_risks_10m_p%s PARTITION OF contract_risks_10m '
              'FOR VALUES WITH (MODULUS 8, REMAINDER %s)', i, i)
FROM generate_series(0, 7) AS i \gexec
INSERT INTO contract_risks_10m
    SELECT c.contract_id + k * 1000000, c.establishment, c.risk, c.level, c.revenue
    FROM generate_series(0, 9) AS k, contract_risks AS c
    ORDER BY k, c.contract_id, c.risk;

-- R162-45-2 III as a DBA would write it in PL/pgSQL: rate from the table, times revenue, down to the cent.
CREATE FUNCTION plpgsql_penalty(risks integer, level text, revenue numeric) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    rate numeric;
BEGIN
    IF risks NOT BETWEEN 0 AND 3 THEN
        RAISE EXCEPTION 'risks must be 0 to 3 (got %)', risks USING ERRCODE = '22023';
    END IF;
    IF revenue < 0 OR revenue > 10000000000000 THEN
        RAISE EXCEPTION 'revenue out of range (got %)', revenue USING ERRCODE = '22023';
    END IF;
    rate := CASE level
        WHEN 'none' THEN (ARRAY[0, 0.0033, 0.0066, 0.01])[risks + 1]
        WHEN 'partial' THEN (ARRAY[0, 0.0016, 0.0033, 0.005])[risks + 1]
        WHEN 'complete' THEN 0
    END;
    IF rate IS NULL THEN
        RAISE EXCEPTION 'unknown level %', level USING ERRCODE = '22023';
    END IF;
    RETURN trunc(round(revenue, 2) * rate, 2);
END
$$;

-- CPC 641-642 for the establishment's deadlines: start + 30 days, then the next working day
-- (not a Saturday, a Sunday or a holiday of the calendar); months for durations (PostgreSQL's
-- date + interval keeps the same day number or clamps to the month's end, as CPC 641 al. 2).
CREATE FUNCTION plpgsql_deadline(start date, kind text, cal text) RETURNS date
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
DECLARE
    d date;
BEGIN
    IF cal NOT IN ('none', 'fr', 'fr-alsace-moselle', 'fr-guadeloupe', 'fr-martinique',
                   'fr-guyane', 'fr-reunion', 'fr-mayotte') THEN
        RAISE EXCEPTION 'unknown calendar %', cal USING ERRCODE = '22023';
    END IF;
    CASE kind
        WHEN 'establishment_draft', 'observations' THEN
            d := start + 30;
            IF cal <> 'none' THEN
                WHILE extract(isodow FROM d) >= 6
                      OR EXISTS (SELECT 1 FROM holiday h WHERE h.calendar = cal AND h.day = d) LOOP
                    d := d + 1;
                END LOOP;
            END IF;
        WHEN 'agency_draft', 'signature' THEN d := start + 30;
        WHEN 'contract_end' THEN d := start + interval '4 years';
        WHEN 'annual_report', 'cure' THEN d := start + interval '1 year';
        WHEN 'reassessment' THEN d := start + interval '2 years';
        ELSE RAISE EXCEPTION 'unknown kind %', kind USING ERRCODE = '22023';
    END CASE;
    RETURN d;
END
$$;

-- The same rule in plain SQL with a table of working days (what a DBA would do without loops).
CREATE TABLE working_day AS
    SELECT c.calendar, d::date AS day
    FROM (VALUES ('none'), ('fr'), ('fr-alsace-moselle'), ('fr-guadeloupe'), ('fr-martinique'),
                 ('fr-guyane'), ('fr-reunion'), ('fr-mayotte')) AS c(calendar),
         generate_series(date '2014-01-01', date '2019-12-31', interval '1 day') AS d
    WHERE c.calendar = 'none'
       OR (extract(isodow FROM d) < 6
           AND NOT EXISTS (SELECT 1 FROM holiday h WHERE h.calendar = c.calendar AND h.day = d::date));
ALTER TABLE working_day ADD PRIMARY KEY (calendar, day);

VACUUM ANALYZE;
