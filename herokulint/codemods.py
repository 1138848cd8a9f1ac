"""Small LibCST codemods the settings fixes are made of.

Each function takes the module as parsed by the ProjectModel and returns a new module; a fix
turns the result into one minimal text edit (`fix.replace_text`), so comments and formatting
outside the changed statement are kept byte for byte. Only core LibCST is used here (no
`libcst.codemod` or `libcst.matchers`, which cost ~0.1 s each to import).
"""

from __future__ import annotations

import re
import string
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import field
from typing import Optional, Union

import libcst as cst

from .edits import FixError, TextEdit, replace_text
from .project import ProjectModel
from .project.pysource import ParsedModule, per_module
from .project.settings import ResolvedSetting
from .project.values import Seq
from .records import frozen


def parsed(project: ProjectModel, relpath: str) -> cst.Module:
    result = project.python(relpath)
    if not isinstance(result, ParsedModule):
        raise FixError(f"{relpath} does not parse")
    return result.module


def edit(project: ProjectModel, relpath: str, new: cst.Module) -> TextEdit:
    return replace_text(relpath, module_code(parsed(project, relpath)), new.code)


# A module's code, generated once: LibCST renders the whole tree each time it is asked (1.6 s
# for a 20,000-line module), and the fixes ask for the quote style and the original again and
# again. Modules are immutable, so the text stays true while the module is held here.
_CODE: dict[int, tuple[cst.Module, str]] = {}


def module_code(module: cst.Module) -> str:
    return str(per_module(_CODE, module, lambda: module.code))


def quote_of(module: cst.Module) -> str:
    """The quote the file mostly uses for strings, so new code matches it."""
    code = module_code(module)
    return "'" if code.count("'") > code.count('"') else '"'


def string_like(
    neighbours: Sequence[cst.CSTNode], text: str, module: cst.Module
) -> cst.SimpleString:
    """The string literal `text` (no quotes or backslashes in it) in the quote of the first
    string among `neighbours` (strings, list elements, arguments), else in the file's style."""
    quote = quote_of(module)
    for node in neighbours:
        value = node if isinstance(node, cst.SimpleString) else getattr(node, "value", None)
        if isinstance(value, cst.SimpleString) and not value.prefix:
            quote = value.quote[0]
            break
    return cst.SimpleString(f"{quote}{text}{quote}")


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
        if position:  # a blank line between the docstring and the first import
            new = new.with_changes(leading_lines=[cst.EmptyLine()])
        if position < len(body):  # and between the imports and the code after them
            following = body[position]
            if not following.leading_lines or following.leading_lines[0].comment is not None:
                lines = [cst.EmptyLine(), *following.leading_lines]
                body[position] = following.with_changes(leading_lines=lines)
        body.insert(position, new)
    else:
        body.insert(last + 1, new)
    return module.with_changes(body=body)


# Standard-library modules (sys.stdlib_module_names exists from Python 3.10 on).
STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | {
    "os",
    "sys",
    "pathlib",
    "json",
    "logging",
    "re",
    "datetime",
    "secrets",
    "socket",
    "ssl",
    "urllib",
    "warnings",
    "typing",
    "ast",
    "io",
    "shutil",
    "string",
    "subprocess",
    "tempfile",
    "time",
    "uuid",
    "decimal",
    "collections",
    "functools",
    "itertools",
    "importlib",
    "base64",
    "configparser",
    "contextlib",
    "copy",
    "dataclasses",
    "enum",
    "glob",
    "hashlib",
    "inspect",
    "math",
    "platform",
    "random",
    "textwrap",
    "zoneinfo",
    "__future__",
}


def _import_key(small: Union[cst.Import, cst.ImportFrom]) -> tuple[int, str, str]:
    """(section, style, module): sections in isort's order (future, standard library, third
    party, first party, relative); plain imports before `from` imports, then by name."""
    if isinstance(small, cst.ImportFrom):
        if small.relative:
            return (4, "from", "")
        name = cst.Module([]).code_for_node(small.module) if small.module is not None else ""
        style = "from"
    else:
        name = cst.Module([]).code_for_node(small.names[0].name)
        style = "import"
    root = name.split(".")[0]
    section = 0 if root == "__future__" else 1 if root in STDLIB else 2
    return (section, style, name.lower())


