"""Pages read as Jinja templates, without running anything: syntax, the names they call, the arguments they pass.

`page_errors(env, page, signatures)` parses a page with the Jinja environment of the build (the caller passes it:
site/render.py `page_environment`) and returns errors naming page, line, column and what to do:
- syntax: an unclosed `{{` (reported where it opens), a single `}`, curly quotes “ ” pasted from Word inside
  `{{ }}` (named by Unicode name and column), a missing `{% endraw %}`, a stray `}}`;
- names: a macro or variable nobody defines ('Có phải fig?'), a macro named without being called (`{{ fig }}`);
- arguments: too many or too few, an unknown keyword, a literal of the wrong type (`pad="2"`), checked against the
  macro's own signature (`argument_problem`, also used when the macro runs: site/render.py).
"""
from __future__ import annotations

import difflib
import inspect
import re

from .. import chars
from ..errors import DataError
from .pages import blanked, executed, split_front_matter

_OPEN = re.compile(r"\{\{|\{%")
_SPAN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_FITS: set = set()
TYPE_WORDS = {"str": ("chữ trong ngoặc kép", str), "int": ("số nguyên", int)}


def page_text(page) -> str:
    """The page as the build renders it, with the front matter blanked (so template lines are file lines)."""
    _, body, front_lines = split_front_matter(page.text)
    return "\n" * front_lines + body


def argument_problem(name: str, signature: inspect.Signature, args: tuple, kwargs: dict) -> tuple | None:
    """(vi, en, fix) when a call of macro `name` does not fit its signature; None when it does. Types are checked
    for parameters annotated str or int (a bool is not an int)."""
    shape = (name, signature, tuple(map(type, args)), tuple((k, type(v)) for k, v in kwargs.items()))
    if shape in _FITS:
        return None
    usage = f"{name}({', '.join(_shown_param(p) for p in signature.parameters.values())})"
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as exc:
        reason = str(exc)
        return (f"Macro '{name}' được gọi sai số đối số ({_vi_bind(reason)}).",
                f"Macro '{name}' is called with the wrong arguments ({reason}).",
                f"Cách gọi đúng: {{{{ {usage} }}}}.")
    for param, value in bound.arguments.items():
        annotation = signature.parameters[param].annotation
        word, kind = TYPE_WORDS.get(annotation if isinstance(annotation, str) else getattr(annotation, "__name__", ""),
                                    (None, None))
        if kind is None or (isinstance(value, kind) and not isinstance(value, bool)):
            continue
        found = f"{value!r}" if isinstance(value, (str, int, float)) else type(value).__name__
        example = f'{param}="…"' if kind is str else (f"{param}={value.strip()}" if isinstance(value, str)
                                                     and value.strip().isdigit() else f"{param}=2")
        return (f"Đối số '{param}' của macro '{name}' phải là {word}, nhưng gặp {found}.",
                f"Argument '{param}' of macro '{name}' must be {'text' if kind is str else 'a whole number'}, "
                f"found {found}.",
                f"Viết {example}" + (" (số không đặt trong ngoặc kép)" if kind is int else "")
                + f"; cách gọi đúng: {{{{ {usage} }}}}.")
    if len(_FITS) < 4096:
        _FITS.add(shape)   # the same kinds of arguments fit again: a page calls fig("…") a hundred times
    return None


def _shown_param(p: inspect.Parameter) -> str:
    return p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}"


def _vi_bind(reason: str) -> str:
    if "missing" in reason:
        return "thiếu đối số"
    if "unexpected keyword" in reason:
        return "có đối số tên lạ: " + reason.split("'")[1] if "'" in reason else "có đối số tên lạ"
    if "too many" in reason:
        return "thừa đối số"
    return reason


