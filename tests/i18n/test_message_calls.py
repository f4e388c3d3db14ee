"""Every message in decision_aid/ is one the extractor can read.

Babel's extractor reads the string literals given to ``_``, ``N_`` and ``ngettext``.
It never sees a call inside an f-string, nor a message held in a variable, so such a
message stays English in every language. A message chosen at run time is marked with
``N_`` where it is written and shown with ``translate``.
"""

from __future__ import annotations

import ast

from tests.conftest import ROOT

LITERAL_ARGUMENTS = {"_": 1, "N_": 1, "ngettext": 2}
"""How many leading arguments of each call must be string literals."""
MESSAGE_CALLS = {*LITERAL_ARGUMENTS, "translate"}


def _name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.attr if func.value.id == "i18n" else None
    return None


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def problems_in(source: str, filename: str) -> list[str]:
    """Each message call the extractor cannot read, as 'file:line: why'."""
    found: list[str] = []
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _name(inner) in MESSAGE_CALLS:
                    found.append(
                        f"{filename}:{inner.lineno}: {ast.unparse(inner)} inside an f-string; "
                        "build the text with .format() outside it"
                    )
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        if name in LITERAL_ARGUMENTS:
            wanted = LITERAL_ARGUMENTS[name]
            given = node.args[:wanted]
            if len(given) < wanted or not all(_is_literal(arg) for arg in given):
                found.append(
                    f"{filename}:{node.lineno}: {ast.unparse(node)[:70]} takes no string "
                    "literal; mark the message with N_() and show it with translate()"
                )
        elif name == "translate" and (
            len(node.args) != 1 or isinstance(node.args[0], ast.Constant | ast.JoinedStr)
        ):
            found.append(
                f"{filename}:{node.lineno}: {ast.unparse(node)[:70]}: translate() is for "
                "messages marked with N_() elsewhere; use _() for a literal"
            )
    return found


def test_every_message_call_takes_literals() -> None:
    found: list[str] = []
    for path in sorted((ROOT / "decision_aid").rglob("*.py")):
        found += problems_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "\n".join(found)


def test_the_check_finds_each_kind_of_unreadable_message() -> None:
    source = "\n".join(
        [
            "a = f\"<b>{_('Heading')}</b>\"",
            "b = _(label)",
            "c = ngettext(one, '{n} things', n)",
            "d = _(f'Hello {name}')",
            "e = translate('Heading')",
            "f = i18n._(KINDS[kind])",
            "g = _('Fine') + ngettext('{n} file', '{n} files', 2) + translate(KINDS[kind])",
            "h = N_('Marked')",
        ]
    )
    lines = sorted(int(p.split(":")[1]) for p in problems_in(source, "x.py"))
    assert lines == [1, 2, 3, 4, 5, 6]
