"""Verifying a release's files against the digests its manifest records, and recording them.

- :func:`verify` hashes the files that components name under a root folder (never leaving
  it) and reports missing, extra and mismatched files;
- :func:`lock_manifest` writes the sizes and digests of the files found into the manifest;
- :func:`hash_file` streams one file through several digest algorithms in constant memory.
"""

from openness.verify.check import (
    Expectation,
    FileResult,
    PinResult,
    PinStatus,
    Status,
    VerifyReport,
    check_pins,
    expectations,
    verify,
)
from openness.verify.hashing import UnknownAlgorithm, hash_bytes, hash_file, parse_algorithm
from openness.verify.lock import LockResult, LockStatus, lock_manifest, write_preserving
from openness.verify.paths import PathError, PathIssue, SafeRoot

__all__ = [
    "Expectation",
    "FileResult",
    "LockResult",
    "LockStatus",
    "PathError",
    "PathIssue",
    "PinResult",
    "PinStatus",
    "SafeRoot",
    "Status",
    "UnknownAlgorithm",
    "VerifyReport",
    "check_pins",
    "expectations",
    "hash_bytes",
    "hash_file",
    "lock_manifest",
    "parse_algorithm",
    "verify",
    "write_preserving",
]
