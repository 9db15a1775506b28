"""The European Open Source AI Index (osai-index.eu) entries: the reader (:mod:`.read`)."""
