"""What live cloud sources share, whatever the provider: the fact memo (``memo.py``)."""
