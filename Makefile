# tlsrpt-analyzer: build, test and package.
#
#   make run ARGS='testdata/real'   build and start the desktop app
#   make test                       everything CI runs
#   make staticcheck                staticcheck (installed into .bin/)
#   make test-windows               the Windows build run under wine (release check)
#   make build | bench [BENCH_BIG=1] | fuzz [FUZZTIME=10s] | race [RACE_PKGS=./...]
#   make package | package-windows | install | uninstall | icon | clean
#
# System packages (Debian) are installed on demand by scripts/sysdeps.sh.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
.DEFAULT_GOAL := build
# Steps of `test` must run in order, even under `make -j`.
.NOTPARALLEL:

GO       ?= go
BIN      := tlsrpt-analyzer
ARGS     ?=
FUZZTIME ?= 10s
# Extra flags for `go test` in `make test`, e.g. GOTESTFLAGS=-race.
GOTESTFLAGS ?=
# Packages that `make test` also runs under the race detector. The whole tree
# under -race takes about 6 minutes on 2 cores, so only the concurrent loader
# by default; `make race RACE_PKGS=./...` for everything, RACE_PKGS= to skip.
RACE_PKGS ?= ./analysis

LOCALBIN     := $(CURDIR)/.bin
FYNE_VERSION := v1.7.4
FYNE         := $(LOCALBIN)/fyne
STATICCHECK_VERSION := v0.8.2
STATICCHECK  := $(LOCALBIN)/staticcheck-$(STATICCHECK_VERSION)
DIST         := dist

toml = $(shell sed -n 's/^[[:space:]]*$(1)[[:space:]]*=[[:space:]]*"\(.*\)".*/\1/p' FyneApp.toml | head -n 1)
VERSION  := $(call toml,Version)
APP_ID   := $(call toml,ID)
APP_NAME := $(call toml,Name)

# Fyne logs "Error parsing user locale C" under LANG=C/POSIX/unset.
RUN_LANG := $(if $(filter-out C POSIX,$(LANG)),$(LANG),C.UTF-8)
RUN_ENV  := LANG=$(RUN_LANG) $(if $(filter C POSIX,$(LC_ALL)),LC_ALL=$(RUN_LANG))
# The same for tests, e2e and the smoke test.
export LANG := $(RUN_LANG)
ifneq ($(filter C POSIX,$(LC_ALL)),)
export LC_ALL := $(RUN_LANG)
endif

PREFIX_USER := $(HOME)/.local

# osusergo: Go's own user lookup instead of glibc's, which Fyne's font
# scanner and D-Bus reach through os/user; glibc may ask nscd or LDAP over
# the network, and the app promises never to open a network connection.
# GOFLAGS reaches fyne package's builds too.
export GOFLAGS := -tags=osusergo

.PHONY: all run build test sysdeps sysdeps-test fmt-check vet staticcheck gotest race bench fuzz e2e smoke dragdrop notify test-windows nonetwork \
	package package-windows install uninstall icon clean distclean

all: build

## System packages ----------------------------------------------------------

sysdeps:
	@scripts/sysdeps.sh build

sysdeps-test:
	@scripts/sysdeps.sh test

## Build and run ------------------------------------------------------------

build: sysdeps
	$(GO) build -o $(BIN) .

run: build
	$(RUN_ENV) ./$(BIN) $(ARGS)

## Tests --------------------------------------------------------------------

GOFILES = $(shell find . -name '*.go' -not -path './.git/*' -not -path './.bin/*' -not -path './$(DIST)/*' -not -path './fyne-cross/*' -not -path '*/testdata/*')

fmt-check:
	@bad=$$(gofmt -l $(GOFILES)); \
	if [[ -n $$bad ]]; then echo "gofmt: these files need formatting (run gofmt -w):"; echo "$$bad" | sed 's/^/  /'; exit 1; fi; \
	echo "gofmt: ok"

vet:
	$(GO) vet ./...

