"""COEs (Correction of Error): blameless postmortems, reviewed in the meeting and learned from."""
