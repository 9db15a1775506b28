"""The facts of a model stored in several weight files (``model-00001-of-00004.safetensors``,
``model-00001-of-00003.gguf``), from the facts of each file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from openness.weights.facts import WeightFacts

__all__ = ["combine_shards"]

T = TypeVar("T")


def _first(parts: Sequence[WeightFacts], get: Callable[[WeightFacts], T]) -> T:
    """The first shard's non-empty value of a fact, or the first shard's (empty) one."""
    return next((value for part in parts if (value := get(part))), get(parts[0]))


def combine_shards(parts: Sequence[WeightFacts]) -> WeightFacts:
    """One :class:`WeightFacts` for the shards ``parts`` of one model, in shard order.

    Counts add up (parameters, tensors, header bytes), dtypes are united; the descriptive facts
    (license, architecture, name, base models, quantisation, version) are the first shard's that
    has them, since GGUF splits keep their metadata in the first file; metadata is merged with
    the earlier shard winning. Raises ``ValueError`` for no parts or parts of two formats.
    """
    if not parts:
        raise ValueError("combine_shards needs at least one shard")
    formats = sorted({p.format for p in parts})
    if len(formats) > 1:
        raise ValueError(f"shards of one model must share a format, got {', '.join(formats)}")
    counts = [p.parameter_count for p in parts if p.parameter_count is not None]
    metadata: dict[str, str] = {}
    for part in reversed(parts):
        metadata.update(part.metadata)

    return WeightFacts(
        format=parts[0].format,
        parameter_count=sum(counts) if counts else None,
        tensor_count=sum(p.tensor_count for p in parts),
        dtypes=tuple(sorted({d for p in parts for d in p.dtypes})),
        header_bytes=sum(p.header_bytes for p in parts),
        license=_first(parts, lambda p: p.license),
        architecture=_first(parts, lambda p: p.architecture),
        name=_first(parts, lambda p: p.name),
        base_models=_first(parts, lambda p: p.base_models),
        quantization=_first(parts, lambda p: p.quantization),
        metadata=metadata,
        version=_first(parts, lambda p: p.version),
    )
