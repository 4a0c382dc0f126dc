"""Coordination matters, joint meetings, assignments and instructions, policy suggestions."""

from zhenxing.coordination.models.instructions import (
    INSTRUCTION_TARGET_KINDS,
    INSTRUCTION_TARGETS,
    Assignment,
    Instruction,
    InstructionResponse,
)
from zhenxing.coordination.models.matters import (
    LADDER,
    LEVEL_COLOURS,
    CoordinationMatter,
    Escalation,
    Level,
    MatterRequest,
)
from zhenxing.coordination.models.meetings import AgendaItem, Decision, Meeting
from zhenxing.coordination.models.suggestions import PolicySuggestion

__all__ = [
    "INSTRUCTION_TARGET_KINDS",
    "INSTRUCTION_TARGETS",
    "LADDER",
    "LEVEL_COLOURS",
    "AgendaItem",
    "Assignment",
    "CoordinationMatter",
    "Decision",
    "Escalation",
    "Instruction",
    "InstructionResponse",
    "Level",
    "MatterRequest",
    "Meeting",
    "PolicySuggestion",
]
