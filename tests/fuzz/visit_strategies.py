"""Hypothesis strategies for visit data files, valid and invalid.

A valid visit is drawn as plain Python data (the shape of data/kz-rs-visit-2026.yaml)
together with the text a reader must find in the brief for each value. Text is drawn only from
characters every shipped font can draw (fonts/coverage.json), mixed with words that look like
markup: HTML, entities, Jinja, TeX, Markdown, backslashes, URLs, YAML 1.1 look-alikes.

Rich-text fields get real inline Markdown (emphasis, strong, links to https URLs); their plain
stretches are written with CommonMark backslash escapes for the characters that would open
emphasis or a link, so the text a reader sees is known without asking the code under test.
Everything else in a rich-text field (``<b>``, ``&amp;``, ``# x``) must print as typed.

An invalid visit is a valid one with one mutation (:func:`invalid_visits`), described so a
failing example says what was broken and where.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from ruamel.yaml import YAML

from kzrs_reports.model.scheme import shipped_scheme, shipped_schemes

COVERAGE = Path(__file__).resolve().parents[2] / "src" / "kzrs_reports" / "fonts" / "coverage.json"

# Categories a reader can see: no controls, format characters (zero-width, soft hyphen, bidi
# marks), separators other than spaces, surrogates or unassigned code points.
_VISIBLE = ("L", "M", "N", "P", "S")


@cache
def drawable() -> frozenset[int]:
    """Code points every shipped font maps to a glyph."""
    fonts = json.loads(COVERAGE.read_text(encoding="utf-8"))["fonts"].values()
    sets = [{p for a, b in font["ranges"] for p in range(a, b + 1)} for font in fonts]
    return frozenset(set.intersection(*sets))


@cache
def printable_alphabet() -> str:
    """Every drawable character a reader sees as a mark on the page, plus the space.

    Combining marks are left out: pdftotext puts a mark drawn on its own (no base letter
    before it, as at the start of a value) in an order that does not round-trip.
    """
    chars = [chr(p) for p in sorted(drawable()) if unicodedata.category(chr(p))[0] in _VISIBLE]
    return " " + "".join(c for c in chars if unicodedata.category(c)[0] != "M")


@cache
def undrawable_alphabet() -> str:
    """Visible characters no shipped font can draw: emoji, CJK, Arabic, Devanagari, symbols."""
    picks = [
        *range(0x1F600, 0x1F650),  # emoji
        *range(0x4E00, 0x4E80),  # CJK ideographs
        *range(0x0627, 0x064B),  # Arabic letters
        *range(0x0905, 0x0940),  # Devanagari
        *range(0x2600, 0x2640),  # miscellaneous symbols
        0x2713,  # check mark
    ]
    return "".join(chr(p) for p in picks if p not in drawable() and chr(p).isprintable())


MARKUP = (
    "<b>",
    "</b>",
    "<i>bold</i>",
    '<img src="x.png"/>',
    '<a href="javascript:alert(1)">x</a>',
    "<para>",
    "<br/>",
    "&",
    "&amp;",
    "&lt;b&gt;",
    "&#x41;",
    "&nbsp;",
    "AT&T",
    "AT&T;",
    "{{ 7*7 }}",
    "{% if x %}",
    "{# c #}",
    "${x}",
    "$x$",
    "$",
    "$$",
    "# heading",
    "## sub",
    "*",
    "**",
    "***",
    "_",
    "__x__",
    "`code`",
    "~~x~~",
    "\\",
    "\\\\",
    "\\n",
    "C:\\temp\\new",
    "[x](https://example.org)",
    "![img](a.png)",
    "<https://example.org>",
    "https://example.org/a_b?c=d&e=f#g",
    "http://пример.рф/путь",
    "mailto:a@example.org",
    "|",
    "| a | b |",
    ":::",
    "::: callout warning",
    "---",
    "> quote",
    "- item",
    "1. item",
    "+",
    "%YAML",
    "@",
    "!!python/object",
    "&anchor",
    "*alias",
    "NO",
    "yes",
    "null",
    "~",
    "3.10",
    "1:20",
    "0x1F",
    "1e3",
    "2026-02-30",
    "'",
    '"',
    "«»",
    "„“",
    "—",
    "…",
    "%",
    "%(x)s",
    "{0}",
    "\t",
)
"""Words that mean something to HTML, ReportLab, Jinja, TeX, Markdown, YAML or Python."""

NAMES = (
    "Aleksandar Vučić",
    "Александар Вучић",
    "Kassym-Jomart Tokayev",
    "Қасым-Жомарт Тоқаев",
    "Đorđe Šćepanović",
    "Žaklina Ćirić",
    "ČĆŠŽĐ čćšžđ",
    "Ёлка Ўзбек Ґанок",
    "Αθήνα Ελλάδα",
    "Łódź Ærø Øresund",
    "naïve café",
    "ﬁne ﬂow",
)
"""Names and words in the scripts the fonts cover."""


@dataclass
class Texts:
    """What a reader must find in the built brief, by where it should show."""

    body: list[str] = field(default_factory=list)
    """Text printed in the body of both documents."""
    alt: list[str] = field(default_factory=list)
    """Text shown only in a chart, and given as the chart's alt text in the DOCX."""
    keywords: list[str] = field(default_factory=list)
    """The document properties' keywords."""


