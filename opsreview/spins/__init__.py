"""Spins: every pick of the wheel, kept with its odds, draw and any re-spin."""
