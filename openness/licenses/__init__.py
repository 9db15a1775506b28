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

__all__ = [
    "ExceptionFacts",
    "Freedom",
    "Identification",
    "InvalidLicenseExpression",
    "Judgement",
    "KnowledgeBase",
    "LicenseFacts",
    "Notion",
    "ParsedExpression",
    "evaluate",
    "identify",
    "judge_facts",
    "knowledge_base",
    "parse_expression",
]
