"""Accounts: who you are (sign-in, single sign-on, API tokens) and what your role lets you do."""