def add_import(
    module: cst.Module, code: str, binds: str, *, first_party: Sequence[str] = ()
) -> cst.Module:
    """Add `code` (`import os`) unless `binds` is bound, where isort would put it: sorted into
    the group of its section (standard library, third party), or as a new group after the
    sections before it. Falls back to `ensure_import` in a module without imports."""
    if binds in imported_names(module):
        return module
    new = cst.parse_statement(code + "\n", config=module.config_for_parsing)
    assert isinstance(new, cst.SimpleStatementLine)
    small = new.body[0]
    assert isinstance(small, (cst.Import, cst.ImportFrom))

    def key(stmt: cst.SimpleStatementLine) -> tuple[int, str, str]:
        first = stmt.body[0]
        assert isinstance(first, (cst.Import, cst.ImportFrom))
        section, style, name = _import_key(first)
        if section == 2 and name.split(".")[0] in first_party:
            section = 3
        return (section, "0" if style == "import" else "1", name)

    body = list(module.body)
    lines = [
        index
        for index, stmt in enumerate(body)
        if isinstance(stmt, cst.SimpleStatementLine)
        and all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body)
    ]
    if not lines:
        return ensure_import(module, code, binds)
    wanted = key(new)

    def line(index: int) -> cst.SimpleStatementLine:
        stmt = body[index]
        assert isinstance(stmt, cst.SimpleStatementLine)
        return stmt

    same = [index for index in lines if key(line(index))[0] == wanted[0]]
    earlier = [index for index in lines if key(line(index))[0] < wanted[0]]
    if same:
        after = [index for index in same if key(line(index)) > wanted]
        if after:
            target = line(after[0])
            new = new.with_changes(leading_lines=target.leading_lines)
            body[after[0]] = target.with_changes(leading_lines=())
            body.insert(after[0], new)
        else:
            body.insert(same[-1] + 1, new)
    elif earlier:
        body.insert(earlier[-1] + 1, new.with_changes(leading_lines=[cst.EmptyLine()]))
    else:
        target = line(lines[0])
        leading = list(target.leading_lines)
        blanks = 0
        while blanks < len(leading) and leading[blanks].comment is None:
            blanks += 1
        new = new.with_changes(leading_lines=leading[:blanks])
        body[lines[0]] = target.with_changes(leading_lines=[cst.EmptyLine(), *leading[blanks:]])
        body.insert(lines[0], new)
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


# -- finding and rewriting statements ------------------------------------------------------------


def bracket_indent(module: cst.Module) -> str:
    """The indentation of the file's first multi-line literal at module level (`X = {` then
    `  "a": 1,`), else its block indentation: what new multi-line code should use."""
    found = re.search(
        r"^\w+ = [\[({][ \t]*(?:#.*)?\r?\n([ \t]+)\S", module_code(module), re.MULTILINE
    )
    return found.group(1) if found else module.default_indent


def render(template: str, module: cst.Module, **parts: str) -> str:
    """`template`, written with double quotes, newlines and `$name` placeholders, in the file's
    quote style and newline; each placeholder takes the file's own code unchanged."""
    text = requote(template, quote_of(module)).replace("\n", module.default_newline)
    return string.Template(text).substitute(parts)


def expression(code: str, module: cst.Module) -> cst.BaseExpression:
    return cst.parse_expression(code, config=module.config_for_parsing)


def code_of(module: cst.Module, node: cst.CSTNode) -> str:
    return module.code_for_node(node)


class _LineFinder(cst.CSTVisitor):
    def __init__(self, target: cst.CSTNode) -> None:
        self.target = target
        self.found: Optional[cst.SimpleStatementLine] = None

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.found is not None:
            return False
        if isinstance(node, cst.SimpleStatementLine):
            if any(small is self.target for small in node.body):
                self.found = node
            return False
        return True


def statement_of(
    module: cst.Module, node: cst.CSTNode
) -> Optional[tuple[cst.SimpleStatementLine, bool]]:
    """The statement line holding the small statement `node` (by identity) and whether it is
    at module level; None when `node` is not a small statement of `module`."""
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine) and any(s is node for s in stmt.body):
            return stmt, True
    finder = _LineFinder(node)
    module.visit(finder)
    return (finder.found, False) if finder.found is not None else None


