"""kzrs-reports: policy briefs from the structured facts of a diplomatic visit.

The pipeline, one subpackage per stage, earliest first. A stage imports only the stages
above it in this list (``tests/test_layers.py`` holds it to that)::

    core/        errors and exit statuses, atomic files, links, markings: used by all
    model/       the typed visit model and the checks across it
    load/        read a data file (YAML or JSON), keeping where every value came from
    templates/   Jinja2 templates and house styles → Markdown
    changes/     what changed since the previous edition
    document/    Markdown → the writer-neutral document model, its checks and layout facts
    charts/      matplotlib charts (SVG for the PDF; outlined SVG and PNG for Word)
    writers/     the registered output formats: PDF (ReportLab), DOCX (python-docx)
    build        one data file through the stages above into documents
    incremental/ build records, so only what changed is rebuilt
    batch/       many data files in parallel worker processes
    watch/       rebuild on every save
    distribution/ mail documents to a recipients list, within each one's clearance
    pack/        bind several documents into one pack PDF
    api          the functions a script or a scheduler calls
    cli/         the ``kzrs-reports`` command

The package itself is the public API: the functions a script or a scheduler needs, with
the error classes and :class:`Problem`, listed in ``__all__``::

    >>> import kzrs_reports
    >>> kzrs_reports.check("data/kz-rs-visit-2026.yaml")  # every problem, located
    []
    >>> [brief] = kzrs_reports.build_file("data/kz-rs-visit-2026.yaml", out_dir="out")
    >>> brief.status, brief.pdf.name, brief.pages
    ('built', 'kz-rs-visit-2026.pdf', 6)

Every name is importable from here (``from kzrs_reports import build_file``). The functions and
their result types load on first use, so ``import kzrs_reports`` stays cheap: it imports
neither the writers nor the templates nor the models.
"""

import typing as _typing

from kzrs_reports.core.errors import (
    ChoiceError,
    DataError,
    InputFileError,
    KzrsError,
    LayoutError,
    LogoError,
    MailServerError,
    MailTemplateError,
    PackError,
    SendError,
    SourceDateError,
    TemplateError,
    UsageError,
    WriteError,
)
from kzrs_reports.core.problems import Problem
from kzrs_reports.core.version import __version__

if _typing.TYPE_CHECKING:  # the names __getattr__ loads, for type checkers
    from kzrs_reports.api import Built, MailingPlan, build_file, build_pack, check, plan_mailing
    from kzrs_reports.pack.build import PackResult

__all__ = [
    "Built",
    "ChoiceError",
    "DataError",
    "InputFileError",
    "KzrsError",
    "LayoutError",
    "LogoError",
    "MailServerError",
    "MailTemplateError",
    "MailingPlan",
    "PackError",
    "PackResult",
    "Problem",
    "SendError",
    "SourceDateError",
    "TemplateError",
    "UsageError",
    "WriteError",
    "__version__",
    "build_file",
    "build_pack",
    "check",
    "plan_mailing",
]

_FROM_API = ("Built", "MailingPlan", "build_file", "build_pack", "check", "plan_mailing")


def __getattr__(name: str) -> _typing.Any:
    """Load a name of the API on first use (PEP 562), so that importing the package is cheap."""
    if name in _FROM_API:
        from kzrs_reports import api

        value = getattr(api, name)
    elif name == "PackResult":
        from kzrs_reports.pack.build import PackResult

        value = PackResult
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The package's names, with the API's (PEP 562)."""
    return sorted({*globals(), *__all__})