def page_errors(env, page, signatures: dict, known: set, trees: dict | None = None) -> list[DataError]:
    """Syntax, names and literal arguments of one page (sources.pages.Page). `signatures`: {macro name:
    inspect.Signature}; `known`: every other name a page may use (Jinja's globals); `trees`, when given, receives
    {page.src: the parsed template} for pages that parse (rendered later without parsing again)."""
    import jinja2
    from jinja2 import nodes
    src = f"docs/{page.src}"
    text = page_text(page)
    lines = text.split("\n")
    try:
        tree = env.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        return [_syntax_error(src, text, lines, exc)]
    if trees is not None:
        trees[page.src] = tree
    errors = _stray_closers(src, text, lines)
    found = list(tree.find_all((nodes.Name, nodes.Call)))   # one walk of the tree
    calls = [n for n in found if isinstance(n, nodes.Call)]
    named = [n for n in found if isinstance(n, nodes.Name)]
    called = {id(c.node) for c in calls}
    assigned = {n.name for n in named if n.ctx in ("store", "param")}
    names = set(signatures) | known | assigned | set(page.meta)
    unquoted = _unquoted_keys(calls, signatures, names)
    for root, (call, dotted) in unquoted.items():
        at = re.search(rf"""(?<![\w.'"]){re.escape(dotted)}(?!\w)""", lines[call.lineno - 1]) \
            if 0 < call.lineno <= len(lines) else None
        errors.append(DataError(src, call.lineno, at.start() + 1 if at else None, dotted,
                                f"Khoá '{dotted}' của macro '{call.node.name}' thiếu dấu ngoặc kép: Jinja đọc nó như "
                                "tên một biến.",
                                f"The key '{dotted}' of macro '{call.node.name}' is not quoted.",
                                f"Đặt khoá trong dấu ngoặc kép: {{{{ {call.node.name}(\"{dotted}\") }}}}."))
    for node in named:
        if id(node) in unquoted:
            continue
        if node.ctx != "load" or node.name in names:
            if node.ctx == "load" and node.name in signatures and id(node) not in called:
                errors.append(DataError(src, node.lineno, _column(lines, node.lineno, node.name), node.name,
                                        f"Macro '{node.name}' được nêu tên nhưng không được gọi (thiếu dấu ngoặc).",
                                        f"Macro '{node.name}' is named but not called.",
                                        f"Viết {{{{ {node.name}(…) }}}}, ví dụ {{{{ fig(\"telecom.smartphone_users\") }}}}."))
            continue
        near = difflib.get_close_matches(node.name, sorted(signatures), n=2, cutoff=0.6)
        guess = f"Có phải {' hoặc '.join(repr(n) for n in near)}? " if near else ""
        errors.append(DataError(
            src, node.lineno, _column(lines, node.lineno, node.name), node.name,
            f"Trang gọi macro '{node.name}' nhưng không có macro nào tên như vậy.",
            f"The page calls macro '{node.name}', which does not exist.",
            f"{guess}Các macro: {', '.join(sorted(signatures))} (docs/huong-dan-bien-tap.md)."))
    for call in calls:
        if not isinstance(call.node, nodes.Name) or call.node.name not in signatures:
            continue
        literal = all(isinstance(a, nodes.Const) for a in call.args) and \
            all(isinstance(k.value, nodes.Const) for k in call.kwargs) and not call.dyn_args and not call.dyn_kwargs
        if not literal:
            continue   # checked when it runs (site/render.py)
        problem = argument_problem(call.node.name, signatures[call.node.name], tuple(a.value for a in call.args),
                                   {k.key: k.value.value for k in call.kwargs})
        if problem:
            errors.append(DataError(src, call.lineno, _column(lines, call.lineno, call.node.name),
                                    call.node.name, *problem))
    return errors


def _unquoted_keys(calls, signatures, names) -> dict:
    """{id of the root name: (call, 'telecom.post_offices')} for every argument of a macro call written as a
    dotted name nobody defines — a key without its quotes: fig(telecom.post_offices)."""
    from jinja2 import nodes
    found = {}
    for call in calls:
        if not isinstance(call.node, nodes.Name) or call.node.name not in signatures:
            continue
        for arg in list(call.args) + [k.value for k in call.kwargs]:
            parts, node = [], arg
            while isinstance(node, nodes.Getattr):
                parts.insert(0, node.attr)
                node = node.node
            if isinstance(node, nodes.Name) and node.name not in names:
                found[id(node)] = (call, ".".join([node.name] + parts))
    return found


def _column(lines: list, lineno: int, needle: str) -> int | None:
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    m = re.search(rf"(?<![\w.]){re.escape(needle)}(?!\w)", line)
    return m.start() + 1 if m else None


def _stray_closers(src: str, text: str, lines: list) -> list[DataError]:
    """'}}' or '%}' outside any Jinja tag: a call whose '{{' lost a brace shows as text on the page."""
    plain = _SPAN.sub(blanked, executed(text))
    errors = []
    for m in re.finditer(r"\}\}|%\}", plain):
        no = plain.count("\n", 0, m.start()) + 1
        col = m.start() - (plain.rfind("\n", 0, m.start()) + 1) + 1
        errors.append(DataError(src, no, col, m.group(),
                                f"Có '{m.group()}' mà không có '{{{{' mở tương ứng: lời gọi macro sẽ hiện thành chữ.",
                                f"'{m.group()}' closes nothing: the macro call would show as text.",
                                "Viết lời gọi macro liền hai dấu ngoặc: {{ fig(\"telecom.smartphone_users\") }}."))
    return errors