@dataclass
class Visit:
    """Generated visit data and the text a reader must find in its brief."""

    data: dict[str, Any]
    texts: Texts


@dataclass
class Invalid:
    """A visit file with one thing wrong."""

    data: Any
    what: str
    """The mutation, for the falsifying example's report."""
    path: tuple[str | int, ...]
    """Where it was made; ``()`` for the whole file."""
    as_json: bool


def _text(chars: str, min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(chars, min_size=min_size, max_size=max_size)


@st.composite
def plain_text(
    draw: st.DrawFn, max_pieces: int = 6, max_len: int = 280, long_runs: bool = True
) -> str:
    """A line of text: generated words, names and markup look-alikes, some stuck together.

    At most ``max_len`` characters, at least one of them not white space, so it is never
    empty once stripped.
    """
    pieces_from = [
        _text(printable_alphabet(), 1, 12),
        st.sampled_from(MARKUP),
        st.sampled_from(NAMES),
    ]
    if long_runs:  # an unbroken run long enough to need wrapping mid-word in a table cell
        pieces_from.append(_text(printable_alphabet().strip(), 60, 120))
    piece = st.one_of(pieces_from)
    pieces = draw(st.lists(piece, min_size=1, max_size=max_pieces))
    seps = draw(st.lists(st.sampled_from(["", " ", " ", "\n"]), min_size=len(pieces)))
    text = "".join(p + s for p, s in zip(pieces, seps, strict=False))[:max_len]
    if not text.strip():
        text = draw(st.sampled_from(NAMES))
    return text


@st.composite
def markings(draw: st.DrawFn, language: str) -> tuple[str | None, str, str]:
    """A shipped scheme (None: the default, left out), a level of it written any way a file
    may name it (id, printed form in any language, alias; in any case), and the level as a
    brief in ``language`` prints it."""
    scheme_id = draw(st.sampled_from([None, *shipped_schemes()]))
    scheme = shipped_scheme(scheme_id or "uk")
    level = draw(st.sampled_from(scheme.levels))
    spelling = draw(st.sampled_from([level.id, *level.names.values(), *level.aliases]))
    written = draw(st.sampled_from([spelling, spelling.lower(), spelling.upper()]))
    return scheme_id, written, scheme.printed(level, language)


def escape_rich(text: str) -> str:
    """``text`` as rich-text Markdown that reads back as itself: ``\\ * _ [ ]`` escaped."""
    return "".join("\\" + c if c in "\\*_[]" else c for c in text)


@st.composite
def word(draw: st.DrawFn) -> str:
    """Letters only: safe inside emphasis delimiters, whose flanking rules care for edges."""
    letters = "".join(c for c in printable_alphabet() if unicodedata.category(c)[0] == "L")
    return draw(_text(letters, 1, 10))


@st.composite
def rich_text(draw: st.DrawFn, small: bool = False) -> tuple[str, str]:
    """(Markdown source, the text a reader sees) for a rich-text field."""
    source: list[str] = []
    seen: list[str] = []
    kinds = st.sampled_from(["plain", "plain", "em", "strong", "link"])
    for kind in draw(st.lists(kinds, min_size=1, max_size=2 if small else 5)):
        if kind == "plain":
            text = draw(plain_text(2, long_runs=False) if small else plain_text())
            source.append(escape_rich(text))
            seen.append(text)
        elif kind == "link":
            text = draw(word())
            url = draw(url_text())
            source.append(f" [{text}]({url}) ")
            seen.append(text)
        else:
            words = draw(st.lists(word(), min_size=1, max_size=3))
            mark = "*" if kind == "em" else "**"
            source.append(f" {mark}{' '.join(words)}{mark} ")
            seen.append(" ".join(words))
    if not "".join(seen).strip():
        source.append("x")
        seen.append("x")
    return "".join(source), " ".join(seen)


@st.composite
def url_text(draw: st.DrawFn, max_path: int = 40) -> str:
    """An http(s) URL; its path may hold any visible drawable character but ``()<>``."""
    scheme = draw(st.sampled_from(["https://", "http://"]))
    host = draw(st.sampled_from(["example.org", "gov.rs", "akorda.kz", "пример.срб"]))
    chars = "".join(c for c in printable_alphabet().strip() if c not in "()<>\\")
    path = draw(_text(chars, 0, max_path))
    return f"{scheme}{host}/{path}"


STATUSES = ("signed", "agreed", "launched", "confirmed", "supported", "exploring", "planned")
IDS = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,20}\Z")
CATEGORIES = st.from_regex(r"\A[a-z][a-z -]{0,31}\Z")


