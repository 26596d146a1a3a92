"""The PySide6 user interface: the only layer that knows Qt."""
