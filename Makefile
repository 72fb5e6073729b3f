# RegionPulse — `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RP := $(BIN)/regionpulse
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8000

.PHONY: install install-dev assets fonts demo run serve test test-fast browser office lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.base: $(BIN)/python requirements/base.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.lock
	$(BIN)/pip install --quiet -r requirements/dev.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

regionpulse/static/vendor/echarts.min.js: node_modules/.package-lock.json scripts/build-assets.mjs
	npm run --silent build

assets: regionpulse/static/vendor/echarts.min.js $(VENV)/.base
	$(RP) compilemessages --ignore=.venv --ignore=node_modules -v 0
	$(RP) collectstatic --noinput -v 0

## install: virtual environment, Python packages, static assets, Chinese fonts for the charts
install: $(VENV)/.base assets fonts

install-dev: $(VENV)/.dev assets fonts

## fonts: a CJK font (Debian's fonts-noto-cjk) for the charts in Word bulletins; without one they are left out
fonts:
	@fc-list :lang=zh family 2>/dev/null | grep -q . || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fontconfig fonts-noto-cjk >/dev/null; } || \
		echo "未能安装中文字体 fonts-noto-cjk：Word 简报将不含图表"

## demo: migrate the embedded SQLite database and load the demo data
demo: install
	$(RP) demo

## run: install, load the demo and serve http://127.0.0.1:8000
run: demo
	$(RP) serve --port $(PORT)

serve: install
	$(RP) serve --port $(PORT)

## browser: Debian's chromium (and CJK fonts) for the page tests
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

## office: LibreOffice and poppler, which open the Word bulletin in the tests as a reader would
office:
	@{ command -v soffice && command -v pdftotext; } >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libreoffice-writer-nogui poppler-utils >/dev/null; }

## test: the whole suite (SQLite by default; DATABASE_URL selects PostgreSQL)
test: install-dev browser office
	$(BIN)/pytest -q

test-fast: install-dev
	$(BIN)/pytest -q -m "not browser"

## lint: ruff, mypy, migrations up to date
lint: install-dev
	$(BIN)/ruff check regionpulse
	$(BIN)/ruff format --check regionpulse
	$(BIN)/mypy regionpulse
	$(RP) makemigrations --check --dry-run

## bench: figures against baselines (printed, compared in the same run; never fails CI on a slow machine)
bench: install-dev
	$(BIN)/python -m regionpulse.bench

clean:
	rm -rf $(VENV) node_modules staticfiles regionpulse/static/vendor