def _syntax_error(src: str, text: str, lines: list, exc) -> DataError:
    lineno = min(exc.lineno or 1, len(lines))
    message = exc.message or str(exc)
    odd = re.search(r"unexpected char '(.)'", message)
    char = odd.group(1) if odd else None
    if char is None and "Invalid character in identifier" in message:   # pad=２: a full-width digit after a name
        char = next((c for _, c in chars.odd_characters(lines[lineno - 1])), None)
    if char:
        no, col = _find_in_tags(lines, char, lineno)
        line = lines[no - 1]
        span = next((m for m in re.finditer(r"\{\{.*?(\}\}|$)", line) if m.start() < col <= m.end()), None)
        call = span.group() if span else line
        base = span.start() if span else 0
        found = chars.odd_characters(call) or [(col - base, char)]
        return DataError(src, no, col, chars.plain(call).strip("{} ") or char,
                         f"Trong lời gọi macro có {chars.describe(found, base)}: Jinja không đọc được.",
                         f"The macro call holds {chars.describe(found, base, en=True)}: Jinja cannot read it "
                         f"({message}).",
                         f"{chars.advice(found)} Viết: {chars.plain(call).strip()}")
    unclosed = _unclosed_open(text, lines, lineno)
    if unclosed:
        no, col, opener = unclosed
        closer = "}}" if opener == "{{" else "%}"
        return DataError(src, no, col, opener,
                         f"'{opener}' mở ở dòng {no} (cột {col}) chưa được đóng bằng '{closer}' trên cùng dòng"
                         + (f"; Jinja báo lỗi ở dòng {lineno}" if lineno != no else "") + ".",
                         f"'{opener}' opened on line {no} is not closed with '{closer}' ({message}).",
                         f"Thêm '{closer}' ở cuối lời gọi, ví dụ {{{{ fig(\"telecom.smartphone_users\") }}}}.")
    line = lines[lineno - 1]
    col = (line.find("{{") + 1) or (line.find("{%") + 1) or None
    zero = re.search(r"(\w+)\s*=\s*(0\d+)\b", line) if "expected token ','" in message else None
    if zero:   # pad=02: Jinja reads 0 then 2
        name, number = zero.groups()
        return DataError(src, lineno, zero.start(2) + 1, f"{name}={number}",
                         f"Số '{number}' trong lời gọi macro có số 0 đứng đầu: Jinja không đọc được.",
                         f"The number '{number}' in the macro call has a leading zero; Jinja cannot read it.",
                         f"Viết {name}={int(number)}" + (f" (pad={int(number)} đã hiện số có {int(number)} chữ số, "
                                                         f"ví dụ '03')" if name == "pad" else "") + ".")
    if "Missing end of raw directive" in message:
        vi, fix = "Khối {% raw %} không có {% endraw %}.", "Thêm {% endraw %} ở cuối đoạn cần giữ nguyên."
    elif message.startswith("unexpected '}'"):
        vi, fix = ("Lời gọi macro đóng bằng một dấu '}' (cần hai dấu '}}')"
                   + (" hoặc thiếu dấu ')'" if "expected ')'" in message else "") + ".",
                   "Đóng lời gọi bằng ')' rồi '}}', ví dụ {{ fig(\"telecom.smartphone_users\") }}.")
    elif message.startswith("unexpected ')'"):
        vi, fix = "Lời gọi macro thừa dấu ')'.", "Xoá dấu ')' thừa."
    elif "expected token ','" in message:
        vi, fix = "Giữa các đối số của macro thiếu dấu phẩy.", "Ngăn các đối số bằng dấu phẩy: fig(\"khoá\", pad=2)."
    else:
        vi, fix = ("Lời gọi macro hoặc lệnh Jinja viết sai cú pháp.",
                   "So với ví dụ trong docs/huong-dan-bien-tap.md; các con số và chữ thường không đặt trong {{ }}.")
    return DataError(src, lineno, col, "jinja", f"{vi} ({message})", f"Jinja syntax error: {message}.", fix)


def _find_in_tags(lines: list, char: str, lineno: int) -> tuple[int, int]:
    for no in [lineno] + list(range(1, len(lines) + 1)):
        i = lines[no - 1].find(char)
        if i >= 0:
            return no, i + 1
    return lineno, 1


def _unclosed_open(text: str, lines: list, until: int) -> tuple | None:
    """(line, column, '{{' or '{%') of the last tag opened at or before line `until` and not closed on its line."""
    found = None
    body = executed(text).split("\n")
    for no in range(1, min(until, len(body)) + 1):
        line = body[no - 1]
        for m in _OPEN.finditer(line):
            closer = "}}" if m.group() == "{{" else "%}"
            close = line.find(closer, m.end())
            following = _OPEN.search(line, m.end())
            if close < 0 or (following is not None and following.start() < close):
                found = (no, m.start() + 1, m.group())
    return found
