"""The kggraph ontology (Turtle files), shipped as package data."""
