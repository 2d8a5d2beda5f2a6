"""kggraph: a knowledge graph of the Norwegian ministries' core groups (kjernegrupper).

Data flows one way, and so do the imports: ``sources`` (files, tables, a store) build the
``model`` (plain records); ``analyses`` (queries, overlap, checks) return values and the one
``Finding`` type; ``render`` draws them as text, CSV, JSON and HTML. The CLI (``kggraph.cli``)
sits on top; nothing in the library prints or imports it.
"""

__version__ = "0.1.0"
