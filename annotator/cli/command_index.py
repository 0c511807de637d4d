"""Which module defines each command, and its one-line help, so that starting is fast.

``annotator --help`` and a single command import only what they need: the group looks a
command up here and imports its module when it is run (or its own help is asked for). The
short help is repeated here so that listing every command imports none of them;
``tests/cli/test_command_index.py`` fails when a command is missing here or its help differs.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "agreement": (
        "agreement_cmd",
        ("Inter-coder agreement per code and document, pooled, and overall."),
    ),
    "attributes": (
        "document_cmds",
        ("Set document attributes from a CSV (keyed by document or sha256), or list them."),
    ),
    "autocode": (
        "analysis_cmds",
        ("Search all documents and code the hits, their sentences or paragraphs."),
    ),
    "backup": (
        "backup_cmd",
        ("Copy PROJECT to OUT with everything committed (safe while the app has it open)."),
    ),
    "chart": (
        "table_cmds",
        ("Draw a chart (bars, heat map or codeline) to PNG or SVG, with Qt, without a display."),
    ),
    "code": (
        "coding_cmds",
        ("Code a span of a document: by offsets, or by matching its text."),
    ),
    "codes": (
        "coding_cmds",
        ("Build and inspect the codebook."),
    ),
    "cooccurrence": (
        "table_cmds",
        ("Code co-occurrence: codes × codes; the diagonal holds each code's own total."),
    ),
    "copy-for": (
        "exchange_cmds",
        ("Make a copy of PROJECT for one coder: documents, codebook, settings."),
    ),
    "demo": (
        "project_cmds",
        ("Create a project with the five seed articles and the starter codebook."),
    ),
    "document": (
        "document_cmds",
        ("Rename a document, set its title, delete it."),
    ),
    "documents": (
        "project_cmds",
        ("List documents: name, id, sha256, characters, encoding, line endings, codings, title."),
    ),
    "export": (
        "export_cmds",
        ("Export coded spans, the codebook, the adjudication trail, the whole project as .qdpx."),
    ),
    "frequencies": (
        "table_cmds",
        ("Code frequencies: codes × documents, coders or attribute values, with a total."),
    ),
    "gui": (
        "project_cmds",
        ("Open the coding workspace, optionally on PROJECT."),
    ),
    "import": (
        "project_cmds",
        ("Import files and folders: .txt .md .docx .pdf .html .odt .rtf .srt .vtt."),
    ),
    "import-codings": (
        "coding_cmds",
        ("Import codings from CSV: document or document_sha256, code_path, coder, start, end."),
    ),
    "import-qdpx": (
        "exchange_cmds",
        ("Import a REFI-QDA project (.qdpx); creates PROJECT if missing, else merges into it."),
    ),
    "info": (
        "project_cmds",
        ("Summarise a project: counts, coders, schema."),
    ),
    "merge": (
        "exchange_cmds",
        ("Merge coder copies (or other projects) into PROJECT, losing nothing."),
    ),
    "new": (
        "project_cmds",
        ("Create an empty project file."),
    ),
    "report": (
        "analysis_cmds",
        ("Write a report of the coded documents: highlights, legend, memos, codebook."),
    ),
    "segments": (
        "analysis_cmds",
        ("List coded segments with their text: by code, coder, document, or a code query."),
    ),
    "source": (
        "document_cmds",
        ("Write the original file a document was imported from, byte for byte."),
    ),
    "text": (
        "project_cmds",
        ("Print a document's stored text exactly (UTF-8, LF line ends, no added newline)."),
    ),
    "uncode": (
        "coding_cmds",
        ("Remove one coding."),
    ),
}
