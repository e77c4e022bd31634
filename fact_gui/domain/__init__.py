"""Pure-Python core: tags, text and offsets, segments; no Qt, no SQL."""
