"""The checkov engine: checkov's runners in-process (``runtime.py``), how far their results are trusted
(``trust.py``), and the findings baomi makes of them (``engine.py``)."""
