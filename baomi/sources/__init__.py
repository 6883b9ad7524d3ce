"""Sources collect configuration and run the checks that apply to it, yielding Findings."""
