-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- Included (\ir) by the pgTAP scripts of tests/pg that compare errors; not a test of its own.
-- SQLSTATE, message and detail of the error a query raises.
CREATE FUNCTION pg_temp.error_of(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    state text;
    message text;
    detail text;
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN state || ' | ' || message || ' | ' || coalesce(nullif(detail, ''), '(no detail)');
END
$$;
