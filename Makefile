# Two commands: `make run` and `make test`. Everything else is set-up they share.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := demo.annotator

.PHONY: run test lint typecheck demo screenshots bench clean gui-deps session

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(DEMO): | $(STAMP)
	$(BIN)/annotator demo $(DEMO)

demo: $(DEMO)

# Qt's X11 plugin needs these xcb libraries, which not every Debian system has.
XCB_PACKAGES := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0
gui-deps:
	@ldconfig -p | grep -q libxcb-cursor.so.0 && ldconfig -p | grep -q libxcb-icccm.so.4 \
		&& ldconfig -p | grep -q libxcb-keysyms.so.1 || { [ "$$(id -u)" = 0 ] \
		&& (apt-get update -qq && apt-get install -y -qq $(XCB_PACKAGES)) \
		|| echo "Qt needs: sudo apt-get install $(XCB_PACKAGES)"; }

run: $(STAMP) $(DEMO) gui-deps
	$(BIN)/annotator gui $(DEMO)

lint: $(STAMP)
	$(BIN)/ruff check annotator tests benchmarks
	$(BIN)/ruff format --check annotator tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy annotator tests benchmarks

test: $(STAMP) $(DEMO) lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Screenshots for the README need a real X server: Debian's xvfb.
screenshots: $(STAMP) gui-deps
	command -v xvfb-run >/dev/null || (apt-get update -qq && apt-get install -y -qq xvfb)
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python -m annotator.ui.screenshots resources/screenshots
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python -m annotator.ui.analysis_screenshots resources/screenshots

# Two coders, twenty steps, real keys under X; a screenshot per step in session-shots/.
session: $(STAMP) gui-deps
	command -v xvfb-run >/dev/null && command -v xdotool >/dev/null && command -v openbox >/dev/null \
		|| (apt-get update -qq && apt-get install -y -qq xvfb xdotool openbox)
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python tests/session/run_session.py --out session-shots

bench: $(STAMP)
	for b in benchmarks/*.py; do case $$b in *screenshots*) ;; *) $(BIN)/python $$b;; esac; done

clean:
	rm -rf $(VENV) $(DEMO) $(DEMO)-wal $(DEMO)-shm
