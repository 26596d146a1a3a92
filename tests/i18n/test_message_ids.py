"""Messages are plain string literals, so that extraction sees them and translators get whole sentences."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "smplanner"

# For each translation function, the positions of the arguments that are message ids (or a context).
LITERAL_ARGUMENTS = {"N_": (0,), "ngettext": (0, 1), "pgettext": (0, 1)}
TRANSLATION_FUNCTIONS = {"_", *LITERAL_ARGUMENTS}


def _called_name(node: ast.Call) -> str | None:
    # Bare calls only: smplanner.i18n calls the catalogue's own methods (_catalogue.ngettext), which are not messages.
    return node.func.id if isinstance(node.func, ast.Name) and node.func.id in TRANSLATION_FUNCTIONS else None


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _builds_a_string(node: ast.expr) -> bool:
    """True for an argument computed from text: f-string, +, %, a conditional, "...".format()/join()."""
    for inner in ast.walk(node):
        if isinstance(inner, (ast.JoinedStr, ast.BinOp, ast.IfExp, ast.BoolOp)):
            return True
        if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and _is_literal(inner.func.value):
            return True
    return False


def _problems_in(path: Path, root: Path = PACKAGE.parent) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(root).as_posix()
    problems = []
    for node in ast.walk(tree):
        # _("Saved %d posts") % n: %-formatting a translation (its msgid then holds %-placeholders).
        if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Call)
                and _called_name(node.left)):
            problems.append(
                "{where}:{line}: a translation formatted with %; use named .format() placeholders".format(
                    where=where, line=node.lineno
                )
            )
        if not isinstance(node, ast.Call) or not (name := _called_name(node)):
            continue
        here = "{where}:{line}: {call}".format(where=where, line=node.lineno, call=ast.unparse(node)[:80])
        if not node.args:
            problems.append(here + ": no message")
            continue
        if name == "_" and not _is_literal(node.args[0]):
            # _(CONSTANT) translates an N_()-marked constant later; building the text here hides it from extraction.
            if _builds_a_string(node.args[0]):
                problems.append(here + ": the message must be a plain string literal (no f-string, +, % or .format())")
            continue
        for position in LITERAL_ARGUMENTS.get(name, (0,)):
            argument = node.args[position] if position < len(node.args) else None
            if argument is None or not _is_literal(argument):
                problems.append(here + ": argument {n} must be a plain string literal".format(n=position + 1))
            elif argument.value == "":
                problems.append(here + ': never translate "" (it returns the catalogue header)')
    return problems


def test_the_package_has_messages() -> None:
    sources = list(PACKAGE.rglob("*.py"))
    assert any("_(" in path.read_text(encoding="utf-8") for path in sources)


def test_message_ids_are_plain_literals() -> None:
    problems = [problem for path in sorted(PACKAGE.rglob("*.py")) for problem in _problems_in(path)]
    assert not problems, "\n".join(problems)


def test_the_check_catches_what_it_should(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        'name = "x"\n'
        '_(f"Hello {name}")\n'
        '_("Hello " + name)\n'
        '_("Hello %s") % name\n'
        '_("Hello {n}".format(n=name))\n'
        '_("")\n'
        'N_(name)\n'
        'ngettext("one", "{count} " + "many", 2)\n'
        'pgettext(name, "Open")\n',
        encoding="utf-8",
    )
    good = tmp_path / "good.py"
    good.write_text(
        'LABEL = N_("Automatic")\n_(LABEL)\n_(LABELS[key])\n_("Hello {name}").format(name=name)\n'
        'ngettext("{count} post", "{count} posts", n).format(count=n)\npgettext("menu", "Open")\n',
        encoding="utf-8",
    )
    assert len(_problems_in(bad, tmp_path)) == 8
    assert _problems_in(good, tmp_path) == []
