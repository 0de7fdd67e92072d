"""Pages of the feedback app: the public survey, and the dashboard, verbatims and follow-ups for staff."""
