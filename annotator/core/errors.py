"""Errors a user may see, each meant to read well as one line.

Every layer raises these (or subclasses); the CLI and the GUI turn them into a one-line message.
Anything else escaping is a bug.
"""


class AnnotatorError(Exception):
    """Base class: the message is shown to the user as it is."""


class ImportRefused(AnnotatorError):
    """A file could not be imported (empty, binary, undecodable, too large, duplicate)."""


class ProjectError(AnnotatorError):
    """A project file is missing, foreign, damaged or from a newer version."""


class InvalidCoding(AnnotatorError):
    """A coding's offsets do not fit its document, or it duplicates another."""


class NotFound(AnnotatorError):
    """A named document, code, coder or coding does not exist."""


class Conflict(AnnotatorError):
    """An operation would break a uniqueness rule (names, shortcuts, GUIDs)."""


class FormatError(AnnotatorError):
    """An input file (CSV, XML, archive) is malformed or hostile."""


class Stale(AnnotatorError):
    """An undo or redo refers to data that another program (or coder) has changed since.

    The step is refused rather than applied to whatever now has that id or that place.
    """


class JournalLost(ProjectError):
    """The project's write-ahead log was deleted or replaced by another program while open.

    Writing stops: anything written on would go to a deleted file and be lost.
    """


class ReadOnlyProject(ProjectError):
    """The project was opened read-only (read-only file, folder or disk); writes are refused."""
