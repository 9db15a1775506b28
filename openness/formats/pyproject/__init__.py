"""Python project metadata (``pyproject.toml``, PEP 621 and PEP 639): the reader (:mod:`.read`)."""
