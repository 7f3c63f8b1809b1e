"""Readers that turn documents from outside swgtui into reports."""
