"""Chaos tests: ``reclam run`` as a real process, killed with SIGKILL and started again on
the same database while clients file complaints in the emulator."""
