"""Boussole: a knowledge graph and semantic search engine over education plans."""

__version__ = "0.1.0"
