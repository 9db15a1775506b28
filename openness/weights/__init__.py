"""Weight-file headers: what a safetensors or GGUF file says about itself, read without its
tensor data (a few kilobytes to a few megabytes, never the weights).

>>> from openness.weights import read_file
>>> facts = read_file("model.safetensors")  # doctest: +SKIP
>>> facts.parameter_count, facts.dtypes  # doctest: +SKIP
(7241732096, ('BF16',))

For a remote file, hand :func:`read_header` any binary file-like object (such as one that
answers reads with HTTP range requests) with its ``filename`` and, when known, its ``size``.
A model in several files: :func:`combine_shards` of each file's facts. This package imports
nothing above :mod:`openness.errors`.
"""

from openness.weights._reader import MAX_HEADER_BYTES
from openness.weights.facts import BaseModelRef, WeightFacts, WeightFormat, WeightHeaderError
from openness.weights.read import WEIGHT_SUFFIXES, is_weight_file, read_file, read_header
from openness.weights.shards import combine_shards

__all__ = [
    "MAX_HEADER_BYTES",
    "WEIGHT_SUFFIXES",
    "BaseModelRef",
    "WeightFacts",
    "WeightFormat",
    "WeightHeaderError",
    "combine_shards",
    "is_weight_file",
    "read_file",
    "read_header",
]
