"""Reading REFI-QDA projects as each writer writes them, and refusing hostile archives."""

from __future__ import annotations

import io
import re
import stat
import zipfile
from pathlib import Path

import pytest

from annotator.core.errors import FormatError
from annotator.core.qdpx_read import read_qdpx
from tests.conftest import HARD_TEXT, SHARED

NVIVO = SHARED / "refi-qda" / "samples" / "nvivo-win-12.6_oltas.qdpx"
NS = "urn:QDA-XML:project:1.0"
U1, U2, U3 = (
    "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
    "33333333-3333-4333-8333-333333333333",
)  # fmt: skip
C1, C2, C3 = (
    "aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002",
    "aaaaaaaa-0000-4000-8000-000000000003",
)  # fmt: skip
S1, S2, S3 = (
    "bbbbbbbb-0000-4000-8000-000000000001", "bbbbbbbb-0000-4000-8000-000000000002",
    "bbbbbbbb-0000-4000-8000-000000000003",
)  # fmt: skip
N1, N2, N3, N4 = (f"cccccccc-0000-4000-8000-00000000000{i}" for i in range(1, 5))
V1 = "dddddddd-0000-4000-8000-000000000001"


def make_qdpx(path: Path, qde: str, files: dict[str, bytes], qde_name: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(qde_name, qde.encode("utf-8"))
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def g(n: int) -> str:
    return f"eeeeeeee-0000-4000-8000-{n:012d}"


def selection(guid: str, start: int, end: int, name: str, codings: str, extra: str = "") -> str:
    return (
        f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}" '
        f'name="{name}" creatingUser="{U1}">{extra}{codings}</PlainTextSelection>'
    )


def coding(n: int, code: str, user: str, note: str = "") -> str:
    ref = f'<NoteRef targetGUID="{note}"/>' if note else ""
    return (
        f'<Coding guid="{g(n)}" creatingUser="{user}"><CodeRef targetGUID="{code}"/>{ref}</Coding>'
    )


def qualcoder_like(origin: str = "QualCoder 3.6") -> tuple[str, dict[str, bytes]]:
    """Code points, CRLF and emoji, a UTF-16 source, notes of every kind, variables, cases."""
    raw = HARD_TEXT.replace("\n", "\r\n")
    emoji_start = raw.index("😀")
    family = raw.index("👩")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="t" origin="{origin}">
 <Users><User guid="{U1}" name="Ann"/><User guid="{{{U2.upper()}}}" name="Ben"/>
  <User guid="{U3}" name="ATLAS.ti"/></Users>
 <CodeBook><Codes>
  <Code guid="{C1}" name="Stance" isCodable="true" color="#aabbcc">
   <Description>Where a speaker stands</Description><NoteRef targetGUID="{N3}"/>
   <Code guid="{C2}" name="Offer/Refusal" isCodable="true"/>
  </Code>
  <Code guid="{C3}" name="Tone" isCodable="true"/>
 </Codes></CodeBook>
 <Variables><Variable guid="{V1}" name="wave" typeOfVariable="Integer"/></Variables>
 <Cases><Case guid="{g(90)}" name="Case A"><VariableValue><VariableRef targetGUID="{V1}"/>
  <IntegerValue>2</IntegerValue></VariableValue><SourceRef targetGUID="{S2}"/></Case></Cases>
 <Sources>
  <TextSource guid="{S1}" name="hard" plainTextPath="internal://{S1}.txt">
   <Description>About the café</Description>
   {
        selection(
            g(1),
            emoji_start,
            emoji_start + 1,
            "😀",
            coding(2, C3, U1) + coding(3, C1, U2, note=N2),
            "<Description>Emoji!</Description>",
        )
    }
   {selection(g(4), family, family + 5, "👩‍👩‍👧", coding(5, C2, U2))}
   {selection(g(6), 0, raw.index("did not.") + 8, "", coding(7, C3, U1))}
   <NoteRef targetGUID="{N1}"/>
  </TextSource>
  <TextSource guid="{S2}" name="utf16" plainTextPath="other/{S2}.txt">
   {selection(g(8), 0, 5, "Лавро", coding(9, C3, U2))}
  </TextSource>
  <PDFSource guid="{S3}" name="scan.pdf" path="internal://{S3}.pdf">
   <PDFSelection guid="{g(10)}" page="1" firstX="0" firstY="0" secondX="1" secondY="1">
    {coding(11, C3, U1)}</PDFSelection>
  </PDFSource>
 </Sources>
 <Notes>
  <Note guid="{N1}" name="doc note">
   <PlainTextContent>A note on the document</PlainTextContent></Note>
  <Note guid="{N2}" name="coding note"><PlainTextContent>Ben's note</PlainTextContent></Note>
  <Note guid="{N3}" name="code note"><PlainTextContent>A note on Stance</PlainTextContent></Note>
  <Note guid="{N4}" name="linked"><PlainTextContent>Linked like ATLAS.ti</PlainTextContent></Note>
 </Notes>
 <Links><Link guid="{g(91)}" originGUID="{N4}" targetGUID="{g(4)}"/></Links>
 <Sets><Set guid="{g(92)}" name="pilot"><MemberSource targetGUID="{S1}"/></Set></Sets>
