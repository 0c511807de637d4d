"""REFI-QDA codebooks: other tools' variants in, schema-valid XML out, hostile files refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import FormatError
from annotator.core.qdc import QdcCode, codebook_bytes, normalise_guid, parse_codebook

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "refi-qda" / "Codebook.xsd"
G1 = "3C51EFBB-071F-43A7-9F32-228B89668E8D"
G2 = "8baf0c83-56c4-4dc8-9e5b-cf6d6073bdb5"


def test_variants_from_other_tools() -> None:
    data = f"""<?xml version="1.0" encoding="utf-8"?>
    <CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="NVivo">
      <Codes>
        <Code guid="{{{G1}}}" name="Perceived Susceptibility – Észlelt" isCodable="true">
          <Description>Rosenstock, 1974</Description>
          <Code guid="{G2}" name="alacsony" isCodable="true" color="#abc"/>
        </Code>
      </Codes>
    </CodeBook>""".encode()
    [top] = parse_codebook(data)
    assert top.guid == G1.lower()
    assert top.color is None
    assert top.description == "Rosenstock, 1974"
    assert top.children[0].color == "#AABBCC"


def test_codebook_inside_a_project_file() -> None:
    data = f"""<Project xmlns="urn:QDA-XML:project:1.0"><CodeBook><Codes>
      <Code guid="{G2}" name="A" isCodable="true"/></Codes></CodeBook></Project>""".encode()
    assert [c.name for c in parse_codebook(data)] == ["A"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<CodeBook><Codes><Code", "not well-formed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b"<CodeBook><Codes/></CodeBook>",
            "DTDs and entities",
        ),  # fmt: skip
        (b'<!DOCTYPE lol [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><CodeBook/>', "DTDs"),
        (
            f'<CodeBook><Codes><Code guid="{G2}" name="A" isCodable="true"/>'
            f'<Code guid="{G1}" name="A" isCodable="true"/></Codes></CodeBook>'.encode(),
            "two codes named 'A'",
        ),  # fmt: skip
        (
            f'<CodeBook><Codes><Code guid="{G2}" name="A" isCodable="true">'
            f'<Code guid="{G2}" name="B" isCodable="true"/></Code></Codes></CodeBook>'.encode(),
            "used twice",
        ),  # fmt: skip
        (
            b'<CodeBook><Codes><Code guid="nope" name="A" isCodable="true"/></Codes></CodeBook>',
            "not a GUID",
        ),  # fmt: skip
        (b"<Birds/>", "no CodeBook"),
    ],
)
def test_hostile_and_malformed_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        parse_codebook(data, "bad.qdc")


def test_guid_normalisation() -> None:
    assert normalise_guid("{" + G1 + "}") == G1.lower()


def test_export_validates_against_the_schema() -> None:
    xmlschema = pytest.importorskip("xmlschema")
    if not SCHEMA.exists():
        pytest.skip("shared/refi-qda/Codebook.xsd not present")
    codes = [
        QdcCode(
            G2,
            "Actors",
            "#56B4E9",
            "Who acts",
            [QdcCode(G1.lower(), "Russia – Россия 😀", "#D55E00", "")],
        ),  # fmt: skip
        QdcCode("11111111-2222-3333-4444-555555555555", "Stance"),
    ]
    data = codebook_bytes(codes, "Annotator test")
    xmlschema.XMLSchema(str(SCHEMA)).validate(data.decode("utf-8"))
    assert parse_codebook(data) == codes