def plain_assignment(
    project: ProjectModel, setting: ResolvedSetting, *, top_level: bool = True
) -> Optional[Union[cst.Assign, cst.AnnAssign]]:
    """The `NAME = value` (or `NAME: T = value`) statement that gives `setting` its value, when
    a fix can edit it without guessing: one target, not under an `if` whose outcome is
    unknown, in a module that parses, and (with `top_level`) at module level. Else None."""
    node = setting.node
    if setting.conditional:
        return None
    target: cst.BaseExpression
    if isinstance(node, cst.Assign) and len(node.targets) == 1:
        target = node.targets[0].target
    elif isinstance(node, cst.AnnAssign) and node.value is not None:
        target = node.target
    else:
        return None
    if not (isinstance(target, cst.Name) and target.value == setting.name):
        return None
    result = project.python(setting.relpath)
    if not isinstance(result, ParsedModule):
        return None
    found = statement_of(result.module, node)
    if found is None or (top_level and not found[1]):
        return None
    return node


def comments(node: cst.CSTNode) -> list[str]:
    """The text of every comment inside `node`, in order."""
    found: list[str] = []

    class Collector(cst.CSTVisitor):
        def visit_Comment(self, comment: cst.Comment) -> None:
            found.append(comment.value)

    node.visit(Collector())
    return found


def comment_lines(texts: Sequence[str]) -> list[cst.EmptyLine]:
    return [cst.EmptyLine(comment=cst.Comment(text)) for text in texts]


def lost_comments(old: cst.CSTNode, new: cst.CSTNode) -> list[str]:
    """The comments of `old` that `new` no longer has (in order), so a fix can keep them."""
    left = Counter(comments(new))
    lost = []
    for text in comments(old):
        if left[text]:
            left[text] -= 1
        else:
            lost.append(text)
    return lost


class _ReplaceLines(cst.CSTTransformer):
    def __init__(self, mapping: dict[int, Sequence[cst.BaseStatement]]) -> None:
        self.mapping = mapping
        self.done: set[int] = set()

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return False

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> Union[cst.BaseStatement, cst.FlattenSentinel[cst.BaseStatement], cst.RemovalSentinel]:
        new = self.mapping.get(id(original))
        if new is None:
            return updated
        self.done.add(id(original))
        if not new:
            return cst.RemoveFromParent()
        return cst.FlattenSentinel(list(new))


def replace_lines(
    module: cst.Module,
    mapping: Sequence[tuple[cst.SimpleStatementLine, Sequence[cst.BaseStatement]]],
) -> cst.Module:
    """Replace statement lines of `module` (found by identity) in one pass; an empty sequence
    removes the line. Every line must be found."""
    by_id = {id(line): new for line, new in mapping}
    transformer = _ReplaceLines(by_id)
    result = module.visit(transformer)
    if transformer.done != set(by_id):
        raise FixError("the statement to edit was not found")
    return result


def rewrite(
    module: cst.Module, anchor: cst.CSTNode, old: cst.CSTNode, new: cst.CSTNode
) -> cst.Module:
    """Replace `old` by `new` inside the statement holding the small statement `anchor`. Comments
    `old` held that `new` lacks become comment lines above the statement: nothing is lost."""
    found = statement_of(module, anchor)
    if found is None:
        raise FixError("the statement to edit was not found")
    line = found[0]
    changed = line.deep_replace(old, new)
    assert isinstance(changed, cst.SimpleStatementLine)
    kept = comment_lines(lost_comments(old, new))
    changed = changed.with_changes(leading_lines=[*changed.leading_lines, *kept])
    return replace_lines(module, [(line, [changed])])


# -- lists, tuples, dicts and call arguments, keeping their layout -----------------------------

Separated = Union[cst.List, cst.Tuple, cst.Set, cst.Dict, cst.Call]
_Gap = cst.BaseParenthesizableWhitespace


@frozen
class _Item:
    node: cst.CSTNode  # an element or argument, without its comma
    leading: Sequence[cst.EmptyLine] = ()  # comment lines above it
    trailing: cst.TrailingWhitespace = field(
        default_factory=cst.TrailingWhitespace
    )  # its line's end


