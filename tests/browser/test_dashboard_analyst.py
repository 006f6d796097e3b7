"""The dashboard as an analyst's tool (issue 13), in Debian's chromium over the demo store:
Reset, brushing the timeline, zooming the map into a country, the network's names and
dyad clicks, the sortable keyboard table, the new filters in the URL, exports and stories.
Each test checks what the page shows against the API for the same filters; screenshots
go to test-artifacts/."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import urlopen

import duckdb
import pytest
from playwright.sync_api import expect
from test_dashboard import ARTIFACTS, browser_page, serve

from lapwing.api import demo_store
from lapwing.store import open_store


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    shutil.copy(demo_store(), path)
    # a demo cached by an older lapwing of the same version is upgraded by a writable open
    open_store(path).close()
    with serve(path) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    with browser_page(base_url, accept_downloads=True) as page:
        yield page
        assert page.errors == []  # type: ignore[attr-defined]
        assert page.outside == []  # type: ignore[attr-defined]  # nothing fetched elsewhere


def api(base_url: str, path: str, **params) -> dict:
    with urlopen(f"{base_url}{path}?{urlencode(params, doseq=True)}") as response:
        return json.load(response)


def api_ids(base_url: str, **params) -> list[str]:
    """Every matching event id, in date order, paging through /events."""
    found, cursor = [], None
    while True:
        body = api(
            base_url, "/events", limit=500, **params, **({"cursor": cursor} if cursor else {})
        )
        found += [e["id"] for e in body["events"]]
        cursor = body["next_cursor"]
        if not cursor:
            return found


def ready(page) -> None:
    expect(page.locator("body")).to_have_attribute("data-state", "ready")


def open_dashboard(page, base_url: str, query: str = "") -> None:
    page.goto(f"{base_url}/{query}")
    ready(page)
    page.wait_for_selector("#events tbody tr[data-id]")


def url_params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def map_k(page) -> float:
    return float(page.locator("#map").get_attribute("data-k"))


def wait_for_k(page, check) -> float:
    """The map's zoom once it satisfies `check` and has stopped moving."""
    last = None
    for _ in range(50):
        k = map_k(page)
        if check(k) and k == last:
            return k
        last = k
        page.wait_for_timeout(100)
    raise AssertionError(f"map zoom stayed at {map_k(page)}")


def table_rows(page) -> list[dict[str, str | None]]:
    rows = page.locator("#events tbody tr[data-id]")
    out = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        out.append(
            {
                "id": rows.nth(i).get_attribute("data-id"),
                "date": cells.nth(0).get_attribute("data-date"),
                "actor": cells.nth(1).get_attribute("data-code"),
                "recipient": cells.nth(3).get_attribute("data-code"),
                "goldstein": cells.nth(5).inner_text(),
            }
        )
    return out


def test_reset_clears_every_filter(page, base_url):
    open_dashboard(page, base_url, "?country=NER&event_type=CONSULT&goldstein_max=3&mode=visit")
    assert page.locator("#events tbody tr[data-id]").count() == len(
        api_ids(base_url, country="NER", event_type="CONSULT", goldstein_max=3, mode="visit")
    )
    # a chosen type leaves the other types listed (facets ignore their own filter)
    types = api(base_url, "/facets", name="event_type", country="NER", event_type="CONSULT",
                goldstein_max=3, mode="visit")["facets"]["event_type"]  # fmt: skip
    assert page.locator("#f-type option").count() == len(types) + 1  # and "any"
    page.goto(f"{base_url}/?country=NER&event_type=CONSULT")
    ready(page)
    assert page.locator("#f-type option").count() > 4
    page.goto(f"{base_url}/?country=NER&event_type=CONSULT&goldstein_max=3&mode=visit")
    ready(page)
    assert page.locator("#f-gmax").input_value() == "3"
    page.click("#reset-filters")
    ready(page)
    assert page.url == base_url + "/"
    for field in ("#f-country", "#f-type", "#f-mode", "#f-gmin", "#f-gmax", "#f-since"):
        assert page.locator(field).input_value() == "", field
    total = api(base_url, "/events", count="true", limit=1)["total"]
    expect(page.locator("#summary")).to_contain_text(f"{total} events")
    expect(page.locator("#table-note")).to_contain_text(f"of {total}")


