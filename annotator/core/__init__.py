"""Pure-Python core: no Qt, no SQL. Text decoding, offsets, spans, agreement, formats."""