def _items(node: Separated) -> list[cst.CSTNode]:
    return list(node.args if isinstance(node, cst.Call) else node.elements)


def _bare(item: cst.CSTNode) -> cst.CSTNode:
    changes: dict[str, object] = {"comma": cst.MaybeSentinel.DEFAULT}
    if isinstance(item, cst.Arg):
        changes["whitespace_after_arg"] = cst.SimpleWhitespace("")
    return item.with_changes(**changes)


def _open_gap(node: Separated) -> Optional[_Gap]:
    if isinstance(node, cst.Call):
        return node.whitespace_before_args
    if isinstance(node, cst.List):
        return node.lbracket.whitespace_after
    if isinstance(node, (cst.Set, cst.Dict)):
        return node.lbrace.whitespace_after
    return node.lpar[0].whitespace_after if len(node.lpar) == 1 else None


def _end_gap(node: Separated, last: cst.CSTNode) -> Optional[_Gap]:
    """The whitespace between the last item (and its trailing comma) and the closer."""
    if isinstance(node, cst.Call):
        assert isinstance(last, cst.Arg)
        if isinstance(last.comma, cst.Comma):
            return last.comma.whitespace_after
        return last.whitespace_after_arg
    if isinstance(node, cst.List):
        return node.rbracket.whitespace_before
    if isinstance(node, (cst.Set, cst.Dict)):
        return node.rbrace.whitespace_before
    return node.rpar[0].whitespace_before if len(node.rpar) == 1 else None


def _with_open_gap(node: Separated, gap: _Gap) -> Separated:
    if isinstance(node, cst.Call):
        return node.with_changes(whitespace_before_args=gap)
    if isinstance(node, cst.List):
        return node.with_changes(lbracket=node.lbracket.with_changes(whitespace_after=gap))
    if isinstance(node, (cst.Set, cst.Dict)):
        return node.with_changes(lbrace=node.lbrace.with_changes(whitespace_after=gap))
    return node.with_changes(lpar=[node.lpar[0].with_changes(whitespace_after=gap)])


def _with_end_gap(node: Separated, gap: _Gap) -> Separated:
    if isinstance(node, cst.List):
        return node.with_changes(rbracket=node.rbracket.with_changes(whitespace_before=gap))
    if isinstance(node, (cst.Set, cst.Dict)):
        return node.with_changes(rbrace=node.rbrace.with_changes(whitespace_before=gap))
    if isinstance(node, cst.Tuple):
        return node.with_changes(rpar=[node.rpar[0].with_changes(whitespace_before=gap)])
    return node  # a call's end gap belongs to its last argument


