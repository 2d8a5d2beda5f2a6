"""``kggraph serve`` tested as a team member meets it: a real server process on loopback,
asked over HTTP, and its pages driven in Debian's Chromium.

The server reads the bundled data (and, for the hostile case, a file with script in its
labels). Every page's JSON is compared with what the CLI prints for the same question.
"""

from __future__ import annotations

import json
import subprocess
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import launch, open_page
from click.testing import CliRunner
from test_viz import HOSTILE_LABEL, HOSTILE_NOTATION, HOSTILE_TTL

from benchmarks.serve_load import start_server
from kggraph.cli.main import cli

AT = "2024-06-30"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    proc, base = start_server()
    yield base
    _stop(proc)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    path.write_text(HOSTILE_TTL, encoding="utf-8")
    proc, base = start_server("--data", str(path))
    yield base
    _stop(proc)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None


def get(url: str, follow: bool = True, data: bytes | None = None) -> tuple[int, str, dict]:
    """Status, body and headers of a request (errors included, redirects optional)."""
    opener = urllib.request.build_opener(*([] if follow else [_NoRedirect()]))
    try:
        with opener.open(urllib.request.Request(url, data=data), timeout=60) as r:
            return r.status, r.read().decode("utf-8"), dict(r.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8"), dict(err.headers)


def cli_json(*args: str) -> object:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_search_by_part_of_a_name_leads_to_the_ministry(server: str) -> None:
    status, _, headers = get(f"{server}/search?q=Kunnskapsdep&at={AT}", follow=False)
    assert status == 303
    assert headers["location"].startswith("/organisation/KD?")
    status, body, _ = get(f"{server}{headers['location']}")
    assert status == 200 and "Kunnskapsdepartementet (KD)" in body
    rows = json.loads(get(f"{server}/organisation/KD.json?at={AT}")[1])
    assert len(rows) == 8


def test_kubu_page_shows_members_levels_and_the_duplicate(server: str) -> None:
    status, body, headers = get(f"{server}/structure/KUBU?at={AT}&lang=en")
    assert status == 200
    assert "default-src 'none'" in headers["content-security-policy"]
    members = json.loads(get(f"{server}/structure/KUBU?at={AT}&format=json")[1])
    assert len(members) == 8 and all(m["level"] for m in members)
    assert "Ungt utenforskap" in body and "2.4" in body
    assert "secretary-general" in body  # levels in the language asked for
    assert f"/graph/KUBU?at={AT}" in body  # the focused picture


@pytest.mark.parametrize(
    ("path", "command"),
    [
        ("/organisation/KD.json", ["who", "KD"]),
        ("/structure/KUBU.json", ["members", "KUBU"]),
        ("/structure/Klima.json?lang=en", ["members", "Klima", "--lang", "en"]),
        ("/?format=json", ["structures"]),
        ("/findings.json", ["check"]),
        ("/findings.json?rule=2.4", ["check", "--rule", "2.4"]),
        ("/overlap.json", ["overlap"]),
        ("/overlap.json?by=ministries", ["overlap", "--by", "ministries"]),
    ],
)
def test_every_page_json_equals_the_cli_json(server: str, path: str, command: list[str]) -> None:
    joiner = "&" if "?" in path else "?"
    status, body, _ = get(f"{server}{path}{joiner}at={AT}")
    assert status == 200, body
    assert json.loads(body) == cli_json(*command, "--at", AT)


def _copy_of_kubu_form() -> dict[str, str]:
    """The form filled as tests/fixtures/proposal-copy-kubu.toml is."""
    data = tomllib.loads((FIXTURES / "proposal-copy-kubu.toml").read_text(encoding="utf-8"))
    members = "\n".join(
        f"{m['org']}, {m['level']}" if "level" in m else m["org"] for m in data["members"]
    )
    return {
        "name": data["name"],
        "notation": data["notation"],
        "lead": data["lead"],
        "start": data["start"],
        "themes": "\n".join(data["themes"]),
        "members": members,
    }


def test_what_if_json_equals_check_proposal(server: str, tmp_path: Path) -> None:
    form = _copy_of_kubu_form()
    body = urllib.parse.urlencode(form).encode()
    status, text, _ = get(f"{server}/whatif.json?at=2025-03-01", data=body)
    assert status == 200, text
    found = json.loads(text)
    assert any(
        f["change"] == "new"
        and f["rule"] == "2.4"
        and f["severity"] == "error"
        and "KUBU" in [f["subject"], *f["related"]]
        for f in found
    ), found
    from kggraph.site.pages import proposal_toml

    path = tmp_path / "proposal.toml"  # the name the site gives the form
    path.write_text(proposal_toml(form), encoding="utf-8")
    assert found == cli_json("check", "--proposal", str(path), "--at", "2025-03-01")


def test_what_if_form_in_the_browser_shows_a_new_duplicate(server: str) -> None:
    form = _copy_of_kubu_form()
    with launch() as browser, open_page(browser, f"{server}/whatif?lang=en&at=2025-03-01") as w:
        page = w.page
        for name in ("name", "notation", "lead", "start"):
            page.fill(f"input[name={name}]", form[name])
        page.fill("textarea[name=members]", form["members"])
        page.fill("textarea[name=themes]", form["themes"])
        page.click("form.proposal button[type=submit]")
        page.wait_for_selector("ol.findings")
        new = page.locator("li.finding.error:has(span.change)", has_text="KUBU")
        assert new.count() >= 1
        assert "2.4" in new.first.text_content()
        assert w.blocked == [] and w.console_errors == [] and w.dialogs == []
        w.screenshot("serve-whatif", full_page=True)


def test_structure_page_in_the_browser_with_its_picture(server: str) -> None:
    with launch() as browser, open_page(browser, f"{server}/structure/KUBU?at={AT}") as w:
        frame = w.page.frame_locator("iframe.graph")
        frame.locator("body[data-kg-ready='1']").wait_for(timeout=60_000)
        assert w.page.locator("table tbody tr").count() >= 8
        assert w.blocked == [] and w.dialogs == []
        w.screenshot("serve-structure", full_page=False)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/organisation/Nowhere", 404),
        ("/search?q=Nowhere+at+all", 404),
        ("/no/such/page", 404),
        ("/structure/KUBU?at=2024-13-45", 400),
        ("/structure/KUBU?lang=de", 400),
        ("/findings?rule=9.9", 400),
        ("/findings?severity=fatal", 400),
        ("/sparql?query=SELECT+*+WHERE+%7B+SERVICE+%3Chttp://x%3E+%7B%3Fs+%3Fp+%3Fo%7D+%7D", 400),
        ("/sparql?query=DELETE+WHERE+%7B%3Fs+%3Fp+%3Fo%7D", 400),
    ],
)
def test_bad_input_is_a_page_that_says_what_is_wrong(server: str, path: str, status: int) -> None:
    got, body, headers = get(server + path)
    assert got == status, body
    assert "Traceback" not in body and "error-message" in body
    assert headers["content-type"].startswith("text/html")


