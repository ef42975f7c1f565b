"""kzrs-reports: policy briefs from the structured facts of a diplomatic visit.

The pipeline, one subpackage per stage, earliest first. A stage imports only the stages
above it in this list (``tests/test_layers.py`` holds it to that)::

    core/        errors and exit statuses, atomic files, links, markings: used by all
    model/       the typed visit model and the checks across it
    load/        read a data file (YAML or JSON), keeping where every value came from
    templates/   Jinja2 templates and house styles → Markdown
    changes/     what changed since the previous edition
    document/    Markdown → the writer-neutral document model, its checks and layout facts
    charts/      matplotlib charts (SVG for the PDF, PNG for Word)
    writers/     the registered output formats: PDF (ReportLab), DOCX (python-docx)
    build        one data file through the stages above into documents
    incremental/ build records, so only what changed is rebuilt
    batch/       many data files in parallel worker processes
    watch/       rebuild on every save
    distribution/ mail documents to a recipients list, within each one's clearance
    pack/        bind several documents into one pack PDF
    api          the functions a script or a scheduler calls
    cli/         the ``kzrs-reports`` command
"""

from kzrs_reports.core.version import __version__

__all__ = ["__version__"]