def rearrange(node: Separated, order: Sequence[Union[int, cst.CSTNode]]) -> Separated:
    """`node` with its items in a new order: an int takes the original item at that index
    (with the comments on and above its line), a node is a new item. Items left out are
    dropped (`rewrite` keeps their comments). The layout is kept: all on one line, or one item
    per line with the file's indentation; any other layout raises FixError."""
    old = _items(node)
    count = len(old)
    if not order:
        raise FixError("would leave an empty list")
    open_gap = _open_gap(node)
    if count == 0:
        if open_gap is not None and not isinstance(open_gap, cst.SimpleWhitespace):
            raise FixError("an empty multi-line list")
        new = [_bare(item) for item in order if not isinstance(item, int)]
        return _assemble(node, new, [], None, old_last=None)
    end_gap = _end_gap(node, old[-1])
    between = [getattr(item, "comma", None) for item in old[:-1]]
    gaps: list[Optional[_Gap]] = [open_gap]
    gaps += [comma.whitespace_after if isinstance(comma, cst.Comma) else None for comma in between]
    separators = [comma for comma in between if isinstance(comma, cst.Comma)]
    if all(gap is None or isinstance(gap, cst.SimpleWhitespace) for gap in [*gaps, end_gap]):
        separator = (
            separators[0] if separators else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        )
        new = [_bare(old[i]) if isinstance(i, int) else _bare(i) for i in order]
        return _assemble(node, new, [separator] * (len(new) - 1), None, old_last=old[-1])
    # One item per line; the first may sit on the bracket's line (`X = ["a",` then aligned).
    lines = [gap for gap in gaps[1:] if isinstance(gap, cst.ParenthesizedWhitespace)]
    first = gaps[0]
    hanging = isinstance(first, cst.SimpleWhitespace)
    template_gap = first if isinstance(first, cst.ParenthesizedWhitespace) else None
    if hanging and lines:
        template_gap = lines[0]
    if len(lines) != count - 1 or template_gap is None:
        raise FixError("a list laid out neither on one line nor one item per line")
    end_lines = end_gap if isinstance(end_gap, cst.ParenthesizedWhitespace) else None
    before_item = [first if isinstance(first, cst.ParenthesizedWhitespace) else None, *lines]
    items = []
    for index, item in enumerate(old):
        gap_before = before_item[index]
        after = lines[index] if index + 1 < count else end_lines
        items.append(
            _Item(
                _bare(item),
                gap_before.empty_lines if gap_before is not None else (),
                after.first_line if after is not None else cst.TrailingWhitespace(),
            )
        )
    chosen = [items[i] if isinstance(i, int) else _Item(_bare(i)) for i in order]
    if hanging:
        if any(line.comment is not None for line in chosen[0].leading):
            raise FixError("a comment would have to move onto the bracket's line")
        assert first is not None
        opening: _Gap = first
    else:
        opening = template_gap.with_changes(empty_lines=chosen[0].leading)
    separating = [
        template_gap.with_changes(first_line=before.trailing, empty_lines=after.leading)
        for before, after in zip(chosen, chosen[1:])
    ]
    if end_lines is not None:
        end: _Gap = end_lines.with_changes(first_line=chosen[-1].trailing)
    else:
        if chosen[-1].trailing.comment is not None:
            raise FixError("a comment would have to move before the closing bracket")
        assert end_gap is not None
        end = end_gap
    template = separators[0] if separators else cst.Comma()
    commas = [template.with_changes(whitespace_after=gap) for gap in separating]
    opened = node if hanging else _with_open_gap(node, opening)
    return _assemble(opened, [item.node for item in chosen], commas, end, old[-1])


def layout_supported(node: Separated) -> bool:
    """Whether `rearrange` can edit `node` (checked when a finding is made, so a fix is only
    offered when it can be built)."""
    count = len(_items(node))
    if count == 0:
        return not isinstance(_open_gap(node), cst.ParenthesizedWhitespace)
    try:
        rearrange(node, list(range(count)))
    except FixError:
        return False
    return True


def _assemble(
    node: Separated,
    new: list[cst.CSTNode],
    commas: list[cst.Comma],
    end: Optional[_Gap],
    old_last: Optional[cst.CSTNode],
) -> Separated:
    """Put `new` items in `node` with `commas` between them; the last item takes the original
    last item's trailing comma, and `end` (when given) becomes the gap before the closer."""
    items = [item.with_changes(comma=comma) for item, comma in zip(new, commas)]
    last = new[-1]
    trailing = getattr(old_last, "comma", cst.MaybeSentinel.DEFAULT)
    if isinstance(node, cst.Tuple) and len(new) == 1 and not isinstance(trailing, cst.Comma):
        trailing = cst.Comma()  # ("a",) stays a tuple
    elif isinstance(node, cst.Tuple) and len(_items(node)) == 1 and end is None:
        trailing = cst.MaybeSentinel.DEFAULT  # ("a",) grows into ("a", "b")
    if isinstance(node, cst.Call):
        assert old_last is None or isinstance(old_last, cst.Arg)
        after_arg = old_last.whitespace_after_arg if old_last is not None else None
        if isinstance(trailing, cst.Comma):
            if end is not None:
                trailing = trailing.with_changes(whitespace_after=end)
            last = last.with_changes(comma=trailing)
        else:
            gap = end if end is not None else after_arg
            last = last.with_changes(
                comma=cst.MaybeSentinel.DEFAULT,
                whitespace_after_arg=gap if gap is not None else cst.SimpleWhitespace(""),
            )
        return node.with_changes(args=[*items, last])
    last = last.with_changes(comma=trailing)
    result = node.with_changes(elements=[*items, last])
    return _with_end_gap(result, end) if end is not None else result


