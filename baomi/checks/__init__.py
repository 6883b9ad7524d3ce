"""baomi's own checks: custom checkov checks for infrastructure code (``terraform/``, ``cloudformation/``,
registered by ``checkov_custom.register()``) and the live checks of the other engines."""
