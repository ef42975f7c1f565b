"""The Jinja2 environment templates run in: sandboxed, strict, and escaping every value.

Every ``{{ … }}`` output passes through :func:`_finalize`, which escapes it as Markdown text
unless it is already :class:`~kzrs_reports.templates.escape.Markdown` (the result of the
``rich`` filter or of ``cite``). So no data value can add a heading, a table row or markup,
and since the data is only ever a *value* here, never template source, ``{{ 7*7 }}`` in a
title prints as typed.

A template set is written by staff, not by us, so its templates are not trusted either: they
run in Jinja's sandbox (no ``__class__``, ``__globals__`` or unchecked ``str.format``), may
only include or import files of their own set (:class:`SetLoader`), cannot make a value
so large that the build runs out of memory, and cannot run for longer than
:data:`MAX_RENDER_SECONDS` (:class:`BoundedSandbox`).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_decimal
from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, nodes
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from kzrs_reports.model.dates import PartialDate

if TYPE_CHECKING:
    from babel.support import NullTranslations
from kzrs_reports.templates.escape import Markdown, escape_markdown, rich_markdown, web_link
from kzrs_reports.templates.locales import babel_locale


def _finalize(value: object) -> str:
    if isinstance(value, Markdown):
        return value
    return escape_markdown(value)


MAX_TEMPLATE_BYTES = 1_000_000
"""The largest template file a set may hold."""
MAX_VALUE_LENGTH = 100_000
"""The longest string or list a template may make with ``*``, ``%`` or a padding method (the
sandbox's own bound on ``range``)."""
MAX_EXPONENT = 64
"""The largest power ``**`` may raise to."""
MAX_OUTPUT = 8_000_000
"""The most characters a template may write (a brief with a 2,000-row table is ~0.5 MB)."""
MAX_RENDER_SECONDS = 30.0
"""The most processor time rendering one template may take (the rendering thread's own, so a
busy machine does not shorten it). A brief with a 2,000-row table takes about a second; a
loop that writes nothing (two nested ``range(100000)``) would take hours."""

_PADDING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_FORMAT_METHODS = frozenset({"format", "format_map"})
# A %-conversion or a str.format field whose width or precision is six digits or more, or is
# taken from the arguments (``*``, ``{}``): the ways a short format makes a huge string.
_PERCENT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d{6,}|\d*\.(?:\*|\d{6,}))")
_BRACE_WIDTH = re.compile(r"\{[^{}]*:[^{}]*(?:\d{6,}|\{)")


class SetLoader(BaseLoader):
    """Loads templates from one folder only.

    A name with ``..``, an absolute name, or a symbolic link that leads out of the folder is
    not found, before anything outside is opened; a file larger than
    :data:`MAX_TEMPLATE_BYTES` is refused.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.named = root
        """The folder as it was given: messages name a template as the user named its set."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, its file name, and a test of whether it is still current."""
        outside = f"{template!r} is not a file of the template set {self.named}"
        if template.startswith("/"):
            raise TemplateNotFound(template, outside)
        try:
            path = self.root.joinpath(*split_template_path(template))
        except TemplateNotFound:
            raise TemplateNotFound(template, outside) from None
        real = path.resolve()
        if not real.is_relative_to(self.root):
            raise TemplateNotFound(template, outside)
        if not real.is_file():
            raise TemplateNotFound(template, f"{template!r} not found in {self.named}")
        stamp = real.stat()
        if stamp.st_size > MAX_TEMPLATE_BYTES:
            raise TemplateNotFound(
                template, f"{template!r} is larger than {MAX_TEMPLATE_BYTES:,} bytes"
            )
        source = real.read_text(encoding="utf-8")

        def uptodate() -> bool:
            try:
                now = real.stat()
            except OSError:
                return False
            return (now.st_mtime_ns, now.st_size) == (stamp.st_mtime_ns, stamp.st_size)

        return source, str(self.named.joinpath(*split_template_path(template))), uptodate


@dataclass
class _Clock:
    """The processor time a render may run until, read every :data:`_TICKS` steps."""

    deadline: float
    ticks: int = 0


_TICKS = 64
"""Loop steps and calls between two readings of the clock (a reading costs a system call)."""
_clock: ContextVar[_Clock | None] = ContextVar("kzrs_render_clock", default=None)
_TIMED_LOOP = "kzrs_timed_loop"
"""The filter every ``for`` loop's sequence passes through."""


@contextmanager
def time_bounded() -> Iterator[None]:
    """Run the block (a template's rendering) with :data:`MAX_RENDER_SECONDS` of this
    thread's processor time: past it, the template's next loop step or call raises
    :class:`SecurityError` there, so the error names the template's line."""
    token = _clock.set(_Clock(time.thread_time() + MAX_RENDER_SECONDS))
    try:
        yield
    finally:
        _clock.reset(token)


