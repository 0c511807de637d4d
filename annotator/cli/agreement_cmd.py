"""The agreement command."""

from __future__ import annotations

import json
import secrets
from dataclasses import replace
from pathlib import Path

import click

from annotator.cli import cli
from annotator.cli.blind_scope import refuse_in_blind_copy
from annotator.cli.output import FORMATS, emit
from annotator.cli.project_cmds import PROJECT
from annotator.core.agreement import MEASURES, AgreementOptions, AgreementRow
from annotator.core.agreement.bootstrap import BootstrapOptions, attach_intervals, bootstrap
from annotator.core.agreement.engine import compute_with_tables, undefined_reasons
from annotator.core.agreement.report import ReportContext, render_report
from annotator.core.agreement.selection import SELECTION_REASONS, duplicates
from annotator.core.atomic import atomic_write
from annotator.core.attributes import parse_filters
from annotator.core.errors import AnnotatorError
from annotator.core.model import utc_now
from annotator.core.wording import plural
from annotator.store import Project
from annotator.store.agreement_source import agreement_input, auto_coding_count


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
@click.option("--where", "where", multiple=True, metavar="ATTRIBUTE=VALUE",
              help="Only documents whose attribute matches (=, !=, <, <=, >, >=, ~); "
              "repeatable, all must hold.")  # fmt: skip
@click.option(
    "--ignore-whitespace",
    is_flag=True,
    help="Character measures skip whitespace (Unicode White_Space) characters.",
)
@click.option(
    "--all-worked",
    is_flag=True,
    help="Treat every selected document as worked on by every selected coder.",
)
@click.option(
    "--exclude-auto/--include-auto",
    "exclude_auto",
    default=True,
    show_default=True,
    help="Leave out auto-codings (made by 'annotator autocode', not by a coder's judgement), "
    "or count them.",
)
@click.option("--pooled-only", is_flag=True, help="Only the rows pooled over documents.")
@click.option(
    "--ci",
    "level",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    help="Bootstrap confidence intervals for alpha and alpha_U at this level (e.g. 0.95).",
)
@click.option(
    "--bootstrap",
    "resamples",
    type=click.IntRange(1, 100_000),
    help="Resamples of documents for --ci (default 1000).",
)
@click.option("--seed", type=int, help="Seed of the bootstrap (default: a random one, printed).")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a self-contained HTML report for a methods section to this file.",
)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def agreement(
    project: Path,
    coders: str | None,
    codes: tuple[str, ...],
    documents: tuple[str, ...],
    where: tuple[str, ...],
    ignore_whitespace: bool,
    all_worked: bool,
    exclude_auto: bool,
    pooled_only: bool,
    level: float | None,
    resamples: int | None,
    seed: int | None,
    report: Path | None,
    fmt: str,
) -> None:
    """Inter-coder agreement per code and document, pooled, and overall.

    Percent agreement and Cohen's kappa (two coders), Fleiss' kappa and Krippendorff's
    alpha count characters; alpha_U (Krippendorff's unitizing alpha) compares span
    boundaries. See README, "Agreement measures".
    """
    with Project.open(project) as opened:
        refuse_in_blind_copy(opened, "agreement")
        # A set of codes: a parent and its child, or a code named twice, count once.
        selected: dict[str, None] = {}
        for path in codes:
            root = opened.codes.by_path(path)
            wanted = set(opened.codes.descendants(root.id))
            selected.update((c.path, None) for c in opened.codes.all() if c.id in wanted)
        selected_codes = list(selected)
        documents_named = documents
        documents = _chosen_documents(opened, documents, where)
        coder_list = _chosen_coders(opened, coders)
        data = agreement_input(opened, with_texts=ignore_whitespace, include_auto=not exclude_auto)
        options = AgreementOptions(
            coders=coder_list, codes=selected_codes or None, documents=documents or None,
            ignore_whitespace=ignore_whitespace, all_worked=all_worked,
            include_auto=not exclude_auto,
        )  # fmt: skip
        left_out = auto_coding_count(opened, options) if exclude_auto else 0
        only_auto = ""  # coders --include-auto would bring in: their auto-codings are all
        if left_out and coder_list is None:
            compared = [c.name for c in opened.coders.active()]
            theirs = left_out - auto_coding_count(opened, replace(options, coders=compared))
            newcomers = sorted(
                {c.name for c in opened.coders.active(include_auto=True)} - set(compared)
            )
            if theirs and newcomers:
                only_auto = (
                    f"; {theirs} of them by {', '.join(newcomers)}, who made only "
                    "auto-codings and is compared only then"
                )
        titles = opened.documents.titles()
    if coder_list is not None and len(coder_list) < 2:
        raise AnnotatorError("agreement needs at least two coders")
    if left_out:
        click.echo(f"left out {left_out} auto-coding{'s' if left_out != 1 else ''} "
                   f"(--include-auto counts them{only_auto})", err=True)  # fmt: skip
    rows, tables = compute_with_tables(data, options)
    if level is not None or resamples is not None or seed is not None:
        chosen = BootstrapOptions(
            level or 0.95, resamples or 1000,
            seed if seed is not None else secrets.randbelow(2**31),
        )  # fmt: skip
        attach_intervals(rows, bootstrap(tables, chosen))
        click.echo(f"bootstrap: {chosen.resamples} resamples of documents, seed {chosen.seed}, "
                   f"level {chosen.level}", err=True)  # fmt: skip
    if rows and len(rows[-1].coders) < 2:
        raise AnnotatorError("agreement needs at least two coders with codings")
    if report is not None:
        context = ReportContext(
            project=project.name, documents=tables.selection.documents,
            codes=tables.selection.codes, consensus=data.consensus, options=options,
            generated_at=utc_now(), compared=len(tables.stats), shared=len(tables.shared),
            titles=titles, where=where, documents_named=documents_named, codes_named=codes,
        )  # fmt: skip
        with atomic_write(report) as handle:
            handle.write(render_report(rows, context))
        click.echo(f"wrote the agreement report to {report}", err=True)
    if pooled_only:
        rows = [row for row in rows if row.document is None]
    _emit_rows(rows, titles, fmt)


