"""The openness manifest (our own format, YAML, JSON or TOML): the reader (:mod:`.read`)."""
