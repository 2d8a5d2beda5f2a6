"""The team's site (``kggraph serve``): the graph as a small, read-only web site.

Server-rendered pages over the same analyses as the CLI, each also served as JSON equal to the
CLI's ``--format json``. ``state`` holds the model and the computed answers, ``pages`` answers
each question, ``app`` routes HTTP to them, ``words`` has the page texts in nb and en.
"""
