#!/usr/bin/env bash
# Static checks, as CI runs them: ruff lint, the import contract, mypy on the boundaries, ruff's
# format check. Installs the pinned tools (the dev extra) into .venv if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
if ! .venv/bin/python -c "import ruff, mypy, importlinter" 2>/dev/null; then
    .venv/bin/pip install -q -e '.[dev]'
fi

.venv/bin/ruff check .

# The layers install as sub-packages of `boussole` (pyproject's package-dir) from top-level
# folders; import-linter and mypy read a package from one directory tree, so check a copy of the
# sources laid out as installed.
site=build/lint-site   # a fixed place, so that mypy's cache stays valid between runs
rm -rf "$site"
.venv/bin/python - "$site" <<'PY'
import pathlib, shutil, sys, tomllib

site = pathlib.Path(sys.argv[1])
package_dir = tomllib.loads(pathlib.Path("pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
for package, source in sorted(package_dir.items()):   # "boussole" first: the others go inside it
    target = site.joinpath(*package.split("."))
    for path in pathlib.Path(source).rglob("*.py"):
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
PY
(cd "$site" && PYTHONPATH=. "$OLDPWD/.venv/bin/lint-imports" --config "$OLDPWD/pyproject.toml" --no-cache --no-logo)
MYPYPATH="$PWD/$site" .venv/bin/mypy   # modules and options: pyproject.toml [tool.mypy]
# last, so that the checks above report even while the code base awaits its one reformatting
.venv/bin/ruff format --check --output-format concise .
