# Two commands: `make run` and `make test`. Everything else is set-up they share.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := demo.annotator

.PHONY: run test lint typecheck demo screenshots bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(DEMO): $(STAMP)
	$(BIN)/annotator demo $(DEMO)

demo: $(DEMO)

run: $(STAMP) $(DEMO)
	$(BIN)/annotator gui $(DEMO)

lint: $(STAMP)
	$(BIN)/ruff check annotator tests benchmarks
	$(BIN)/ruff format --check annotator tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy annotator

test: $(STAMP) $(DEMO) lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Screenshots for the README need a real X server: Debian's xvfb.
screenshots: $(STAMP)
	command -v xvfb-run >/dev/null || (apt-get update -qq && apt-get install -y -qq xvfb)
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python -m annotator.ui.screenshots docs

bench: $(STAMP)
	for b in benchmarks/*.py; do case $$b in *screenshots*) ;; *) $(BIN)/python $$b;; esac; done

clean:
	rm -rf $(VENV) $(DEMO) $(DEMO)-wal $(DEMO)-shm
