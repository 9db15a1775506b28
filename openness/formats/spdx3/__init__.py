"""SPDX 3.0.1 JSON-LD: the mapping shared by both directions (:mod:`.mapping`), validation
against the official JSON Schema and SHACL shapes (:mod:`.validate`, files in ``data/``), the
reader (:mod:`.read`) and the writer (:mod:`.write`)."""
