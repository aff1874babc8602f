"""What the wheel tells the rest of the app (so it need not know who listens)."""

from blinker import Namespace

_signals = Namespace()

# Sent inside the transaction that records a spin, a skip or a re-spin, with ``meeting_id``:
# what a receiver writes commits with the spin (the meeting's followers learn of it at once).
spin_recorded = _signals.signal("spin-recorded")

# Sent after a pick is committed, with ``team_id`` and ``meeting_id``.
team_picked = _signals.signal("team-picked")