def _emit_rows(rows: list[AgreementRow], titles: dict[str, str], fmt: str) -> None:
    """Print the rows as a table to read, or as CSV or JSON for scripts.

    The table shows documents by title, as the workspace lists them; CSV and JSON keep the
    unique name in "document", where scripts look for it, and add a "title" field.
    """
    if fmt == "json":
        click.echo(json.dumps([{**row.as_dict(), "title": _title(row, titles)} for row in rows],
                              indent=2, ensure_ascii=False))  # fmt: skip
        return
    coder_names = rows[-1].coders if rows else []
    header = ["document", "code", "pooling", "characters", *MEASURES,
              *(f"coded_by_{c}" for c in coder_names), "coded_by_all"]  # fmt: skip
    with_ci = any(row.ci for row in rows)
    if with_ci:
        header += ["alpha_ci", "alpha_u_ci"]
    flat = [_flat(row, coder_names, fmt, with_ci) for row in rows]
    if fmt == "table":
        for row, cells in zip(rows, flat, strict=True):
            cells[0] = _title(row, titles) or cells[0]
    else:  # last, so that no column a script knows moves
        header.append("title")
        for row, cells in zip(rows, flat, strict=True):
            cells.append(_title(row, titles) or "")
    emit(header, flat, fmt)
    if fmt == "table":
        for line in _footnotes(rows):
            click.echo(line)


def _footnotes(rows: list[AgreementRow]) -> list[str]:
    """One line per reason a figure in the table is a dash, below it.

    A dash alone hides why: after one trial coding by the lead every alpha_U of a default
    run is undefined, and only JSON said that no document was worked on by every coder.
    Reasons that come from the coders chosen name them, and say how to choose others.
    """
    reasons = undefined_reasons(rows)
    if not reasons:
        return []
    coders = rows[-1].coders
    compared = f"{plural(len(coders), 'coder')} compared: {', '.join(coders)}; --coders chooses"
    lines = [""]
    for measures, reason in reasons[:_MAX_FOOTNOTES]:
        why = f"{reason} ({compared})" if reason in SELECTION_REASONS else reason
        lines.append(f"-: {', '.join(measures)}: {why}")
    if len(reasons) > _MAX_FOOTNOTES:
        lines.append(f"-: {len(reasons) - _MAX_FOOTNOTES} more reasons: --format json gives "
                     "each row's notes")  # fmt: skip
    return lines


_MAX_FOOTNOTES = 12


def _title(row: AgreementRow, titles: dict[str, str]) -> str | None:
    """The row's document's title ("" when it has none); None for rows pooled over documents."""
    if row.document is None:
        return None
    return titles.get(row.document, "")


OVERALL_LABELS = {
    "pairs": "(all codes: pooled pairs)",
    "mean": "(all codes: mean of codes)",
    "codes": "(all codes: pooled over codes)",
}


def _interval(row: AgreementRow, measure: str) -> str:
    value = row.ci.get(measure)
    if not isinstance(value, list) or value[0] is None:
        return ""
    return f"[{value[0]:.3f}, {value[1]:.3f}]"


def _flat(row: AgreementRow, coders: list[str], fmt: str, with_ci: bool) -> list[object]:
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
        *((_interval(row, "krippendorff_alpha"), _interval(row, "alpha_u")) if with_ci else ()),
    ]


def _chosen_coders(project: Project, coders: str | None) -> list[str] | None:
    """The coders named in ``--coders`` as the project stores their names.

    Matched as every command matches coder names (case and spacing do not matter), and an
    unknown name is refused: compared by the typed name, a coder would count as one who
    coded nothing, and the table would be all dashes.
    """
    if not coders:
        return None
    names = [project.coders.by_name(c).name for c in coders.split(",") if c.strip()]
    if twice := duplicates(names):
        raise AnnotatorError(f"coder {twice[0]!r} is named more than once in --coders")
    return names


def _chosen_documents(
    project: Project, documents: tuple[str, ...], where: tuple[str, ...]
) -> tuple[str, ...]:
    """The documents named (each must exist), narrowed to those whose attributes match."""
    for name in documents:
        project.documents.by_name(name)
    if not where:
        return documents
    matching = project.attributes.matching(parse_filters(where))
    names = [d.name for d in project.documents.all() if d.id in matching]
    chosen = tuple(n for n in names if not documents or n in documents)
    if not chosen:
        raise AnnotatorError("no document matches " + " and ".join(where))
    return chosen
