import os

# Use datetime.timedelta for time periods (PTB 22.2+); the int form is deprecated.
os.environ.setdefault("PTB_TIMEDELTA", "1")
