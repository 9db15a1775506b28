"""Python project metadata (``pyproject.toml``, PEP 621 and PEP 639): the document being read
(:mod:`.project`), the project's license (:mod:`.licenses`) and the reader (:mod:`.read`)."""
