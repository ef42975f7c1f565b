"""Two builds of the same file started together: both succeed (or one says clearly why not),
and what is left is exactly what one build alone writes."""

from __future__ import annotations

from pathlib import Path

from filecheck import SAMPLE, data_variant, files_in, problems, start, temporary_files

ROUNDS = 2


def it_leaves_a_valid_result_when_two_builds_of_one_file_run_at_once(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    data = tmp_path / "data" / SAMPLE.name
    out, charts = tmp_path / "out", tmp_path / "charts"
    args = ("build", f"data/{SAMPLE.name}", "--out", "out", "--charts-dir", "charts")
    alone: list[dict[Path, str]] = []
    for second in (True, False):  # what one build alone writes, for each version of the data
        data.write_text(data_variant(second), encoding="utf-8")
        process = start(*args, cwd=tmp_path)
        _, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
        alone.append(files_in(out, charts))
    for round_ in range(ROUNDS):
        second = round_ % 2 == 0
        data.write_text(data_variant(second), encoding="utf-8")
        both = [start(*args, cwd=tmp_path), start(*args, cwd=tmp_path)]
        results = [(p.communicate(timeout=180), p.returncode) for p in both]
        for (_, stderr), code in results:
            assert "Traceback" not in stderr, stderr
            assert code == 0 or (code == 1 and len(stderr.strip().splitlines()) == 1), stderr
        assert any(code == 0 for _, code in results), results
        assert not temporary_files(out, charts), f"round {round_}"
        left = files_in(out, charts)
        assert not problems(list(left)), f"round {round_}"
        assert left == alone[0 if second else 1], f"round {round_}"
