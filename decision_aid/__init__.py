"""decision-aid: option grids, values, honest risk pictures and a signed record."""

__version__ = "0.1.0"
