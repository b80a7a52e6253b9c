"""The import contracts of pyproject.toml hold on the tree, and fail on a backwards import.

The violations are written into a copy of `relais/` (with the same configuration) in a temporary
directory, so the real tree is never touched.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def tree(tmp_path) -> Path:
    shutil.copytree(ROOT / "relais", tmp_path / "relais", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_the_contracts():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "source", "message"),
    [
        # A domain app drawing with the web layer.
        ("relais/structures/drawing.py", "from relais.www.core import charts\n", "relais.www"),
        # Figures reaching up to the reports built from them.
        ("relais/indicators/printing.py", "import relais.reports.pdf\n", "relais.reports"),
        # The registry reaching up to an app that builds on it, hidden inside a function.
        ("relais/structures/sites_lookup.py", "def f():\n    from relais.sites import maps\n", "relais.sites"),
        # The bottom layer reaching up.
        ("relais/utils/who.py", "from relais.users import models\n", "relais.users"),
        # Two modules of one app importing each other.
        ("relais/referrals/deadlines.py", "from relais.referrals import services\n", "relais.referrals"),
    ],
)
def test_a_backwards_import_breaks_the_contracts(tree, module, source, message):
    path = tree / module
    path.write_text(path.read_text() + source if path.exists() else source)
    result = lint_imports(tree)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout and message in result.stdout
