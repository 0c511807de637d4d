"""Readers that turn a file of one format into the text Annotator stores.

Every reader takes the file's bytes (so a kept original can be read again later) and returns an
:class:`~annotator.core.formats.extracted.Extracted`: the stored text (code points, LF line ends),
what the format says about the document (title, author, date...) and its regions (the page of
every offset of a PDF, the time of every offset of a subtitle file, the headings of a Word file).
A file that cannot be read becomes :class:`~annotator.core.errors.ImportRefused` with one line
naming the file and the reason; nothing is stored until every reader has finished.
"""
