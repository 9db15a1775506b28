"""Malformed license expressions are clear errors, never tracebacks (issue 18, item 18)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openness.licenses import InvalidLicenseExpression, parse_expression
from openness.model import Component, LicenseExpression


@pytest.mark.parametrize(
    ("raw", "token", "position", "says"),
    [
        ("MIT AND ()", ")", 9, "empty parentheses"),
        ("()", ")", 1, "empty parentheses"),
        ("  ( )", ")", 4, "empty parentheses"),
        ("(", "(", 0, "'(' never closed; add ')'"),
        ("(MIT OR (Apache-2.0)", "(", 0, "1 '(' never closed"),
        ("MIT AND", "AND", 4, "AND has no license after it; write a license id after AND"),
        ("MIT AND (BSD-3-Clause OR)", ")", 24, "OR has no license after it"),
        ("AND MIT", "AND", 0, "the expression starts with AND; write a license id before it"),
        ("MIT OR OR Apache-2.0", "OR", 7, "OR follows OR with no license between them"),
        ("MIT AND (OR Apache-2.0)", "OR", 9, "OR right after '(' has no license before it"),
        ("MIT WITH", "WITH", 4, "WITH has no exception after it"),
        ("WITH Classpath-exception-2.0", "WITH", 0, "starts with WITH"),
        ("MIT (Apache-2.0)", "(", 4, "join them with AND or OR"),
        ("(MIT)(Apache-2.0)", "(", 5, "'(' follows ')'"),
        ("(MIT) Apache-2.0", "Apache-2.0", 6, "'Apache-2.0' follows ')' with no operator"),
        ("MIT Apache-2.0", "Apache-2.0", 4, "two ids in a row"),
        ("Apache 2.0", "2.0", 7, "did you mean 'Apache-2.0'?"),
        (
            "(GPL-2.0-only) WITH Classpath-exception-2.0",
            "WITH",
            15,
            "an exception applies to one license id, not to an expression in parentheses",
        ),
        (
            "GPL-2.0-only WITH (Classpath-exception-2.0)",
            "(",
            18,
            "WITH takes one exception id, not an expression in parentheses",
        ),
        (
            "GPL-2.0-only WITH Classpath-exception-2.0 WITH Classpath-exception-2.0",
            "WITH",
            42,
            "a license takes one exception",
        ),
        ("MIT WITH Apache-2.0", "Apache-2.0", 9, "is a license, not a license exception"),
        ("Classpath-exception-2.0", "Classpath-exception-2.0", 0, "not a license: write it after"),
        ("MIT)", ")", 3, "')' without a matching '('"),
        ("  Classpath-exception-2.0", "Classpath-exception-2.0", 2, "not a license: write it"),
        (" MIT WITH Apache-2.0", "Apache-2.0", 10, "is a license, not a license exception"),
    ],
)
def test_every_malformed_shape_names_token_position_and_fix(
    raw: str, token: str, position: int, says: str
) -> None:
    with pytest.raises(InvalidLicenseExpression) as info:
        parse_expression(raw)
    error = info.value
    assert (error.token, error.position) == (token, position)
    assert raw[position : position + len(token)] == token
    assert says in error.detail
    assert f"at token {token!r} (position {position})" in str(error)


@pytest.mark.parametrize(
    "raw",
    [
        "((MIT))",
        "mit and (apache-2.0 or bsd-3-clause)",
        "GPL-2.0-or-later WITH Classpath-exception-2.0 OR (MIT AND BSD-2-Clause)",
        "LicenseRef-a AND DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
        "(MIT OR Apache-2.0) AND (BSD-2-Clause)",
    ],
)
def test_well_formed_shapes_still_parse(raw: str) -> None:
    parsed = parse_expression(raw)
    assert parse_expression(parsed.canonical).canonical == parsed.canonical


def test_model_field_reports_the_shape_error() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as info:
        Component.model_validate({"role": "training-code", "license": "MIT AND ()"})
    (error,) = info.value.errors()
    assert error["type"] == "license_expression"
    assert error["ctx"]["token"] == ")"
    assert error["ctx"]["position"] == 9
    assert "empty parentheses" in error["msg"]


# Random token sequences: ids (known, unknown, exceptions, special, malformed), operators in
# either case, parentheses.
_WORDS = st.sampled_from(
    [
        "MIT",
        "apache-2.0",
        "GPL-2.0+",
        "GPL-2.0-only",
        "LicenseRef-x",
        "DocumentRef-d:LicenseRef-y",
        "Classpath-exception-2.0",
        "LLVM-exception",
        "unknown-id",
        "NONE",
        "NOASSERTION",
        "AND",
        "OR",
        "WITH",
        "and",
        "with",
        "(",
        ")",
        "MIT/BSD",
        "+",
        "-",
        "",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_WORDS, max_size=12), st.sampled_from([" ", "", "  ", "\t"]))
def test_random_token_sequences_parse_or_raise_our_error(words: list[str], sep: str) -> None:
    raw = sep.join(words)
    failure: InvalidLicenseExpression | None = None
    try:
        parsed = parse_expression(raw)
    except InvalidLicenseExpression as error:
        failure = error
    if failure is not None:
        token, position = failure.token, failure.position
        if position is not None and token is not None:
            # The position points at the token, in the text as written.
            assert raw[position : position + len(token)] == token, str(failure)
        return
    # What is accepted is stable: its canonical text parses to itself.
    assert parse_expression(parsed.canonical).canonical == parsed.canonical
    assert LicenseExpression(raw) == parsed.canonical


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("openness") or str(Path(sys.executable).parent / "openness")
    return subprocess.run([exe, *args], capture_output=True, text=True, check=False, timeout=120)


@pytest.mark.parametrize("command", [["validate"], ["check", "-p", "osaid"]])
def test_cli_exits_2_with_the_message(tmp_path: Path, command: list[str]) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(
        "artifacts:\n- id: m\n  kind: model\n  components:\n"
        "  - role: training-code\n    license: MIT AND ()\n"
    )
    proc = _run(*command, str(manifest))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "IndexError" not in proc.stderr
    assert f"{manifest}:6: artifacts[0].components[0].license: error:" in proc.stderr
    assert "at token ')' (position 9): empty parentheses" in proc.stderr


def test_cli_export_exits_2(tmp_path: Path) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text("artifacts:\n- id: m\n  kind: model\n  license: ()\n")
    proc = _run("export", "--to", "cyclonedx-1.6-json", str(manifest))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "empty parentheses" in proc.stderr