def test_brushing_the_timeline_sets_the_date_filter(page, base_url):
    open_dashboard(page, base_url)
    svg = page.locator("#timeline")
    # a continuous axis: bar positions are linear in time, empty years keep their room
    bars = page.locator("#timeline rect.bar")
    xs: dict[str, float] = {}
    for i in range(bars.count()):
        xs.setdefault(
            bars.nth(i).get_attribute("data-period"), float(bars.nth(i).get_attribute("x"))
        )
    years = {int(p[:4]): x for p, x in xs.items()}
    first, last = min(years), max(years)
    step = (years[last] - years[first]) / (last - first)
    for year, x in years.items():
        assert abs(x - (years[first] + (year - first) * step)) < 1.5, (year, x)
    assert set(range(first, last + 1)) - set(years), "the demo store has empty years"
    page.screenshot(
        path=str(ARTIFACTS / "dashboard-timeline-world.png"), clip=_clip(page, "#timeline-panel")
    )

    box = svg.bounding_box()
    y = box["y"] + box["height"] * 0.5
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, y, steps=8)
    page.mouse.up()
    ready(page)
    params = url_params(page)
    since, until = params["since"], params["until"]
    assert since < until
    assert page.locator("#f-since").input_value() == since
    expected = api_ids(base_url, since=since, until=until)
    assert expected, "the brushed range holds events"
    expect(page.locator("#table-note")).to_contain_text(f"of {len(expected)}")
    dates = [r["date"] for r in table_rows(page)]
    assert dates and all(since <= d <= until for d in dates)
    page.screenshot(path=str(ARTIFACTS / "dashboard-timeline-brushed.png"), full_page=True)


def test_coarse_dates_are_spans_not_first_day_bars(page, base_url):
    open_dashboard(page, base_url, "?country=NER&interval=month")
    body = api(base_url, "/timeline", country="NER", interval="month")
    years = [s for s in body["spans"] if s["precision"] == "year"]
    assert years
    for span in years:
        rect = page.locator(f'#timeline rect.span[data-start="{span["start"]}"]')
        expect(rect).to_have_count(1)
        assert rect.get_attribute("data-end") == span["end"]
        # a year-wide bar under the axis: about twelve month slots wide
        width = float(rect.get_attribute("width"))
        month = page.locator("#timeline rect.bar").first
        assert width > 8 * float(month.get_attribute("width"))
    assert page.locator("#timeline rect.bar").count() == len(body["bars"])  # one per type
    months = {b["period"] for b in body["bars"] if b["coarse"]}
    assert page.locator("#timeline rect.coarse").count() == len(months)
    assert page.locator("#f-interval").input_value() == "month"


def test_map_zooms_to_a_clicked_country_and_shows_divisions_and_places(page, base_url):
    open_dashboard(page, base_url)
    assert map_k(page) == 1.0
    kinds = {
        page.locator("#map path.point").nth(i).get_attribute("data-kind")
        for i in range(page.locator("#map path.point").count())
    }
    assert {"country", "place", "admin1"} <= kinds
    assert page.locator("#map path.admin1").is_hidden()
    page.screenshot(path=str(ARTIFACTS / "dashboard-world.png"), full_page=True)

    # a country-precision marker filters by its country, not a box around a centroid
    ring = page.locator('#map path.point[data-kind="country"][data-country="USA"]')
    ring.click(position=_inside_ring(ring))
    ready(page)
    assert url_params(page).get("country") == "USA" and "bbox" not in url_params(page)
    page.click("#reset-filters")
    ready(page)

    # the country's own shape filters by it too: at world zoom Niger's marker covers it,
    # two steps in it leaves room around the marker
    page.click("#zoom-in")
    wait_for_k(page, lambda v: v > 1.9)
    page.click("#zoom-in")
    wait_for_k(page, lambda v: v > 3.9)
    page.locator('#map path.country[data-iso="NER"]').click(position=_uncovered(page, "NER"))
    ready(page)
    assert url_params(page).get("country") == "NER"
    assert map_k(page) > 6, "the map fits itself to Niger"
    admin1 = page.locator("#map path.admin1")
    expect(admin1).to_be_visible()
    assert len(admin1.get_attribute("d")) > 10_000
    towns = page.locator('#map .place-label text[data-kind="town"]').all_text_contents()
    divisions = page.locator('#map .place-label text[data-kind="division"]').all_text_contents()
    assert {"Niamey", "Agadez", "Zinder"} <= set(towns), towns
    assert {"Tillabéri", "Tahoua", "Diffa"} <= set(divisions), divisions
    assert page.locator("#map path.country.selected").get_attribute("data-iso") == "NER"
    page.screenshot(path=str(ARTIFACTS / "dashboard-sahel.png"), full_page=True)

    k = map_k(page)
    page.click("#zoom-in")
    k_in = wait_for_k(page, lambda v: v > k * 1.5)
    page.click("#zoom-out")
    wait_for_k(page, lambda v: v < k_in * 0.75)
    k = map_k(page)
    map_box = page.locator("#map").bounding_box()
    page.mouse.move(map_box["x"] + map_box["width"] / 2, map_box["y"] + map_box["height"] / 2)
    page.mouse.wheel(0, -400)
    k = wait_for_k(page, lambda v: v > k * 1.2)
    page.mouse.dblclick(
        map_box["x"] + 40 + map_box["width"] / 2, map_box["y"] + map_box["height"] / 2
    )
    wait_for_k(page, lambda v: v > k * 1.5)
    ready(page)  # a double-click on the country zooms and leaves the filter be
    assert url_params(page).get("country") == "NER"
    page.click("#zoom-fit")
    wait_for_k(page, lambda v: 6 < v < 20)