class _Builder:
    """Draws one visit, noting the text each printed value puts in the brief."""

    def __init__(self, draw: st.DrawFn, small: bool) -> None:
        self.draw = draw
        self.small = small
        self.texts = Texts()

    def count(self, least: int, most: int) -> int:
        """How many items a list gets; at most 2 for a small visit."""
        return self.draw(st.integers(least, min(most, 2) if self.small else most))

    def line(self, where: str = "body", max_pieces: int = 5, lead: str = "") -> str:
        pieces = 2 if self.small else max_pieces
        value = lead + self.draw(plain_text(pieces, long_runs=not self.small))
        getattr(self.texts, where).append(value)
        return value

    def rich(self) -> str:
        source, seen = self.draw(rich_text(self.small))
        self.texts.body.append(seen)
        return source

    def maybe(self, make: Callable[[], Any]) -> Any:
        return make() if self.draw(st.booleans()) else None


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


@st.composite
def valid_visits(draw: st.DrawFn, small: bool = False) -> Visit:
    """A visit file that must build, and the text its brief must show.

    A ``small`` visit has short values and lists of at most two items: quick to draw, for
    tests that only load it.
    """
    b = _Builder(draw, small)
    established = draw(st.integers(1800, 2100))
    brief_date = draw(st.dates(dt.date(established + 1, 1, 1), dt.date(2199, 12, 31)))
    start = draw(st.dates(dt.date(established, 1, 1), brief_date))
    end = draw(st.dates(start, min(start + dt.timedelta(days=30), dt.date(2199, 12, 31))))
    source_ids = draw(st.lists(IDS, min_size=1, max_size=2 if small else 3, unique=True))
    cite = st.sampled_from(source_ids)

    sources = []
    for ident in source_ids:
        url = b.maybe(lambda: draw(url_text(max_path=draw(st.sampled_from([20, 200])))))
        if url is not None:
            b.texts.body.append(url)
        sources.append(
            _without_none(
                {
                    "id": ident,
                    "title": b.line(),
                    "publisher": b.line(),
                    "date": b.maybe(lambda: draw(st.dates(dt.date(1800, 1, 1), brief_date))),
                    "url": url,
                    "note": b.maybe(b.line),
                }
            )
        )
    sector_ids = draw(st.lists(IDS, max_size=2 if small else 4, unique=True))
    sectors = [
        {
            "id": ident,
            "name": b.line(max_pieces=3),
            "priority": draw(st.integers(1, 5)),
            "basis": draw(st.sampled_from(["stated", "assessed"])),
            "rationale": b.rich(),
            "source": draw(cite),
        }
        for ident in sector_ids
    ]
    milestones = []
    for _ in range(b.count(0, 5)):
        planned = draw(st.booleans())
        if planned:
            day = draw(st.dates(brief_date, dt.date(2199, 12, 31)))
        else:
            day = draw(st.dates(dt.date(established, 1, 1), brief_date))
        precision = draw(st.sampled_from(["year", "month", "day"]))
        # A year or a month holding ``day`` starts no later and ends no earlier than it.
        date: Any = {"year": day.year, "month": f"{day:%Y-%m}", "day": day}[precision]
        milestones.append(
            _without_none(
                {
                    "date": date,
                    "title": b.line("alt", max_pieces=3),
                    "category": draw(CATEGORIES),
                    "planned": planned or None,
                    "source": draw(cite),
                }
            )
        )
    language = draw(st.sampled_from(["en", "en-GB", "sr", "sr-Latn", "kk", "ru", "de"]))
    scheme, written, printed = draw(markings(language))
    brief = _without_none(
        {
            "id": draw(IDS),
            "title": b.line(),
            "subtitle": b.maybe(b.line),
            "marking_scheme": scheme,
            "classification": written,
            "language": language,
            "edition": b.line(max_pieces=2),
            "date": brief_date,
            "author": b.line(),
            "organisation": b.line(max_pieces=3),
            "distribution": [b.line() for _ in range(b.count(1, 3))],
            "keywords": [b.line("keywords", 2) for _ in range(b.count(0, 3))] or None,
            "summary": b.maybe(b.rich),
        }
    )
    b.texts.body.append(printed)

    def party() -> dict[str, Any]:
        return {
            "country": b.line(max_pieces=2),
            "leader": b.line(max_pieces=3),
            "title": b.line(max_pieces=3),
        }

    visit = _without_none(
        {
            "kind": b.line(max_pieces=3),
            "host": party(),
            "guest": party(),
            "city": b.line(max_pieces=2),
            "start": start,
            "end": end,
            "occasion": b.maybe(b.line),
            "source": draw(cite),
        }
    )
    agreements = [
        _without_none(
            {
                "title": b.line(),
                "sector": draw(st.sampled_from([None, *sector_ids])),
                "status": draw(st.sampled_from(STATUSES)),
                "detail": b.maybe(b.rich),
                "source": draw(cite),
            }
        )
        for _ in range(b.count(0, 4))
    ]
    topics = ["political", "economic", "connectivity", "multilateral", "dialogue"]
    positions = [
        {
            "topic": draw(st.sampled_from(topics)),
            "party": draw(st.sampled_from(["host", "guest", "both"])),
            "text": b.rich(),
            "source": draw(cite),
        }
        for _ in range(b.count(0, 4))
    ]
    risks = [
        {"title": b.line(), "detail": b.rich(), **draw(_basis(cite))} for _ in range(b.count(0, 3))
    ]
    next_steps = [
        {
            "action": b.line(),
            "owner": b.line(max_pieces=3),
            "due": b.line(max_pieces=2),
            **draw(_basis(cite)),
        }
        for _ in range(b.count(0, 3))
    ]
    key_messages = [{"text": b.rich(), "source": draw(cite)} for _ in range(b.count(1, 4))]
    data = {
        "brief": brief,
        "visit": visit,
        "relations": {"established": established, "milestones": milestones},
        "key_messages": key_messages,
        "agreements": agreements,
        "sectors": sectors,
        "positions": positions,
        "risks": risks,
        "next_steps": next_steps,
        "sources": sources,
    }
    return Visit(data, b.texts)


