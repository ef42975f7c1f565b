"""kzrs-reports: policy briefs from the structured facts of a diplomatic visit.

The pipeline, one subpackage per stage::

    load/       read a data file (YAML or JSON), keeping where every value came from
    model/      the typed visit model and the checks across it
    templates/  Jinja2 templates and house styles → Markdown
    document/   Markdown → the writer-agnostic document model
    charts/     matplotlib charts (SVG for the PDF, PNG for Word)
    writers/    the PDF (ReportLab) and DOCX (python-docx) writers
    changes/    what changed since the previous edition
    incremental/ build records, so only what changed is rebuilt
    batch/      many data files in parallel worker processes
    watch/      rebuild on every save
    pack/       bind several documents into one pack PDF
    distribution/ mail documents to a recipients list, within each one's clearance
    cli/        the ``kzrs-reports`` command
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
