"""Teams: who can be picked by the wheel, and how to reach them."""