def _basis(cite: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, str]]:
    """A statement's provenance: a source it rests on, or the desk's judgement."""
    return st.one_of(cite.map(lambda ref: {"source": ref}), st.just({"basis": "assessed"}))


def to_yaml(data: Any) -> str:
    """``data`` as block-style YAML 1.2, as a person would keep it."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    # No folding: ruamel.yaml 0.19 folds a double-quoted line right after an escaped
    # backslash without a continuation, so "\\[" reads back as "\\ [".
    yaml.width = 1_000_000
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def to_json(data: Any) -> str:
    """``data`` as JSON (dates as ISO strings), indented so lines are worth pointing at."""
    return json.dumps(data, default=str, ensure_ascii=False, indent=2)


# ---------------------------------------------------------------------------------------------
# Invalid data: a valid visit with one thing wrong.

Loc = tuple[str | int, ...]

OPTIONAL = {
    "subtitle",
    "language",
    "marking_scheme",
    "keywords",
    "summary",
    "previous",
    "occasion",
    "milestones",
    "planned",
    "sector",
    "detail",
    "agreements",
    "sectors",
    "positions",
    "risks",
    "next_steps",
    "url",
    "note",
}
"""Keys a visit file may leave out (besides ``sources[*].date``)."""

CONTROLS = "".join(
    chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
)
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SURROGATES = "\ud800\udbff\udc00\udfff"
NONCHARACTERS = "\ufffe\uffff"
TYPOS = ("titel", "sourse", "Title", "date_", "x", "prority", "über", "1")


def format_loc(loc: Loc) -> str:
    """``agreements[2].status`` for ``("agreements", 2, "status")``, as messages name fields."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _locations(data: Any, loc: Loc = ()) -> list[tuple[Loc, Any]]:
    """Every (path, value) below ``data``, depth first."""
    found: list[tuple[Loc, Any]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        found.append(((*loc, key), value))
        if isinstance(value, dict | list):
            found += _locations(value, (*loc, key))
    return found


def _optional(loc: Loc) -> bool:
    return loc[-1] in OPTIONAL or (loc[0] == "sources" and loc[-1] == "date")


def _assessed_sector(data: Any, loc: Loc) -> bool:
    """True for the source of a sector whose priority is the desk's: it may be left out."""
    if loc[0] != "sectors" or loc[-1] != "source" or len(loc) != 3:
        return False
    return bool(data["sectors"][loc[1]].get("basis") == "assessed")


def _set(data: Any, loc: Loc, value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def _delete(data: Any, loc: Loc) -> None:
    for part in loc[:-1]:
        data = data[part]
    del data[loc[-1]]


def _date_field(loc: Loc) -> bool:
    return loc[-1] in ("date", "start", "end") and loc[0] != "relations"


def _pick(places: list[tuple[Loc, Any]]) -> st.SearchStrategy[tuple[Loc, Any]]:
    """One of ``places``, each field name as likely as any other: ``brief.classification``
    as likely as one of the many ``sources[*].title``."""
    groups: dict[str, list[tuple[Loc, Any]]] = {}
    for loc, value in places:
        name = ".".join("*" if isinstance(part, int) else part for part in loc)
        groups.setdefault(name, []).append((loc, value))
    return st.sampled_from(sorted(groups)).flatmap(lambda name: st.sampled_from(groups[name]))


MUTATIONS = (
    "wrong type",
    "out of range",
    "too long",
    "empty",
    "bad date",
    "forbidden character",
    "undrawable character",
    "unknown key",
    "missing key",
    "unknown reference",
    "bad id",
)
"""The ways :func:`invalid_visits` breaks a visit."""


@st.composite
def _mutate(draw: st.DrawFn, data: dict[str, Any], kind: str) -> tuple[str, Loc]:
    """Break ``data`` in place in the way ``kind`` names; return what was done and where."""
    places = _locations(data)
    text_places = [(loc, v) for loc, v in places if isinstance(v, str)]
    if kind == "wrong type":
        loc, value = draw(_pick(places))
        if isinstance(value, dict):
            wrong: Any = draw(st.sampled_from([["a", "b"], "text", 7]))
        elif isinstance(value, list):
            wrong = draw(st.sampled_from([{"a": 1}, "text", 7]))
        elif loc[-1] == "planned":
            wrong = draw(st.sampled_from(["yes", "true", 1, [True]]))
        else:
            wrong = draw(st.sampled_from([[1, 2], {"a": "b"}, True, False, 1.5, [value]]))
        _set(data, loc, wrong)
        return f"{kind}: {wrong!r}", loc
    if kind == "out of range":
        section = draw(st.sampled_from(["priority", "established", "status", "basis"]))
        if section == "priority" and data["sectors"]:
            loc = ("sectors", draw(st.integers(0, len(data["sectors"]) - 1)), "priority")
            wrong = draw(
                st.sampled_from([0, 6, -1, 100, 2.5, float("nan"), float("inf"), "3", 10**30])
            )
        elif section == "status" and data["agreements"]:
            loc = ("agreements", draw(st.integers(0, len(data["agreements"]) - 1)), "status")
            wrong = draw(st.sampled_from(["Signed", "done", "", "signed!"]))
        elif section == "basis" and data["sectors"]:
            loc = ("sectors", draw(st.integers(0, len(data["sectors"]) - 1)), "basis")
            wrong = draw(st.sampled_from(["guess", "Stated", "both"]))
        else:
            loc = ("relations", "established")
            wrong = draw(st.sampled_from([1799, 2201, -1996, 1996.5, "1996", 0]))
        _set(data, loc, wrong)
        return f"{kind}: {wrong!r}", loc
    if kind in ("too long", "empty"):
        loc, value = draw(_pick(text_places))
        if kind == "empty":
            wrong = draw(st.sampled_from(["", " ", "\n", "\u3000"]))
        elif loc[-1] in ("text", "detail", "rationale", "summary"):
            wrong = "x" * 4001
        elif loc[-1] == "url":
            wrong = "https://example.org/" + "x" * 2000
        elif loc[-1] == "previous":
            wrong = "x" * 1001
        else:
            wrong = "y" * 301 + value
        _set(data, loc, wrong)
        return f"{kind}: {len(wrong)} characters", loc
    if kind == "bad date":
        dated = [(loc, v) for loc, v in places if _date_field(loc) or loc[-1] == "date"]
        loc, _ = draw(_pick(dated))
        choices = ["2026-02-30", "2026-13-01", "26/02/2026", "2026-2-3", "tomorrow", "2026-02-29"]
        if loc[0] != "relations":
            choices += [dt.datetime(2026, 2, 26, 10, 0)]  # type: ignore[list-item]
        else:
            choices += ["2026-00", "20266", "2026-02-31", "Feb 2026"]
        wrong = draw(st.sampled_from(choices))
        _set(data, loc, wrong)
        return f"{kind}: {wrong!r}", loc
    if kind in ("forbidden character", "undrawable character"):
        loc, value = draw(_pick(text_places))
        alphabet = CONTROLS + BIDI + SURROGATES + NONCHARACTERS
        if kind == "undrawable character":
            alphabet = undrawable_alphabet()
        char = draw(st.sampled_from(alphabet))
        at = draw(st.integers(0, len(value)))
        # Between two letters: at either end of a value, a control character that Python
        # counts as white space (U+0085, U+001F) is stripped with it, and never printed.
        _set(data, loc, f"{value[:at]}x{char}x{value[at:]}")
        return f"{kind}: U+{ord(char):04X} at {at}", loc
    if kind == "unknown key":
        mappings = [((), data)] + [(loc, v) for loc, v in places if isinstance(v, dict)]
        loc, mapping = draw(_pick(mappings))
        key = draw(st.sampled_from(TYPOS))
        mapping[key] = draw(st.sampled_from(["value", 1, None, []]))
        return f"{kind}: {key!r}", (*loc, key)
    if kind == "missing key":
        required = [
            (loc, v)
            for loc, v in places
            if isinstance(loc[-1], str) and not _optional(loc) and not _assessed_sector(data, loc)
        ]
        loc, _ = draw(_pick(required))
        _delete(data, loc)
        return kind, loc
    if kind == "unknown reference":
        refs = [
            (loc, v)
            for loc, v in places
            if loc[-1] == "source" or (loc[-1] == "sector" and loc[0] == "agreements")
        ]
        loc, _ = draw(_pick(refs))
        _set(data, loc, "no-such-id")
        return kind, loc
    assert kind == "bad id", kind
    ids = [(loc, v) for loc, v in places if loc[-1] in ("id", "category")]
    loc, _ = draw(_pick(ids))
    bad = ["../../x", "Upper", "-x", "x" * 65, "a/b", ".", "a_b"]
    # A category is a name in any script, with spaces; an id is neither.
    wrong = draw(st.sampled_from(bad if loc[-1] == "category" else [*bad, "é", "a b"]))
    _set(data, loc, wrong)
    return f"{kind}: {wrong!r}", loc


@st.composite
def invalid_visits(draw: st.DrawFn, kind: str) -> Invalid:
    """A visit file with one thing wrong in the way ``kind`` (of :data:`MUTATIONS`) names."""
    data = draw(valid_visits(small=True)).data
    what, loc = draw(_mutate(data, kind))
    # ruamel.yaml writes U+0085 (NEXT LINE) raw, and reads it back as a line break: the
    # value then holds a space, not the character. Only a JSON escape keeps it.
    as_json = draw(st.booleans()) or "U+0085" in what
    return Invalid(data, what, loc, as_json)


def invalid_text(case: Invalid) -> str:
    """The file text for ``case``; lone surrogates are written as escapes, as only they can."""
    if case.as_json:
        return json.dumps(case.data, default=str, ensure_ascii=True, indent=2, allow_nan=True)
    return to_yaml(case.data)
