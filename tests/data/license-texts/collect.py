"""How this corpus was assembled (kept for the record; it reads local copies of public sources,
so it runs only where they are unpacked; the corpus itself is what the tests read).

    python tests/data/license-texts/collect.py SITE_PACKAGES MIRRORS SPDX_FULL_JSON SCANCODE_DIR

Each text goes to ``texts/<name>.txt``; ``expected.json`` maps it to the license ids that are a
right answer (``[]``: the right answer is "not identified") and where it came from.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).parent
TEXTS = HERE / "texts"

# (name, package dist-info, file inside it, accepted ids)
WHEELS = [
    ("mit-annotated-types", "annotated_types-0.8.0", "licenses/LICENSE", ["MIT"]),
    ("mit-attrs", "attrs-26.1.0", "licenses/LICENSE", ["MIT"]),
    ("mit-pydantic", "pydantic-2.14.4", "licenses/LICENSE", ["MIT"]),
    ("mit-pyyaml", "pyyaml-6.0.4", "licenses/LICENSE", ["MIT"]),
    ("mit-rich", "rich-15.0.0", "licenses/LICENSE", ["MIT"]),
    ("mit-pytest", "pytest-9.2.0", "licenses/LICENSE", ["MIT"]),
    ("mit-urllib3", "urllib3-2.8.0", "licenses/LICENSE.txt", ["MIT"]),
    ("mit-jsonschema-copying", "jsonschema-4.26.0", "licenses/COPYING", ["MIT"]),
    # MIT, then Markus Kuhn's notice for the wcwidth.c it derives from.
    ("mit-wcwidth", "wcwidth-0.9.5", "licenses/LICENSE", ["MIT", "HPND-Markus-Kuhn"]),
    ("mit-mdurl-narrow", "mdurl-0.1.2", "LICENSE", ["MIT"]),
    ("mit-musl", "pandas-3.1.1", "licenses/LICENSES/MUSL_LICENSE", ["MIT"]),
    ("mit-gguf", "gguf-0.19.0", "licenses/LICENSE", ["MIT"]),
    ("bsd3-click", "click-8.5.1", "licenses/LICENSE.txt", ["BSD-3-Clause"]),
    ("bsd3-babel", "babel-2.19.0", "licenses/LICENSE", ["BSD-3-Clause"]),
    ("bsd3-idna-markdown", "idna-3.21", "licenses/LICENSE.md", ["BSD-3-Clause"]),
    ("bsd3-fsspec", "fsspec-2026.9.0", "licenses/LICENSE", ["BSD-3-Clause"]),
    ("bsd3-rdflib", "rdflib-7.6.0", "LICENSE", ["BSD-3-Clause"]),
    ("bsd3-psutil", "psutil-7.2.2", "LICENSE", ["BSD-3-Clause"]),
    ("bsd3-pandas", "pandas-3.1.1", "licenses/LICENSE", ["BSD-3-Clause"]),
    # LAPACK's license is word for word the Open MPI variant of BSD-3-Clause.
    (
        "bsd3-lapack-lite",
        "numpy-2.4.6",
        "licenses/numpy/linalg/lapack_lite/LICENSE.txt",
        ["BSD-3-Clause", "BSD-3-Clause-Open-MPI"],
    ),
    ("bsd2-boolean-py", "boolean_py-5.0", "licenses/LICENSE.txt", ["BSD-2-Clause"]),
    ("bsd2-mkdocs", "mkdocs-1.6.1", "licenses/LICENSE", ["BSD-2-Clause"]),
    ("bsd2-pygments", "pygments-2.21.0", "licenses/LICENSE", ["BSD-2-Clause"]),
    ("bsd2-semantic-version", "semantic_version-2.10.0", "LICENSE", ["BSD-2-Clause"]),
    ("apache-huggingface-hub", "huggingface_hub-2.4.0", "licenses/LICENSE", ["Apache-2.0"]),
    ("apache-requests-no-appendix", "requests-2.34.2", "licenses/LICENSE", ["Apache-2.0"]),
    ("apache-importlib-metadata", "importlib_metadata-10.2.0", "licenses/LICENSE", ["Apache-2.0"]),
    ("apache-packaging", "packaging-26.4", "licenses/LICENSE.APACHE", ["Apache-2.0"]),
    ("apache-typeshed", "types_pyyaml-6.0.12.20261122", "licenses/LICENSE", ["Apache-2.0"]),
    ("apache-notice-sortedcontainers", "sortedcontainers-2.4.0", "LICENSE", ["Apache-2.0"]),
    ("mpl2-hypothesis", "hypothesis-6.170.27", "licenses/LICENSE.txt", ["MPL-2.0"]),
    ("mpl2-pathspec", "pathspec-1.1.1", "licenses/LICENSE", ["MPL-2.0"]),
    ("mpl2-notice-certifi", "certifi-2026.10.19.post1", "licenses/LICENSE", ["MPL-2.0"]),
    (
        "python-typing-extensions",
        "typing_extensions-4.16.0",
        "licenses/LICENSE",
        ["Python-2.0", "PSF-2.0"],
    ),
    ("isc-pexpect", "pexpect-4.9.0", "LICENSE", ["ISC"]),
    ("isc-ptyprocess-uppercase", "ptyprocess-0.7.0", "LICENSE", ["ISC"]),
    ("isc-libsodium", "pyzmq-27.3.0", "licenses/licenses/LICENSE.libsodium.txt", ["ISC"]),
    (
        "zlib-libdivide",
        "numpy-2.4.6",
        "licenses/numpy/_core/include/numpy/libdivide/LICENSE.txt",
        ["Zlib"],
    ),
    (
        "cc0-notice-splitmix64",
        "numpy-2.4.6",
        "licenses/numpy/random/src/splitmix64/LICENSE.md",
        ["CC0-1.0"],
    ),
    (
        "bsl-fast-float",
        "pandas-3.1.1",
        "licenses/subprojects/fast_float-8.2.10/LICENSE-BOOST",
        ["BSL-1.0"],
    ),
    ("w3c-owlrl", "owlrl-7.6.2", "LICENSE.txt", ["W3C-20150513"]),
    ("mixed-mit-mpl-tqdm", "tqdm-4.70.1", "licenses/LICENCE", ["MIT", "MPL-2.0"]),
    ("mixed-ruff-third-party", "ruff-0.17.6", "licenses/LICENSE", ["MIT"]),
    ("mixed-numpy-bundled", "numpy-2.4.6", "licenses/LICENSE.txt", ["BSD-3-Clause"]),
]

# (name, mirror repo, path, accepted ids)
REPOS = [
    ("llama2-license", "meta-llama+llama", "LICENSE", ["LicenseRef-scancode-llama-2-license-2023"]),
    (
        "llama2-use-policy",
        "meta-llama+llama",
        "USE_POLICY.md",
        ["LicenseRef-scancode-llama-2-license-2023"],
    ),
    (
        "llama3-license",
        "meta-llama+llama3",
        "LICENSE",
        ["LicenseRef-scancode-llama-3-license-2024"],
    ),
    (
        "llama3-use-policy",
        "meta-llama+llama3",
        "USE_POLICY.md",
        ["LicenseRef-scancode-llama-3-license-2024"],
    ),
    (
        "llama3.1-license",
        "meta-llama+llama-models",
        "models/llama3_1/LICENSE",
        ["LicenseRef-scancode-llama-3.1-license-2024"],
    ),
    (
        "llama3.2-license",
        "meta-llama+llama-models",
        "models/llama3_2/LICENSE",
        ["LicenseRef-scancode-llama-3.2-license-2024"],
    ),
    (
        "llama3.3-license",
        "meta-llama+llama-models",
        "models/llama3_3/LICENSE",
        ["LicenseRef-scancode-llama-3.3-license-2024"],
    ),
    (
        "llama4-license",
        "meta-llama+llama-models",
        "models/llama4/LICENSE",
        ["LicenseRef-scancode-llama-4-cla-2025"],
    ),
    (
        "creativeml-openrail-m",
        "CompVis+stable-diffusion",
        "LICENSE",
        ["LicenseRef-scancode-stable-diffusion-2022-08-22"],
    ),
    (
        "openrail-plusplus-m",
        "Stability-AI+stablediffusion",
        "LICENSE-MODEL",
        ["LicenseRef-scancode-bigscience-open-rail-m2"],
    ),
    ("openmdw-1.0", "OpenMDW+OpenMDW", "1.0/LICENSE.openmdw", ["OpenMDW-1.0"]),
    ("openmdw-1.1-unknown-version", "OpenMDW+OpenMDW", "1.1/LICENSE.OpenMDW-1.1", []),
    ("mit-petals", "bigscience-workshop+petals", "LICENSE", ["MIT"]),
    ("readme-unrelated-petals", "bigscience-workshop+petals", "README.md", []),
    ("readme-unrelated-stable-diffusion", "CompVis+stable-diffusion", "README.md", []),
    ("readme-unrelated-llama3", "meta-llama+llama3", "README.md", []),
]


def git_show(mirrors: Path, repo: str, path: str) -> tuple[str, str]:
    git = mirrors / repo / "repo"
    commit = subprocess.run(
        ["git", "-C", str(git), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    text = subprocess.run(
        ["git", "-C", str(git), "show", f"HEAD:{path}"], capture_output=True, text=True, check=True
    ).stdout
    return text, commit


def wrap(text: str, width: int = 72) -> str:
    """Break every long line at ``width`` columns, as plain-text copies of licenses are."""
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent=" " * (len(line) - len(line.lstrip())))
        if line.strip()
        else ""
        for line in text.splitlines()
    )


def main() -> None:
    site, mirrors, spdx_json, scancode = (Path(a) for a in sys.argv[1:5])
    TEXTS.mkdir(exist_ok=True)
    expected: dict[str, dict[str, object]] = {}

    def put(name: str, text: str, accept: list[str], source: str) -> None:
        (TEXTS / f"{name}.txt").write_text(text, encoding="utf-8")
        expected[f"{name}.txt"] = {"accept": accept, "source": source}

    for name, dist, path, accept in WHEELS:
        text = (site / f"{dist}.dist-info" / path).read_text(encoding="utf-8")
        put(name, text, accept, f"PyPI wheel {dist.replace('-', ' ', 1)}: {path}")
    for name, repo, path, accept in REPOS:
        text, commit = git_show(mirrors, repo, path)
        put(name, text, accept, f"github.com/{repo.replace('+', '/')}@{commit[:12]}: {path}")

    spdx = json.loads(Path(spdx_json).read_text(encoding="utf-8"))
    for sid in [
        "GPL-3.0-only",
        "GPL-2.0-only",
        "LGPL-2.1-only",
        "AGPL-3.0-only",
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "CC-BY-NC-4.0",
        "CC-BY-NC-SA-4.0",
        "CC-BY-ND-4.0",
        "CC0-1.0",
        "ODbL-1.0",
        "ODC-By-1.0",
        "CDLA-Permissive-2.0",
        "Unlicense",
        "EPL-2.0",
        "CC-BY-3.0",
        "CC-BY-SA-3.0",
    ]:
        accept = [sid, sid.replace("-only", "-or-later")] if sid.endswith("-only") else [sid]
        put(
            f"wrapped-{sid.lower()}",
            wrap(spdx[sid]["licenseText"]),
            accept,
            f"SPDX License List text of {sid} (npm spdx-license-list 6.12.0), re-flowed to 72 "
            "columns",
        )

    lgpl3 = spdx["LGPL-3.0-only"]["licenseText"]
    put(
        "wrapped-lgpl-3.0-copying-lesser",
        wrap(lgpl3[: lgpl3.index("GNU GENERAL PUBLIC LICENSE")]),
        ["LGPL-3.0-only", "LGPL-3.0-or-later"],
        "the LGPL-3.0 terms alone, as COPYING.LESSER files carry them (the SPDX text of "
        "LGPL-3.0-only before the GPL-3.0 text it appends), re-flowed",
    )

    def scancode_text(key: str) -> str:
        return (scancode / f"{key}.LICENSE").read_text(encoding="utf-8").split("\n---\n", 1)[1]

    for key, our in [
        ("gemma-tou-2024-04-01", "LicenseRef-scancode-gemma-tou-2024-04-01"),
        ("bigscience-open-rail-m", "LicenseRef-scancode-bigscience-open-rail-m"),
        ("bigscience-rail-1.0", "LicenseRef-scancode-bigscience-rail-1.0"),
        ("bigcode-open-rail-m-v1", "LicenseRef-scancode-bigcode-open-rail-m-v1"),
    ]:
        put(
            f"wrapped-{key}",
            wrap(scancode_text(key)),
            [our],
            f"ScanCode LicenseDB {key}.LICENSE (scancode-toolkit-mini 32.5.0), re-flowed",
        )

    # Variations built from the real texts above.
    apache = (site / "huggingface_hub-2.4.0.dist-info/licenses/LICENSE").read_text("utf-8")
    put(
        "apache-appendix-filled",
        apache.replace("[yyyy] [name of copyright owner]", "2024 Example Robotics GmbH"),
        ["Apache-2.0"],
        "apache-huggingface-hub with its appendix filled in",
    )
    mit = (TEXTS / "mit-pydantic.txt").read_text("utf-8")
    bsd3 = (TEXTS / "bsd3-click.txt").read_text("utf-8")
    llama31, _ = git_show(mirrors, "meta-llama+llama-models", "models/llama3_1/LICENSE")
    gemma = scancode_text("gemma-tou-2024-04-01")
    put(
        "readme-with-mit",
        "# fastcsv\n\nA small, fast CSV reader written in Python.\n\n"
        "## Install\n\n```\npip install fastcsv\n```\n\n## Usage\n\n```python\nimport fastcsv\n"
        "rows = fastcsv.read('data.csv')\n```\n\n## License\n\n" + mit,
        ["MIT"],
        "a README with the MIT text of mit-pydantic under its License heading",
    )
    card = (
        "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B\ntags:\n- finetune\n"
        "---\n\n# Llama-3.1-8B-Chat-Fr\n\nA French chat fine-tune of Llama 3.1 8B, trained "
        "for two epochs on translated instructions.\n\n## License\n\n"
    )
    put(
        "readme-card-with-llama3.1",
        card + llama31,
        ["LicenseRef-scancode-llama-3.1-license-2024"],
        "a model card relabelled apache-2.0 whose body carries the Llama 3.1 license",
    )
    put(
        "readme-with-gemma-terms",
        "# Gemma fine-tune\n\nTerms:\n\n" + gemma,
        ["LicenseRef-scancode-gemma-tou-2024-04-01"],
        "a README quoting the Gemma Terms of Use",
    )
    put(
        "truncated-apache-40pc",
        apache[: len(apache) * 4 // 10],
        ["Apache-2.0"],
        "the first 40% of apache-huggingface-hub",
    )
    gpl3 = spdx["GPL-3.0-only"]["licenseText"]
    put(
        "truncated-gpl3-30pc",
        gpl3[: len(gpl3) * 3 // 10],
        ["GPL-3.0-only", "GPL-3.0-or-later"],
        "the first 30% of the SPDX GPL-3.0 text",
    )
    put(
        "truncated-llama3.2-half",
        (TEXTS / "llama3.2-license.txt").read_text("utf-8")[:4000],
        ["LicenseRef-scancode-llama-3.2-license-2024"],
        "the first 4,000 characters of Llama 3.2",
    )
    put(
        "dual-apache-and-mit",
        apache + "\n\n---\n\n" + mit,
        ["Apache-2.0", "MIT"],
        "apache-huggingface-hub followed by mit-pydantic",
    )
    put(
        "markdown-bsd3",
        "# BSD 3-Clause License\n\n"
        + bsd3.replace("1. ", "* ")
        .replace("2. ", "* ")
        .replace("3. ", "* ")
        .replace("THIS SOFTWARE", "**THIS SOFTWARE"),
        ["BSD-3-Clause"],
        "bsd3-click as Markdown with bullets instead of numbers",
    )
    put(
        "unrelated-python-code",
        (site / "click-8.5.1.dist-info/METADATA").read_text("utf-8"),
        [],
        "click's METADATA (a package description, not a license)",
    )
    # Modified licenses: a confident answer naming the original would be wrong.
    put(
        "modified-mit-noncommercial",
        mit.replace(
            "The above copyright notice",
            "The Software shall not be used for commercial purposes without the prior written "
            "permission of the copyright holders.\n\nThe above copyright notice",
        ),
        [],
        "mit-pydantic with a non-commercial clause added: no longer MIT",
    )
    put(
        "modified-apache-military",
        apache.replace(
            "3. Grant of Patent License.",
            "You may not use the Work or any Derivative Works for military purposes, for "
            "surveillance, or to develop weapons of any kind.\n\n   3. Grant of Patent License.",
        ),
        [],
        "apache-huggingface-hub with a use restriction added: no longer Apache-2.0",
    )
    put(
        "modified-mit-moonshot-kimi",
        scancode_text("moonshot-ai-modified-mit-2025"),
        ["LicenseRef-scancode-moonshot-ai-modified-mit-2025"],
        "ScanCode LicenseDB moonshot-ai-modified-mit-2025.LICENSE (the Kimi K2 Modified MIT "
        "License): MIT with an attribution condition appended, not MIT",
    )
    put(
        "modified-mit-appended-terms",
        mit + "\n\nAdditional terms: you shall not use the Software in a commercial product "
        "without prior written consent, and any product built with it must prominently display "
        'the attribution "Powered by fastcsv".\n',
        [],
        "mit-pydantic with terms of its own appended: no longer MIT",
    )
    put(
        "wrapped-gemma-tou-2025-03-24",
        wrap(scancode_text("gemma-tou-2025-03-24")),
        ["LicenseRef-scancode-gemma-tou-2025-03-24"],
        "ScanCode LicenseDB gemma-tou-2025-03-24.LICENSE (scancode-toolkit-mini 32.5.0), re-flowed",
    )
    put(
        "readme-mentions-mit",
        "# tool\n\nA command-line tool.\n\n## License\n\nThis "
        "project is licensed under the MIT License - see the LICENSE file for details.\n",
        [],
        "a README that names a license without its text",
    )
    (HERE / "expected.json").write_text(
        json.dumps(expected, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(len(expected), "texts")


if __name__ == "__main__":
    main()
