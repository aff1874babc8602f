"""Each team's operational dashboard: CloudWatch (or sample) numbers, this week against last."""
