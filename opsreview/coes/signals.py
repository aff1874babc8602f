"""What the COE feature tells the rest of the app (so it need not know who listens)."""

from blinker import Namespace

_signals = Namespace()

# Sent after a COE passed its quality gate and is ready for review (committed), with ``coe``.
coe_ready = _signals.signal("coe-ready")

# Sent inside the transaction that takes a COE back to draft, with ``coe``.
coe_withdrawn = _signals.signal("coe-withdrawn")
