"""Engines: the join of facts and checks ("run the checks of engine E on these facts"), once per engine.

Sources collect facts (``baomi/sources``), checks judge them (``baomi/checks``); an engine takes the facts a
source collected for it and the selected checks of its kind, and returns Findings. ``registry.py`` lists them.
"""
