"""The agreement command."""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.cli import cli
from annotator.cli.output import FORMATS, emit
from annotator.cli.project_cmds import PROJECT
from annotator.core.agreement import MEASURES, AgreementOptions, AgreementRow, compute_agreement
from annotator.core.agreement.selection import duplicates
from annotator.core.errors import AnnotatorError
from annotator.store import Project
from annotator.store.agreement_source import agreement_input


@cli.command()
@PROJECT
@click.option(
    "--coders",
    help="Comma-separated coder names (default: every coder who worked on a selected document, "
    "except the consensus coder).",
)
@click.option(
    "--code", "codes", multiple=True, help="Only this code and its children (repeatable)."
)
@click.option("--document", "documents", multiple=True, help="Only this document (repeatable).")
@click.option(
    "--ignore-whitespace", is_flag=True, help="Character measures skip whitespace characters."
)
@click.option(
    "--all-worked",
    is_flag=True,
    help="Treat every selected document as worked on by every selected coder.",
)
@click.option("--pooled-only", is_flag=True, help="Only the rows pooled over documents.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def agreement(
    project: Path,
    coders: str | None,
    codes: tuple[str, ...],
    documents: tuple[str, ...],
    ignore_whitespace: bool,
    all_worked: bool,
    pooled_only: bool,
    fmt: str,
) -> None:
    """Inter-coder agreement per code and document, pooled, and overall.

    Percent agreement and Cohen's kappa (two coders), Fleiss' kappa and Krippendorff's
    alpha count characters; alpha_U (Krippendorff's unitizing alpha) compares span
    boundaries. See README, "Agreement measures".
    """
    with Project.open(project) as opened:
        # A set of codes: a parent and its child, or a code named twice, count once.
        selected: dict[str, None] = {}
        for path in codes:
            root = opened.codes.by_path(path)
            wanted = set(opened.codes.descendants(root.id))
            selected.update((c.path, None) for c in opened.codes.all() if c.id in wanted)
        selected_codes = list(selected)
        for name in documents:
            opened.documents.by_name(name)
        coder_list = [c.strip() for c in coders.split(",") if c.strip()] if coders else None
        if coder_list is not None and (twice := duplicates(coder_list)):
            raise AnnotatorError(f"coder {twice[0]!r} is named more than once in --coders")
        for name in coder_list or []:
            opened.coders.by_name(name)
        data = agreement_input(opened, with_texts=ignore_whitespace)
    if coder_list is not None and len(coder_list) < 2:
        raise AnnotatorError("agreement needs at least two coders")
    rows = compute_agreement(
        data,
        AgreementOptions(
            coders=coder_list, codes=selected_codes or None, documents=documents or None,
            ignore_whitespace=ignore_whitespace, all_worked=all_worked,
        ),
    )  # fmt: skip
    if rows and len(rows[-1].coders) < 2:
        raise AnnotatorError("agreement needs at least two coders with codings")
    if pooled_only:
        rows = [row for row in rows if row.document is None]
    if fmt == "json":
        click.echo(json.dumps([row.as_dict() for row in rows], indent=2, ensure_ascii=False))
        return
    coder_names = rows[-1].coders if rows else []
    header = ["document", "code", "pooling", "characters", *MEASURES,
              *(f"coded_by_{c}" for c in coder_names), "coded_by_all"]  # fmt: skip
    emit(header, [_flat(row, coder_names, fmt) for row in rows], fmt)


OVERALL_LABELS = {
    "pairs": "(all codes: pooled pairs)",
    "mean": "(all codes: mean of codes)",
    "codes": "(all codes: pooled over codes)",
}


def _flat(row: AgreementRow, coders: list[str], fmt: str) -> list[object]:
    pooled = "(pooled)" if fmt == "table" else ""
    overall = OVERALL_LABELS[row.pooling or "pairs"] if fmt == "table" else ""
    return [
        row.document if row.document is not None else pooled,
        row.code if row.code is not None else overall,
        row.pooling or "",
        row.characters,
        *(getattr(row, measure) for measure in MEASURES),
        *(row.coded_by.get(c, 0) for c in coders),
        row.coded_by_all,
    ]
