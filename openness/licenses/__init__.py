"""The license layer: the knowledge base, expression parsing and freedom judgements.

This is the only package that imports license-expression.
"""

from openness.licenses.evaluate import Freedom, Judgement, Notion, evaluate, judge_facts
from openness.licenses.expression import (
    InvalidLicenseExpression,
    ParsedExpression,
    parse_expression,
)
from openness.licenses.facts import ExceptionFacts, LicenseFacts
from openness.licenses.identify import Identification, identify
from openness.licenses.knowledge_base import KnowledgeBase, knowledge_base
from openness.licenses.shape import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_SYMBOLS,
    LicenseExpressionTooLarge,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_SYMBOLS",
    "ExceptionFacts",
    "Freedom",
    "Identification",
    "InvalidLicenseExpression",
    "Judgement",
    "KnowledgeBase",
    "LicenseExpressionTooLarge",
    "LicenseFacts",
    "Notion",
    "ParsedExpression",
    "evaluate",
    "identify",
    "judge_facts",
    "knowledge_base",
    "parse_expression",
]