# The binary's name carries its version, so changing STATICCHECK_VERSION
# installs the new one instead of reusing the old.
$(STATICCHECK):
	@mkdir -p $(LOCALBIN)
	GOBIN=$(LOCALBIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv -f $(LOCALBIN)/staticcheck $@

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...
	@echo "staticcheck: ok"

# Runs the unit tests verbosely into a log, shows everything but the noise of
# passing tests, and closes with a count line.
gotest:
	@mkdir -p $(LOCALBIN)
	@log=$(LOCALBIN)/gotest.log; rc=0; \
	$(GO) test -v -count=1 $(GOTESTFLAGS) ./... > $$log 2>&1 || rc=$$?; \
	grep -Ev '^[[:space:]]*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|SKIP): |PASS$$)' $$log || true; \
	passed=$$(grep -Ec '^[[:space:]]*--- PASS: ' $$log || true); \
	failed=$$(grep -Ec '^[[:space:]]*--- FAIL: |^FAIL[[:space:]].*\[(build|setup) failed\]' $$log || true); \
	skipped=$$(grep -Ec '^[[:space:]]*--- SKIP: ' $$log || true); \
	if (( rc != 0 && failed == 0 )); then failed=1; fi; \
	echo "go-test: $$passed passed, $$failed failed, $$skipped skipped" | tee $(LOCALBIN)/gotest.summary; \
	exit $$rc

race:
	$(if $(strip $(RACE_PKGS)),$(GO) test -race -count=1 $(RACE_PKGS),@echo "race: skipped (RACE_PKGS is empty)")

# Each fuzz target found by `go test -list` gets FUZZTIME of fuzzing.
fuzz:
	GO=$(GO) scripts/fuzz.sh $(FUZZTIME)

e2e: build
	scripts/e2e.sh

smoke: build
	scripts/smoke-window.sh

# Real XDND drops of files, a folder, an odd name and a link on the window.
dragdrop: build
	scripts/dragdrop.sh

# A desktop notification on a real session bus (dunst, dbus-monitor).
notify: build
	scripts/notify.sh

# The Windows build run under wine on Xvfb (the release check; see README).
test-windows: build
	@scripts/sysdeps.sh windows wine test
	scripts/test-windows.sh

# No network connections, no URL opened (CLI and window, under strace).
nonetwork: build
	TLA_BIN=$(CURDIR)/$(BIN) scripts/nonetwork.sh

test: sysdeps-test fmt-check vet staticcheck gotest race build
	@$(MAKE) --no-print-directory fuzz FUZZTIME=5s
	scripts/e2e.sh
	scripts/report-html.sh
	scripts/smoke-window.sh
	scripts/dragdrop.sh
	scripts/notify.sh
	TLA_BIN=$(CURDIR)/$(BIN) scripts/nonetwork.sh
	@echo "make test: all steps passed"
	@sed 's/^go-test:/tests:/' $(LOCALBIN)/gotest.summary

bench:
	scripts/bench.sh

## Packaging ----------------------------------------------------------------

$(FYNE):
	@mkdir -p $(LOCALBIN)
	GOBIN=$(LOCALBIN) $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_VERSION)

# fyne package --release bumps Build in FyneApp.toml and rewrites the file:
# keep the committed one (and its timestamp) as it was.
define fyne_package
@mkdir -p $(LOCALBIN)
cp -p FyneApp.toml $(LOCALBIN)/FyneApp.toml.orig; \
	rc=0; $(2) $(FYNE) package $(1) || rc=$$?; \
	cp -p $(LOCALBIN)/FyneApp.toml.orig FyneApp.toml; exit $$rc
endef

LINUX_TAR := $(DIST)/$(BIN)-$(VERSION)-linux-amd64.tar.xz
WIN_EXE   := $(DIST)/$(BIN)-$(VERSION)-windows-amd64.exe

package: $(FYNE)
	@scripts/sysdeps.sh package
	@mkdir -p $(DIST)
	rm -f "$(APP_NAME).tar.xz"
	$(call fyne_package,-os linux --release)
	mv -f "$(APP_NAME).tar.xz" $(LINUX_TAR)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	tar -xJf $(LINUX_TAR) -C "$$tmp"; \
	desktop=$$(find "$$tmp" -name '*.desktop' | head -n 1); \
	[[ -n $$desktop ]] || { echo "package: no .desktop file in $(LINUX_TAR)"; exit 1; }; \
	desktop-file-validate "$$desktop"; \
	grep -q '^MimeType=.*application/tlsrpt+json' "$$desktop" || { echo "package: no MimeType line in $$desktop"; exit 1; }; \
	grep -q '^Exec=[^ ]* %F$$' "$$desktop" || { echo "package: Exec line is not 'NAME %F' in $$desktop"; exit 1; }; \
	find "$$tmp" -path '*/bin/*' -type f -perm -u+x | grep -q . || { echo "package: no binary in $(LINUX_TAR)"; exit 1; }; \
	find "$$tmp" -name '*.png' | grep -q . || { echo "package: no icon in $(LINUX_TAR)"; exit 1; }; \
	echo "package: $(LINUX_TAR) ok (.desktop valid, binary and icon present)"

