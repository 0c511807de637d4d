"""Reports: the HTML parsed back (every segment's exact text in its highlight), escaping,
no network; the RTF read back by LibreOffice; LaTeX complete."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from annotator.core.decoding import decode_bytes
from annotator.core.errors import AnnotatorError
from annotator.core.model import NewCoding
from annotator.store import Project
from annotator.store.analysis import SegmentFilter, parse_where
from annotator.store.report_source import write_report
from tests.conftest import HARD_TEXT

HOSTILE = 'Tags <script>alert("x")</script> & "quotes" stay text.\r\nSecond line 😀.'


@pytest.fixture
def coded(project: Project) -> Project:
    hard = project.documents.add(decode_bytes(HARD_TEXT.replace("\n", "\r\n").encode()), "hard")
    hostile = project.documents.add(decode_bytes(HOSTILE.encode()), "<b>hostile</b>")
    h, x = hard.added[0], hostile.added[0]
    text = project.documents.text(h)
    a = project.codes.ensure_path("Stance/<b>Agreement &", color="#117733")[0].id
    b = project.codes.ensure_path("Actors", color="#0072B2")[0].id
    alice = project.coders.ensure("alice").id
    bob = project.coders.ensure("bob & co").id
    family = text.index("👩")
    project.codings.add_many([
        NewCoding(h, a, alice, 0, 13, memo="emoji <memo> & more"),
        NewCoding(h, b, bob, 5, family + 5),
        NewCoding(h, a, bob, family, family + 5),
        NewCoding(h, b, alice, text.index("قال"), text.index("Лавров") + 6),
        NewCoding(x, a, alice, 5, 30),
    ])  # fmt: skip
    return project


class _Collect(HTMLParser):
    """Every element with data-start: its tag, attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str], list[str], str]] = []
        self.section = ""
        self._open: list[tuple[str, dict[str, str], list[str], str]] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "section":
            self.section = values.get("id", "")
        for name in ("src", "href"):
            if name in values:
                self.urls.append(values[name])
        if "data-start" in values:
            self._open.append((tag, values, [], self.section))

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[-1][0]:
            self.found.append(self._open.pop())

    def handle_data(self, data: str) -> None:
        for item in self._open:
            item[2].append(data)


def test_html_report_highlights_every_segment_exactly(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert write_report(coded, out, "html", SegmentFilter(codes=("Stance",))) == 2
    html = out.read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(html)
    assert all(url.startswith("#") for url in parser.urls)  # self-contained: no network
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/scrip" in html
    assert "&amp; &quot;quotes&quot; stay" in html
    css = dict(re.findall(r"\.report \.(-Coded-C[\d_]+) \{ ([^}]*)\}", html))
    paths = {c.id: c.path for c in coded.codes.all()}
    documents = {d.id: d for d in coded.documents.all()}
    pieces = [f for f in parser.found if f[0] == "span"]
    for coding in coded.codings.all():
        if paths[coding.code_id] != "Stance/<b>Agreement &":
            continue
        text = coded.documents.text(coding.document_id)
        section = f"doc-{coding.document_id}"
        covering = sorted(
            (int(a["data-start"]), int(a["data-end"]), "".join(t), a)
            for _, a, t, s in pieces
            if s == section and coding.start <= int(a["data-start"]) < coding.end
        )
        assert "".join(p[2] for p in covering) == text[coding.start : coding.end]
        assert (covering[0][0], covering[-1][1]) == (coding.start, coding.end)
        for start, end, piece_text, attrs in covering:
            assert piece_text == text[start:end]
            assert "Stance/<b>Agreement &" in attrs["title"]
            assert "background-color" in css[attrs["class"]]
        marks = [(a, "".join(t)) for tag, a, t, s in parser.found if tag == "mark"
                 and a["data-document"] == documents[coding.document_id].name
                 and int(a["data-start"]) == coding.start]  # fmt: skip
        assert [m[1] for m in marks] == [text[coding.start : coding.end]]
    assert "emoji &lt;memo&gt; &amp; more" in html  # a memo as a note
    # With every code: overlaps get a style of their own (bold, underlined).
    write_report(coded, out, "html", SegmentFilter())
    html = out.read_text(encoding="utf-8")
    css = dict(re.findall(r"\.report \.(-Coded-C[\d_]+) \{ ([^}]*)\}", html))
    assert any("_" in name and "underline" in look for name, look in css.items())
    assert "bob &amp; co" in html


def test_rtf_report_opens_in_libreoffice(coded: Project, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path / "report.rtf"
    write_report(coded, out, "rtf", SegmentFilter())
    rtf = out.read_text(encoding="utf-8")
    assert rtf.startswith("{\\rtf1")
    assert "\\chcbpat" in rtf  # backgrounds Word and LibreOffice show
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
         "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = (tmp_path / "report.txt").read_text(encoding="utf-8-sig")
    without_markers = re.sub(r"\[\d+\]", "", text)
    for line in HARD_TEXT.splitlines():
        assert line in without_markers
    assert 'Tags <script>alert("x")</script> & "quotes" stay text.' in text
    assert "[1] emoji <memo> & more" in text


def test_latex_report_and_refusals(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "report.tex"
    write_report(coded, out, "latex", SegmentFilter(coders=("alice",)))
    tex = out.read_text(encoding="utf-8")
    assert tex.lstrip().startswith("\\documentclass")
    assert tex.rstrip().endswith("\\end{document}")
    assert "Лавров" in tex
    with pytest.raises(AnnotatorError, match="nothing to report"):
        write_report(
            coded, tmp_path / "none.html", "html", SegmentFilter(where=parse_where(["x=y"]))
        )
    assert not (tmp_path / "none.html").exists()
