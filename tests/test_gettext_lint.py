"""Every message a person reads goes through gettext: a literal English string handed to
something that shows it (a notification, a label, a button, a key's description, a command's
help, an error of swgtui's own) without `_()` or `N_()` is named here with its place."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from swgtui import i18n

PACKAGE = Path(i18n.__file__).parent
WORDS = re.compile(r"[A-Za-z]{2,}")
NAMES = {"swgtui"}  # the product's name is the same in every language
SHOWN_BY = {  # callables whose first argument a person reads
    "notify",
    "fail",
    "echo",
    "secho",
    "ClickException",
    "BadParameter",
    "UsageError",
    "Abort",
    "Label",
    "Static",
    "Button",
    "Checkbox",
    "RadioButton",
    "Option",
    "Collapsible",
    "confirm",
    "prompt",
}
SHOWN_KEYWORDS = {
    "help",
    "placeholder",
    "tooltip",
    "title",
    "sub_title",
    "description",
    "prompt",
    "label",
    "message",
    "short_help",
    "border_title",
    "border_subtitle",
}
TRANSLATING = {"_", "N_", "ngettext"}
SHOWN_CLASS_ATTRIBUTES = {"TITLE", "SUB_TITLE", "BORDER_TITLE", "HELP"}


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _own_errors() -> set[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(_name(b).endswith(("Error", "Exception")) for b in node.bases):
                names.add(node.name)
    return names


def _english(node: ast.expr) -> bool:
    """Whether `node` is (or builds) literal English not passed through gettext."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value not in NAMES and bool(WORDS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and WORDS.search(str(v.value)) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _english(node.left) or _english(node.right)
    if isinstance(node, ast.IfExp):
        return _english(node.body) or _english(node.orelse)
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name in TRANSLATING:
            return False
        if name in {"format", "join"} and isinstance(node.func, ast.Attribute):
            return _english(node.func.value)
    return False


def untranslated() -> list[str]:
    errors = _own_errors()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(PACKAGE.parent)
        for node in ast.walk(tree):
            shown: list[ast.expr] = []
            if isinstance(node, ast.Call):
                name = _name(node.func)
                if (name in SHOWN_BY or name in errors) and node.args:
                    # fail(message), or a template reader's fail(place, message)
                    shown.append(node.args[-1] if name == "fail" else node.args[0])
                if name == "Binding" and len(node.args) >= 3:
                    shown.append(node.args[2])
                shown += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.Assign) and any(_name(t) in SHOWN_CLASS_ATTRIBUTES for t in item.targets):
                        shown.append(item.value)
            found += [f"{where}:{value.lineno}" for value in shown if _english(value)]
    return found


def test_every_message_a_person_reads_goes_through_gettext() -> None:
    found = untranslated()
    assert not found, f"{len(found)} messages are not passed through _() or N_(): {found[:30]}"
