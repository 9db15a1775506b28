"""The ``spdx-3.0.1-jsonld`` exporter."""

from __future__ import annotations

import json
from collections.abc import Sequence

from spdx_python_model import v3_0_1 as spdx

from openness.formats.spdx3.write.build import build_object_set
from openness.model import Artifact
from openness.policy.verdict import Verdict

__all__ = ["Spdx3Exporter"]


class Spdx3Exporter:
    """SPDX 3.0.1 JSON-LD with the AI and Dataset profiles, written by spdx-python-model."""

    name = "spdx-3.0.1-jsonld"
    media_type = "application/spdx+json"
    suffix = ".spdx3.json"

    def export(self, artifacts: Sequence[Artifact], verdicts: Sequence[Verdict] = ()) -> bytes:
        """The document as UTF-8 JSON-LD, keys sorted, elements sorted by id."""
        data = self.to_data(artifacts, verdicts)
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (from a JSON escape): escape everything
            return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("ascii")

    @staticmethod
    def to_data(artifacts: Sequence[Artifact], verdicts: Sequence[Verdict] = ()) -> object:
        """The document as JSON-ready data (``{"@context": ..., "@graph": [...]}``)."""
        objects = build_object_set(artifacts, verdicts)
        return spdx.JSONLDSerializer().serialize_data(objects, force_at_graph=True)
