"""The offline gazetteer: contents, folding, lookups and ruler patterns."""

from __future__ import annotations

import pytest

from lapwing.gazetteer import Gazetteer, haversine_km, place_key


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def test_fold_ignores_case_accents_and_articles():
    assert place_key("Tillabéri") == place_key("TILLABERI")
    assert place_key("the Sahel") == place_key("Sahel")
    assert place_key("U.S.") == place_key("US")


def test_countries_carry_iso3_and_a_point(gazetteer):
    niger = gazetteer.country("NER")
    assert niger.precision == "country" and niger.country == "NER"
    assert niger.lat is not None and niger.lon is not None
    # the point lies inside the Sahel band, not at the capital on the border
    assert 12 < niger.lat < 24 and 0 < niger.lon < 16


def test_aliases_reach_their_country(gazetteer):
    for alias in ("US", "U.S.", "United States of America"):
        assert gazetteer.lookup(alias)[0].country == "USA"
    assert gazetteer.lookup("Britain")[0].country == "GBR"


def test_lookup_is_accent_and_case_insensitive(gazetteer):
    names = {p.name for p in gazetteer.lookup("tillaberi")}
    assert "Tillabéri" in names


def test_cities_and_admin1_are_found(gazetteer):
    kano = gazetteer.lookup("Kano")
    assert {p.precision for p in kano if p.country == "NGA"} >= {"city", "admin1"}
    gao = [p for p in gazetteer.lookup("Gao") if p.country == "MLI" and p.precision == "city"]
    assert gao and haversine_km(gao[0].lat, gao[0].lon, 16.27, -0.04) < 30


def test_regions_come_from_regions_tsv(gazetteer):
    sahel = gazetteer.lookup("the Sahel")[0]
    assert sahel.precision == "region" and sahel.feature == "region"
    entry = next(c.entry for c in gazetteer.candidates("Sahel") if c.entry.kind == "region")
    assert "NER" in entry.members and "MLI" in entry.members


def test_additions_add_missing_conflict_places(gazetteer):
    assert any(p.country == "NER" for p in gazetteer.lookup("Inates"))
    assert any(p.country == "PSE" for p in gazetteer.lookup("Khan Younis"))


def test_unknown_and_other_script_names_give_nothing(gazetteer):
    assert gazetteer.lookup("Qwzxlandia") == []
    assert gazetteer.lookup("") == []
    assert gazetteer.lookup("!!!") == []


def test_demonyms(gazetteer):
    assert gazetteer.demonym_country("Malian") == "MLI"
    assert gazetteer.demonym_country("Nigerians") == "NGA"


def test_ruler_patterns(gazetteer):
    patterns = gazetteer.ruler_patterns()
    by_surface = {p["pattern"]: p for p in patterns}
    assert by_surface["Niger"]["id"] == "country:NER"
    assert by_surface["Niger"]["label"] == "GPE"
    assert by_surface["Sahel"] == {"label": "LOC", "pattern": "Sahel", "id": "region:Sahel"}
    assert by_surface["Niamey"]["id"].startswith("place:")
    assert "Mobile" not in by_surface and "Reading" not in by_surface
    assert len(by_surface) == len(patterns)


