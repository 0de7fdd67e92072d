# The two commands a new user needs:  make demo   (realistic data, web app on http://127.0.0.1:8000/)
#                                     make test   (every test, on SQLite; CI also runs them on PostgreSQL)
# Kohtaamo needs Python 3.12+ (Django 6). PYTHON is the first such interpreter found, or set it yourself.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo "$$p"; break; }; done)
VENV := .venv
# The demo's web port: `make demo PORT=8001` when 8000 is taken.
PORT ?= 8000

.PHONY: demo test install lint messages

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Kohtaamo needs Python 3.12 or newer; set PYTHON=/path/to/python3.12"; exit 2; }
	@echo "Using $(PYTHON) ($$($(PYTHON) --version)); creating $(VENV) and installing Kohtaamo (a minute or two the first time)"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --progress-bar on -e '.[test]'
	@touch $@
	@echo "Installed."

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/kohtaamo demo --port $(PORT)

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest -n 2 --dist loadfile

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy

messages: install
	cd src/kohtaamo && ../../$(VENV)/bin/django-admin makemessages -l fi -l sv --no-obsolete --settings=kohtaamo.settings
