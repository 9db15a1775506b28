"""The manifest's JSON Schema, generated from the model."""

from __future__ import annotations

from typing import Any

from openness.model import Manifest

__all__ = ["SCHEMA_ID", "manifest_schema"]

SCHEMA_ID = "https://openness.dev/schema/manifest-1.json"


def manifest_schema() -> dict[str, Any]:
    """The JSON Schema of a manifest file (validation mode: what a file may contain)."""
    schema = Manifest.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "openness manifest",
    }
