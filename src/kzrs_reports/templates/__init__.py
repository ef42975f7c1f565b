"""Templates and house styles: a visit model in, Markdown with directives out.

A *template set* is a folder holding ``brief.md.j2`` (the brief), ``labels.yaml`` (words the
writers print: page labels, caption prefixes, chart labels) and ``theme.yaml`` (the house
style). The default set ships inside the package; ``--templates DIR`` picks another.

Each *kind* of document is a template set shipped beside the default: ``default`` is the
brief, and every other folder here holding a ``brief.md.j2`` is the kind of its name
(``summary``, ``talking-points``, ``chronology``). A new kind needs a folder, not code.
The ``pack`` folder is no kind: it holds the cover of a briefing pack (``cover.md.j2``),
rendered like a brief by :func:`render_template` with the default set's labels and style.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

    from kzrs_reports.templates.sourcemap import LateSourceMap, SourceMap
    from kzrs_reports.templates.theme import Theme

SHIPPED_SETS = Path(__file__).resolve().parent
DEFAULT_TEMPLATES = SHIPPED_SETS / "default"
"""The template set shipped with the package."""
DEFAULT_KIND = "brief"
"""The kind of document built unless another is asked for: the default set's."""

BRIEF_TEMPLATE = "brief.md.j2"
PACK_TEMPLATES = SHIPPED_SETS / "pack"
"""The shipped set that writes a pack's cover: not a kind of document (it has no brief), and
it borrows the default set's labels and house style."""
COVER_TEMPLATE = "cover.md.j2"
KIND_FILE = "kind.yaml"
"""What a kind of document needs of a visit file (``requires:``), if anything."""
LABEL_KEYS = ("page", "figure", "table", "contents", "chart")
"""The labels every template set's ``labels.yaml`` must give."""
BASIS_LABELS = ("marker", "legend", "context_legend", "comment", "context", "unquoted")
"""The words of its ``basis`` section: how a statement's source or the desk is shown."""


@dataclass(frozen=True, eq=False)
class TemplateSet:
    """A loaded template set: where it lives, its labels and its theme (one object per load,
    compared and hashed as itself, so what is made from it can be cached)."""

    directory: Path
    labels: Mapping[str, Any]
    theme: Theme
    requires: Mapping[str, str] = field(default_factory=dict)
    """Sections of the visit file this kind of document cannot do without, each with the
    message a visit without it gets (from the set's ``kind.yaml``)."""


_FONT_SIGNATURES = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
"""How a TrueType or OpenType font file starts."""


def load_template_set(directory: Path | None = None) -> TemplateSet:
    """Load the template set in ``directory`` (the shipped default when None).

    A set may leave out ``labels.yaml`` or ``theme.yaml``; the default's are used instead.
    Raises :class:`kzrs_reports.core.errors.TemplateError` naming the file that is wrong.
    """
    from pydantic import ValidationError
    from ruamel.yaml.error import YAMLError

    from kzrs_reports.core.errors import TemplateError
    from kzrs_reports.core.yamlparser import safe_load
    from kzrs_reports.templates.logo import read_logo
    from kzrs_reports.templates.reference import read_reference
    from kzrs_reports.templates.theme import load_theme

    directory = directory or DEFAULT_TEMPLATES
    labels_file = _own_or_default(directory, "labels.yaml")
    theme_file = _own_or_default(directory, "theme.yaml")
    current = labels_file
    try:
        labels = safe_load(labels_file.read_text(encoding="utf-8"))
        missing = [key for key in LABEL_KEYS if not isinstance(labels, dict) or key not in labels]
        if missing:
            raise TemplateError(f"{labels_file}: missing labels: {', '.join(missing)}")
        for key in LABEL_KEYS[:-1]:
            if not isinstance(labels[key], str):
                raise TemplateError(f"{labels_file}: {key}: must be text, in quotes")
        basis = labels.get("basis")
        for key in BASIS_LABELS:
            if not isinstance(basis, dict) or not isinstance(basis.get(key), str):
                raise TemplateError(f"{labels_file}: basis.{key}: must be text, in quotes")
        current = theme_file
        theme = load_theme(theme_file)
        for path in theme.font_files():
            if not path.is_file():
                raise TemplateError(f"{theme_file}: font file not found: {path.name}")
            with path.open("rb") as font:
                signature = font.read(4)
            if signature not in _FONT_SIGNATURES:
                raise TemplateError(f"{theme_file}: not a TrueType or OpenType font: {path.name}")
        read_logo(theme)  # a bad logo stops the build before anything is written
        read_reference(theme)  # and so does a reference document that is no Word document
        current = directory / KIND_FILE
        requires = _requirements(current) if current.is_file() else {}
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        raise TemplateError(f"{current}: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False)
        )
        raise TemplateError(f"{current}: {problems}") from None
    return TemplateSet(directory=directory, labels=labels, theme=theme, requires=requires)


