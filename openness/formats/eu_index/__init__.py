"""The European Open Source AI Index (osai-index.eu) entries: the index's own ratings
(:mod:`.ratings`) and the reader (:mod:`.read`)."""
