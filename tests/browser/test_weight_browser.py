"""Page weight on a throttled phone (390 px, Chrome's network emulation through CDP), and the number
of interactions of the field flow. Prints the table the README gives (`pytest -s`).

Bytes are counted as Chromium receives them (`Network.loadingFinished.encodedDataLength`: headers and
body on the wire). The test server sends static files uncompressed; production serves whitenoise's
precompressed files and long cache headers, so the "gzip" column compresses each body the same way
(level 9, what whitenoise writes) to estimate what the phone receives there."""

import gzip
import re

import pytest
from playwright.sync_api import expect

from relais.people.models import Contact, Person
from relais.referrals.models import Referral
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.users.enums import Role
from tests.factories import OrganizationFactory, StructureFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chrome DevTools' "Fast 3G" preset, the network under the périphérique on a good day.
FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375}
KB = 1024
TARGETS = {"first": 300 * KB, "later": 50 * KB, "swap": 20 * KB}
ALREADY_COMPRESSED = re.compile(r"\.(woff2?|png|jpe?g|gif|ico|webp)(\?|$)")


class Meter:
    """Counts what one page (and its subresources) brings over the wire."""

    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.emulateNetworkConditions", FAST_3G)
        self.urls, self.cached, self.finished = {}, set(), []
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.requestServedFromCache", lambda event: self.cached.add(event["requestId"]))
        self.cdp.on("Network.loadingFinished", lambda event: self.finished.append(event))

    def _response(self, event):
        self.urls[event["requestId"]] = event["response"]["url"]
        if event["response"].get("fromDiskCache") or event["response"].get("fromPrefetchCache"):
            self.cached.add(event["requestId"])

    def _compressed(self, request_id, size):
        """What the same response weighs when its body is gzipped (headers as they came)."""
        url = self.urls.get(request_id, "")
        if request_id in self.cached or ALREADY_COMPRESSED.search(url):
            return size
        try:
            body = self.cdp.send("Network.getResponseBody", {"requestId": request_id})
        except Exception:  # no body (a redirect)
            return size
        if body["base64Encoded"]:
            return size
        raw = body["body"].encode()
        return max(size - len(raw), 0) + min(len(raw), len(gzip.compress(raw, 9)))

    def measure(self, action):
        """(bytes on the wire, the same gzipped, the heaviest responses) for what `action` loads."""
        self.page.wait_for_load_state("networkidle")
        self.finished.clear()
        action()
        self.page.wait_for_load_state("networkidle")
        events = list(self.finished)
        wire = sum(event["encodedDataLength"] for event in events)
        sizes = [(self._compressed(e["requestId"], e["encodedDataLength"]), e["requestId"]) for e in events]
        heaviest = [(self.urls.get(rid, "?").rsplit("/", 1)[-1], size) for size, rid in sorted(sizes)[::-1][:6]]
        fonts = sum(size for size, rid in sizes if ".woff" in self.urls.get(rid, ""))
        return wire, sum(size for size, _ in sizes), heaviest, fonts


def _context(browser, live_server):
    return browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        locale="fr-FR",
        timezone_id="Europe/Paris",
        is_mobile=True,
        has_touch=True,
        service_workers="block",  # its precache is counted apart (README)
    )


def _log_in_with_cookie(context, client, live_server, user):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def _kb(size):
    return f"{size / KB:.0f}"


