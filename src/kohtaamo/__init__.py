"""Kohtaamo: a self-hosted customer-experience and contact-centre quality platform."""

__version__ = "0.1.0"
