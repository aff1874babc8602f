"""Demo data: a believable organisation with months of wheel history."""
