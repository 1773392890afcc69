"""Renja: Rencana Kerja Perangkat Daerah."""

__version__ = "0.1.0"
