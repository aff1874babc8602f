"""Action items: every follow-up has an owner and a date, and comes back until it is done."""
