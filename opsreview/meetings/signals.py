"""What a meeting tells the rest of the app (so it need not know who listens)."""

from blinker import Namespace

_signals = Namespace()

# Sent inside the transaction that cancels a meeting, with ``meeting``.
meeting_cancelled = _signals.signal("meeting-cancelled")
