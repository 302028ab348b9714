-- SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
-- Run after sql/register-pg.sql before the README's GRANT example (tests/docs/examples.py):
-- the role it grants to.
CREATE ROLE clerk;
