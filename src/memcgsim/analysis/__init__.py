"""Reads kernel state, never mutates it: explanations, trees, exports."""
