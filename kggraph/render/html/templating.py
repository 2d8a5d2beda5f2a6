"""The jinja2 environment of the pages: autoescaping on, assets and safe JSON at hand.

Autoescaping is on for every template, so a label from the data is text wherever a template
prints it; the only markup let through unescaped is vis-network's own code and JSON that
:func:`~kggraph.render.html.assets.json_for_script` has made safe.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from kggraph.render.html.assets import inline_text, json_for_script, vis_network_css, vis_network_js

__all__ = ["render_template", "template_environment"]


def _json_script(data: Any) -> Markup:
    return Markup(json_for_script(data))


def template_environment(package: str) -> Environment:
    """A jinja2 environment over ``package``'s ``templates/`` folder: autoescaping on and
    undefined names an error, as every page of kggraph (the picture, the report, the site) has
    it."""
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _environment() -> Environment:
    env = template_environment("kggraph.render.html")
    env.filters["json_script"] = _json_script
    env.globals["vis_js"] = lambda: Markup(vis_network_js())
    env.globals["vis_css"] = lambda: Markup(vis_network_css())
    env.globals["inline"] = lambda name: Markup(inline_text(env.loader.get_source(env, name)[0]))
    return env


def render_template(name: str, **context: Any) -> str:
    """Render one of the package's templates with ``context`` (values are escaped)."""
    return _environment().get_template(name).render(**context)
