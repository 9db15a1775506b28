"""The JSON Schema of the ``json`` report format (published as ``docs/schema/report.schema.json``).

Versioned by its ``$id``: ``report-1`` changes only by adding optional keys; removing or
renaming a key, or changing a value's meaning, makes ``report-2``.
"""

from __future__ import annotations

from typing import Any

from openness.model import Evidence
from openness.policy.verdict import FindingSeverity, Outcome

__all__ = ["REPORT_SCHEMA_ID", "REPORT_SCHEMA_VERSION", "report_schema"]

REPORT_SCHEMA_VERSION = 1
REPORT_SCHEMA_ID = f"https://openness.dev/schema/report-{REPORT_SCHEMA_VERSION}.json"

_NULLABLE_STRING: dict[str, Any] = {"type": ["string", "null"]}


def _evidence() -> dict[str, Any]:
    schema = Evidence.model_json_schema(mode="serialization")
    schema.pop("title", None)
    schema["required"] = ["source"]
    for prop in schema["properties"].values():
        prop.pop("title", None)
        prop.pop("default", None)
    return schema


def report_schema() -> dict[str, Any]:
    """The schema (JSON Schema 2020-12) of a ``json`` report: a list of verdict objects."""
    outcomes = [o.value for o in Outcome]
    evidence = _evidence()
    defs = dict(evidence.pop("$defs", {}))
    defs["Evidence"] = evidence
    defs["Citation"] = {
        "type": "object",
        "description": "The clause a rule implements.",
        "additionalProperties": False,
        "required": ["document"],
        "properties": {
            "document": {"type": "string"},
            "section": {"type": "string"},
            "url": {"type": "string"},
            "clause": {"type": "string", "description": "A short quotation of the clause."},
        },
    }
    defs["Finding"] = {
        "type": "object",
        "description": "One rule's result on one subject.",
        "additionalProperties": False,
        "required": [
            "rule",
            "subject",
            "outcome",
            "severity",
            "message",
            "how_to_fix",
            "citation",
            "evidence",
        ],
        "properties": {
            "rule": {"type": "string", "description": "A stable rule id: policy/name."},
            "subject": {
                "type": "string",
                "description": "What the finding is about, relative to the verdict's artifact: "
                "'artifact', 'components[2]', 'lineage[0]'.",
            },
            "outcome": {"enum": outcomes},
            "severity": {"enum": [s.value for s in FindingSeverity]},
            "message": {"type": "string"},
            "how_to_fix": {
                **_NULLABLE_STRING,
                "description": "Set whenever the outcome is fail or unknown.",
            },
            "citation": {"anyOf": [{"$ref": "#/$defs/Citation"}, {"type": "null"}]},
            "evidence": {"type": "array", "items": {"$ref": "#/$defs/Evidence"}},
            "findings": {
                "type": "array",
                "description": "Sub-findings: license expression operands, inherited terms.",
                "items": {"$ref": "#/$defs/Finding"},
            },
            "waived": {
                "type": "string",
                "description": "Set when a waiver (check --waivers) accepted this finding: its "
                "reason, by whom and until when. A waived finding no longer decides the verdict.",
            },
        },
        "allOf": [
            {
                "if": {"properties": {"outcome": {"enum": ["fail", "unknown"]}}},
                "then": {"properties": {"how_to_fix": {"type": "string", "minLength": 1}}},
            }
        ],
    }
    defs["Upstream"] = {
        "type": "object",
        "description": "The upstream verdict (same policy) this verdict depends on.",
        "additionalProperties": False,
        "required": ["artifact", "relation", "outcome", "level"],
        "properties": {
            "artifact": {"type": "string"},
            "relation": {"type": "string"},
            "outcome": {"enum": outcomes},
            "level": _NULLABLE_STRING,
        },
    }
    defs["Verdict"] = {
        "type": "object",
        "description": "One policy's result on one artifact.",
        "additionalProperties": False,
        "required": [
            "artifact",
            "policy",
            "policy_version",
            "data_hash",
            "outcome",
            "level",
            "strict",
            "upstream",
            "findings",
        ],
        "properties": {
            "artifact": {"type": "string", "description": "The artifact id."},
            "policy": {"type": "string", "description": "The policy id."},
            "policy_version": {"type": "string"},
            "data_hash": {
                "type": "string",
                "description": "Identifies the policy's tables and the license knowledge base.",
            },
            "outcome": {"enum": outcomes},
            "level": {
                **_NULLABLE_STRING,
                "description": "The graded level (a MOF class, a Debian category), or a "
                'completeness profile\'s share of items documented (such as "72%"), if any.',
            },
            "strict": {"type": "boolean", "description": "Unknown was counted as fail."},
            "upstream": {"type": "array", "items": {"$ref": "#/$defs/Upstream"}},
            "findings": {"type": "array", "items": {"$ref": "#/$defs/Finding"}},
            "progress": {
                "type": "array",
                "description": "Policies graded by per-level requirements (MOF): the share of "
                "each level met, cumulative, lowest level first. Absent for other policies.",
                "items": {"$ref": "#/$defs/Progress"},
            },
        },
    }
    defs["Progress"] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["level", "met", "required", "percent"],
        "properties": {
            "level": {"type": "string"},
            "met": {"type": "integer", "minimum": 0},
            "required": {"type": "integer", "minimum": 0},
            "percent": {"type": "integer", "minimum": 0, "maximum": 100},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": REPORT_SCHEMA_ID,
        "title": "openness report",
        "description": "The output of 'openness check --format json': one verdict object per "
        f"artifact and policy. Version {REPORT_SCHEMA_VERSION}.",
        "type": "array",
        "items": {"$ref": "#/$defs/Verdict"},
        "$defs": defs,
    }
