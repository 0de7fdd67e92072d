"""Quality monitoring: scorecards, evaluations, calibration, disputes and coaching."""
