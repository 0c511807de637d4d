"""An agreement report for a methods section: one self-contained, escaped HTML page.

It states what was compared (coders, documents, codes), every choice that changes a figure
(who counts as having worked on a document, whitespace, how codes and documents are pooled,
the consensus coder), each measure with its definition and source, the figures with the
counts behind them, and the bootstrap intervals with the seed that reproduces them. Every
piece of project text goes through ``html.escape``; the page loads nothing from elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from annotator.core.agreement.engine import MEASURES, AgreementRow
from annotator.core.agreement.selection import AgreementOptions
from annotator.core.names import same_coder

DEFINITIONS = {
    "percent_agreement": (
        "Percent agreement",
        "Share of characters on which every coder who worked on the document agrees (coded or "
        "not coded with the code).",
    ),
    "cohen_kappa": (
        "Cohen's kappa (Cohen 1960)",
        "Two coders only. κ = (p_o − p_e)/(1 − p_e) from the 2×2 table of characters, "
        "p_e = pA·pB + (1−pA)(1−pB).",
    ),
    "fleiss_kappa": (
        "Fleiss' kappa (Fleiss 1971)",
        "κ = (P̄ − P_e)/(1 − P_e), P̄ the mean pairwise agreement per character, "
        "P_e = Σ p_c²; characters may have different numbers of coders.",
    ),
    "krippendorff_alpha": (
        "Krippendorff's alpha, nominal (Krippendorff 2004)",
        "α = 1 − (n − 1)·o₀₁/(n₀·n₁) from the coincidence matrix of characters; coders who did "
        "not work on a document are missing data.",
    ),
    "gwet_ac1": (
        "Gwet's AC1 (Gwet 2008)",
        "AC1 = (p_a − p_e)/(1 − p_e), p_a as for Fleiss, p_e = 2π(1 − π) with π the mean share "
        "of coders coding a character; stays near agreement for rare codes where kappa drops.",
    ),
    "alpha_u": (
        "Krippendorff's unitizing alpha α_U (Krippendorff 1995; 2004, §11.6)",
        "1 − D_o/D_e over each document's continuum of units and gaps; pooled over documents "
        "with each document its own continuum (no unit or gap crosses a boundary), over the "
        "documents every selected coder worked on.",
    ),
}
POOLING = {
    "pairs": "pooled pairs: every (character, code) pair one unit of one binary variable",
    "mean": "mean of codes: the mean of each code's figure",
    "codes": "pooled over codes: 1 − ΣD_o/ΣD_e over codes (De Vries et al. 2008 pooled kappa)",
}


@dataclass(frozen=True)
class ReportContext:
    """What the report says about the selection beyond the rows themselves."""

    project: str
    documents: Sequence[str]
    codes: Sequence[str]
    consensus: str | None
    options: AgreementOptions
    generated_at: str
    compared: int = 0  # documents on which two or more of the coders worked
    shared: int = 0  # documents on which every coder worked (pooled alpha_U uses these)
    # Document name -> title: a methods reader knows documents by title; the unique name,
    # which scripts and the CLI use, stays on hover.
    titles: Mapping[str, str] = field(default_factory=dict)
    # The rule that chose them, as given (``--where`` conditions, ``--document`` and
    # ``--code`` names): the lists say what was compared, this says why, so that the same
    # rule can be applied to a project that has grown since.
    where: Sequence[str] = ()
    documents_named: Sequence[str] = ()
    codes_named: Sequence[str] = ()


def _document(name: str, titles: Mapping[str, str]) -> str:
    """A document as the report lists it: its title, else its name."""
    title = titles.get(name)
    if not title or title == name:
        return escape(name)
    return f'<span title="{escape(name)}">{escape(title)}</span>'


def _value(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return escape(str(value))


def _interval(row: AgreementRow, measure: str) -> str:
    value = row.ci.get(measure)
    if isinstance(value, list) and value and value[0] is not None:
        return f" <span class=ci>[{value[0]:.3f}, {value[1]:.3f}]</span>"
    return ""


def _table(rows: Sequence[AgreementRow]) -> str:
    head = "".join(f"<th>{escape(DEFINITIONS[m][0].split(' (')[0])}</th>" for m in MEASURES)
    body = []
    for row in rows:
        label = (
            row.code if row.code is not None else f"all codes ({POOLING[row.pooling or 'pairs']})"
        )
        cells = "".join(
            f"<td title='{escape(row.notes.get(m, ''), quote=True)}'>{_value(getattr(row, m))}"
            f"{_interval(row, m)}</td>"
            for m in MEASURES
        )
        coded = ", ".join(f"{escape(c)}: {n}" for c, n in row.coded_by.items())
        body.append(
            f"<tr><th scope=row>{escape(label)}</th><td>{row.documents}</td>"
            f"<td>{row.characters}</td>{cells}<td>{coded}; all: {row.coded_by_all}</td></tr>"
        )
    return (
        "<table><thead><tr><th>Code</th><th>Documents</th><th>Characters</th>"
        f"{head}<th>Characters coded by</th></tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _notes(rows: Sequence[AgreementRow]) -> str:
    items = []
    for row in rows:
        label = row.code if row.code is not None else f"all codes ({row.pooling})"
        for measure, reason in row.notes.items():
            items.append(f"<li>{escape(label)}, {escape(measure)}: {escape(reason)}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else "<p>Every figure is defined.</p>"


def _choices(context: ReportContext, rows: Sequence[AgreementRow]) -> str:
    options = context.options
    ci = next((row.ci for row in rows if row.ci), None)
    worked = (
        "every selected coder is treated as having worked on every selected document"
        if options.all_worked
        else "a coder has worked on a document if they marked it done or made at least one "
        "coding in it (of any code); elsewhere they are missing data, not “uncoded”"
    )
    items = [
        f"Worked on: {worked}.",
        "Characters counted: "
        + (
            "every character except whitespace (Unicode White_Space)."
            if options.ignore_whitespace
            else "every character."
        ),
        "Auto-codings (made by a search rule, not by a coder): "
        + ("counted." if options.include_auto else "left out."),
        "A coder's overlapping codings of one code merge into one unit; codings that only touch "
        "stay separate units for α_U.",
        _consensus(context.consensus, rows[-1].coders if rows else []),
        "Overall rows: " + "; ".join(escape(p) for p in POOLING.values()) + ".",
    ]
    if ci:
        items.append(
            f"Bootstrap: {escape(str(ci.get('resamples')))} resamples of documents with "
            f"replacement, seed {escape(str(ci.get('seed')))}, percentile intervals at level "
            f"{escape(str(ci.get('level')))}; α_U resamples the documents every coder worked on."
        )
    else:
        items.append("No bootstrap intervals were requested.")
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _consensus(consensus: str | None, coders: Sequence[str]) -> str:
    """The consensus coder's line: compared (because named) or left out.

    Names are matched as the store matches them (case and spacing ignored), so a consensus
    coder stored as "Consensus" is not said to be left out while it is compared.
    """
    if not consensus:
        return "Consensus coder: none."
    named = [coder for coder in coders if same_coder(coder, consensus)]
    if named:
        return f"Consensus coder ({escape(named[0])}): compared, because named."
    return f"Consensus coder ({escape(consensus)}): left out of the comparison."


def _rule(context: ReportContext) -> str:
    """How the documents and codes were chosen, as given on the command line."""
    parts = []
    if context.where:
        conditions = " and ".join(f"<code>{escape(w)}</code>" for w in context.where)
        parts.append(f"documents whose attributes match {conditions}")
    if context.documents_named:
        parts.append("documents named " + ", ".join(escape(d) for d in context.documents_named))
    if context.codes_named:
        parts.append(
            "codes (with their children) " + ", ".join(escape(c) for c in context.codes_named)
        )
    if not parts:
        return "<li>Chosen by: every document and every code used (no filter).</li>"
    return f"<li>Chosen by: {'; '.join(parts)}.</li>"


def render_report(rows: Sequence[AgreementRow], context: ReportContext) -> str:
    """The whole page; ``rows`` are the pooled rows (document None)."""
    pooled = [row for row in rows if row.document is None]
    coders = pooled[-1].coders if pooled else []
    definitions = "".join(
        f"<dt>{escape(name)}</dt><dd>{escape(text)}</dd>" for name, text in DEFINITIONS.values()
    )
    documents = ", ".join(_document(name, context.titles) for name in context.documents)
    codes = ", ".join(escape(c) for c in context.codes)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Agreement report: {escape(context.project)}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 75em; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: right; }}
th[scope=row], thead th {{ text-align: left; background: #f3f3f3; }}
.ci {{ color: #555; font-size: 85%; }}
</style></head><body>
<h1>Inter-coder agreement</h1>
<p>Project {escape(context.project)}, computed {escape(context.generated_at)} by Annotator.</p>
<h2>What was compared</h2>
<ul>
<li>Coders ({len(coders)}): {", ".join(escape(c) for c in coders)}</li>
<li>Documents ({len(context.documents)} selected; {context.compared} worked on by two or more of
these coders, {context.shared} by all of them): {documents}</li>
<li>Codes ({len(context.codes)}): {codes}</li>
{_rule(context)}
</ul>
<h2>Choices</h2>
{_choices(context, pooled)}
<h2>Measures</h2>
<dl>{definitions}</dl>
<p>By Krippendorff's convention, α ≥ 0.800 supports conclusions and 0.667 ≤ α &lt; 0.800 only
tentative ones.</p>
<h2>Figures, pooled over documents</h2>
{_table(pooled)}
<h2>Why some figures are undefined</h2>
{_notes(pooled)}
</body></html>
"""
