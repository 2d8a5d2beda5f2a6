"""The shareable picture: one self-contained HTML graph page and one HTML report.

Both pages carry vis-network, their scripts and styles in line and make no request; every
text from the data is escaped. See :func:`render_graph_html` and :func:`render_report_html`.
"""

from kggraph.render.html.graph_html import GraphPage, build_graph_page, render_graph_html

__all__ = ["GraphPage", "build_graph_page", "render_graph_html"]
