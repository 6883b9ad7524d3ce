"""baomi (保密): compliance-as-code for institutions holding financial customer information."""

__version__ = "0.1.0"
