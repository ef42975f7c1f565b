"""The email templates of a mail-out: subject, plain-text body and HTML body, per language.

Templates come from ``templates/email``, or from a folder of a house's own that falls back to
the shipped ones, and run in Jinja's sandbox: the plain text as typed, the HTML with every
value escaped. A template may have a variant per language (``body.sr.txt.j2``), chosen by the
reader's language tag. A mail-out finds and compiles each language's templates once
(:class:`Templates`), however many readers share the language.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import ChoiceLoader, StrictUndefined, Template, TemplateSyntaxError, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from kzrs_reports.core.errors import MailTemplateError
from kzrs_reports.templates.catalog import translations
from kzrs_reports.templates.environment import (
    BoundedSandbox,
    SetLoader,
    render_bounded,
    template_place,
)

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "email"
TEMPLATES = ("subject.txt.j2", "body.txt.j2", "body.html.j2")


def make_environment(template_dir: Path) -> SandboxedEnvironment:
    """A sandboxed, strict environment; ``*.html.j2`` templates escape every value.

    Templates are looked up in ``template_dir`` first, then among the shipped ones; none can
    reach a file outside those folders or build a huge value (:class:`BoundedSandbox`).
    """
    env = BoundedSandbox(
        loader=ChoiceLoader([SetLoader(template_dir), SetLoader(TEMPLATE_DIR)]),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    return env


def render(env: SandboxedEnvironment, name: str, language: str, context: dict[str, object]) -> str:
    """Render the template ``name`` in its variant for ``language`` if there is one
    (``body.sr-Latn.txt.j2``, then ``body.sr.txt.j2``, then ``body.txt.j2``).

    Raises :class:`MailTemplateError` naming the template's file and line if it is wrong.
    """
    # Jinja's own gettext: in an HTML template it escapes the values put into a message.
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    return _run(lambda: _select(env, name, language), name, context)


def _select(env: SandboxedEnvironment, name: str, language: str) -> Template:
    stem, _, ext = name.partition(".")
    tags = dict.fromkeys([language, language.split("-")[0]])
    return env.select_template([f"{stem}.{tag}.{ext}" for tag in tags if tag] + [name])


def _run(select: Callable[[], Template], name: str, context: dict[str, object]) -> str:
    """Select the template and render it, every failure a :class:`MailTemplateError`."""
    template: Template | None = None
    try:
        template = select()
        return render_bounded(template.generate(context))
    except TemplateSyntaxError as exc:
        raise MailTemplateError(f"{exc.filename or name}:{exc.lineno}: {exc.message}") from None
    # Whatever a template does wrong is the template's mistake: say where it is.
    except Exception as exc:
        where = template_place(exc) or (
            template.filename if template and template.filename else name
        )
        raise MailTemplateError(f"{where}: {type(exc).__name__}: {exc}") from None


class Templates:
    """The templates of one mail-out: each language's environment (with its catalog) and
    each of its templates found and compiled once, then rendered for every reader."""

    def __init__(self, template_dir: Path = TEMPLATE_DIR) -> None:
        self.template_dir = template_dir
        self._envs: dict[str, SandboxedEnvironment] = {}
        self._found: dict[tuple[str, str], Template] = {}

    def _template(self, name: str, language: str) -> Template:
        found = self._found.get((name, language))
        if found is None:
            env = self._envs.get(language)
            if env is None:
                env = self._envs[language] = make_environment(self.template_dir)
                env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
            found = self._found[(name, language)] = _select(env, name, language)
        return found

    def render(self, name: str, language: str, context: dict[str, object]) -> str:
        """``name`` rendered in its variant for ``language``, as :func:`render` does.

        Raises :class:`MailTemplateError` naming the template's file and line if it is wrong.
        """
        return _run(lambda: self._template(name, language), name, context)
