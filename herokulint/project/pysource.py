"""Parsing one Python module with LibCST, and where its statements sit (line, column).

LibCST's PositionProvider re-renders every node and costs more than the parse itself, so
statement positions are computed here from the rendered length of the statements before them:
each statement is rendered once, nodes inside expressions never.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import field
from itertools import accumulate
from typing import Any, Callable, Optional, Union

import libcst as cst

from ..records import frozen
from .files import ReadError, TextFile


@frozen
class Span:
    line: int
    column: int
    end_line: int
    end_column: int


@frozen
class ParsedModule:
    relpath: str
    module: cst.Module
    text: Optional[str] = field(default=None, compare=False, repr=False)  # what was parsed


@frozen
class ParseFailure:
    """A module that cannot be read or parsed; `line`/`column` are 1-based."""

    relpath: str
    message: str
    line: int = 1
    column: int = 1
    syntax: bool = False  # True for a Python syntax error (HK003), False for unreadable bytes
    unsupported: bool = False  # valid Python that LibCST cannot parse (reported as info)


ParseResult = Union[ParsedModule, ParseFailure]


# CPython's tokenizer refuses more than 200 nested brackets ("too many nested parentheses", on
# every version herokulint supports). LibCST accepts more, and its native parser overflows the C
# stack (the process dies with SIGSEGV) a few thousand levels deep: such a module is reported as
# CPython reports it, before LibCST sees it.
MAX_NESTING = 200
_NOT_CODE = re.compile(
    r"#[^\r\n]*|'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\""
    r"|'(?:\\.|[^'\\\r\n])*'|\"(?:\\.|[^\"\\\r\n])*\"",
    re.S,
)
_NOT_BRACKET = re.compile(r"[^()\[\]{}]+")
_DEPTH = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


def code_of(text: str) -> str:
    """`text` without comments, each string replaced by the operand `0` and one NUL per line it
    spans: brackets and operators are then all code, and offsets still give line numbers."""
    return _NOT_CODE.sub(_blank, text)


def _blank(match: re.Match[str]) -> str:
    found = match.group()
    return "" if found.startswith("#") else "0" + "\0" * found.count("\n")


def _line_of(code: str, offset: int) -> int:
    return 1 + code.count("\n", 0, offset) + code.count("\0", 0, offset)


def too_deep(text: str, code: Optional[str] = None) -> Optional[int]:
    """The line where brackets nest deeper than CPython allows, or None (the common case,
    decided by counting the opening brackets). `code` is `code_of(text)` when known."""
    if sum(text.count(char) for char in "([{") <= MAX_NESTING:
        return None
    code = code_of(text) if code is None else code
    brackets = _NOT_BRACKET.sub("", code)
    if max(accumulate(_DEPTH[char] for char in brackets), default=0) <= MAX_NESTING:
        return None
    depth = 0
    for match in re.finditer(r"[()\[\]{}]", code):
        depth += _DEPTH[match.group()]
        if depth > MAX_NESTING:
            return _line_of(code, match.start())
    return None


# LibCST's native parser nests one level of its tree per link of an expression chain (`a + a +
# ...`, `a.b.c...`, `f()()...`, `x[0][0]...`, `lambda: lambda: ...`, `- - ...`, `a if b else
# ...`) and per `elif`. It takes time quadratic in a chain's length and overflows the C stack
# (SIGSEGV) on long ones; measured with LibCST 1.9.0 on CPython 3.11, 8 MiB main-thread stack,
# each chain alone in a subprocess:
#   crash: lambda 3,500 (3,000 parses, 1.3 s); binary operators, attributes, calls 8,000 (4,000
#   parse, 2-5 s); and/or 8,000; `not` 10,000; elif 10,000 (8,000 parse, 0.4 s); unary minus
#   50,000 (16,000 takes over 30 s).
#   time at 1,000 links: subscripts 0.58 s, conditional expressions 0.27 s, calls 0.23 s,
#   lambdas 0.16 s, binary operators 0.09 s; at 500 all under 0.13 s.
# Ordinary settings stay far below: a `+` concatenation of a few hundred strings, a dict of
# thousands of entries (its commas end each entry's chain), an if/elif of dozens of branches.
# A module with a longer chain is not given to LibCST: MAX_CHAIN is 3.5 times below the
# earliest crash (lambdas) and keeps the worst chain under 0.6 s.
MAX_CHAIN = 1000
_LOGICAL = re.compile(r"\\\r?\n|[()\[\]{}\n]")
_TOKEN = re.compile(
    r"(?:\d|\.\d)(?:[\w.]|(?<=[eE])[-+])*"  # a number, with an exponent's sign
    r"|\w+|->|:=|\*\*|//|<<|>>|[<>=!]=|[-+*/%@&|^~<>.,:;()\[\]{}]"
)
# Comparisons (`a < b < c`, `in`, `is`) are one flat node, and `else` belongs to its `if`.
_CHAIN_WORDS = frozenset({"and", "or", "not", "if", "lambda", "await"})
_FLAT = frozenset({"=", "->", ":=", "<", ">", "<=", ">=", "==", "!="})
_PUNCTUATION = frozenset("()[]{},:;")
_OPERAND_END = frozenset(")]}")


def too_long_chain(text: str, code: Optional[str] = None) -> Optional[int]:
    """The line of the first expression chain (or if/elif chain) longer than MAX_CHAIN, or
    None. Linear: logical lines shorter than MAX_CHAIN characters cannot hold such a chain
    and are skipped by length; only longer ones (big literals) are read token by token."""
    if len(text) <= MAX_CHAIN:
        return None
    code = code_of(text) if code is None else code
    for start, end in _long_logical_lines(code):
        at = _chain_over_limit(code, start, end)
        if at is not None:
            return _line_of(code, at)
    at = _elif_chain_over_limit(code)
    return _line_of(code, at) if at is not None else None


def _long_logical_lines(code: str) -> Iterator[tuple[int, int]]:
    depth, start = 0, 0
    for match in _LOGICAL.finditer(code):
        char = match.group()
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        elif char == "\n" and depth == 0:
            if match.start() - start > MAX_CHAIN:
                yield start, match.start()
            start = match.end()
    if len(code) - start > MAX_CHAIN:
        yield start, len(code)


def _chain_over_limit(code: str, start: int, end: int) -> Optional[int]:
    """Where the links of nested chains add up to more than MAX_CHAIN, or None. Each bracket
    level counts the links since its last comma (a comma ends an element; those between a
    `lambda` and its colon separate parameters); the levels still open add up."""
    links, lambdas, total, operand = [0], [0], 0, False
    for match in _TOKEN.finditer(code, start, end):
        token = match.group()
        word = token[0].isalnum() or token[0] == "_"
        if word:
            link = token in _CHAIN_WORDS
        elif token in "([{":
            link = operand and token != "{"  # a call or a subscript
        else:
            link = token not in _FLAT and token not in _PUNCTUATION
        if link:
            links[-1] += 1
            total += 1
            if total > MAX_CHAIN:
                return match.start()
        if token == "lambda":
            lambdas[-1] += 1
        elif token in "([{":
            links.append(0)
            lambdas.append(0)
            total += 1
        elif token in _OPERAND_END and len(links) > 1:
            total -= links.pop() + 1
            lambdas.pop()
        elif token == ":":
            lambdas[-1] = max(lambdas[-1] - 1, 0)
        elif token == ";" or (token == "," and not lambdas[-1]):
            total -= links[-1]
            links[-1] = 0
        operand = token in _OPERAND_END or (word and token not in _CHAIN_WORDS)
    return None


def _elif_chain_over_limit(code: str) -> Optional[int]:
    """Where one if/elif chain gets more than MAX_CHAIN `elif`s (each nests in LibCST's tree)."""
    if code.count("elif") <= MAX_CHAIN:
        return None
    chains: dict[int, int] = {}  # indentation -> elifs so far
    for match in re.finditer(r"^([ \t]*)(\w+)", code, re.M):
        indent, word = len(match.group(1)), match.group(2)
        if word == "elif":
            chains[indent] = chains.get(indent, 0) + 1
            if chains[indent] > MAX_CHAIN:
                return match.start(2)
        elif word != "else":
            chains = {level: count for level, count in chains.items() if level < indent}
    return None


def parse(file: TextFile | ReadError) -> ParseResult:
    if isinstance(file, ReadError):
        return ParseFailure(file.relpath, f"{file.relpath} {file.reason}")
    code = code_of(file.text) if len(file.text) > MAX_CHAIN else None
    deep = too_deep(file.text, code)
    if deep is not None:
        return ParseFailure(
            file.relpath, f"too many nested parentheses (line {deep})", deep, 1, syntax=True
        )
    chained = too_long_chain(file.text, code)
    if chained is not None:
        return ParseFailure(
            file.relpath,
            f"LibCST cannot analyse it: an expression or if/elif chain longer than {MAX_CHAIN} "
            f"links (line {chained})",
            chained,
            1,
            unsupported=True,
        )
    try:
        module = _parse_text(file.text)
    except cst.ParserSyntaxError as exc:
        return _syntax_failure(file, exc)
    except (RecursionError, MemoryError, ValueError) as exc:
        return ParseFailure(file.relpath, f"could not be parsed ({type(exc).__name__})")
    return ParsedModule(file.relpath, module, file.text)


# The fix loop parses the same texts again: each round's check re-reads the project, and the
# fixer parses a module before and after its edit. LibCST modules are immutable, so the last few
# texts parsed are kept with their modules (a 20,000-line module takes ~1.7 s to parse); a few
# only, as a large module holds a few hundred MB.
_RECENT: dict[str, cst.Module] = {}
_KEEP = 3


def _parse_text(text: str) -> cst.Module:
    module = _RECENT.get(text)
    if module is None:
        module = cst.parse_module(text)
        if len(_RECENT) >= _KEEP:
            del _RECENT[next(iter(_RECENT))]
        _RECENT[text] = module
    return module


def _syntax_failure(file: TextFile, exc: cst.ParserSyntaxError) -> ParseFailure:
    """Where the error is. LibCST's tokenizer errors all point at 1:1, so ask CPython's own
    parser (parse only, nothing runs) for the line, column and wording."""
    import ast

    try:
        ast.parse(file.text, filename=file.relpath)
    except SyntaxError as error:
        return ParseFailure(
            file.relpath,
            f"{error.msg} (line {error.lineno})",
            error.lineno or 1,
            error.offset or 1,
            syntax=True,
        )
    except (ValueError, RecursionError, MemoryError):
        pass
    else:
        # Valid for this Python, but LibCST cannot read it: not the project's fault.
        first = str(exc).splitlines()[0] if str(exc) else "unsupported syntax"
        return ParseFailure(file.relpath, f"LibCST cannot analyse it: {first}", unsupported=True)
    first = str(exc).splitlines()[0] if str(exc) else "invalid syntax"
    return ParseFailure(file.relpath, first, exc.raw_line, max(exc.raw_column, 0) + 1, syntax=True)


class Positions:
    """Computes statement spans for one module, walking blocks in source order.

    Given the module's text, a simple statement's lines come from the text itself: it ends
    where its logical line does (the first newline outside brackets and strings, not after a
    backslash), which is found once for the whole text. Compound statements, and texts with
    a lone carriage return or a NUL, are rendered instead."""

    def __init__(self, module: cst.Module, text: Optional[str] = None) -> None:
        self.module = module
        self._lines: list[str] = []
        self._ends: list[int] = []  # physical line -> last line of the logical line it starts
        if text is not None and "\0" not in text and text.count("\r") == text.count("\r\n"):
            self._lines = text.split("\n")
            self._ends = _logical_ends(code_of(text), len(self._lines))

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def header_lines(self) -> int:
        return len(self.module.header)

    def span(self, stmt: cst.CSTNode, start: int, indent: int) -> tuple[Span, int]:
        """The span of `stmt` whose leading lines begin at line `start`, and the next line."""
        if self._ends and isinstance(stmt, cst.SimpleStatementLine):
            line = start + len(stmt.leading_lines)
            end_line = self._ends[line] if 0 < line < len(self._ends) else 0
            if end_line:
                # The statement's line holds its block's indentation (`indent` characters).
                end_column = len(self._lines[end_line - 1].rstrip("\r")) + 1
                return Span(line, indent + 1, end_line, end_column), end_line + 1
        text = self.code(stmt)
        leading = len(getattr(stmt, "leading_lines", ()))
        # A CRLF file keeps its "\r" in LibCST's code; it is not part of any column.
        body = [part.rstrip("\r") for part in text.split("\n")[leading:]]
        while body and body[-1] == "":
            body.pop()
        line = start + leading
        end_line = line + max(len(body) - 1, 0)
        end_column = len(body[-1]) + 1 if body else indent + 1
        if len(body) == 1:
            # The statement's own first line is rendered without its block's indentation;
            # later lines carry theirs.
            end_column = indent + len(body[0]) + 1
        return Span(line, indent + 1, end_line, end_column), start + text.count("\n")

    def header_end(self, stmt_line: int, header_parts: list[cst.CSTNode | None]) -> int:
        """The line a compound statement's header ends on (its colon), given the line it starts
        on and the header's parts: parentheses and backslash continuations add lines."""
        extra = sum(self.code(part).count("\n") for part in header_parts if part is not None)
        return stmt_line + extra


def _logical_ends(code: str, count: int) -> list[int]:
    """For each physical line (1-based) that starts a logical line, the line that ends it; 0
    for the others. `code` is `code_of(text)`: a NUL is a line break inside a string."""
    ends = [0] * (count + 1)
    depth, line, first = 0, 1, 1
    for match in _LINE_STRUCTURE.finditer(code):
        char = match.group()
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        else:
            if char == "\n" and depth == 0:
                ends[first] = line
                first = line + 1
            line += 1
    if first <= count:
        ends[first] = count
    return ends


_LINE_STRUCTURE = re.compile(r"\\\r?\n|[()\[\]{}\n\0]")


def per_module(
    cache: dict[int, tuple[cst.Module, Any]], module: cst.Module, make: Callable[[], Any]
) -> Any:
    """`make()` for `module`, computed once while the module is one of the last few asked about
    (modules are immutable; the module is held, so its id stays its own)."""
    held = cache.get(id(module))
    if held is None or held[0] is not module:
        if len(cache) >= 8:
            cache.clear()  # a few modules at a time: memory stays flat over many apps
        held = cache[id(module)] = (module, make())
    return held[1]
