"""Annotator: qualitative content analysis with exact offsets and trustworthy agreement."""

__version__ = "0.1.0"
