"""baomi's own checks, for what the engines it drives (checkov) cannot judge out of the box."""
