"""Meetings: the weekly ops review, each with its wheel slots."""
