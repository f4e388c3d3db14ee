"""One page per step of the consultation journey."""
