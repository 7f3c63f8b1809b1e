"""Widgets of the report editor."""
