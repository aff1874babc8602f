"""What the wheel tells the rest of the app (so it need not know who listens)."""

from blinker import Namespace

_signals = Namespace()

# Sent after a pick is committed, with ``team_id`` and ``meeting_id``.
team_picked = _signals.signal("team-picked")
