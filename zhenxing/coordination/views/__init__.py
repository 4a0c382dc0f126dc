"""Coordination pages, one module per noun: matters, meetings, instructions, suggestions."""
