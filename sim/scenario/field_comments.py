"""What a scenario field means, as its class says it: the field's own `description`, else the
comment written beside it in the source (the lines of comment just above the field, and one at
the end of its line). The schema's comments are its documentation; the manual's reference page
reads them from here, so they are written once."""

from __future__ import annotations

import ast
import inspect
import io
import textwrap
import tokenize
from functools import cache

from pydantic import BaseModel


def field_description(model: type[BaseModel], name: str) -> str:
    """The description of `model`'s field `name` (its Python name), or "" when it has none.
    A field a subclass inherits is described by the class that declares it."""
    declared = model.model_fields[name].description
    if declared:
        return declared
    for klass in model.__mro__:
        comments = _source_comments(klass)
        if name in comments:
            return comments[name]
    return ""


@cache
def _source_comments(klass: type) -> dict[str, str]:
    """The comments of each field `klass` itself declares, by field name ({} without source)."""
    if not (isinstance(klass, type) and issubclass(klass, BaseModel)) or klass is BaseModel:
        return {}
    try:
        source = textwrap.dedent(inspect.getsource(klass))
    except (OSError, TypeError):
        return {}
    lines = source.splitlines()
    comment_at = _comments_by_line(source)
    found = {}
    for node in ast.parse(source).body[0].body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            continue
        above, line = [], node.lineno - 1
        while line >= 1 and lines[line - 1].strip().startswith("#"):
            above.insert(0, comment_at[line])
            line -= 1
        beside = [comment_at[n] for n in range(node.lineno, node.end_lineno + 1)
                  if n in comment_at and not lines[n - 1].strip().startswith("#")]
        text = " ".join(part for part in above + beside if part)
        if text:
            found[node.target.id] = text
    return found


def _comments_by_line(source: str) -> dict[int, str]:
    """Each comment's text (without `#`) by its 1-based line."""
    comments = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.string.lstrip("#").strip()
    return comments
