"""The recipients file: hostile lines are refused with their place; duplicates are merged."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzrs_reports.core.errors import DataError, InputFileError
from kzrs_reports.distribution.recipients import read_recipients
from kzrs_reports.model.scheme import shipped_scheme

HEADER = "name,email,organisation,clearance,language\n"


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "r.csv"
    if isinstance(text, str):
        path.write_bytes(text.encode("utf-8"))
    else:
        path.write_bytes(text)
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        read_recipients(path)
    return [str(p) for p in info.value.problems]


def it_reads_a_good_file_with_a_bom_and_crlf(tmp_path: Path) -> None:
    text = HEADER + "Айда Нұр,aida@МИД.қаз,MFA,official-sensitive,kk\n"
    text += '"Smith, Jane",jane@example.org,"FCDO ""Desk""",OFFICIAL,\n'
    path = _write(tmp_path, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    result = read_recipients(path)
    assert [
        (r.name, r.email, r.organisation, r.clearance, r.language) for r in result.recipients
    ] == [
        ("Айда Нұр", "aida@xn--d1ahl.xn--80ao21a", "MFA", "OFFICIAL-SENSITIVE", "kk"),
        ("Smith, Jane", "jane@example.org", 'FCDO "Desk"', "OFFICIAL", ""),
    ]
    assert result.notes == []


def it_accepts_columns_in_any_order(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "email,name,language,clearance,organisation\na@b.example,A,en,SECRET,X\n"
    )
    assert read_recipients(path).recipients[0].clearance == "SECRET"


ONE_LINE = "a recipient's field must be one line, or it could write its own mail headers"


def it_refuses_header_injection_naming_the_field_and_the_line_break(tmp_path: Path) -> None:
    text = HEADER
    text += "Good,good@example.org,MFA,OFFICIAL,en\n"
    text += "Evil\rBcc: all@example.org,evil@example.org,MFA,OFFICIAL,en\n"
    text += '"Two\n'
    text += 'lines",two@example.org,MFA,OFFICIAL,en\n'
    text += 'Ana,"a@example.org\r\n'
    text += 'Bcc: all@example.net",MFA,OFFICIAL,en\n'
    text += "Nul\x00,nul@example.org,MFA,OFFICIAL,en\n"
    text += "Sep\u2028x,sep@example.org,MFA,OFFICIAL,en\n"
    text += 'Org,org@example.org,"Unit ""A""\vB",OFFICIAL,en\n'
    text += '"Tail"x,tail@example.org,MFA,OFFICIAL,en\n'
    path = _write(tmp_path, text)
    file = str(path)
    assert _problems(path) == [
        f"{file}:3:5: name: holds a line break, CARRIAGE RETURN U+000D; {ONE_LINE}",
        f"{file}:4:1: name: holds a line break: its quotes run on to line 5; {ONE_LINE}",
        f"{file}:6:5: email: holds a line break: its quotes run on to line 7; {ONE_LINE}",
        f"{file}:8:4: name: control character U+0000 is not allowed",
        f"{file}:9:4: name: holds a line break, LINE SEPARATOR U+2028; {ONE_LINE}",
        f"{file}:10:32: organisation: holds a line break, LINE TABULATION U+000B; {ONE_LINE}",
        f"{file}:11:7: (file): text after a closing quote; quote the whole field",
    ]


def it_reads_a_stray_quote_as_a_quote_not_closed_on_its_line(tmp_path: Path) -> None:
    text = HEADER
    text += '"Ana,ana@example.org,MFA,OFFICIAL,en\n'
    text += "Bo,bo@example.org,MFA,OFFICIAL,en\n"
    text += '"Smith, Jo",jo@example.org,MFA,OFFICIAL,en\n'
    text += '"Eve,eve@example.org,MFA,OFFICIAL,en\n'
    path = _write(tmp_path, text)
    assert _problems(path) == [
        f"{path}:2:1: (file): quoted field is not closed on this line",
        f"{path}:5:1: (file): quoted field is not closed on this line",
    ]


def it_refuses_bad_addresses_and_clearances_with_their_column(tmp_path: Path) -> None:
    text = HEADER
    text += "A,not-an-address,MFA,OFFICIAL,en\n"
    text += "B,b@example.org, Bcc: x@example.org,MFA,OFFICIAL,en\n"
    text += 'C,"C <c@example.org>",MFA,OFFICIAL,en\n'
    text += "D,d@example.org,MFA,RESTRICTED,en\n"
    text += "E,e@example.org,MFA,OFFICIAL,english\n"
    text += ",f@example.org,MFA,OFFICIAL,en\n"
    text += "G,айда@example.kz,MFA,OFFICIAL,en\n"
    path = _write(tmp_path, text)
    file = str(path)
    problems = _problems(path)
    assert problems[0].startswith(f"{file}:2:3: email: is not a valid email address: ")
    assert problems[1] == f"{file}:3:1: (file): has 6 fields; the header names 5"
    assert problems[2].startswith(f"{file}:4:3: email: is not a valid email address: ")
    assert problems[3:6] == [
        f"{file}:5:21: clearance: unknown clearance 'RESTRICTED'; the levels of the uk scheme "
        "are PUBLIC < OFFICIAL < OFFICIAL-SENSITIVE < SECRET < TOP SECRET (empty for none)",
        f"{file}:6:30: language: must be a language tag such as en or en-GB",
        f"{file}:7:1: name: is empty",
    ]
    assert problems[6].startswith(f"{file}:8:3: email: is not a valid email address: ")
    assert "Internationalized characters before the @-sign" in problems[6]


def it_merges_duplicates_keeping_the_lower_clearance(tmp_path: Path) -> None:
    text = HEADER
    text += "Aida,Aida@Example.org,MFA,SECRET,en\n"
    text += "Bo,bo@example.org,MFA,OFFICIAL,en\n"
    text += "Aida N,aida@example.org,MFA,OFFICIAL,kk\n"
    path = _write(tmp_path, text)
    result = read_recipients(path)
    assert [(r.email, r.clearance, r.line) for r in result.recipients] == [
        ("Aida@example.org", "OFFICIAL", 2),
        ("bo@example.org", "OFFICIAL", 3),
    ]
    assert [str(n) for n in result.notes] == [
        f"{path}:4:1: email: same address as line 2; merged into it with the lower clearance "
        "OFFICIAL"
    ]


def it_refuses_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, (HEADER + "Jos\xe9,j@example.org,MFA,OFFICIAL,en\n").encode("latin-1"))
    assert _problems(path) == [f"{path}:2:4: (file): is not UTF-8 text; save it as UTF-8"]


