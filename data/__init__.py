"""The bundled instance data (Turtle files), shipped as package data."""