def _tick() -> None:
    clock = _clock.get()
    if clock is None:
        return
    clock.ticks += 1
    if clock.ticks % _TICKS == 0 and time.thread_time() > clock.deadline:
        raise SecurityError(
            f"the template ran for more than {MAX_RENDER_SECONDS:g} s of processor "
            "time (the limit): a loop without end?"
        )


def _timed_loop(sequence: Any) -> Iterator[Any]:
    """``sequence``, item by item, minding the render's time limit."""
    for item in sequence:
        _tick()
        yield item


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, also refusing the operations that make huge values from short source,
    and templates that run for too long.

    ``'a' * 10**9``, ``10**10**10``, ``'%999999999s' % x``, ``'{:>999999999}'.format(x)``,
    ``''.ljust(10**9)`` and the ``center``, ``indent`` and ``format`` filters at such widths
    raise :class:`jinja2.exceptions.SecurityError` instead of filling memory; ``range`` is
    already bounded by the sandbox. Jinja's ``lipsum`` (filler text on demand) is removed.
    Inside :func:`time_bounded`, every step of a ``for`` loop and every call (a macro's too)
    minds the time limit, so neither nested loops nor recursion can run on for hours.
    """

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)
        for name in ("center", "indent", "format"):
            self.filters[name] = _bounded_filter(self.filters[name])
        self.filters[_TIMED_LOOP] = _timed_loop

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The template's syntax tree, each ``for`` loop's sequence passed through
        :func:`_timed_loop` (Jinja has no hook for a loop's steps)."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            at = loop.iter.lineno
            loop.iter = nodes.Filter(loop.iter, _TIMED_LOOP, [], [], None, None, lineno=at)
        tree.set_environment(self)
        return tree

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``left operator right``, refused when its result would be too large to hold."""
        if operator == "**":
            if isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"an exponent of {right} is above {MAX_EXPONENT}")
        elif operator == "*":
            count, value = (left, right) if isinstance(left, int) else (right, left)
            if isinstance(value, str | list | tuple) and isinstance(count, int):
                _check_length(len(value) * count, "a repeated value")
        elif operator == "%" and isinstance(left, str):
            _check_format(_PERCENT_WIDTH, left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call ``__obj`` as the sandbox does; a string padded to a huge width is refused."""
        _tick()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and getattr(__obj, "__name__", None) in _PADDING_METHODS:
            _check_length(max(_ints([*args, *kwargs.values()]), default=0), "padding")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """The sandbox's own ``str.format``, refused for a format that pads to a huge width."""
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and getattr(value, "__name__", None) in _FORMAT_METHODS:
            _check_format(_BRACE_WIDTH, owner)
        return super().wrap_str_format(value)


def _bounded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (a built-in filter), refusing a huge width or a %-format that makes one."""

    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_length(max(_ints([*args, *kwargs.values()]), default=0), "a width")
        if function.__name__ == "do_format" and isinstance(value, str):
            _check_format(_PERCENT_WIDTH, value)
        return function(value, *args, **kwargs)

    bounded.__name__ = function.__name__
    return bounded


def _ints(values: Iterable[Any]) -> list[int]:
    return [v for v in values if isinstance(v, int)]


def _check_length(length: int, what: str) -> None:
    if length > MAX_VALUE_LENGTH:
        raise SecurityError(f"{what} of {length:,} is above {MAX_VALUE_LENGTH:,}")


def _check_format(pattern: re.Pattern[str], text: str) -> None:
    if pattern.search(text):
        raise SecurityError(
            "a format with a width or precision above 99,999 or taken from its arguments"
        )


def render_bounded(chunks: Iterable[str]) -> str:
    """Join a template's output, raising :class:`SecurityError` past :data:`MAX_OUTPUT`."""
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise SecurityError(f"the template wrote more than {MAX_OUTPUT:,} characters")
        parts.append(chunk)
    return "".join(parts)


def make_environment(template_dir: Path) -> SandboxedEnvironment:
    """A bounded sandbox with StrictUndefined, loading templates from ``template_dir`` only."""
    env = BoundedSandbox(
        loader=SetLoader(template_dir),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["rich"] = rich_markdown
    env.filters["link"] = web_link
    # ``{% trans %}`` calls gettext(message, **values) (Jinja's "new style"), collapsing the
    # block's white space so a sentence may be wrapped in the template as anywhere else.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.policies["ext.i18n.trimmed"] = True
    return env


def gettext_functions(words: NullTranslations, language: str) -> dict[str, Callable[..., Markdown]]:
    """``gettext``, ``ngettext``, ``pgettext`` and ``npgettext`` for a template, in the
    language of ``words`` (``language``, a BCP 47 tag).

    A message is Markdown written by the set's author or translator, so it is printed as
    Markdown; the values put into it (``%(name)s``, from ``{% trans name=… %}`` or
    ``_("…", name=…)``) are escaped as text like every other value, unless they are Markdown
    already (a citation), and whole numbers are written as ``language`` writes them
    (``12 500`` in Russian). ``ngettext`` chooses the plural form of the language for ``num``.
    """
    locale = babel_locale(language)

    def value(item: object) -> str:
        if isinstance(item, int) and not isinstance(item, bool) and abs(item) >= 10_000:
            return format_decimal(item, locale=locale)  # years (2026) stay as they are
        return _finalize(item)

    def fill(message: str, values: Mapping[str, object]) -> Markdown:
        _check_format(_PERCENT_WIDTH, message)
        return Markdown(message % {k: value(v) for k, v in values.items()})

    def gettext(message: str, **values: object) -> Markdown:
        return fill(words.gettext(message), values)

    def ngettext(singular: str, plural: str, num: int, **values: object) -> Markdown:
        return fill(words.ngettext(singular, plural, num), {"num": num, **values})

    def pgettext(context: str, message: str, **values: object) -> Markdown:
        return fill(str(words.pgettext(context, message)), values)

    def npgettext(context: str, singular: str, plural: str, num: int, **values: object) -> Markdown:
        return fill(words.npgettext(context, singular, plural, num), {"num": num, **values})

    return {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


@cache
def date_filters(language: str) -> dict[str, Callable[..., str]]:
    """Date formatting in ``language`` (a BCP 47 tag), for a template's globals."""
    locale = babel_locale(language)

    def long_date(value: dt.date | PartialDate) -> str:
        if isinstance(value, PartialDate):
            if value.day is not None:
                return format_date(value.earliest, "long", locale=locale)
            if value.month is not None:
                return format_skeleton("yMMMM", value.earliest, locale=locale)
            return str(value.year)
        return format_date(value, "long", locale=locale)

    def date_range(start: dt.date, end: dt.date) -> str:
        if start == end:
            return format_date(start, "long", locale=locale)
        return format_interval(start, end, "yMMMMd", locale=locale)

    return {"long_date": long_date, "date_range": date_range}


def citation_function(source_ids: list[str]) -> Callable[[str], Markdown]:
    """``cite(id)``: the citation ``[n]`` for source ``id``, linked to its entry in the list.

    Sources are numbered in the order the data file lists them.
    """
    numbers: Mapping[str, int] = {sid: i for i, sid in enumerate(source_ids, start=1)}

    def cite(source_id: str) -> Markdown:
        n = numbers[source_id]
        return Markdown(f"[\\[{n}\\]](#source-{n})")

    return cite


def provenance_functions(
    cite: Callable[[str], Markdown], labels: Mapping[str, Any]
) -> dict[str, Callable[[Any], Markdown]]:
    """``basis(item)``, ``desk(item)`` and ``quoted(item)`` for a template: where a statement
    comes from.

    ``basis(item)`` is the item's citation ``[n]`` when it rests on a source, and the
    desk's marker (``labels.basis.marker``) when it is the desk's judgement — never both,
    never a citation for a judgement. ``desk(item)`` is the desk's comment on a sourced item,
    led by ``labels.basis.comment`` and marked, or nothing. ``quoted(item)`` is the source's
    words the item rests on, in quotation marks (a dash for a judgement).
    """
    words = labels["basis"]  # checked when the set was loaded
    marker = escape_markdown(words["marker"])

    def basis(item: Any) -> Markdown:
        if getattr(item, "basis", "sourced") == "assessed":
            return marker
        source = getattr(item, "source", None)
        return cite(source) if source else Markdown("")

    def desk(item: Any) -> Markdown:
        comment = getattr(item, "comment", None)
        if not comment:
            return Markdown("")
        lead = escape_markdown(words["comment"])
        return Markdown(f" *{lead}* {rich_markdown(comment)} {marker}")

    def quoted(item: Any) -> Markdown:
        if getattr(item, "basis", "sourced") == "assessed":
            return Markdown("—")
        quote = getattr(item, "quote", None)
        if quote:
            return Markdown(f"“{escape_markdown(quote)}”")
        return Markdown(f"*{escape_markdown(words['unquoted'])}*")

    return {"basis": basis, "desk": desk, "quoted": quoted}


def template_place(exc: BaseException) -> str | None:
    """``file:line`` of the innermost template frame in ``exc``'s traceback (Jinja maps them)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found
