# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# Locale suites, included by the root Makefile: capes' answers and the suites
# must not depend on the caller's locale.
#   make test-sqlite-fr    the SQLite suite with LC_ALL=fr_FR.UTF-8 and every Python process
#                          calling setlocale(LC_ALL, ""): the C library's decimal comma
#   make test-pg-fr        the PostgreSQL vectors, glue checks and cross-engine comparison in a
#                          cluster created with --locale=fr_FR.UTF-8 (French messages, French
#                          collation), with capes' messages still English
#   make test-pg-no-lang   every PostgreSQL suite again with LANG, LANGUAGE and every LC_*
#                          unset, as on a bare image, in a container or under cron
# Each prints TAP. scripts/install-deps locale (locale-deps) generates fr_FR.UTF-8 where it is
# missing.

LOCALE_BUILD := $(BUILD)/locale
LOCALE_FR    := fr_FR.UTF-8

# Every throwaway cluster that pg_virtualenv creates for make gets an explicit encoding and
# locale instead of the caller's (SQL_ASCII when LANG is unset, French messages under
# fr_FR.UTF-8): pg_virtualenv passes $INITDB_OPTS to initdb when it is not given -i, which
# is how every .mk file calls it. C.UTF-8 keeps PostgreSQL's messages English, as the
# suites that compare them expect; tests/locale/run-pg-fr passes -i to get French.
export INITDB_OPTS := --encoding=UTF8 --locale=C.UTF-8

SUITES += sqlite-fr pg-fr pg-no-lang

.PHONY: locale-deps test-sqlite-fr test-pg-fr test-pg-no-lang

locale-deps:
	@$(INSTALL_DEPS) locale

$(LOCALE_BUILD):
	mkdir -p $@

# The SQLite suite exactly as make test-sqlite runs it, in French: LC_ALL, and the
# sitecustomize of tests/locale/python-fr, which calls setlocale(LC_ALL, "") in every Python
# process (Python alone takes only LC_CTYPE from the environment). LANGUAGE would take
# precedence over LC_ALL for translated messages: unset. sqlite-fr.py first proves, in a
# process started the same way, that the locale is in force. No __pycache__ in the tree.
LOCALE_PYTHON := /usr/bin/python3
LOCALE_FR_ENV := env -u LANGUAGE LC_ALL=$(LOCALE_FR) PYTHONPATH=$(CURDIR)/tests/locale/python-fr \
                 PYTHONDONTWRITEBYTECODE=1
test-sqlite-fr: | locale-deps
	@rc=0; $(LOCALE_FR_ENV) $(LOCALE_PYTHON) tests/locale/sqlite-fr.py || rc=1; \
	  $(LOCALE_FR_ENV) $(MAKE) -s --no-print-directory test-sqlite || rc=1; exit $$rc

# The pgTAP scripts are the pg suite's own (build/pg/t, written by make test-pg, which runs
# before this suite in make test), copied so that a later test-pg and cross.py's work files
# stay apart. When they are missing or older than the vectors, the generators or the core
# (this suite run alone, after an edit), the pg suite is run first, quietly, to write them.
LOCALE_PG_T := $(LOCALE_BUILD)/pg-t
test-pg-fr: install sqlite | locale-deps $(LOCALE_BUILD)
	@if [ ! -s $(PG_BUILD)/t/catalog.sql ] || \
	    [ -n "$$(find tests/vectors tests/pg tests/catalog core -newer $(PG_BUILD)/t/catalog.sql -print -quit 2>/dev/null)" ]; then \
	  $(MAKE) -s --no-print-directory test-pg >$(LOCALE_BUILD)/test-pg.log 2>&1; \
	  [ -s $(PG_BUILD)/t/catalog.sql ] || \
	    { echo "Bail out! make test-pg did not write $(PG_BUILD)/t (see $(LOCALE_BUILD)/test-pg.log)"; exit 1; }; \
	fi
	@rm -rf $(LOCALE_PG_T) && cp -r $(PG_BUILD)/t $(LOCALE_PG_T)
	@env -u LANGUAGE LC_ALL=$(LOCALE_FR) pg_virtualenv -t -v 15 -i '--encoding=UTF8 --locale=$(LOCALE_FR)' \
	  tests/locale/run-pg-fr $(LOCALE_PG_T)

# Every suite of SUITES that runs a PostgreSQL cluster (pg, fdw, every *-pg, upgrade, memory),
# each through make again. release is left out: its cluster is made the same way (INITDB_OPTS),
# and building and purging the packages twice would double its time for nothing of the locale.
test-pg-no-lang:
	@MAKE='$(MAKE)' tests/locale/run-no-lang $(filter pg fdw %-pg upgrade memory,$(SUITES))
