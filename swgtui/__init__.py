"""swgtui: draft, review and export a Sector Working Group's annual report (Annex 2)."""

__version__ = "0.2.0"
