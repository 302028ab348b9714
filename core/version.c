/* SPDX-License-Identifier: PostgreSQL (capes; see LICENSE) */
/* The release capes_version() returns. The number is written once, in the file VERSION at
 * the root of the repository; every build passes it here as -DCAPES_VERSION (Makefile for
 * the core, the SQLite extension and the tests, pg_ext/Makefile for PostgreSQL). */
#include "capes.h"

#ifndef CAPES_VERSION
#error "CAPES_VERSION is not defined: build with the Makefile, which reads it from the file VERSION"
#endif

const char capes_release[] = CAPES_VERSION;
