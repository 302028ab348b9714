# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# Releases, included by the root Makefile (docs/releasing.md):
#   make deb            Debian packages postgresql-15-capes and libsqlite3-mod-capes, built by
#                       dpkg-buildpackage from debian/ in a staged copy of the tree, into build/deb/
#   make dist           the release archive for PGXN, build/dist/capes-RELEASE.zip, with META.json
#   make test-release   both built, checked, installed, tried and removed again (TAP)

DEB_DIR  := $(BUILD)/deb
DIST_DIR := $(BUILD)/dist
DIST_ZIP := $(DIST_DIR)/capes-$(RELEASE).zip
# "testing" while CHANGELOG.md still calls the release unreleased, "stable" once it is dated
RELEASE_STATUS = $(if $(shell grep -F '## $(RELEASE) (unreleased)' CHANGELOG.md),testing,stable)

SUITES += release

.PHONY: deb dist release-deps test-release
release-deps:
	@$(INSTALL_DEPS) release

# The tracked files of the working tree, as they are now, in DIR (outside a git checkout,
# as in an unpacked archive: every file but build/).
define stage
rm -rf $(1) && mkdir -p $(1)
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then git ls-files -z | tar --null -T - -cf -; \
  else tar --exclude=./build -cf - .; fi | tar -xf - -C $(1)
endef

deb: release-deps
	@rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)
	@$(call stage,$(DEB_DIR)/src/capes-$(RELEASE))
	@scripts/debian-changelog $(RELEASE) >$(DEB_DIR)/src/capes-$(RELEASE)/debian/changelog
	@cd $(DEB_DIR)/src/capes-$(RELEASE) && dpkg-buildpackage -us -uc -b >../build.log 2>&1 \
	  || { tail -n 40 ../build.log; echo "make deb: dpkg-buildpackage failed (build/deb/src/build.log)" >&2; exit 1; }
	@mv $(DEB_DIR)/src/*.deb $(DEB_DIR)/
	@ls $(DEB_DIR)/*.deb

$(DIST_DIR)/META.json: META.json.in VERSION CHANGELOG.md
	@mkdir -p $(DIST_DIR)
	@sed -e 's/@RELEASE@/$(RELEASE)/g' -e 's/@RELEASE_STATUS@/$(RELEASE_STATUS)/g' $< >$@

dist: $(DIST_DIR)/META.json
	@$(call stage,$(DIST_DIR)/capes-$(RELEASE))
	@cp $(DIST_DIR)/META.json $(DIST_DIR)/capes-$(RELEASE)/META.json
	@rm -f $(DIST_ZIP) && cd $(DIST_DIR) && python3 -m zipfile -c capes-$(RELEASE).zip capes-$(RELEASE)/
	@echo $(DIST_ZIP)

test-release: release-deps install
	@tests/release/run