def test_user_files_extend_the_gazetteer(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text(
        "# version: 2026.11.1\n"
        "name\taliases\tfeature\tcountry\tadmin1\tlat\tlon\tgeonameid\tpopulation\n"
        "Zorblatt Camp\tZorblatt\tP.PPL\tNER\t\t15.5\t2.5\t\t\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.load([extra])
    assert gaz.lookup("Zorblatt")[0].country == "NER"


def test_country_points_follow_geonames(gazetteer):
    # GeoNames' own country records (Canada 60.1, -113.6); where Wikipedia's point is 161-320 km
    # away, halfway between: Niger is within 161 km of GeoNames' 18, 9 and Wikipedia's 16, 8
    niger = gazetteer.country("NER")
    assert niger.geonameid == 2440476
    assert haversine_km(niger.lat, niger.lon, 18.0, 9.0) < 161
    assert haversine_km(niger.lat, niger.lon, 16.0, 8.0) < 161
    china = gazetteer.country("CHN")
    assert haversine_km(china.lat, china.lon, 35.0, 105.0) < 161
    assert haversine_km(china.lat, china.lon, 35.0, 103.0) < 161
    canada = gazetteer.country("CAN")
    assert haversine_km(canada.lat, canada.lon, 60.1, -113.6) < 20


def test_us_states_have_central_points_and_keep_their_ids(gazetteer):
    florida = next(p for p in gazetteer.lookup("Florida") if p.country == "USA")
    # GeoNames 28.75, -82.5; Wikipedia 28.1, -81.6; the box around its towns is off-centre
    assert haversine_km(florida.lat, florida.lon, 28.75, -82.5) < 100
    assert haversine_km(florida.lat, florida.lon, 28.1, -81.6) < 100
    assert florida.geonameid == 4155751 and florida.precision == "admin1"


def test_us_counties_by_full_name(gazetteer):
    orange = gazetteer.lookup("Orange County")
    assert {p.admin1 for p in orange} >= {"California", "Florida", "New York"}
    assert all(p.country == "USA" and p.lat is not None for p in orange)
    california = next(p for p in orange if p.admin1 == "California")
    assert haversine_km(california.lat, california.lon, 33.7, -117.8) < 50  # Orange's point
    assert all(p.precision == "city" for p in gazetteer.lookup("Orange")[:1])


def test_oceans_seas_and_former_kenyan_provinces(gazetteer):
    assert "MUS" in gazetteer.region_members("Indian Ocean")
    assert gazetteer.lookup("Baltic Sea")[0].precision == "region"
    nyanza = next(p for p in gazetteer.lookup("Nyanza Province") if p.country == "KEN")
    assert nyanza.precision == "admin1"
    assert gazetteer.lookup("Soviet Union")[0].country == "RUS"


def test_every_division_has_a_point(gazetteer):
    divisions = [e.place for e in gazetteer.entries if e.kind == "admin1"]
    assert divisions and all(p.lat is not None and p.lon is not None for p in divisions)


def test_division_names_without_generic_words(gazetteer):
    zhejiang = gazetteer.lookup("Zhejiang")[0]
    assert zhejiang.country == "CHN" and zhejiang.precision == "admin1"
    orel = [p for p in gazetteer.lookup("Orlovskaya") if p.country == "RUS"]
    assert orel and orel[0].precision == "admin1"
    texas = gazetteer.lookup("Texas")[0]  # the middle of the state, not its biggest cities
    assert haversine_km(texas.lat, texas.lon, 31.25, -99.25) < 161


def test_additions_replace_a_division_of_the_same_name(gazetteer):
    ontario = [p for p in gazetteer.lookup("Ontario") if p.country == "CAN"]
    assert len(ontario) == 1 and ontario[0].precision == "admin1"


def test_lowercase_romanisations_are_not_names(gazetteer):
    assert gazetteer.lookup("ao er di nuo") == []


def test_entries_are_built_lazily_but_read_the_same(gazetteer):
    niamey = next(p for p in gazetteer.lookup("Niamey") if p.precision == "city")
    assert gazetteer.by_geonameid(niamey.geonameid).place == niamey
    assert gazetteer.nearest_country(13.5, 2.1) == "NER"


def test_fold_handles_letters_without_decomposition():
    assert place_key("Đà Nẵng") == "da nang" and place_key("Łódź") == "lodz"


def test_alias_file_names_resolve_but_are_never_ruler_patterns(gazetteer):
    assert gazetteer.lookup("Calif.")[0].name == "California"
    assert gazetteer.lookup("DR Congo")[0].country == "COD"
    surfaces = {p["pattern"] for p in gazetteer.ruler_patterns()}
    assert "Miss" not in surfaces and "Mass" not in surfaces


def test_nearest_gives_country_and_division(gazetteer):
    assert gazetteer.nearest(13.5, 2.1)[0] == "NER"
    country, admin1 = gazetteer.nearest(34.05, -118.25)  # Los Angeles
    assert (country, admin1) == ("USA", "California")


def test_region_members(gazetteer):
    assert "NER" in gazetteer.region_members("Sahel")
    assert gazetteer.region_members("Niamey") == ()


def _division(gazetteer, name, iso3):
    return next(p for p in gazetteer.lookup(name) if p.country == iso3 and p.precision == "admin1")


def test_numeric_coded_divisions_get_their_own_point(gazetteer):
    # GeoNames numbers these divisions (FIPS 10-4), so no ISO code links them: they are
    # linked by a namesake part, the adjective's town, or the order of the codes
    for name, iso3, lat, lon, km in (
        ("Gilgit-Baltistan", "PAK", 35.8, 74.5, 250),
        ("Kurskaya", "RUS", 51.7, 36.2, 150),
        ("Amurskaya", "RUS", 52.5, 128.0, 600),
    ):
        place = _division(gazetteer, name, iso3)
        if place.confidence < 1.0:  # still unlinked: it must say so, not claim a point
            assert name == "Amurskaya"
            continue
        assert haversine_km(place.lat, place.lon, lat, lon) < km, name


def test_a_chance_namesake_does_not_move_a_division(gazetteer):
    # the stanitsa Ivanovskaya lies in Krasnodar Krai and the town Amursk in Khabarovsk Krai
    ivanovo = _division(gazetteer, "Ivanovskaya", "RUS")
    assert haversine_km(ivanovo.lat, ivanovo.lon, 57.0, 41.0) < 200
    amur = _division(gazetteer, "Amurskaya", "RUS")
    assert haversine_km(amur.lat, amur.lon, 48.5, 135.1) > 300  # not at Khabarovsk


def test_divisions_on_their_country_point_say_so(gazetteer):
    divisions = [e for e in gazetteer.entries if e.kind == "admin1"]
    own = [e for e in divisions if e.place.confidence == 1.0]
    borrowed = [e for e in divisions if e.place.confidence < 1.0]
    assert len(own) > len(borrowed)
    for entry in borrowed:
        country = gazetteer.country(entry.place.country)
        assert (entry.place.lat, entry.place.lon) == (round(country.lat, 4), round(country.lon, 4))


def test_short_code_alternates_do_not_resolve_to_towns(gazetteer):
    for code in ("MoD", "IDF", "NHS", "BBC", "CNN", "PKK"):
        assert all(p.precision != "city" for p in gazetteer.lookup(code)), code
    assert gazetteer.lookup("Aba")[0].country == "NGA"
    assert {p.name for p in gazetteer.lookup("Aba")} >= {"Aba"}
    assert any(p.country == "MLI" for p in gazetteer.lookup("Gao"))
    assert any(p.country == "GHA" for p in gazetteer.lookup("Ho"))
    assert gazetteer.lookup("NYC")[0].name == "New York City"  # a code kept on purpose
