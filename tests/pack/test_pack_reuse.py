"""A pack of up-to-date documents is bound from their build records: no visit file is read
again, and the same pack comes out."""

from __future__ import annotations

from pathlib import Path

import pytest

import kzrs_reports.load
from clirun import ROOT
from kzrs_reports.pack import load_pack
from kzrs_reports.pack.build import build_pack

SAMPLE_PACK = ROOT / "data" / "kz-rs-pack-2026.yaml"


def it_binds_up_to_date_documents_without_loading_a_visit_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, charts = tmp_path / "out", tmp_path / "charts"
    first = build_pack(SAMPLE_PACK, load_pack(SAMPLE_PACK), out, charts)
    pdf, docx_zip = first.pdf.read_bytes(), first.docx_zip.read_bytes()

    def refuse(path: Path, *args: object, **kwargs: object) -> None:
        raise AssertionError(f"the pack loaded the visit file {path}")

    monkeypatch.setattr(kzrs_reports.load, "load_visit", refuse)
    monkeypatch.setattr(kzrs_reports.load, "read_visit", refuse)
    again = build_pack(SAMPLE_PACK, load_pack(SAMPLE_PACK), out, charts)

    assert len(again.built) == 4
    assert all(": up to date (" in line for line in again.built), again.built
    assert [(p.title, p.marking, p.pages) for p in again.parts] == [
        (p.title, p.marking, p.pages) for p in first.parts
    ]
    assert again.pdf.read_bytes() == pdf
    assert again.docx_zip.read_bytes() == docx_zip


def it_still_builds_a_changed_document_from_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the guard above is real: a document that is not up to date does load its visit file
    out, charts = tmp_path / "out", tmp_path / "charts"
    loaded: list[Path] = []
    real = kzrs_reports.load.read_visit

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        loaded.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kzrs_reports.load, "read_visit", counting)
    build_pack(SAMPLE_PACK, load_pack(SAMPLE_PACK), out, charts, jobs=1)  # in this process
    assert len(loaded) == 4