</Project>"""
    files = {
        f"Sources/{S1}.txt": b"\xef\xbb\xbf" + raw.encode("utf-8"),
        f"sources/other/{S2}.txt": "\ufeffЛавров заявил\r\n".encode("utf-16-le"),
        f"sources/{S3}.pdf": b"%PDF-1.4",
    }
    return qde, files


def test_qualcoder_like_file_with_every_kind_of_part(tmp_path: Path) -> None:
    qde, files = qualcoder_like()
    result = read_qdpx(make_qdpx(tmp_path / "q.qdpx", qde, files))
    snap = result.snapshot
    assert result.unit == "codepoints"
    docs = {d.name: d for d in snap.documents}
    assert docs["hard"].text == HARD_TEXT
    assert docs["utf16"].text == "Лавров заявил\n"
    codes = {c.key: c for c in snap.codes}
    texts = sorted(
        (docs_by_key.text[c.start : c.end], codes[c.code_key].name, c.coder, c.memo)
        for c in snap.codings
        for docs_by_key in [snap.documents[c.document_key]]
    )
    assert ("😀", "Tone", "Ann", "Emoji!") in texts
    assert ("😀", "Stance", "Ben", "Emoji!\n\nBen's note") in texts
    assert ("👩\u200d👩\u200d👧", "Offer∕Refusal", "Ben", "Linked like ATLAS.ti") in texts
    assert ("Лавро", "Tone", "Ben", "") in texts
    assert ("Café staff 😀 agreed; managers did not.", "Tone", "Ann", "") in texts
    assert snap.coders == ["Ann", "Ben"]  # the ATLAS.ti pseudo-user codes nothing
    stance = next(c for c in snap.codes if c.name == "Stance")
    assert (stance.color, stance.description, stance.memo) == (
        "#AABBCC", "Where a speaker stands", "A note on Stance",
    )  # fmt: skip
    assert docs["hard"].memo == "About the café\n\nA note on the document"
    assert docs["hard"].attributes == {"set: pilot": "yes"}
    assert docs["utf16"].attributes == {"case": "Case A", "wave": "2"}
    assert result.unsupported == ["'scan.pdf' (PDF source, 1 codings)"]


def test_nvivo_sample_every_coding_holds_the_text_nvivo_meant(tmp_path: Path) -> None:
    result = read_qdpx(NVIVO)
    assert result.unit == "utf16"
    [doc] = result.snapshot.documents
    # An oracle independent of the offsets module: slice the UTF-16 bytes of the raw file.
    with zipfile.ZipFile(NVIVO) as archive:
        raw = archive.read(f"Sources/{'56a79789-d535-4fb8-bedd-a915504c54ba'}.txt")
        qde = archive.read("project.qde").decode("utf-8")
    units = raw.decode("utf-8-sig").encode("utf-16-le")
    spans = re.findall(r'startPosition="(\d+)" endPosition="(\d+)"', qde)
    assert len(spans) == len(result.snapshot.codings) == 97
    for (start, end), coding in zip(spans, result.snapshot.codings, strict=True):
        expected = units[2 * int(start) : 2 * int(end)].decode("utf-16-le").replace("\r\n", "\n")
        assert doc.text[coding.start : coding.end] == expected
    assert "\r" not in doc.text
    assert {c.coder for c in result.snapshot.codings} == {"floriansipos"}  # Coding@creatingUser
    texts = [doc.text[c.start : c.end] for c in result.snapshot.codings]
    assert "Mi az a fityesznek? Akkor írják át amikor akarják 🤣🤣🤣" in texts
    assert sum("\n" in t for t in texts) > 0


def test_the_unit_is_checked_not_only_guessed(tmp_path: Path) -> None:
    with zipfile.ZipFile(NVIVO) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    qde = members.pop("project.qde").decode("utf-8").replace("NVivo for Windows 12.6", "Unknown")
    result = read_qdpx(make_qdpx(tmp_path / "n.qdpx", qde, members))
    assert result.unit == "utf16"
    assert "fit UTF-16 code units better" in result.unit_note
    forced = read_qdpx(NVIVO, offsets="codepoints")
    assert forced.unit == "codepoints"


def hostile(tmp_path: Path, name: str) -> Path:
    qde, files = qualcoder_like()
    path = tmp_path / f"{name}.qdpx"
    if name == "escape":
        files["../evil.txt"] = b"x"
    elif name == "absolute":
        files["/etc/evil.txt"] = b"x"
    elif name == "missing-qde":
        with zipfile.ZipFile(path, "w") as archive:
            for member, data in files.items():
                archive.writestr(member, data)
        return path
    elif name == "missing-source":
        del files[f"Sources/{S1}.txt"]
    elif name == "dtd":
        qde = qde.replace("<Project", '<!DOCTYPE p [<!ENTITY x "y">]>\n<Project', 1)
    elif name == "entity":
        qde = qde.replace("<Project", '<!DOCTYPE p SYSTEM "file:///etc/passwd">\n<Project', 1)
    make_qdpx(path, qde, files)
    if name == "symlink":
        with zipfile.ZipFile(path, "a") as archive:
            info = zipfile.ZipInfo("sources/link.txt")
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    if name == "bomb":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", qde)
            archive.writestr("sources/bomb.txt", b"\0" * (50 * 1024 * 1024))
        path.write_bytes(buffer.getvalue())
    if name == "not-zip":
        path.write_bytes(b"PK but not really")
    return path


HOSTILE = {
    "escape": "points outside the archive",
    "absolute": "absolute path",
    "symlink": "symbolic link",
    "bomb": "zip bomb",
    "dtd": "DTDs and entities are not allowed",
    "entity": "DTDs and entities are not allowed",
    "missing-qde": "no project.qde inside",
    "missing-source": "which the archive lacks",
    "not-zip": "not a zip",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_archives_are_refused_with_one_line(tmp_path: Path, name: str) -> None:
    with pytest.raises(FormatError, match=HOSTILE[name]) as caught:
        read_qdpx(hostile(tmp_path, name))
    assert "\n" not in str(caught.value)


def test_a_selection_outside_the_text_is_refused(tmp_path: Path) -> None:
    qde, files = qualcoder_like()
    qde = qde.replace('startPosition="0" endPosition="5"', 'startPosition="0" endPosition="500"')
    with pytest.raises(FormatError, match="lies outside its text"):
        read_qdpx(make_qdpx(tmp_path / "o.qdpx", qde, files), offsets="codepoints")


def test_atlas_style_file_named_after_the_project_with_a_namespace_variant(
    tmp_path: Path,
) -> None:
    qde, files = qualcoder_like(origin="ATLAS.ti Windows 23.2")
    qde = qde.replace(NS, "urn:QDA-XML:project:0:10").replace(C1, "{" + C1.upper() + "}")
    path = make_qdpx(tmp_path / "a.qdpx", qde, files, qde_name="Interviews 2024.qde")
    result = read_qdpx(path)
    assert result.unit == "codepoints"
    assert any(c.guid == C1 and c.name == "Stance" for c in result.snapshot.codes)
    assert "ATLAS.ti" not in result.snapshot.coders
    assert len(result.snapshot.codings) == 5