def test_a_proposal_naming_an_unknown_ministry_is_400(server: str) -> None:
    body = urllib.parse.urlencode({"name": "X", "lead": "Nowhere"}).encode()
    status, text, _ = get(f"{server}/whatif", data=body)
    assert status == 400 and "Nowhere" in text


def test_sparql_form_answers_as_the_cli(server: str) -> None:
    query = "SELECT ?n WHERE { ?g a kg:CoreGroup ; skos:notation ?n } ORDER BY ?n"
    url = f"{server}/sparql.json?query={urllib.parse.quote(query)}"
    assert json.loads(get(url)[1]) == cli_json("sparql", query)


def test_language_switch_and_date_field_on_every_page(server: str) -> None:
    for path in ("/", "/findings", "/overlap", "/whatif", "/sparql", "/structure/KUBU"):
        body = get(f"{server}{path}?at={AT}&lang=en")[1]
        assert 'name="at"' in body and "lang=nb" in body, path
        assert 'lang="en"' in body, path


def test_hostile_label_stays_inert_on_every_page(hostile_server: str) -> None:
    status, body, _ = get(f"{hostile_server}/structure/{HOSTILE_NOTATION}?at={AT}")
    assert status == 200
    assert HOSTILE_LABEL not in body  # escaped, never raw markup
    with launch() as browser:
        for path in (
            f"/structure/{urllib.parse.quote(HOSTILE_NOTATION, safe='')}",
            "/",
            "/findings",
        ):
            with open_page(browser, f"{hostile_server}{path}?at={AT}") as w:
                w.page.wait_for_load_state("load")
                assert w.dialogs == [], path
                assert w.blocked == [], path
                assert w.page.evaluate("document.querySelectorAll('img').length") == 0


def test_serve_help_explains_the_site() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "read-only" in result.output and "--host" in result.output


def test_serve_takes_the_data_options(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--data", str(tmp_path / "missing.ttl")])
    assert result.exit_code == 2 and "missing.ttl" in result.output
