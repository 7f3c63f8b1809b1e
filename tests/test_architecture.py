import os
import shutil
import subprocess
import sys
from pathlib import Path

CORE = [
    "swgtui.model.template",
    "swgtui.model.report",
    "swgtui.model.review",
    "swgtui.model.schema",
    "swgtui.richtext",
    "swgtui.outline",
    "swgtui.model.dumpfile",
    "swgtui.sample",
    "swgtui.store",
    "swgtui.session",
    "swgtui.workspace",
    "swgtui.exports.docx_writer",
    "swgtui.cli",
]


def test_the_core_and_the_command_line_never_import_textual():
    code = f"import sys\nfor m in {CORE!r}: __import__(m)\nprint('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_app_does_not_load_python_docx_until_it_exports():
    code = "import sys\nimport swgtui.app\nprint('docx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


ROOT = Path(__file__).parents[1]


def _lint_imports(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """lint-imports with the contracts of the pyproject.toml in `cwd` (no cache: always the files as they are)."""
    code = "import sys\nfrom importlinter.cli import lint_imports_command\nsys.exit(lint_imports_command())"
    return subprocess.run(
        [sys.executable, "-c", code, "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )


def test_the_import_contracts_are_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout and ", 0 broken." in result.stdout


def test_a_core_module_that_imports_a_widget_breaks_the_core_s_contract(tmp_path):
    shutil.copytree(ROOT / "swgtui", tmp_path / "swgtui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "swgtui" / "outline.py").open("a", encoding="utf-8") as module:
        module.write("\nfrom swgtui.widgets import outline_tree  # noqa: E402\n")
    result = _lint_imports(tmp_path, PYTHONPATH=str(tmp_path))
    assert result.returncode == 1
    assert "swgtui.outline is not allowed to import swgtui.widgets" in result.stdout
    assert "swgtui.outline -> swgtui.widgets.outline_tree" in result.stdout
    assert ", 1 broken." in result.stdout
