"""Customer feedback: surveys, NPS/CSAT/CES metrics, verbatims and the closed loop."""
