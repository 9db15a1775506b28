"""Reading an input file (or standard input) safely: a size limit checked before reading,
UTF-8 only, the parse format chosen by suffix or content."""

from __future__ import annotations

import os

from openness._env import env_whole_number
from openness.documents.parse import Document, guess_format, parse_text
from openness.errors import InputError, Problem

__all__ = ["DEFAULT_MAX_BYTES", "STDIN_NAME", "max_input_bytes", "read_document"]

#: Files larger than this are refused before they are read (override with
#: ``OPENNESS_MAX_INPUT_BYTES`` or the ``max_bytes`` argument).
DEFAULT_MAX_BYTES = 1 << 30
#: The name problems and origins give standard input (``-``).
STDIN_NAME = "<stdin>"


def max_input_bytes() -> int:
    """The largest input file read: ``OPENNESS_MAX_INPUT_BYTES`` when set (a whole number of
    bytes), else :data:`DEFAULT_MAX_BYTES`. A value that is not a positive whole number raises
    :class:`InputError` naming the variable."""
    limit = env_whole_number(
        "OPENNESS_MAX_INPUT_BYTES",
        minimum=1,
        maximum=None,
        expected=f"a size: give a positive whole number of bytes (such as {DEFAULT_MAX_BYTES}, "
        "the default), or unset it",
    )
    return DEFAULT_MAX_BYTES if limit is None else limit


def read_document(
    path: str | os.PathLike[str], max_bytes: int | None = None, fmt: str | None = None
) -> Document:
    """Read and parse one input file (``-`` reads standard input), as ``fmt`` (yaml, json,
    toml or text) when given, else as its suffix or content suggests.

    Refuses files over ``max_bytes`` before reading them, and text that is not UTF-8.
    """
    name = os.fspath(path)
    limit = max_bytes if max_bytes is not None else max_input_bytes()
    if name == "-":
        import sys

        raw = sys.stdin.buffer.read(limit + 1)
        name = STDIN_NAME
    else:
        try:
            size = os.stat(name).st_size
        except FileNotFoundError:
            raise InputError([Problem(name, "", "no such file")]) from None
        except OSError as exc:
            raise InputError([Problem(name, "", f"cannot read: {exc.strerror}")]) from None
        if os.path.isdir(name):
            raise InputError([Problem(name, "", "is a folder; give the files in it")])
        if size > limit:
            raise InputError(
                [
                    Problem(
                        name,
                        "",
                        f"file is {size:,} bytes; the limit is {limit:,} "
                        "(set OPENNESS_MAX_INPUT_BYTES to raise it)",
                    )
                ]
            )
        try:
            with open(name, "rb") as handle:
                # One byte past the stated size shows a file that grew while it was read;
                # asking for ``limit + 1`` would make the reader allocate the whole limit.
                raw = handle.read(min(size, limit) + 1)
        except OSError as exc:
            raise InputError([Problem(name, "", f"cannot read: {exc.strerror}")]) from None
    if len(raw) > limit:
        raise InputError([Problem(name, "", f"input is over the limit of {limit:,} bytes")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            [Problem(name, "", f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")]
        ) from None
    if fmt is not None:
        return parse_text(name, text, fmt)
    fmt = guess_format(name, text)
    if fmt == "text":
        # No telling suffix (standard input, a README): YAML if it parses as a mapping.
        try:
            doc = parse_text(name, text, "yaml")
        except InputError:
            return Document(name, text, "text")
        if isinstance(doc.data, dict):
            return doc
        return Document(name, text, "text")
    return parse_text(name, text, fmt)
