"""Analyses: pure functions over the model that return values and the one ``Finding`` type:
queries (who/members/structures), overlap, the guideline checks, proposals, ad hoc SPARQL.
They never print, and import only the model and the sources."""
