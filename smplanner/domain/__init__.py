"""Plain-Python heart of smplanner: the plan, its decisions, time-zone maths and recurrence (no Qt, no ORM)."""