def it_names_unknown_and_missing_columns(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,email,phone,clearance\n")
    assert _problems(path) == [
        f"{path}:1:1: (file): missing column(s): organisation, language",
        f"{path}:1:12: (file): unknown column 'phone'; the columns are "
        "name, email, organisation, clearance, language",
    ]


def it_refuses_an_empty_file_and_a_missing_one(tmp_path: Path) -> None:
    assert _problems(_write(tmp_path, "")) == [
        f"{tmp_path / 'r.csv'}:1:1: (file): is empty; the first line must name the columns"
    ]
    with pytest.raises(InputFileError):
        read_recipients(tmp_path / "missing.csv")


def it_reads_clearances_in_the_schemes_order() -> None:
    uk = shipped_scheme("uk")
    assert uk.may_read("SECRET", "official-sensitive")
    assert uk.may_read("Official  Sensitive", "OFFICIAL-SENSITIVE")
    assert not uk.may_read("OFFICIAL", "OFFICIAL-SENSITIVE")
    assert not uk.may_read("TOP SECRET", "EYES ONLY")
    assert uk.may_read("PUBLIC", "public") and not uk.may_read("PUBLIC", "OFFICIAL")


def it_reads_what_spreadsheets_save_semicolons_tabs_and_utf16(tmp_path: Path) -> None:
    rows = [
        ["Name", "E-mail", "Organization", "Clearance", "Language"],
        ["Ana Vučić", "ana@example.rs", "MSP; Beograd", "SECRET", "sr"],
    ]
    semicolons = "\r\n".join(";".join(f'"{c}"' if ";" in c else c for c in row) for row in rows)
    tabs = "\r\n".join("\t".join(row) for row in rows)
    for name, data in (
        ("semicolons.csv", semicolons.encode("utf-8")),
        ("unicode-text.txt", tabs.encode("utf-16")),  # Excel's "Unicode text": UTF-16, tabs
    ):
        path = tmp_path / name
        path.write_bytes(data)
        (r,) = read_recipients(path).recipients
        assert (r.name, r.email, r.organisation, r.clearance, r.language) == (
            "Ana Vučić",
            "ana@example.rs",
            "MSP; Beograd",
            "SECRET",
            "sr",
        )


def it_refuses_a_tab_inside_a_comma_separated_field(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "Ana\tBcc: x@example.org,ana@example.rs,MSP,SECRET,sr\n")
    assert _problems(path) == [f"{path}:2:4: name: control character U+0009 is not allowed"]


def it_suggests_the_column_a_misnamed_one_was_meant_to_be(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,mail,organisation,clearence,language\n")
    assert _problems(path) == [
        f"{path}:1:1: (file): missing column(s): email, clearance",
        f"{path}:1:6: (file): unknown column 'mail'; did you mean 'email'? the columns are "
        "name, email, organisation, clearance, language",
        f"{path}:1:24: (file): unknown column 'clearence'; did you mean 'clearance'? the "
        "columns are name, email, organisation, clearance, language",
    ]


def it_reads_an_empty_clearance_as_none_the_public_level(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "Ana,ana@example.rs,MSP,,sr\n")
    assert read_recipients(path).recipients[0].clearance == "PUBLIC"
    assert read_recipients(path, shipped_scheme("rs")).recipients[0].clearance == "JAVNO"


def it_reads_clearances_in_the_schemes_own_words_and_refuses_others_at_their_line(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        HEADER
        + "Ana,ana@example.rs,MSP,ИНТЕРНО,sr-Cyrl\n"
        + "Bo,bo@example.org,Embassy,strogo poverljivo,en\n"
        + "Cy,cy@example.org,Embassy,confidential,en\n"
        + "Di,di@example.org,Embassy,OFFICIAL,en\n",
    )
    with pytest.raises(DataError) as info:
        read_recipients(path, shipped_scheme("rs"))
    assert [str(p) for p in info.value.problems] == [
        f"{path}:5:27: clearance: unknown clearance 'OFFICIAL'; the levels of the rs scheme are "
        "JAVNO < INTERNO < POVERLJIVO < STROGO POVERLJIVO < DRZAVNA TAJNA (empty for none)"
    ]
    path.write_text(path.read_text(encoding="utf-8").replace("OFFICIAL", "ПОВЕРЉИВО"), "utf-8")
    clearances = [r.clearance for r in read_recipients(path, shipped_scheme("rs")).recipients]
    assert clearances == ["INTERNO", "STROGO POVERLJIVO", "POVERLJIVO", "POVERLJIVO"]
