"""What a weight file's header says: :class:`WeightFacts`, and the error for a bad header."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from openness.errors import OpennessError, Problem

__all__ = ["BaseModelRef", "WeightFacts", "WeightFormat", "WeightHeaderError"]

WeightFormat = Literal["safetensors", "gguf"]

_HUB_URL = re.compile(
    r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/"
    r"(?P<id>(?:datasets/)?[A-Za-z0-9][\w.-]*/[\w.-]+?)(?:\.git)?/?(?:[?#].*)?$"
)


class WeightHeaderError(OpennessError, ValueError):
    """A weight file whose header cannot be read: names the file, what was wrong (and at which
    byte offset, when it matters) and what would be right."""

    def __init__(self, filename: str, problem: str, expected: str, *, offset: int | None = None):
        self.filename = filename
        self.problem = problem
        self.expected = expected
        self.offset = offset
        where = f" at byte {offset}" if offset is not None else ""
        super().__init__(f"{filename}: {problem}{where}; {expected}")

    def as_problem(self) -> Problem:
        """The same error as a :class:`~openness.errors.Problem` (field path ``header``)."""
        return Problem(file=self.filename, path="header", message=str(self).split(": ", 1)[1])


@dataclass(frozen=True, slots=True)
class BaseModelRef:
    """A base model a GGUF file names (``general.base_model.N.*``)."""

    name: str | None = None
    organization: str | None = None
    version: str | None = None
    repo_url: str | None = None

    @property
    def hub_id(self) -> str | None:
        """``org/name`` when :attr:`repo_url` is a Hugging Face Hub URL, else None."""
        if self.repo_url is None:
            return None
        match = _HUB_URL.match(self.repo_url.strip())
        return match.group("id") if match else None


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(sorted(mapping.items())))


@dataclass(frozen=True, slots=True)
class WeightFacts:
    """The facts read from a safetensors or GGUF header, without reading any tensor data.

    ``parameter_count`` is the sum over every tensor of the product of its shape (safetensors:
    ``shape``; GGUF: the tensor dimensions), excluding nothing; None only when the header lists
    no tensors. ``dtypes`` are the distinct tensor types, sorted (safetensors ``F16``, ``BF16``,
    ...; GGUF ``Q4_K``, ``F32``, ...). ``quantization`` is GGUF's ``general.file_type`` named as in
    llama.cpp's ``llama_ftype`` enum (``MOSTLY_Q4_K_M``). ``metadata`` holds safetensors'
    ``__metadata__`` or GGUF's scalar ``general.*`` values, as text, sorted by key.
    ``header_bytes`` is how many bytes of the file the header takes (the length prefix
    included).
    """

    format: WeightFormat
    parameter_count: int | None
    tensor_count: int
    dtypes: tuple[str, ...]
    header_bytes: int
    license: str | None = None
    architecture: str | None = None
    name: str | None = None
    base_models: tuple[BaseModelRef, ...] = ()
    quantization: str | None = None
    metadata: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    version: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.metadata, MappingProxyType):
            object.__setattr__(self, "metadata", _frozen(self.metadata))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (lists for tuples, a plain dict of metadata, no empty values)."""
        data: dict[str, Any] = {
            "format": self.format,
            "version": self.version,
            "parameter_count": self.parameter_count,
            "tensor_count": self.tensor_count,
            "dtypes": list(self.dtypes),
            "header_bytes": self.header_bytes,
            "license": self.license,
            "architecture": self.architecture,
            "name": self.name,
            "quantization": self.quantization,
            "base_models": [
                {k: v for k, v in _fields(ref).items() if v is not None} for ref in self.base_models
            ],
            "metadata": dict(self.metadata),
        }
        return {k: v for k, v in data.items() if v not in (None, [], {})}


def _fields(ref: BaseModelRef) -> dict[str, str | None]:
    """A base model's fields, with its Hub id when it has one."""
    return {
        "name": ref.name,
        "organization": ref.organization,
        "version": ref.version,
        "repo_url": ref.repo_url,
        "hub_id": ref.hub_id,
    }