def test_page_weight_of_every_role(browser, live_server, client):
    org = OrganizationFactory()
    StructureFactory(operator=org, places=4, availability_mode=AvailabilityMode.COMPUTED)
    rows = []
    for role in Role:
        user = UserFactory(role=role, organization=org)
        context = _context(browser, live_server)
        _log_in_with_cookie(context, client, live_server, user)
        page = context.new_page()
        meter = Meter(page)
        first = meter.measure(lambda page=page: page.goto("/"))
        landed = page.url.removeprefix(live_server.url)
        link = page.locator("main .fr-tile__title a").first
        later_url = link.get_attribute("href") if link.count() else "/"
        later = meter.measure(lambda page=page, url=later_url: page.goto(url))
        swap_url = page.locator("[hx-get]").first.get_attribute("hx-get") if page.locator("[hx-get]").count() else None
        swap = (0, 0, [], 0)
        if swap_url:
            swap = meter.measure(
                lambda page=page, url=swap_url: page.evaluate(
                    "url => fetch(url, {headers: {'HX-Request': 'true'}}).then(r => r.text())", url
                )
            )
        rows.append((role.label, landed, first, later_url, later, swap_url, swap))
        context.close()
    print(
        "\n| rôle | première page : réseau de test / gzip | page suivante : réseau de test / gzip (dont polices) | échange htmx |"
    )
    print("|---|---|---|---|")
    for label, landed, first, later_url, later, swap_url, swap in rows:
        print(
            f"| {label} | `{landed}` {_kb(first[0])} / {_kb(first[1])} Ko | `{later_url}` {_kb(later[0])} / "
            f"{_kb(later[1])} Ko ({_kb(later[3])}) | `{swap_url}` {swap[0] / KB:.1f} / {swap[1] / KB:.1f} Ko |"
        )
    print("Les plus lourdes, première page :", ", ".join(f"{name} {_kb(size)} Ko" for name, size in rows[0][2][2]))
    for label, _landed, first, _later_url, later, _swap_url, swap in rows:
        assert first[1] <= TARGETS["first"], label
        # A page may be the first to use a style of the Marianne font (italic: 44 KB), once per phone.
        assert later[1] - later[3] <= TARGETS["later"], label
        assert swap[1] <= TARGETS["swap"], label


def test_field_flow_from_the_home_page_in_eight_interactions(browser, live_server):
    """Logged out on the home page → signed in → encounter with a new person → referral sent."""
    org = OrganizationFactory(name="Maraude Nord")
    UserFactory(username="maraudeur", role=Role.MARAUDE, organization=org)
    structure = StructureFactory(
        name="Hôtel Les Tilleuls", kind=StructureKind.HOTEL, places=3, availability_mode=AvailabilityMode.COMPUTED
    )
    context = _context(browser, live_server)
    page = context.new_page()
    meter = Meter(page)
    interactions = []

    def act(name, action):
        interactions.append(name)
        action()

    page.goto("/")
    page.wait_for_url("**/accounts/login/**")
    total = [0, 0]

    def measured(name, action):
        wire, compressed, _, _ = meter.measure(lambda: act(name, action))
        total[0] += wire
        total[1] += compressed

    act("identifiant", lambda: page.get_by_label("Identifiant").fill("maraudeur"))
    act("mot de passe", lambda: page.get_by_label("Mot de passe").fill("motdepasse-de-test"))
    measured("se connecter", lambda: page.get_by_role("button", name="Se connecter").click())
    measured("nouvelle rencontre", lambda: page.locator("main").get_by_role("link", name="Nouvelle rencontre").click())
    act("lieu", lambda: page.get_by_label("Lieu de la rencontre").fill("Jardins d'Éole"))
    act("consentement", lambda: page.get_by_text("Partage avec la coordination et les structures d'accueil").click())
    measured("enregistrer et orienter", lambda: page.get_by_role("button", name="Enregistrer et orienter").click())
    page.wait_for_url(re.compile(r"/personnes/.+/orienter/"))
    measured("orienter ici", lambda: page.get_by_role("button", name="Orienter vers Hôtel Les Tilleuls").click())
    expect(page.get_by_test_id("status")).to_have_text("Envoyée")

    print(
        f"\nParcours de terrain : {len(interactions)} interactions ({', '.join(interactions)}), "
        f"{_kb(total[0])} Ko (réseau test) / {_kb(total[1])} Ko (gzip) après la page de connexion"
    )
    context.close()
    assert len(interactions) <= 8
    assert Contact.objects.count() == 1 and Person.objects.count() == 1
    assert Referral.objects.get().to_structure == structure