package-windows: $(FYNE)
	@scripts/sysdeps.sh windows
	@mkdir -p $(DIST)
	rm -f "$(APP_NAME).exe"
	$(call fyne_package,-os windows --release,CC=x86_64-w64-mingw32-gcc CGO_ENABLED=1)
	mv -f "$(APP_NAME).exe" $(WIN_EXE)
	@file $(WIN_EXE) | grep -q 'PE32+ executable (GUI) x86-64' || { file $(WIN_EXE); echo "package-windows: not a Windows GUI executable"; exit 1; }
	@echo "package-windows: $(WIN_EXE) ok"

# Installs the Linux package for the current user only.
install: $(LINUX_TAR)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	tar -xJf $(LINUX_TAR) -C "$$tmp"; \
	exe=$$(find "$$tmp" -path '*/bin/*' -type f -perm -u+x | head -n 1); \
	desktop=$$(find "$$tmp" -name '*.desktop' | head -n 1); \
	icon=$$(find "$$tmp" -name '*.png' | head -n 1); \
	install -Dm755 "$$exe" "$(PREFIX_USER)/bin/$(BIN)"; \
	install -Dm644 "$$icon" "$(PREFIX_USER)/share/icons/hicolor/512x512/apps/$(APP_ID).png"; \
	mkdir -p "$(PREFIX_USER)/share/applications"; \
	sed -e 's|^Exec=[^ ]*|Exec=$(PREFIX_USER)/bin/$(BIN)|' -e 's|^Icon=.*|Icon=$(APP_ID)|' "$$desktop" \
		> "$(PREFIX_USER)/share/applications/$(APP_ID).desktop"; \
	chmod 644 "$(PREFIX_USER)/share/applications/$(APP_ID).desktop"; \
	if command -v update-desktop-database >/dev/null; then update-desktop-database "$(PREFIX_USER)/share/applications" || true; fi; \
	if command -v gtk-update-icon-cache >/dev/null && [[ -f $(PREFIX_USER)/share/icons/hicolor/index.theme ]]; then \
		gtk-update-icon-cache -q "$(PREFIX_USER)/share/icons/hicolor" || true; fi; \
	echo "install: $(PREFIX_USER)/bin/$(BIN)"; \
	echo "install: $(PREFIX_USER)/share/applications/$(APP_ID).desktop"; \
	echo "install: $(PREFIX_USER)/share/icons/hicolor/512x512/apps/$(APP_ID).png"; \
	case ":$$PATH:" in *":$(PREFIX_USER)/bin:"*) ;; *) echo "install: note: $(PREFIX_USER)/bin is not in PATH";; esac

$(LINUX_TAR): $(GOFILES) go.mod go.sum FyneApp.toml assets/icon.png
	$(MAKE) --no-print-directory package

uninstall:
	rm -f "$(PREFIX_USER)/bin/$(BIN)" \
		"$(PREFIX_USER)/share/applications/$(APP_ID).desktop" \
		"$(PREFIX_USER)/share/icons/hicolor/512x512/apps/$(APP_ID).png"
	if command -v update-desktop-database >/dev/null; then update-desktop-database "$(PREFIX_USER)/share/applications" || true; fi

## Assets -------------------------------------------------------------------

icon:
	$(GO) run ./internal/tools/icongen -o assets/icon.png

## Cleaning -----------------------------------------------------------------

clean:
	rm -f $(BIN) $(BIN).exe "$(APP_NAME)" "$(APP_NAME).exe" "$(APP_NAME).tar.xz" *.syso
	rm -rf $(DIST) fyne-cross

distclean: clean
	rm -rf $(LOCALBIN)
