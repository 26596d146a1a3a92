"""The workload panel: the hours and the money the plan costs each week, against what the actors and budget give."""
