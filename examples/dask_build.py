"""Build many visit files with Dask's local scheduler: one call of ``kzrs_reports.build_file`` each.

    pip install dask
    python examples/dask_build.py briefs/*.yaml --out out --charts-dir charts --workers 2

A build of one file is a pure function of its inputs (the data file, the templates, the
settings and the tool's version): it writes only that file's documents, charts and build
record, each atomically, and the same inputs give the same bytes in any process. So Dask,
like any engine that maps a function over a list (a Dask cluster, Ray, Spark), can build
thousands of briefs at once, and needs no scheduler of ours. A file whose build is current
is skipped, as ``kzrs-reports build`` skips it; a bad file is reported and the others go on.

It uses Dask's ``processes`` scheduler, not ``threads``: matplotlib's settings and
ReportLab's registered fonts belong to the whole process, so builds run side by side in
processes (``synchronous`` builds one file after another, for debugging).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

import dask.bag

import kzrs_reports


@dataclass(frozen=True)
class FileResult:
    """What became of one data file: its documents, or why it was not built."""

    source: str
    built: tuple[kzrs_reports.Built, ...] = ()
    error: str = ""

    def line(self) -> str:
        """One line for the summary."""
        if self.error:
            return f"{self.source}: not built: {self.error}"
        return "; ".join(
            f"{self.source} → {b.pdf.name if b.pdf else b.documents[0].name} "
            f"({b.status}, {b.pages} pages)"
            for b in self.built
        )


def build_file(source: str, out_dir: str, charts_dir: str) -> FileResult:
    """Build one file: what each Dask task runs. A bad file becomes a result, not an error,
    so one file cannot stop the others."""
    try:
        built = kzrs_reports.build_file(source, out_dir=out_dir, charts_dir=charts_dir)
    except kzrs_reports.KzrsError as exc:
        return FileResult(source, error=str(exc).splitlines()[0])
    return FileResult(source, tuple(built))


def build_all(
    files: list[str], out_dir: str, charts_dir: str, scheduler: str, workers: int
) -> list[FileResult]:
    """Every file built by Dask's ``scheduler``, one task a file; the results in file order."""
    bag = dask.bag.from_sequence(files, npartitions=max(1, len(files)))
    tasks = bag.map(build_file, out_dir=out_dir, charts_dir=charts_dir)
    results: list[FileResult] = tasks.compute(scheduler=scheduler, num_workers=workers)
    return results


def main(argv: list[str] | None = None) -> int:
    """Build the files named on the command line; exit status 1 if any failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="visit data files")
    parser.add_argument("--out", default="out", help="folder for the documents")
    parser.add_argument("--charts-dir", default="charts", help="folder for the charts")
    parser.add_argument("--scheduler", default="processes", choices=("processes", "synchronous"))
    parser.add_argument("--workers", type=int, default=2, help="processes at once")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    files = [str(f) for f in args.files]
    results = build_all(files, args.out, args.charts_dir, args.scheduler, args.workers)
    for result in results:
        print(result.line())
    failed = sum(bool(r.error) for r in results)
    print(
        f"{len(results)} files: {len(results) - failed} built or up to date, {failed} failed, "
        f"in {time.perf_counter() - started:.1f} s ({args.scheduler}, {args.workers} workers)"
    )
    return 1 if failed else 0


if __name__ == "__main__":  # the processes scheduler starts its workers afresh
    raise SystemExit(main())
