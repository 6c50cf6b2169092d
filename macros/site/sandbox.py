"""Pages render in a sandbox: a page's Jinja may call the report's macros, and nothing else.

A page is Markdown with macro calls such as {{ fig("party.members", pad=2) }}. What a page may contain is an
allow-list, checked on the parsed page before anything in it runs:
  - text, {# comments #} and {% raw %} blocks;
  - {{ name(arguments) }} where `name` is one of the report's macros and every argument is written out (a quoted
    text, a number, true/false/none), by position or as name=value;
  - {{ "text" }}, a written-out text (e.g. to show "{{").
Everything else is refused with the page and line: variables (the build's config and paths, the page object,
mkdocs-macros' `environment`), attributes (`cycler.__init__...`), filters, statements ({% for %}, {% include %},
{% set %}), arithmetic. Behind that wall the environment is a Jinja SandboxedEnvironment whose only globals are the
macros, that calls nothing else, reads no attribute, and whose templates see no variables.

Plain Jinja; the adapter (plugin.py) installs it in mkdocs-macros and says where a refusal is.
"""
from __future__ import annotations

from jinja2 import Template, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from ..errors import DataError, LookupFailed

_WRITTEN = (str, int, float, bool, type(None))
_SYNTAX = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
           "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
           "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline")
_FIX = ("Xoá đoạn này khỏi trang: số liệu, văn bản, ghi chú chỉ lấy qua các macro trong docs/huong-dan-bien-tap.md, "
        "ví dụ {{ fig(\"party.members\") }}, với đối số viết sẵn. Muốn hiện nguyên văn dấu {{ hay {% thì đặt đoạn đó "
        "trong {% raw %}…{% endraw %}.")


class Refused(LookupFailed):
    """A page's Jinja outside the allow-list: what (`key`) and on which line of the rendered text."""

    def __init__(self, vi: str, en: str, fix: str, line: int | None, key: str):
        super().__init__(vi, en, fix)
        self.line, self.key = line, key


def _written(node) -> bool:
    """A written-out argument: a constant, or a signed number."""
    if isinstance(node, (nodes.Neg, nodes.Pos)):
        node = node.node
        return isinstance(node, nodes.Const) and type(node.value) in (int, float)
    return isinstance(node, nodes.Const) and isinstance(node.value, _WRITTEN)


def _name(node) -> str:
    """What a page wrote, in short: 'cycler.__init__', 'config', '|upper', '{% for %}', '7 * 7'."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_name(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_name(node.node)}[…]"
    if isinstance(node, nodes.Call):
        return f"{_name(node.node)}(…)"
    if isinstance(node, nodes.Filter):
        return f"|{node.name}"
    if isinstance(node, nodes.Stmt):
        return "{% " + type(node).__name__.lower() + " %}"
    if isinstance(node, nodes.BinExpr):
        return f"{_name(node.left)} {node.operator} {_name(node.right)}"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    return type(node).__name__.lower()


def refusal(tree: nodes.Template, macros) -> Refused | None:
    """The first thing in a parsed page outside the allow-list (module docstring), or None."""
    for statement in tree.body:
        if not isinstance(statement, nodes.Output):
            what = _name(statement)
            return Refused(f"Trang không được dùng lệnh '{what}'.", f"A page may not use '{what}'.", _FIX,
                           statement.lineno, what)
        for node in statement.nodes:
            if isinstance(node, nodes.TemplateData) or (isinstance(node, nodes.Const) and isinstance(node.value, str)):
                continue
            if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in macros:
                name = node.node.name
                if not (node.dyn_args or node.dyn_kwargs) and all(map(_written, node.args)) \
                        and all(_written(k.value) for k in node.kwargs):
                    continue
                return Refused(f"Macro '{name}' chỉ nhận đối số viết sẵn (chữ trong ngoặc kép, số).",
                               f"Macro '{name}' takes written-out arguments only (quoted text, numbers).", _FIX,
                               node.lineno, name)
            what = _name(node)
            return Refused(f"Trang chỉ được gọi macro của báo cáo; không được dùng '{what}' (biến, thuộc tính, bộ lọc, "
                           "phép tính không có trên trang).",
                           f"A page may only call the report's macros; '{what}' is not allowed (no variables, "
                           "attributes, filters or arithmetic in pages).", _FIX, node.lineno, what)
    return None


def tree_refusals(src: str, tree: nodes.Template, macros) -> list[DataError]:
    """The refusal of a page parsed as the build renders it, front matter blanked (sources/syntax.py `page_text`:
    template lines are file lines), as the error the pre-flight lists: one parse serves both checks."""
    refused = refusal(tree, macros)
    return [refused.at(f"docs/{src}", refused.line or None, refused.key)] if refused else []


def _syntax(exc: TemplateSyntaxError) -> Refused:
    why = (exc.message or "").rstrip(".")
    return Refused(f"Lỗi cú pháp Jinja: {why}.", f"Jinja syntax error: {why}.",
                   "Kiểm tra dấu {{ }}, ngoặc và dấu nháy của lệnh gọi macro trên dòng này; muốn hiện nguyên văn {{ "
                   "hay {% thì đặt trong {% raw %}…{% endraw %}.", exc.lineno, "jinja")


class PageTemplate(Template):
    def render(self, *args, **kwargs) -> str:
        """The page sees the macros only: mkdocs-macros' variables (config, page, environment, …) stay out."""
        return super().render()


class PageSandbox(SandboxedEnvironment):
    """The Jinja environment of the pages. `located(refused, source)` turns a refusal into the exception to raise
    (the adapter knows the page and its line)."""

    template_class = PageTemplate

    def __init__(self, macros: dict, located, **options):
        super().__init__(**options)
        self.globals.clear()
        self.globals.update(macros)
        self._macros = frozenset(macros)          # the allow-list stays as made, whatever is added to globals later
        self._callables = set(map(id, macros.values()))
        self.located = located

    @classmethod
    def like(cls, env, macros: dict, located) -> "PageSandbox":
        """A sandbox with the delimiters and undefined-handling of mkdocs-macros' environment `env`."""
        return cls(macros, located, undefined=env.undefined, **{k: getattr(env, k) for k in _SYNTAX})

    def is_safe_attribute(self, obj, attr, value) -> bool:
        return False

    def is_safe_callable(self, obj) -> bool:
        return id(obj) in self._callables

    def from_string(self, source, globals=None, template_class=None):
        if isinstance(source, str):
            try:
                tree = self.parse(source)
            except TemplateSyntaxError as exc:
                raise self.located(_syntax(exc), source) from None
            refused = refusal(tree, self._macros)
            if refused:
                raise self.located(refused, source)
            source = tree
        return super().from_string(source, globals, template_class)