# -- small building blocks for the settings fixes --------------------------------------------------


def set_value(
    project: ProjectModel,
    setting: ResolvedSetting,
    old: cst.CSTNode,
    code: str,
    *,
    imports: Sequence[tuple[str, str]] = (),
) -> TextEdit:
    """Replace `old` (the assigned value or a part of it) in the statement assigning `setting`
    by the expression `code`, adding `imports` ((statement, name it binds)) when missing."""
    module = parsed(project, setting.relpath)
    new = rewrite(module, setting.node, old, expression(code, module))
    first_party = [setting.relpath.split("/")[0]]
    for statement_code, binds in imports:
        new = add_import(new, statement_code, binds, first_party=first_party)
    return edit(project, setting.relpath, new)


def arguments(code: str, module: cst.Module) -> list[cst.Arg]:
    """Call arguments written as code (`'default=False, cast=bool'`), to add to a call."""
    call = expression(f"f({code})", module)
    assert isinstance(call, cst.Call)
    return list(call.args)


def argument_index(call: cst.Call, position: int, keyword: str) -> Optional[int]:
    """Where in `call.args` the parameter `keyword` (or the `position`-th positional argument)
    is given; None when absent, or when `*args`/`**kwargs` make it unknowable."""
    if any(arg.star for arg in call.args):
        return None
    positional = 0
    for index, arg in enumerate(call.args):
        if arg.keyword is not None:
            if arg.keyword.value == keyword:
                return index
        else:
            if positional == position:
                return index
            positional += 1
    return None


def literal_sequence(
    project: ProjectModel, setting: ResolvedSetting
) -> Optional[Union[cst.List, cst.Tuple]]:
    """The list or tuple literal a setting is assigned, one plain element per resolved item
    (no `*spread`, no later `.append()`), or None."""
    node = plain_assignment(project, setting, top_level=False)
    value = node.value if node is not None else None
    if not isinstance(value, (cst.List, cst.Tuple)) or not isinstance(setting.value, Seq):
        return None
    if len(value.elements) != len(setting.value.items) or any(
        not isinstance(element, cst.Element) for element in value.elements
    ):
        return None
    return value


def containing_statement(
    module: cst.Module, target: cst.CSTNode
) -> Optional[cst.BaseSmallStatement]:
    """The small statement of `module` that holds `target` (found by identity), or None."""
    found: list[cst.BaseSmallStatement] = []
    current: list[cst.BaseSmallStatement] = []

    class Finder(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if found:
                return False
            if node is target and current:
                found.append(current[-1])
                return False
            if isinstance(node, cst.BaseSmallStatement):
                current.append(node)
            return True

        def on_leave(self, original_node: cst.CSTNode) -> None:
            if current and original_node is current[-1]:
                current.pop()

    module.visit(Finder())
    return found[0] if found else None


def own_line(project: ProjectModel, setting: ResolvedSetting) -> Optional[cst.SimpleStatementLine]:
    """The module-level line that holds `setting`'s plain assignment and nothing else (so a fix
    may replace or remove the whole line), or None."""
    if plain_assignment(project, setting) is None:
        return None
    found = statement_of(parsed(project, setting.relpath), setting.node)
    if found is None or len(found[0].body) != 1:
        return None
    return found[0]


def remove_override(project: ProjectModel, setting: ResolvedSetting) -> TextEdit:
    """The edit removing the module-level line that assigns `setting` (an override of an
    earlier assignment); a comment at the end of the line stays, on a line of its own."""
    line = own_line(project, setting)
    file = project.text(setting.relpath)
    if line is None or file is None:
        raise FixError(f"{setting.name} is not assigned on a line of its own")
    text = file.text
    lines = text.splitlines(keepends=True)
    first, last = setting.span.line - 1, (setting.span.end_line or setting.span.line) - 1
    if not 0 <= first <= last < len(lines):
        raise FixError(f"{setting.relpath}: line {setting.span.line} is not in the file")
    comment = line.trailing_whitespace.comment
    kept = [f"{comment.value}\n"] if comment is not None else []
    new = "".join([*lines[:first], *kept, *lines[last + 1 :]])
    return replace_text(setting.relpath, text, new)
