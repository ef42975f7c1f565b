"""The visit model: the typed, validated form of one visit data file.

Field docstrings become descriptions in ``kzrs-reports schema``. Checks that relate one part
of the file to another (a citation names a source that exists) live in
:mod:`kzrs_reports.model.checks`; checks of one value alone live here.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kzrs_reports.core.markings import DEFAULT_SCHEME
from kzrs_reports.model.dates import PartialDate
from kzrs_reports.model.docs import describe_fields
from kzrs_reports.model.scheme import check_marking, check_scheme_name
from kzrs_reports.model.text import (
    CATEGORY_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    check_raw_text,
)
from kzrs_reports.model.translated import Translatable, language_of, reading

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(description="A short identifier: lower-case letters, digits and hyphens."),
]


def _per_language(description: str) -> str:
    return description + " Or the same per language: a mapping of language tag to text."


PlainLine = Annotated[
    str,
    StringConstraints(min_length=1, max_length=300),
    BeforeValidator(check_raw_text),
    Field(description="One line of plain text, printed exactly as typed, in one language."),
]
Line = Annotated[
    str,
    StringConstraints(min_length=1, max_length=300),
    BeforeValidator(check_raw_text),
    Translatable(),
    Field(description=_per_language("One line of plain text, printed exactly as typed.")),
]
RichText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=4000),
    BeforeValidator(check_raw_text),
    Translatable(),
    Field(
        description=_per_language(
            "Rich text: plain text that may use inline Markdown "
            "(*emphasis*, **strong**, [links](https://…)); nothing else is interpreted."
        )
    ),
]
SchemeName = Annotated[
    str, StringConstraints(min_length=1, max_length=1000), AfterValidator(check_scheme_name)
]
"""A marking scheme: a shipped one's id, or the path of a house scheme file (.yaml)."""
Marking = Annotated[
    str,
    StringConstraints(min_length=1, max_length=60),
    BeforeValidator(check_raw_text),
    AfterValidator(check_marking),
]
"""A level of the document's marking scheme; stored as the level's id."""
Language = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
"""A BCP 47 language tag, e.g. en or en-GB (each field says what it is the language of)."""
SourceRef = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(description="The id of an entry in `sources`."),
]


Quote = Annotated[
    str,
    StringConstraints(min_length=1, max_length=1000),
    BeforeValidator(check_raw_text),
    Field(description="The source's exact words, as its text has them."),
]
Basis = Literal["sourced", "assessed"]
"""Where a statement comes from: a source (``sourced``) or the desk's own judgement."""


class _Model(BaseModel):
    # Field docstrings become schema descriptions through describe_fields, not pydantic's
    # use_attribute_docstrings, whose cost every command would pay (see model.docs).
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, json_schema_extra=describe_fields
    )


class Statement(_Model):
    """Something a document states, and where it comes from: a source, or the desk.

    A ``sourced`` statement is what a party said or did, or what its source states: it gives
    the ``source`` (printed as a citation) and may give the ``quote`` it rests on, and the
    desk's ``comment`` on it, printed apart. An ``assessed`` statement is the desk's own
    judgement: it is printed as such and never carries a citation.
    """

    basis: Basis = "sourced"
    """`sourced` (the default: give `source`) or `assessed` (the desk's judgement: no source)."""
    source: SourceRef | None = None
    """The source the statement rests on; required unless the basis is `assessed`."""
    quote: Quote | None = None
    """The source's exact words the statement rests on; `check` finds them in the source's
    text when the source names a local copy (`file`)."""
    comment: RichText | None = None
    """The desk's comment on a sourced statement: printed apart, marked as assessment."""

    @property
    def assessed(self) -> bool:
        """True when the statement is the desk's judgement rather than a source's."""
        return self.basis == "assessed"


