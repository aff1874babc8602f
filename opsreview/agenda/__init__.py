"""The meeting itself: agenda, projector, live follow and minutes."""
