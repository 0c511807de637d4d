"""The PySide6 desktop interface: widgets and Qt models over the store and the core."""