def _inside_ring(ring) -> dict[str, float]:
    """A point on a country marker's disc, near its edge: off the centroid, where a box
    around the centroid would not reach."""
    box = ring.bounding_box()
    r = float(re.match(r"M([\d.]+),0", ring.get_attribute("d")).group(1))
    scale = box["width"] / (2 * r)  # the map's viewBox to screen pixels
    return {"x": box["width"] / 2 + 0.8 * r * scale, "y": box["height"] / 2}


def _uncovered(page, iso: str) -> dict[str, float]:
    """A point of the country's shape, 3 px from anything else, relative to its box."""
    found = page.locator(f'#map path.country[data-iso="{iso}"]').evaluate(
        """shape => {
          const b = shape.getBoundingClientRect();
          const mine = (x, y) => [[0, 0], [3, 0], [-3, 0], [0, 3], [0, -3]]
            .every(([dx, dy]) => document.elementFromPoint(x + dx, y + dy) === shape);
          for (let fy = 0.1; fy < 1; fy += 0.05) for (let fx = 0.1; fx < 1; fx += 0.05) {
            const x = b.left + fx * b.width, y = b.top + fy * b.height;
            if (mine(x, y)) return [x - b.left, y - b.top];
          }
          return null; }"""
    )
    assert found, f"every point of {iso} is under a marker"
    return {"x": found[0], "y": found[1]}


