"""The package version (PEP 440), kept apart from the data release versions."""

__version__ = "0.4.0"
