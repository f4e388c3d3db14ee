"""Reusable widgets: icon array, grid view and friends."""