def _requirements(path: Path) -> dict[str, str]:
    """The ``requires:`` of a kind's ``kind.yaml``: visit sections, each with its message."""
    from kzrs_reports.core.errors import TemplateError
    from kzrs_reports.core.yamlparser import safe_load
    from kzrs_reports.model.visit import VisitFile

    data = safe_load(path.read_text(encoding="utf-8")) or {}
    requires = data.get("requires", {}) if isinstance(data, dict) else None
    if not isinstance(requires, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in requires.items()
    ):
        raise TemplateError(f"{path}: requires: give each visit section with its message")
    unknown = [k for k in requires if k not in VisitFile.model_fields]
    if unknown:
        raise TemplateError(f"{path}: requires: no visit section {', '.join(unknown)}")
    return dict(requires)


def document_kinds() -> list[str]:
    """The kinds of document shipped: ``brief`` first, then the other sets by name."""
    others = sorted(
        d.name
        for d in SHIPPED_SETS.iterdir()
        if d.is_dir() and d != DEFAULT_TEMPLATES and (d / BRIEF_TEMPLATE).is_file()
    )
    return [DEFAULT_KIND, *others]


def kind_templates(kind: str) -> Path:
    """The shipped template set that writes documents of ``kind`` (see :func:`document_kinds`)."""
    return DEFAULT_TEMPLATES if kind == DEFAULT_KIND else SHIPPED_SETS / kind


def template_files(directory: Path) -> list[Path]:
    """Every file a build with the set in ``directory`` reads: the set's own files, sorted,
    then the default's ``labels.yaml`` and ``theme.yaml`` where the set leaves them out."""
    from kzrs_reports.core.files import folder_files

    borrowed = [
        DEFAULT_TEMPLATES / name
        for name in ("labels.yaml", "theme.yaml")
        if not (directory / name).is_file()
    ]
    return [*folder_files(directory), *borrowed]


def cached_template_set(directory: Path | None = None) -> TemplateSet:
    """:func:`load_template_set`, loaded once a process while its files stay unchanged.

    A long-running ``watch`` reloads a set as soon as one of its files is saved.
    """
    directory = directory or DEFAULT_TEMPLATES
    names = ("labels.yaml", "theme.yaml")
    watched = [directory / n for n in (*names, KIND_FILE)] + [DEFAULT_TEMPLATES / n for n in names]
    stamps = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in watched if p.exists())
    return _load_once(directory, stamps)


@lru_cache(maxsize=8)
def _load_once(directory: Path, stamps: tuple[tuple[str, int, int], ...]) -> TemplateSet:
    return load_template_set(directory)


def labels_in(templates: TemplateSet, language: str) -> Mapping[str, Any]:
    """The set's labels in ``language``, from its catalogs (the English of ``labels.yaml``
    for English or a language with no catalog)."""
    from kzrs_reports.templates.catalog import translations

    words = translations(language, templates.directory)
    return _labels_in(templates, words)


@lru_cache(maxsize=16)
def _labels_in(templates: TemplateSet, words: Any) -> Mapping[str, Any]:
    from kzrs_reports.templates.catalog import translate_labels

    return translate_labels(templates.labels, words)


def _own_or_default(directory: Path, name: str) -> Path:
    own = directory / name
    return own if own.is_file() else DEFAULT_TEMPLATES / name


@dataclass(frozen=True)
class Rendered:
    """A template's output and where each of its lines was written."""

    markdown: str
    places: SourceMap | LateSourceMap

    def place(self, line: int) -> str:
        """``file:line`` of the template line that wrote output ``line``; the output line
        itself when nothing is known of it."""
        return self.places.place(line) or f"template output line {line}"


@dataclass(frozen=True, slots=True)
class EditionFacts:
    """What a template knows of the edition it writes (its ``edition``)."""

    language: str
    """BCP 47 tag of the edition's language: its words, dates and numbers."""
    untranslated: int = 0
    """How many texts of the data it prints in the data's own language, having none in its."""
    original_tag: str = ""
    """BCP 47 tag of the language the data is written in ("" when not known)."""

    @property
    def original(self) -> str:
        """The name, in the edition's language, of the language the data is written in.

        Found when a template asks for it, not before: naming a language loads the locale
        data of every language name, which a document that does not print it need not pay.
        """
        return _language_name(self.original_tag, self.language) if self.original_tag else ""

    @classmethod
    def of(cls, language: str, untranslated: int, original: str) -> EditionFacts:
        """The facts of an edition in ``language`` of data written in ``original`` (a tag)."""
        return cls(language, untranslated, original)


