# ureg — plain GNU Makefile with pkg-config.
#
#   make              build build/ureg
#   make run          install what is missing, build, create var/ureg.db with demo data, serve :8080
#   make test         install what is missing, build, run every test suite (SQLite, then the
#                     unit, API and browser suites again on a throwaway PostgreSQL cluster)
#   make test-pg      only that PostgreSQL run (scripts/pg-test.sh starts and removes the cluster)
#   make check        clang-format, the SQL lint, the layering lint, cppcheck
#   make unit-tsan    the threaded unit tests under ThreadSanitizer (objects in build/tsan)
#   make fuzz-smoke   every libFuzzer harness in fuzz/ for FUZZ_SMOKE_SECONDS (10) each
#   make SANITIZE=address,undefined ...   the same under ASan + UBSan (objects in build/san)
#   make install      binary, manual, systemd unit, example configuration under DESTDIR/PREFIX
#   make deb          build/deb/ureg_VERSION_ARCH.deb (dpkg-deb); make deb-smoke tests it
#
# Sources are found by wildcard: a new src/<layer>/<module>.c or test/unit/test_<module>.c needs
# no edit here.

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libsodium libpq libcurl xlsxwriter
WARN    := -std=c17 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wcast-qual -Wpointer-arith -fno-common -fstack-protector-strong
CFLAGS  ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -Isrc -MMD -MP
ifdef WERROR
WARN    += -Werror
endif
# UREG_ASSERT (base/check.h): on in sanitizer builds, in the unit-test binaries and with ASSERTS=1.
ifneq ($(SANITIZE)$(ASSERTS),)
CPPFLAGS += -DUREG_ASSERTS
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS  += $(PKG_LIBS) -lpthread -lm

ifdef SANITIZE
BUILD   ?= build/san
CFLAGS  += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all -O1
LDFLAGS += -fsanitize=$(SANITIZE)
else
BUILD   ?= build
endif

