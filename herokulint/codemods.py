"""Small LibCST codemods the settings fixes are made of.

Each function takes the module as parsed by the ProjectModel and returns a new module; a fix
turns the result into one minimal text edit (`fix.replace_text`), so comments and formatting
outside the changed statement are kept byte for byte. Only core LibCST is used here (no
`libcst.codemod` or `libcst.matchers`, which cost ~0.1 s each to import).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional, Union

import libcst as cst

from .fix import FixError, TextEdit, replace_text
from .project import ProjectModel
from .project.pysource import ParsedModule
from .project.settings import ResolvedSetting


def parsed(project: ProjectModel, relpath: str) -> cst.Module:
    result = project.python(relpath)
    if not isinstance(result, ParsedModule):
        raise FixError(f"{relpath} does not parse")
    return result.module


def edit(project: ProjectModel, relpath: str, new: cst.Module) -> TextEdit:
    return replace_text(relpath, parsed(project, relpath).code, new.code)


def quote_of(module: cst.Module) -> str:
    """The quote the file mostly uses for strings, so new code matches it."""
    code = module.code
    return "'" if code.count("'") > code.count('"') else '"'


def requote(code: str, quote: str) -> str:
    """`code` written with double quotes, in the file's quote style (no nested quotes)."""
    return code.replace('"', "'") if quote == "'" else code


def statement(code: str, module: cst.Module) -> cst.BaseStatement:
    return cst.parse_statement(requote(code, quote_of(module)), config=module.config_for_parsing)


def imported_names(module: cst.Module) -> set[str]:
    """Names bound by top-level imports (`import os` binds os, `from x import y` binds y)."""
    names: set[str] = set()
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    bound: cst.BaseExpression = alias.asname.name if alias.asname else alias.name
                    while isinstance(bound, cst.Attribute):
                        bound = bound.value
                    if isinstance(bound, cst.Name):
                        names.add(bound.value)
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    bound = alias.asname.name if alias.asname else alias.name
                    if isinstance(bound, cst.Name):
                        names.add(bound.value)
    return names


def ensure_import(module: cst.Module, code: str, binds: str) -> cst.Module:
    """Add `code` (e.g. "import os") after the last top-level import unless `binds` is bound."""
    if binds in imported_names(module):
        return module
    new = cst.parse_statement(code + "\n", config=module.config_for_parsing)
    body = list(module.body)
    last = max(
        (
            index
            for index, stmt in enumerate(body)
            if isinstance(stmt, cst.SimpleStatementLine)
            and all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body)
        ),
        default=None,
    )
    if last is None:
        position = 1 if body and _is_docstring(body[0]) else 0
        body.insert(position, new)
    else:
        body.insert(last + 1, new)
    return module.with_changes(body=body)


def _is_docstring(stmt: cst.BaseStatement) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


class _Insert(cst.CSTTransformer):
    """Inserts statements after (or replaces) the statement line holding `target`."""

    def __init__(
        self, target: cst.CSTNode, new: Sequence[cst.BaseStatement], replace: bool
    ) -> None:
        self.target = target
        self.new = list(new)
        self.replace = replace
        self.done = False

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> Union[cst.BaseStatement, cst.FlattenSentinel[cst.BaseStatement]]:
        if self.done or not any(small is self.target for small in original.body):
            return updated
        self.done = True
        if self.replace:
            first = self.new[0].with_changes(leading_lines=updated.leading_lines)
            return cst.FlattenSentinel([first, *self.new[1:]])
        return cst.FlattenSentinel([updated, *self.new])


def insert_after(module: cst.Module, setting: ResolvedSetting, code: str) -> cst.Module:
    """Add `code` right after the statement that assigns `setting` (at its indentation)."""
    return _transform(module, setting.node, [statement(code, module)], replace=False)


def replace_assignment(module: cst.Module, setting: ResolvedSetting, code: str) -> cst.Module:
    """Replace the statement assigning `setting` by `code` (its leading comments are kept)."""
    return _transform(module, setting.node, [statement(code, module)], replace=True)


def replace_value(module: cst.Module, setting: ResolvedSetting, expression: str) -> cst.Module:
    """Replace only the assigned value, keeping the target, comments and layout around it."""
    node = setting.node
    if not isinstance(node, (cst.Assign, cst.AnnAssign)) or node.value is None:
        raise FixError(f"{setting.name} is not a plain assignment")
    new_value = cst.parse_expression(
        requote(expression, quote_of(module)), config=module.config_for_parsing
    )
    result = module.deep_replace(node.value, new_value)
    assert isinstance(result, cst.Module)
    return result


def _transform(
    module: cst.Module, target: cst.CSTNode, new: list[cst.BaseStatement], *, replace: bool
) -> cst.Module:
    inserter = _Insert(target, new, replace)
    result = module.visit(inserter)
    if not inserter.done:
        raise FixError("the statement to edit was not found")
    return result


def top_level_value(module: cst.Module, name: str) -> Optional[cst.BaseExpression]:
    """The expression last assigned to `name` at module level (to match its style)."""
    found = None
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
                ):
                    found = small.value
    return found


def base_dir_is_path(module: cst.Module) -> Optional[bool]:
    """True when BASE_DIR is a pathlib.Path, False when a string, None when absent."""
    value = top_level_value(module, "BASE_DIR")
    if value is None:
        return None
    code = module.code_for_node(value)
    return "Path(" in code or ".parent" in code


def append(module: cst.Module, code: str) -> cst.Module:
    """Add a statement at the end of the module."""
    return module.with_changes(body=[*module.body, statement(code, module)])
