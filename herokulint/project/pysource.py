"""Parsing one Python module with LibCST, and where its statements sit (line, column).

LibCST's PositionProvider re-renders every node and costs more than the parse itself, so
statement positions are computed here from the rendered length of the statements before them:
each statement is rendered once, nodes inside expressions never.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Optional, Union

import libcst as cst

from .files import ReadError, TextFile


@dataclass(frozen=True)
class Span:
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class ParsedModule:
    relpath: str
    module: cst.Module


@dataclass(frozen=True)
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


def too_deep(text: str) -> Optional[int]:
    """The line where brackets nest deeper than CPython allows, or None (the common case,
    decided by counting the opening brackets)."""
    if sum(text.count(char) for char in "([{") <= MAX_NESTING:
        return None
    brackets = _NOT_BRACKET.sub("", _NOT_CODE.sub("", text))
    if max(accumulate(_DEPTH[char] for char in brackets), default=0) <= MAX_NESTING:
        return None
    depth, line, last = 0, 1, 0
    for match in re.finditer(_NOT_CODE.pattern + r"|[()\[\]{}]", text, re.S):
        char = match.group()
        if char in _DEPTH:
            depth += _DEPTH[char]
            if depth > MAX_NESTING:
                return line + text.count("\n", last, match.start())
        line += text.count("\n", last, match.end())
        last = match.end()
    return line


def parse(file: TextFile | ReadError) -> ParseResult:
    if isinstance(file, ReadError):
        return ParseFailure(file.relpath, f"{file.relpath} {file.reason}")
    deep = too_deep(file.text)
    if deep is not None:
        return ParseFailure(
            file.relpath, f"too many nested parentheses (line {deep})", deep, 1, syntax=True
        )
    try:
        module = cst.parse_module(file.text)
    except cst.ParserSyntaxError as exc:
        return _syntax_failure(file, exc)
    except (RecursionError, MemoryError, ValueError) as exc:
        return ParseFailure(file.relpath, f"could not be parsed ({type(exc).__name__})")
    return ParsedModule(file.relpath, module)


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
    """Computes statement spans for one module, walking blocks in source order."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def header_lines(self) -> int:
        return len(self.module.header)

    def span(self, stmt: cst.CSTNode, start: int, indent: int) -> tuple[Span, int]:
        """The span of `stmt` whose leading lines begin at line `start`, and the next line."""
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
