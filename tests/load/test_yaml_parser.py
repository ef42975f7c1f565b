"""libyaml's events under ruamel's composer read every file exactly as ruamel's pure parser.

:mod:`kzrs_reports.core.yamlparser` takes the events from libyaml where it can. These tests
read each input twice, once that way and once with libyaml switched off, and ask for the
same data, the same position of every key, value and item, and the same problems (messages,
lines and columns): over every YAML and JSON file in the repository (the hostile corpus
included), every cut of the sample, and inputs where YAML 1.1 and 1.2 or the two parsers
part ways.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import ruamel.yaml.parser
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kzrs_reports.core import yamlparser
from kzrs_reports.load.source import parse

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "data" / "kz-rs-visit-2026.yaml"


def _utf8(path: Path) -> bool:
    """Whether ``path`` holds UTF-8 text (the hostile corpus has files that are refused as
    not UTF-8 before any parsing)."""
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return False
    return True


FILES = sorted(
    path
    for folder in ("data", "examples", "templates", "tests", "src")
    for pattern in ("*.yaml", "*.yml", "*.json")
    for path in (ROOT / folder).rglob(pattern)
    if ".kzrs" not in path.parts and _utf8(path)
)
TRICKY = {
    "nel, line and paragraph separators": "a: one\x85two\nb: x\u2028y\nc: p\u2029q\n",
    "astral characters before a value": "a: 🇰🇿🇷🇸 flags\nb: [😀, 😀]\nc: {k: 😀}\n",
    "tab after a value": "a: b\t\nc: d\n",
    "tab inside flow": "a: [1,\t2]\n",
    "tab indenting": "a:\n\tb: c\n",
    "json-like key without a space": '{"a":1, "b":[true,null]}\n',
    "escaped slash": 'a: "x\\/y"\n',
    "long implicit key": "k" * 1100 + ": v\n",
    "repeated anchor": "a: &x 1\nb: &x 2\nc: *x\n",
    "undefined alias": "a: *nope\n",
    "alias to a mapping": "a: &m {k: v}\nb: *m\nc: [*m, *m]\n",
    "booleans of YAML 1.1": "a: yes\nb: No\nc: on\nd: 010\ne: 1:20\nf: 0o10\ng: .inf\n",
    "directive YAML 1.1": "%YAML 1.1\n---\na: yes\n",
    "directive YAML 1.2": "%YAML 1.2\n---\na: yes\n",
    "tag directive": "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "document end": "a: 1\n...\n",
    "block scalars": "a: |2\n   x\n  y\nb: >-\n  folded\n  text\n\n  more\nc: |+\n  keep\n\n",
    "quoted folding": "a: \"one\n  two\\\n  three\"\nb: 'it''s\n\n  x'\n",
    "plain multi-line": "a: one\n  two\n  three\nb: - not a list\n",
    "deep nesting": "a: " + "[" * 60 + "]" * 60 + "\n",
    "deep block nesting": "".join(f"{'  ' * i}k{i}:\n" for i in range(55)) + "  " * 55 + "v\n",
    "complex key": "? [a, b]\n: c\n",
    "null key and empty values": ": x\na:\nb: ~\n",
    "explicit tags": "a: !!str 1\nb: !!int '2'\nc: !custom x\nd: !!python/object:os.system x\n",
    "flow mapping in sequence": "- {a: 1, b: 2}\n- [c, {d: e}]\n",
    "comment everywhere": "# c\na: 1 # c\n# c\nb:\n  # c\n  - x # c\n",
    "unclosed bracket": "a: [1, 2\nb: 3\n",
    "unclosed quote": 'a: "open\nb: 3\n',
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "colon in plain text": "a: b: c\n",
    "carriage returns": "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
    "byte order mark inside": "a: \ufeffx\n",
    "empty": "",
    "only a comment": "# nothing\n",
    "a list at the top": "- a\n- b\n",
    "a scalar at the top": "just text\n",
    "duplicate keys": "a: 1\nb: 2\na: 3\n",
    "merge key": "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
}


def _read(text: str, monkeypatch: pytest.MonkeyPatch, fast: bool) -> Any:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(yamlparser, "CParser", None)
        data, problems = parse(text, "f.yaml")
    return _shape(data), [str(p) for p in problems]


def _shape(data: Any) -> Any:
    """The data with every position ruamel recorded (key, value and item lines, columns)."""
    if isinstance(data, CommentedMap):
        return (
            "map",
            [(_shape(k), _shape(v), data.lc.data.get(k)) for k, v in data.items()],
            (data.lc.line, data.lc.col),
        )
    if isinstance(data, CommentedSeq):
        return (
            "seq",
            [(_shape(v), data.lc.data.get(i)) for i, v in enumerate(data)],
            (data.lc.line, data.lc.col),
        )
    return (type(data).__name__, repr(data))


def _cuts(text: str, step: int = 97) -> Iterator[str]:
    """The text cut short every ``step`` characters, each cut as it is and ended by a line
    break (libyaml reads only text that ends with one)."""
    for end in range(1, len(text), step):
        yield text[:end]
        yield text[:end] + "\n"


def test_the_c_parser_is_installed() -> None:
    assert yamlparser.c_parser_available()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_reads_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    assert _read(text, monkeypatch, fast=True) == _read(text, monkeypatch, fast=False)


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_input_reads_the_same(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = TRICKY[name]
    assert _read(text, monkeypatch, fast=True) == _read(text, monkeypatch, fast=False)


def test_every_cut_of_the_sample_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    differ = [
        len(cut)
        for cut in _cuts(text)
        if _read(cut, monkeypatch, fast=True) != _read(cut, monkeypatch, fast=False)
    ]
    assert differ == []


def test_the_sample_is_read_without_the_pure_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("ruamel's pure parser was used")

    monkeypatch.setattr(ruamel.yaml.parser.Parser, "__init__", refuse)
    data, problems = parse(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE))
    assert data["brief"]["id"] == "kz-rs-visit-2026"
    assert problems == []


def test_a_syntax_error_is_located_by_the_pure_parser() -> None:
    data, problems = parse("a: 1\nb: [2, 3\nc: 4\n", "f.yaml")
    assert data is None
    assert [str(p) for p in problems] == [
        "f.yaml:3:2: (file): YAML syntax error: expected ',' or ']' in this [list]"
    ]


@pytest.mark.parametrize("name", ["booleans of YAML 1.1", "escaped slash", "merge key"])
def test_safe_load_reads_as_the_pure_loader(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = TRICKY[name]
    fast = yamlparser.safe_load(text)
    monkeypatch.setattr(yamlparser, "CParser", None)
    assert fast == yamlparser.safe_load(text)


def test_safe_load_raises_the_pure_loaders_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from ruamel.yaml.error import YAMLError

    with pytest.raises(YAMLError) as fast:
        yamlparser.safe_load("a: [1,\nb: 2\n")
    monkeypatch.setattr(yamlparser, "CParser", None)
    with pytest.raises(YAMLError) as pure:
        yamlparser.safe_load("a: [1,\nb: 2\n")
    assert str(fast.value) == str(pure.value)