def test_network_names_do_not_collide_and_an_arrow_filters_by_dyad(page, base_url):
    open_dashboard(page, base_url)
    edges = page.locator("#network g.edge")
    expect(edges).to_have_count(40)
    nodes = page.locator("#network g.node")
    labels = {
        nodes.nth(i).get_attribute("data-code"): nodes.nth(i).locator("text").text_content()
        for i in range(nodes.count())
    }
    assert labels["USAGOV"] == "United States government"
    assert labels["TURGOV"] == "Turkey government"
    assert "USAGOV" in page.locator('#network g.node[data-code="USAGOV"] title').text_content()
    boxes = page.locator("#network text.node-label").evaluate_all(
        "els => els.map(e => { const b = e.getBoundingClientRect();"
        " return [b.left, b.top, b.right, b.bottom, e.textContent]; })"
    )
    assert len(boxes) == nodes.count()
    overlaps = [
        (a[4], b[4])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]
    assert overlaps == []
    panel = page.locator("#network").bounding_box()
    for left, top, right, bottom, _ in boxes:
        assert panel["x"] <= left and right <= panel["x"] + panel["width"]
        assert panel["y"] <= top and bottom <= panel["y"] + panel["height"]

    edge = page.locator("#network g.edge").first
    dyad = edge.get_attribute("data-dyad")
    count = int(edge.get_attribute("data-count"))
    # a point on the arrow near its middle, scrolled into view, where no other arrow lies on top
    x, y, hit = edge.locator("path.link-hit").evaluate(
        """p => {
          p.scrollIntoView({block: 'center'});
          const m = p.getScreenCTM();
          let x, y, top;
          for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
            const pt = p.getPointAtLength(p.getTotalLength() * f);
            x = pt.x * m.a + pt.y * m.c + m.e;
            y = pt.x * m.b + pt.y * m.d + m.f;
            top = document.elementFromPoint(x, y).closest('g.edge');
            if (top && top.dataset.dyad === p.parentNode.dataset.dyad) break;
          }
          return [x, y, top && top.dataset.dyad]; }"""
    )
    assert hit == dyad
    page.mouse.click(x, y)
    ready(page)
    assert url_params(page).get("dyad") == dyad
    actor, recipient = dyad.split(":")
    rows = table_rows(page)
    assert len(rows) == count == len(api_ids(base_url, dyad=dyad))
    assert {(r["actor"], r["recipient"]) for r in rows} == {(actor, recipient)}
    expect(page.locator("#f-dyad")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-dyad.png"), full_page=True)
    page.click("#clear-dyad")
    ready(page)
    assert "dyad" not in url_params(page)


def test_table_sorts_by_its_headings_and_rows_take_the_keyboard(page, base_url):
    open_dashboard(page, base_url)
    page.click('#events th[data-sort="goldstein"] button')
    ready(page)
    head = page.locator('#events th[data-sort="goldstein"]')
    expect(head).to_have_attribute("aria-sort", "descending")
    expected = [e["id"] for e in api(base_url, "/events", sort="-goldstein", limit=25)["events"]]
    expect(page.locator("#events tbody tr[data-id]").first).to_have_attribute(
        "data-id", expected[0]
    )
    assert [r["id"] for r in table_rows(page)] == expected
    page.click('#events th[data-sort="goldstein"] button')
    expect(head).to_have_attribute("aria-sort", "ascending")
    expected = [e["id"] for e in api(base_url, "/events", sort="goldstein", limit=25)["events"]]
    expect(page.locator("#events tbody tr[data-id]").first).to_have_attribute(
        "data-id", expected[0]
    )
    values = [float(r["goldstein"]) for r in table_rows(page)]
    assert values == sorted(values)
    page.click('#events th[data-sort="actor"] button')
    expect(page.locator('#events th[data-sort="actor"]')).to_have_attribute(
        "aria-sort", "ascending"
    )
    expected = [e["id"] for e in api(base_url, "/events", sort="actor", limit=25)["events"]]
    expect(page.locator("#events tbody tr[data-id]").first).to_have_attribute(
        "data-id", expected[0]
    )
    assert url_params(page)["sort"] == "actor"

    # keyboard: Tab reaches the first row, arrows move, Enter opens the event
    page.locator("#next").focus()
    page.locator("#events tbody tr[data-id]").first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    third = page.locator("#events tbody tr[data-id]").nth(2)
    expect(third).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#event-panel")).to_be_visible()
    sentence = api(base_url, f"/events/{third.get_attribute('data-id')}")["event"]["sentence"]
    expect(page.locator("#ev-sentence")).to_have_text(sentence.strip())
    page.keyboard.press("End")
    expect(page.locator("#events tbody tr[data-id]").last).to_be_focused()
    assert page.locator("#events tbody tr[tabindex='0']").count() == 1
    page.screenshot(path=str(ARTIFACTS / "dashboard-table-sorted.png"), full_page=True)
    page.click("#close-panel")


NEW_FILTERS = {
    "source": "Wikinews",
    "location_precision": "country",
    "goldstein_min": "-10",
    "goldstein_max": "2",
    "mode": "troops",
}


def test_the_new_filters_live_in_the_url_and_select_what_the_api_does(page, base_url):
    open_dashboard(page, base_url, "?" + urlencode(NEW_FILTERS))
    assert page.locator("#f-source").input_value() == "Wikinews"
    assert page.locator("#f-precision").input_value() == "country"
    assert page.locator("#f-mode").input_value() == "troops"
    assert page.locator("#f-gmin").input_value() == "-10"
    assert page.locator("#f-gmax").input_value() == "2"
    expected = api_ids(base_url, **NEW_FILTERS)
    assert expected
    assert sorted(r["id"] for r in table_rows(page)) == sorted(expected)
    # change one in the form: the URL follows
    page.select_option("#f-precision", "")
    ready(page)
    assert "location_precision" not in url_params(page)
    wider = {k: v for k, v in NEW_FILTERS.items() if k != "location_precision"}
    expect(page.locator("#table-note")).to_contain_text(f"of {len(api_ids(base_url, **wider))}")

    # the division list offers what the other filters leave; choosing one narrows to it,
    # and a reload keeps it
    filters = {"source": "Wikinews", "goldstein_max": "2"}
    open_dashboard(page, base_url, "?" + urlencode(filters))
    divisions = api(base_url, "/facets", name="admin1", **filters)["facets"]["admin1"]
    assert len(divisions) > 3
    offered = page.locator("#f-admin1 option").evaluate_all("os => os.map(o => o.value)")
    assert offered == [""] + [d["key"] for d in divisions]
    niamey = next(d for d in divisions if d["key"] == "Niamey")
    page.select_option("#f-admin1", "Niamey")
    ready(page)
    assert url_params(page) == {**filters, "admin1": "Niamey"}
    page.reload()
    ready(page)
    assert page.locator("#f-admin1").input_value() == "Niamey"
    expected = api_ids(base_url, **filters, admin1="Niamey")
    assert len(expected) == niamey["count"]
    assert sorted(r["id"] for r in table_rows(page)) == sorted(expected)
    page.fill("#f-gmin", "-5")
    page.click("#apply")
    ready(page)
    assert url_params(page)["goldstein_min"] == "-5"
    page.click("#reset-filters")
    ready(page)


def test_export_downloads_exactly_the_filtered_events(page, base_url, tmp_path):
    filters = {"country": "NER", "goldstein_max": "5"}
    open_dashboard(page, base_url, "?" + urlencode(filters))
    expected = api_ids(base_url, **filters)
    assert len(expected) > 3
    page.click("#export summary")
    page.screenshot(path=str(ARTIFACTS / "dashboard-export-menu.png"))
    files = {}
    for fmt in ("csv", "parquet", "gdelt", "acled"):
        with page.expect_download() as info:
            page.click(f'#export a[data-format="{fmt}"]')
        files[fmt] = tmp_path / info.value.suggested_filename
        info.value.save_as(files[fmt])
    rows = list(csv.DictReader(io.StringIO(files["csv"].read_text())))
    assert [r["id"] for r in rows] == expected
    got = duckdb.sql(f"SELECT id FROM '{files['parquet']}'").fetchall()
    assert [r[0] for r in got] == expected
    assert len(files["gdelt"].read_text().splitlines()) == len(expected)
    with urlopen(f"{base_url}/export?{urlencode({**filters, 'format': 'acled'})}") as response:
        acled_rows = int(response.headers["X-Row-Count"])
        assert response.read().decode() == files["acled"].read_text()
    assert 0 < acled_rows == len(list(csv.DictReader(io.StringIO(files["acled"].read_text()))))
    page.click("#export summary")


def test_story_view_shows_articles_sources_and_the_mentions_behind_each(page, base_url):
    open_dashboard(page, base_url)
    body = api(base_url, "/stories", limit=10)
    stories = page.locator("#stories li.story")
    expect(stories).to_have_count(10)
    for i, story in enumerate(body["stories"][:3]):
        item = stories.nth(i)
        assert item.get_attribute("data-id") == story["id"]
        meta = item.locator(".meta").inner_text()
        assert f"{story['num_articles']} article(s), {story['num_sources']} source(s)" in meta
        item.locator("summary").click()
        mentions = item.locator("li.mention")
        expect(mentions).to_have_count(len(story["mentions"]))
        assert mentions.first.locator("a").get_attribute("href") == story["mentions"][0]["href"]
    assert body["stories"][0]["num_mentions"] > 1
    page.screenshot(
        path=str(ARTIFACTS / "dashboard-stories.png"), clip=_clip(page, "#stories-panel")
    )
    page.click("#more-stories")
    expect(stories).to_have_count(20)
    assert len({stories.nth(i).get_attribute("data-id") for i in range(20)}) == 20


def _clip(page, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    return {k: box[k] for k in ("x", "y", "width", "height")}


def test_summary_counts_match_the_api(page, base_url):
    open_dashboard(page, base_url, "?country=NER")
    total = api(base_url, "/timeline", country="NER")["total"]
    text = page.locator("#summary").inner_text()
    assert re.match(rf"{total} events from", text), text