@lru_cache(maxsize=32)
def _language_name(tag: str, language: str) -> str:
    """The name of the language ``tag`` in ``language`` (both BCP 47 tags); ``tag`` itself
    when Babel has none."""
    from babel import Locale

    from kzrs_reports.templates.locales import babel_locale

    name = Locale.parse(tag, sep="-").get_language_name(babel_locale(language))
    return name or tag


def render_brief(
    visit: Any,
    templates: TemplateSet,
    charts: Collection[str],
    changes: Any = None,
    *,
    edition: EditionFacts | None = None,
    marking: str | None = None,
) -> Rendered:
    """Render the brief template for ``visit`` to Markdown.

    ``charts`` names the charts that were drawn, so the template can leave out a figure that
    has no data; ``changes`` (:class:`kzrs_reports.changes.Described`, or None without a
    previous edition) lists what changed since the previous edition. ``edition`` says which
    language the document is written in (the brief's own by default) and how much of its data
    is untranslated; ``marking`` is the marking as it is printed (the brief's classification
    by default). Raises :class:`kzrs_reports.core.errors.TemplateError` naming the template
    file and line when the template itself is wrong.
    """
    from kzrs_reports.templates.environment import citation_function, provenance_functions

    edition = edition or EditionFacts(visit.brief.language)
    context = {
        "visit": visit,
        "charts": set(charts),
        "changes": changes,
        "edition": edition,
        "marking": marking or visit.brief.classification,
    }
    cite = citation_function([s.id for s in visit.sources])
    labels = labels_in(templates, edition.language)
    functions = {"cite": cite, **provenance_functions(cite, labels)}
    return render_template(templates, BRIEF_TEMPLATE, context, edition.language, functions)


def render_template(
    templates: TemplateSet,
    name: str,
    context: Mapping[str, Any],
    language: str,
    functions: Mapping[str, Callable[..., Any]] | None = None,
) -> Rendered:
    """Render the template ``name`` of the set ``templates`` to Markdown, in the bounded
    sandbox every template runs in (:mod:`kzrs_reports.templates.environment`).

    The template sees ``context``, the set's ``labels``, ``long_date`` and ``date_range`` in
    ``language`` (a BCP 47 tag) and ``functions``; every value it prints is escaped as text.
    Raises :class:`kzrs_reports.core.errors.TemplateError` naming the template file and line
    when the template itself is wrong.
    """
    from jinja2 import TemplateSyntaxError

    from kzrs_reports.core.errors import TemplateError
    from kzrs_reports.templates.catalog import translations
    from kzrs_reports.templates.environment import (
        MAX_OUTPUT,
        date_filters,
        gettext_functions,
        template_place,
        time_bounded,
    )
    from kzrs_reports.templates.sourcemap import LateSourceMap, render_bounded, render_mapped

    env = _environment(templates.directory)
    found = translations(language, templates.directory)

    def set_globals() -> None:  # the environment is shared: set again for a late map
        env.globals.update(date_filters(language))
        env.globals.update(gettext_functions(found, language))
        env.globals.update(functions or {})

    def remake() -> tuple[str, SourceMap]:
        set_globals()
        with time_bounded():
            return render_mapped(template, values, MAX_OUTPUT)

    set_globals()
    try:
        template = env.get_template(name)
        values = {**context, "labels": labels_in(templates, language)}
        with time_bounded():
            markdown = render_bounded(template, values, MAX_OUTPUT)
        return Rendered(markdown, LateSourceMap(remake, markdown))
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or name}:{exc.lineno}: {exc.message}") from None
    except TemplateError:
        raise
    # Whatever a template does wrong, from an unknown name to a refused attribute, endless
    # recursion or a value too large to hold, is the template's mistake: say where it is.
    except Exception as exc:
        where = template_place(exc) or f"{templates.directory / name}"
        raise TemplateError(f"{where}: {type(exc).__name__}: {exc}") from None


@lru_cache(maxsize=8)
def _environment(directory: Path) -> SandboxedEnvironment:
    """One environment per template folder and process, so a template is compiled once, and
    its compiled code kept for the next process (:mod:`kzrs_reports.templates.bytecode`).

    Jinja checks the template file's modification time on every load and recompiles it when
    it changed, so ``watch`` sees an edited template; the per-document globals (``cite``,
    dates) are set again before each render.
    """
    from kzrs_reports.templates.bytecode import template_cache
    from kzrs_reports.templates.environment import make_environment

    env = make_environment(directory)
    env.bytecode_cache = template_cache()
    return env