SRC      := $(sort $(wildcard src/*/*.c))
OBJ      := $(SRC:%.c=$(BUILD)/%.o)
GEN      := $(BUILD)/gen/embed_data.c $(BUILD)/gen/embed_sql.c $(BUILD)/gen/embed_web.c \
            $(BUILD)/gen/copy_catalogue.c
GEN_OBJ  := $(GEN:.c=.o)
LIB      := $(BUILD)/libureg.a
UNIT_SRC := $(sort $(wildcard test/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:test/unit/%.c=$(BUILD)/test/%)

DATA_FILES := $(sort $(wildcard data/*.csv))
SQL_FILES  := $(sort $(wildcard src/store/migrations/*.sql))
WEB_FILES  := $(sort $(shell find web -type f 2>/dev/null))
# Front-end libraries, served from the binary under /vendor/ (pinned in package-lock.json).
WEB_VENDOR := vendor/vue.esm-browser.prod.js=node_modules/vue/dist/vue.esm-browser.prod.js \
              vendor/element-plus.mjs=node_modules/element-plus/dist/index.full.min.mjs \
              vendor/element-plus.css=node_modules/element-plus/dist/index.css \
              vendor/element-plus-zh-cn.mjs=node_modules/element-plus/dist/locale/zh-cn.min.mjs \
              vendor/element-plus-en.mjs=node_modules/element-plus/dist/locale/en.min.mjs \
              vendor/echarts.esm.min.mjs=node_modules/echarts/dist/echarts.esm.min.mjs
WEB_VENDOR_PATHS := $(foreach v,$(WEB_VENDOR),$(word 2,$(subst =, ,$(v))))

.PHONY: all run test test-pg pg-suite unit unit-san unit-tsan api ui pg-api check format \
        lint-sql lint-layers cppcheck bootstrap clean fuzz fuzz-smoke docs man install deb \
        deb-smoke
all: $(BUILD)/ureg

$(BUILD)/ureg: $(BUILD)/src/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(filter-out $(BUILD)/src/main.o,$(OBJ)) $(GEN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/src/main.o: src/main.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

$(BUILD)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

# Generated tables are plain data: compiled without -Wpedantic's length limits.
$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -o $@ $<

$(BUILD)/gen/embed_data.c: build/tools/embed $(DATA_FILES)
	@mkdir -p $(dir $@)
	build/tools/embed embed_data $@ $(foreach f,$(DATA_FILES),$(notdir $(f))=$(f))

$(BUILD)/gen/embed_sql.c: build/tools/embed $(SQL_FILES)
	@mkdir -p $(dir $@)
	build/tools/embed embed_sql $@ $(foreach f,$(SQL_FILES),$(notdir $(f))=$(f))

$(BUILD)/gen/embed_web.c: build/tools/embed $(WEB_FILES) $(WEB_VENDOR_PATHS)
	@mkdir -p $(dir $@)
	build/tools/embed embed_web $@ $(foreach f,$(WEB_FILES),$(f:web/%=%)=$(f)) $(WEB_VENDOR)

# The copy catalogue's fixed SQL (store/copy_catalogue.h), from src/store/copy.tables.
$(BUILD)/gen/copy_catalogue.c: tools/gen_copy.awk src/store/copy.tables
	@mkdir -p $(dir $@)
	awk -f tools/gen_copy.awk src/store/copy.tables > $@.tmp && mv $@.tmp $@

$(WEB_VENDOR_PATHS):
	scripts/bootstrap.sh npm

# --- tests ---------------------------------------------------------------------------------

$(BUILD)/test/test_%: test/unit/test_%.c $(wildcard test/unit/*.h) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -DUREG_ASSERTS -Itest/unit $(PKG_CFLAGS) $(WARN) -Wno-missing-prototypes $(CFLAGS) \
	    $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS) -lcmocka

unit: $(UNIT_BIN)
	@scripts/run-unit.sh $(UNIT_BIN)

unit-san:
	$(MAKE) SANITIZE=address,undefined unit

# The unit tests that run threads (the HTTP server's, the group-commit writer's, app_open's
# batcher, pthread_once loads) under ThreadSanitizer, objects in build/tsan. Nothing is
# suppressed: a report stops the test.
TSAN_TESTS := accounts batch dataset gen metrics region server
unit-tsan:
	$(MAKE) SANITIZE=thread BUILD=build/tsan $(TSAN_TESTS:%=build/tsan/test/test_%)
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" scripts/run-unit.sh \
	    $(TSAN_TESTS:%=build/tsan/test/test_%)

# test/web/ checks the web UI's modules against the binary (messages, the document-number check);
# test/faults/ kills the server, fills its disk, locks and write-protects its database
# (docs/security-faults.md; the disk and read-only tests mount file systems, so they need root).
# Each test file is cancelled (and fails) after NODE_TEST_TIMEOUT ms, so a hang costs minutes, not
# the CI run.
NODE_TEST_TIMEOUT ?= 900000
NODE_TEST = UREG_BIN=$(abspath $(BUILD)/ureg) node --test --test-timeout=$(NODE_TEST_TIMEOUT)

api: $(BUILD)/ureg
	$(NODE_TEST) --test-concurrency=2 test/api/ test/web/ \
	    test/exchange/ test/faults/

ui: $(BUILD)/ureg
	$(NODE_TEST) --test-concurrency=1 test/ui/

# PostgreSQL-only black-box tests (restart under load, start-up errors): need UREG_TEST_PG.
pg-api: $(BUILD)/ureg
	$(NODE_TEST) --test-concurrency=1 test/pg/

# Everything that runs against PostgreSQL; inside scripts/pg-test.sh, which sets UREG_TEST_PG.
# UREG_TEST_PG_REQUIRED makes test_pg fail instead of skipping when the cluster is missing;
# test_jobs runs its PostgreSQL case here too (it skips it under `make unit`).
pg-suite: $(BUILD)/ureg $(BUILD)/test/test_pg $(BUILD)/test/test_jobs
	UREG_TEST_PG_REQUIRED=1 $(BUILD)/test/test_pg
	$(BUILD)/test/test_jobs
	$(MAKE) SANITIZE=address,undefined build/san/test/test_pg
	UREG_TEST_PG_REQUIRED=1 build/san/test/test_pg
	$(MAKE) api
	$(MAKE) pg-api
	$(MAKE) ui

test-pg: $(BUILD)/ureg $(BUILD)/test/test_pg
	scripts/pg-test.sh $(MAKE) pg-suite

bootstrap:
	scripts/bootstrap.sh

test: bootstrap
	$(MAKE) all
	$(MAKE) check
	$(MAKE) unit
	$(MAKE) unit-san
	$(MAKE) unit-tsan
	$(MAKE) fuzz-smoke
	$(MAKE) api
	$(MAKE) ui
	$(MAKE) deb-smoke
	$(MAKE) test-pg

run: bootstrap
	$(MAKE) all
	@mkdir -p var
	@if test -f var/ureg.db; then $(BUILD)/ureg --db var/ureg.db demo --logins-only; \
	else $(BUILD)/ureg --db var/ureg.db init && $(BUILD)/ureg --db var/ureg.db demo; fi
	$(BUILD)/ureg --db var/ureg.db serve --listen 127.0.0.1:8080

# --- static checks -------------------------------------------------------------------------

check: format lint-sql lint-layers cppcheck

format:
	clang-format --dry-run --Werror $(SRC) $(wildcard src/*/*.h) $(UNIT_SRC) tools/embed.c \
	    $(wildcard fuzz/*.c)

lint-sql:
	@scripts/lint-sql.sh

lint-layers:
	@scripts/lint-layers.sh

cppcheck:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr \
	    --suppress=missingIncludeSystem -D_GNU_SOURCE -Isrc src

# docs/api.md is generated from the route table (an API test checks it is current).
docs: $(BUILD)/ureg
	{ printf '# HTTP API\n\nGenerated by `make docs` from the route table in src/http/api.c;'; \
	  printf ' see CONTRACT.md for the request and response shapes, and GET /api/v1/openapi.json'; \
	  printf ' (or `ureg openapi`) for the OpenAPI 3.1 document with every schema.\n\n'; \
	  $(BUILD)/ureg routes; printf '\n'; cat docs/api-exchange.md; } > docs/api.md

# --- install and package ---------------------------------------------------------------------
# `make install` puts the binary in $(PREFIX)/bin, ureg(1) in $(PREFIX)/share/man/man1, the unit
# in $(PREFIX)/lib/systemd/system (ExecStart naming $(PREFIX)/bin) and the example configuration
# (`ureg config example`) with docs/operations.md in $(PREFIX)/share/doc/ureg; it never writes
# /etc (copy the example to /etc/ureg/ureg.conf). The Debian package installs /etc/ureg/ureg.conf.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  := $(PREFIX)/bin
MANDIR  := $(PREFIX)/share/man
DOCDIR  := $(PREFIX)/share/doc/ureg
UNITDIR := $(PREFIX)/lib/systemd/system

man: $(BUILD)/ureg.1
$(BUILD)/ureg.1: $(BUILD)/ureg
	$(BUILD)/ureg help --man >$@

install: $(BUILD)/ureg $(BUILD)/ureg.1
	install -Dm755 $(BUILD)/ureg $(DESTDIR)$(BINDIR)/ureg
	install -Dm644 $(BUILD)/ureg.1 $(DESTDIR)$(MANDIR)/man1/ureg.1
	@mkdir -p $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DOCDIR)
	sed 's|/usr/bin/ureg|$(BINDIR)/ureg|g' packaging/ureg.service >$(DESTDIR)$(UNITDIR)/ureg.service
	UREG_CONFIG=/dev/null $(BUILD)/ureg config example >$(DESTDIR)$(DOCDIR)/ureg.conf.example
	install -m644 docs/operations.md $(DESTDIR)$(DOCDIR)/operations.md

DEB_STAGE := $(BUILD)/deb/stage
deb: $(BUILD)/ureg $(BUILD)/ureg.1
	rm -rf $(DEB_STAGE)
	$(MAKE) install DESTDIR=$(abspath $(DEB_STAGE)) PREFIX=/usr
	scripts/make-deb.sh $(DEB_STAGE) $(BUILD)/ureg $(BUILD)/deb

# Builds the package, unpacks it into a temporary directory and runs its ureg there.
deb-smoke: deb
	scripts/deb-smoke.sh $(BUILD)/deb/ureg_*.deb

# libFuzzer harnesses (clang): make fuzz FUZZ=idnum SECONDS=60. The sources are compiled once
# into build/fuzz (with -fsanitize=fuzzer-no-link) and each fuzz/fuzz_<name>.c is linked against
# them; fuzz/corpus/<name>/ seeds it and fuzz/<name>.dict, when present, is its dictionary. New
# inputs go to build/fuzz/corpus-<name>/, crashes to build/fuzz/crash-*. `make fuzz-smoke` runs
# every harness for FUZZ_SMOKE_SECONDS each (part of `make test`).
FUZZ    ?= idnum
SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_ALL    := $(sort $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c)))
FUZZ_CFLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
FUZZ_OBJ    := $(patsubst %.c,build/fuzz/%.o,$(filter-out src/main.c,$(SRC))) \
               $(GEN:$(BUILD)/gen/%.c=build/fuzz/gen/%.o)
FUZZ_RUN     = build/fuzz/fuzz_$(1) -max_len=4096 -artifact_prefix=build/fuzz/ \
               $(if $(wildcard fuzz/$(1).dict),-dict=fuzz/$(1).dict) \
               build/fuzz/corpus-$(1) $(wildcard fuzz/corpus/$(1))

build/fuzz/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/libureg.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/fuzz/fuzz_%: fuzz/fuzz_%.c build/fuzz/libureg.a
	clang $(CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	    build/fuzz/libureg.a $(LDLIBS)

fuzz: build/fuzz/fuzz_$(FUZZ)
	@mkdir -p build/fuzz/corpus-$(FUZZ)
	$(call FUZZ_RUN,$(FUZZ)) -max_total_time=$(SECONDS)

fuzz-smoke: $(FUZZ_ALL:%=build/fuzz/fuzz_%)
	@for f in $(FUZZ_ALL); do mkdir -p build/fuzz/corpus-$$f; done
	$(foreach f,$(FUZZ_ALL),$(call FUZZ_RUN,$(f)) -max_total_time=$(FUZZ_SMOKE_SECONDS) \
	    -print_final_stats=0 2>build/fuzz/$(f).log || { tail -40 build/fuzz/$(f).log; exit 1; }; \
	    tail -1 build/fuzz/$(f).log;)

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(BUILD)/src/main.d $(wildcard build/fuzz/src/*/*.d)