class Brief(_Model):
    """The document itself: what it is called, who wrote it, who may read it."""

    id: Id
    """Identifier of the brief; output files are named after it."""
    title: Line
    subtitle: Line | None = None
    marking_scheme: SchemeName = Field(default=DEFAULT_SCHEME, validate_default=True)
    """The protective-marking scheme of `classification`: `uk` (the default), `kz`
    (Kazakhstan), `rs` (Serbia) or `nato`, or the path of a house scheme file (.yaml),
    relative to this file."""
    classification: Marking
    """The overall protective marking: a level of `marking_scheme`, by its id or as printed
    in any language, e.g. OFFICIAL or OFFICIAL-SENSITIVE (uk), ПОВЕРЉИВО or POVERLJIVO (rs).
    Every page prints it in the brief's language. Levels, lowest first: uk PUBLIC, OFFICIAL,
    OFFICIAL-SENSITIVE, SECRET, TOP SECRET; kz PUBLIC, FOR OFFICIAL USE ONLY, SECRET,
    TOP SECRET, OF SPECIAL IMPORTANCE; rs JAVNO, INTERNO, POVERLJIVO, STROGO POVERLJIVO,
    DRZAVNA TAJNA; nato PUBLICLY DISCLOSED, NATO UNCLASSIFIED, NATO RESTRICTED,
    NATO CONFIDENTIAL, NATO SECRET, COSMIC TOP SECRET."""
    language: Language = "en"
    """BCP 47 language tag of the brief's text, e.g. en-GB."""
    edition: PlainLine
    """Edition or version label, e.g. 1.0."""
    date: dt.date
    """Date of this edition (YYYY-MM-DD)."""
    author: Line
    organisation: Line
    distribution: Annotated[list[Line], Field(min_length=1)]
    """Who receives the brief, one entry per addressee or list."""
    keywords: list[Line] = []
    summary: RichText | None = None
    """Why this visit matters, in two or three sentences: the brief's opening paragraph."""
    previous: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None
    """Path of the previous edition's data file, relative to this file; the brief then lists
    what changed since that edition."""


class Party(_Model):
    """One side of the visit."""

    country: Line
    leader: Line
    """The leader's name as the brief prints it."""
    title: Line
    """The leader's title, e.g. President."""


class Visit(_Model):
    """The visit: who, where, when and why."""

    kind: Line
    """E.g. State visit, Official visit, Working visit."""
    host: Party
    guest: Party
    city: Line
    start: dt.date
    end: dt.date
    occasion: Line | None = None
    """What the visit marks, if anything (an anniversary, a summit)."""
    source: SourceRef

    @model_validator(mode="after")
    def _ends_after_start(self) -> Visit:
        if self.end < self.start:
            # A custom type lets the loader drop this error in favour of the cross check
            # (model.checks.check_visit_dates), which points at `visit.end` itself.
            raise PydanticCustomError(
                "end_before_start",
                "visit ends ({end}) before it starts ({start})",
                {"end": str(self.end), "start": str(self.start)},
            )
        return self


class Milestone(Statement):
    """A dated event in the relationship, drawn on the timeline."""

    date: PartialDate
    """A year (2019), a month (2026-04) or a day (2026-02-26)."""
    title: Line
    category: Annotated[str, StringConstraints(pattern=CATEGORY_PATTERN), Translatable()]
    """A lower-case category name (letters, spaces and hyphens, in any script); each category
    gets one colour on the timeline."""
    planned: Annotated[bool, Field(strict=True)] = False
    """True for an event still to come at the brief's date."""


class Relations(_Model):
    """The relationship's history."""

    established: Annotated[int, Field(ge=1800, le=2200, strict=True)]
    """Year diplomatic relations were established."""
    milestones: list[Milestone] = []


class KeyMessage(Statement):
    """A key message: what the principal should take from the visit."""

    text: RichText


AgreementStatus = Literal[
    "signed", "agreed", "launched", "confirmed", "supported", "exploring", "planned", "discussed"
]
"""How far an outcome went, no further than the source says: `exploring` is readiness to
explore, `discussed` a subject the leaders touched on without agreeing anything."""


class Agreement(Statement):
    """An outcome of the visit: a document signed, a step agreed, a commitment confirmed."""

    title: Line
    sector: Id | None = None
    """The id of an entry in `sectors`; leave out for outcomes outside any one sector."""
    status: AgreementStatus
    detail: RichText | None = None


