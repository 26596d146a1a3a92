"""Use cases over open plans: each call is one unit of work and says what it changed."""
