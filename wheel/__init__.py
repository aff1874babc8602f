"""The fair wheel: a weighted, bounded, explainable random pick of teams.

Plain Python, no Flask and no database: the app hands in plain data and a
random source, and stores what comes back.
"""

from wheel.explain import TeamOdds, explain
from wheel.pick import Candidate, Draw, Pick, pick_teams
from wheel.policy import Policy, default_bound

__all__ = ["Candidate", "Draw", "Pick", "Policy", "TeamOdds", "default_bound", "explain", "pick_teams"]