class Sector(Statement):
    """A sector of cooperation and how much the brief thinks it matters."""

    id: Id
    name: Line
    priority: Annotated[int, Field(ge=1, le=5, strict=True)]
    """1 (low) to 5 (high)."""
    basis: Literal["stated", "assessed"]  # type: ignore[assignment]
    """The priority's basis: `stated` when the parties gave it (give `source`); `assessed`
    when the score and its rationale are the desk's. Either way `source` (and `quote`) may
    say where the sector itself was named, cited apart from the desk's score."""
    rationale: RichText
    """Why the sector has its priority: the source's words when stated, the desk's when
    assessed."""


PositionTopic = Literal["political", "economic", "connectivity", "multilateral", "dialogue"]


class Position(Statement):
    """A position or signal one side (or both) gave during the visit, as its source reports
    it; or the source's own commentary, which is context and no party's."""

    topic: PositionTopic
    """Which section of the brief it belongs in."""
    party: Literal["host", "guest", "both", "context"]
    """Who said it: `host`, `guest` or `both`; `context` for the source's own commentary,
    printed as context and never under a party's name."""
    text: RichText


class Risk(Statement):
    """A risk or sensitivity to handle: the desk's judgement, as a rule."""

    title: Line
    detail: RichText


class NextStep(Statement):
    """A recommended follow-up action: the desk's recommendation, as a rule."""

    action: Line
    owner: Line
    due: Line
    """When: a date, a month, or an event (e.g. Before EXPO 2027)."""


CardLine = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    BeforeValidator(check_raw_text),
    Translatable(),
    Field(
        description=_per_language("One short line the principal can say aloud, printed as typed.")
    ),
]


class IfAsked(_Model):
    """A question the principal may be asked, and the answer to give."""

    question: CardLine
    answer: CardLine


class TalkingPoints(_Model):
    """The principal's card: the desk's drafting (so the desk's judgement by nature), in short
    lines the principal can speak. No citations: the brief holds them."""

    lines: Annotated[list[CardLine], Field(min_length=1, max_length=6)]
    """Lines to take, in the first person ("I welcome…")."""
    if_asked: Annotated[list[IfAsked], Field(max_length=4)] = []
    """Questions the principal may be asked, with their answers."""
    avoid: Annotated[list[CardLine], Field(max_length=4)] = []
    """What not to say or be drawn on."""
    asks: Annotated[list[CardLine], Field(max_length=3)] = []
    """What we ask of the other side, if anything; the one-page summary lists them."""


class Source(_Model):
    """A document the brief's facts come from."""

    id: Id
    title: PlainLine
    """The source's own title, in its own language."""
    publisher: PlainLine
    date: dt.date | None = None
    url: (
        Annotated[
            str,
            StringConstraints(pattern=r"^https?://\S+$", max_length=2000),
            # \S lets control and bidi characters through.
            BeforeValidator(check_raw_text),
        ]
        | None
    ) = None
    note: Line | None = None
    file: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None
    """A local copy of the source's text (plain text or Markdown), relative to the data file:
    `check` finds every quote from this source in it."""


class VisitFile(_Model):
    """One visit data file: everything a brief about the visit says."""

    brief: Brief
    visit: Visit
    relations: Relations
    key_messages: Annotated[list[KeyMessage], Field(min_length=1)]
    agreements: list[Agreement] = []
    sectors: list[Sector] = []
    positions: list[Position] = []
    risks: list[Risk] = []
    next_steps: list[NextStep] = []
    talking_points: TalkingPoints | None = None
    """The principal's card (the talking-points document needs it)."""
    sources: Annotated[list[Source], Field(min_length=1)]

    _languages: frozenset[str] = PrivateAttr(default=frozenset())

    @property
    def languages(self) -> frozenset[str]:
        """The language tags the file's texts are given in, besides plain text: the keys of
        its mappings of language to text (empty when every text is plain)."""
        return self._languages

    @model_validator(mode="wrap")
    @classmethod
    def _in_the_briefs_language(
        cls, data: Any, handler: ModelWrapValidatorHandler[VisitFile]
    ) -> VisitFile:
        # A text given per language is read as the version in the brief's language, which
        # only the whole file knows: its validators read it from here.
        if isinstance(data, VisitFile):
            return handler(data)
        with reading(language_of(data)) as given:
            visit = handler(data)
        visit._languages = frozenset(given)
        return visit
