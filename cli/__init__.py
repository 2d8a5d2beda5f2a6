"""The click layer: a thin command line over the kggraph library (installed as ``kggraph``)."""
