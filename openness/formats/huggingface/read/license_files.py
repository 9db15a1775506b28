"""What the license files of a snapshot say: each LICENSE, USE_POLICY or NOTICE file's text
identified with :func:`openness.licenses.identify`, as ``detected`` evidence naming the file,
the license id, the score and the identifier's reason. Only facts: whether the identified
terms are free, or agree with the card, is for the policies to say."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from openness.documents import max_input_bytes
from openness.formats.huggingface.read.small_files import read_bytes
from openness.licenses import Identification, identify
from openness.model import Evidence, EvidenceKind, LicenseExpression

__all__ = [
    "MAX_LICENSE_TEXT_BYTES",
    "MIN_TEXT_SHARE",
    "identify_license_files",
    "read_license_text",
]

#: License files larger than this are not read (the longest license texts are about 100 KB;
#: identifying a megabyte takes about half a second).
MAX_LICENSE_TEXT_BYTES = 1 << 20

#: An identified license that explains less of the file than this is not taken as the file's
#: license: the rest may be terms of its own, further from the license text than
#: :func:`identify`'s guard against added terms looks (80 words).
MIN_TEXT_SHARE = 0.5


def read_license_text(path: str) -> tuple[str | None, str]:
    """The text of the license file ``path`` and an empty string, or None and why it was not
    read: missing, over :data:`MAX_LICENSE_TEXT_BYTES` (or ``OPENNESS_MAX_INPUT_BYTES`` when that
    is lower), or unreadable. Text that is not UTF-8 is read as Latin-1, as older license
    files are."""
    limit = min(MAX_LICENSE_TEXT_BYTES, max_input_bytes())
    try:
        try:
            raw = read_bytes(path, limit + 1)  # (no status call first: one switch fewer)
        except IsADirectoryError:
            raw = b""
        if len(raw) > limit or not raw:  # the size, as a status call tells it
            size = os.stat(path).st_size
            if size > limit:
                return None, (
                    f"the file is {size:,} bytes, over the {limit:,} read for a license text"
                )
            if not raw:
                raw = read_bytes(path, limit + 1)
    except OSError as exc:
        return None, f"the file could not be read ({exc.strerror or exc})"
    if len(raw) > limit:
        return None, f"the file grew past the {limit:,} bytes read for a license text"
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return raw.decode("latin-1"), ""


#: Identifications by the SHA-256 of the text (bounded; digests, not texts, are kept).
_IDENTIFIED: dict[bytes, Identification] = {}
_IDENTIFIED_LIMIT = 4096


def _identify(text: str) -> Identification:
    """:func:`identify`, remembered by the text's digest: the same LICENSE in many repositories
    of a lineage, or read again, is identified once."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    found = _IDENTIFIED.get(digest)
    if found is None:
        if len(_IDENTIFIED) >= _IDENTIFIED_LIMIT:
            _IDENTIFIED.clear()
        found = _IDENTIFIED[digest] = identify(text)
    return found


def identify_license_files(
    folder: str, paths: Sequence[str]
) -> tuple[LicenseExpression | None, list[Evidence]]:
    """The licenses the files ``paths`` (relative to ``folder``) are identified as, joined with
    AND in file order (None when none is), and one ``detected`` evidence per file: its id,
    score and reason, or why it was not identified (or, explaining less than
    :data:`MIN_TEXT_SHARE` of the file, not taken as its license)."""
    found: list[str] = []
    evidence: list[Evidence] = []
    for rel in paths:
        source = os.path.join(folder, rel)
        text, why = read_license_text(source)
        if text is None:
            note = f"{rel}: license text not identified: {why}"
        else:
            result = _identify(text)
            if result.license is None:
                note = f"{rel}: license text not identified: {result.reason}"
            elif result.text_share < MIN_TEXT_SHARE:
                note = (
                    f"{rel}: license text not taken as the file's license: {result.license} is "
                    f"present (score {result.score:.2f}) but explains only "
                    f"{result.text_share:.0%} of the file, whose other words may be terms of "
                    f"their own: {result.reason}"
                )
            else:
                if result.license not in found:
                    found.append(result.license)
                note = f"{rel}: license text identified, score {result.score:.2f}: {result.reason}"
        evidence.append(Evidence(source=source, kind=EvidenceKind.DETECTED, note=note))
    if not found:
        return None, evidence
    return LicenseExpression(" AND ".join(found)), evidence
