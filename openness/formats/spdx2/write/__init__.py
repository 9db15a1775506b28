"""The four SPDX 2.3 exporters: build, validate in linear time, serialise."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from spdx_tools.spdx.model.document import Document

from openness.errors import OpennessError
from openness.formats.spdx2.validate import validate_document
from openness.formats.spdx2.write.build import build_document
from openness.formats.spdx2.write.rdf import write_rdf
from openness.formats.spdx2.write.writers import write_json, write_tag_value, write_yaml
from openness.model import Artifact
from openness.policy.verdict import Verdict

__all__ = [
    "InvalidSpdxDocument",
    "Spdx23JsonExporter",
    "Spdx23RdfExporter",
    "Spdx23TagValueExporter",
    "Spdx23YamlExporter",
    "build_valid_document",
]


class InvalidSpdxDocument(OpennessError):
    """The document cannot be written: there is nothing to describe, or the document built
    does not validate (a bug in the mapping: please report it)."""

    def __init__(self, messages: Sequence[str]):
        self.messages = list(messages)
        head = "; ".join(self.messages[:3])
        more = f" (and {len(self.messages) - 3} more)" if len(self.messages) > 3 else ""
        super().__init__(f"the SPDX 2.3 document does not validate: {head}{more}")


def build_valid_document(
    artifacts: Sequence[Artifact], verdicts: Sequence[Verdict] = ()
) -> Document:
    """Build the document and validate it (linear time); raise :class:`InvalidSpdxDocument`
    when spdx-tools' validators find a problem."""
    if not artifacts:
        raise InvalidSpdxDocument(["no artifacts: an SPDX document must describe something"])
    document = build_document(artifacts, verdicts)
    messages = validate_document(document)
    if messages:
        raise InvalidSpdxDocument([m.validation_message for m in messages])
    return document


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a document is built and written.

    Building allocates millions of long-lived objects (spdx-tools' model, its JSON-like dicts)
    and no reference cycles; each full collection meanwhile walks every one of them, which
    makes a 100,000-artifact export about 1.3 times slower than linear. Reference counting
    still frees everything; the collector's previous state is restored afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Spdx23Exporter:
    name: str
    media_type: str
    suffix: str
    _write: Callable[[Document], bytes]

    def export(self, artifacts: Sequence[Artifact], verdicts: Sequence[Verdict] = ()) -> bytes:
        """The validated document for ``artifacts`` (``verdicts`` become annotations)."""
        with _collector_paused():
            return type(self)._write(build_valid_document(artifacts, verdicts))


class Spdx23JsonExporter(_Spdx23Exporter):
    """SPDX 2.3 JSON."""

    name = "spdx-2.3-json"
    media_type = "application/spdx+json"
    suffix = ".spdx.json"
    _write = staticmethod(write_json)


class Spdx23YamlExporter(_Spdx23Exporter):
    """SPDX 2.3 YAML."""

    name = "spdx-2.3-yaml"
    media_type = "application/yaml"
    suffix = ".spdx.yaml"
    _write = staticmethod(write_yaml)


class Spdx23TagValueExporter(_Spdx23Exporter):
    """SPDX 2.3 tag-value."""

    name = "spdx-2.3-tv"
    media_type = "text/spdx"
    suffix = ".spdx"
    _write = staticmethod(write_tag_value)


class Spdx23RdfExporter(_Spdx23Exporter):
    """SPDX 2.3 RDF/XML."""

    name = "spdx-2.3-rdf"
    media_type = "application/rdf+xml"
    suffix = ".spdx.rdf.xml"
    _write = staticmethod(write_rdf)
