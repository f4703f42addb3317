#!/usr/bin/env python3
"""The page of `corpus serve` in a real browser: Debian's chromium, driven by its chromedriver
through selenium. Run by tests/browser.rs, which indexes the articles and starts the servers:

    page.py URL TOKEN_URL TOKEN SCREENSHOT_DIR

Each step does what a user would and checks what they would see; the first failure ends
the run with a message and exit 1. Chromium runs headless with no network of its own and a
new empty profile.
"""

import sys
import tempfile
from urllib.parse import parse_qs, urlparse

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# How long to wait for the page to show something before calling it a failure (not a speed
# target: a loaded CI machine can be slow).
PATIENCE = 30


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=1100,800",
        "--lang=en-US",
    ]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


class Page:
    def __init__(self, driver, base):
        self.d = driver
        self.base = base.rstrip("/")

    def wait(self, what, condition):
        try:
            # The page redraws its results as they come: an element read a moment ago may be gone.
            redrawn = (StaleElementReferenceException, IndexError)
            wait = WebDriverWait(self.d, PATIENCE, poll_frequency=0.05, ignored_exceptions=redrawn)
            return wait.until(lambda d: condition())
        except TimeoutException:
            fail(f"{what}: not seen (url {self.d.current_url})")

    def all(self, css):
        return self.d.find_elements(By.CSS_SELECTOR, css)

    def one(self, css):
        found = self.all(css)
        if not found:
            fail(f"nothing matches {css!r} (url {self.d.current_url})")
        return found[0]

    def params(self):
        return {k: v[0] for k, v in parse_qs(urlparse(self.d.current_url).query).items()}

    def hits(self):
        return self.all("#results li.hit")

    def shown(self, css):
        return any(e.is_displayed() for e in self.all(css))

    def settled(self):
        """The results for the URL's state are on the page (the status line says how many)."""
        return "article" in self.one("#status").text

    def type_query(self, text):
        box = self.one("#q")
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(Keys.DELETE)
        box.send_keys(text)
        self.wait(f"the URL holding {text!r}", lambda: self.params().get("q") == text)
        self.wait(f"hits for {text!r}", lambda: self.settled() and self.hits())

    def dark(self, on):
        scheme = "dark" if on else "light"
        self.d.execute_cdp_cmd(
            "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
        )

    def background(self):
        return self.d.execute_script("return getComputedStyle(document.body).backgroundColor")


def fail(message):
    print(f"page.py: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def step(name):
    print(f"page.py: {name}", file=sys.stderr, flush=True)


def main():
    base, token_base, token, shots = sys.argv[1:5]
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(profile)
        try:
            run(Page(driver, base), shots)
        finally:
            driver.quit()
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(profile)
        try:
            run_token(Page(driver, token_base), token)
        finally:
            driver.quit()
    print("page.py: every step passed", file=sys.stderr)


def run(p, shots):
    d = p.d
    step("the page opens on an empty box with what the index holds")
    d.get(p.base + "/")
    p.wait("the welcome", lambda: "Type to search" in p.one("#welcome").text)
    check(d.switch_to.active_element == p.one("#q"), "the search box has the focus when the page opens")

    step("typing gives highlighted hits, with site, date and id")
    p.type_query("open source")
    marks = [m.text.lower() for m in p.all("#results mark")]
    check("open" in marks and "source" in marks, f"open and source marked: {marks}")
    first = p.hits()[0]
    check("seeds/" in first.find_element(By.CSS_SELECTOR, ".meta").text, "the id under the title")
    check(any("2026-04-07" in h.text for h in p.hits()), "a hit's date")
    check(any("Happycapy Guide" in h.text for h in p.hits()), "a hit's site")
    p.dark(False)
    d.save_screenshot(f"{shots}/results-light.png")
    p.dark(True)
    dark_bg = p.background()
    d.save_screenshot(f"{shots}/results-dark.png")
    p.dark(False)
    check(dark_bg != p.background(), f"dark follows the system: {dark_bg} vs {p.background()}")

    step("clicking a site facet filters, and the URL says so")
    total = len(p.hits())
    p.one('#facets button[data-facet="site"][data-value="Happycapy Guide"]').click()
    p.wait("the site filter in the URL", lambda: p.params().get("site") == "Happycapy Guide")
    p.wait("one hit from that site", lambda: len(p.hits()) == 1)
    check("Happycapy Guide" in p.hits()[0].text, "the hit is from the site clicked")
    step("the back button takes the filter off")
    d.back()
    p.wait("the filter gone", lambda: "site" not in p.params() and len(p.hits()) == total)

    step("sorting by date puts the dated article first")
    Select(p.one("#sort")).select_by_value("date")
    p.wait("sort=date in the URL", lambda: p.params().get("sort") == "date")
    p.wait("the dated article first", lambda: p.hits() and "2026-04-07" in p.hits()[0].text)
    Select(p.one("#sort")).select_by_value("score")
    p.wait("sort by relevance again", lambda: "sort" not in p.params())

    step("a bar of the year histogram filters to its year")
    p.type_query("harbour")
    bars = p.all("#histogram button[data-year]")
    heights = [b.size["height"] for b in bars]
    check(heights[0] < heights[2] < heights[1], f"bars as tall as their counts (2, 6 and 4): {heights}")
    check([b.get_attribute("data-year") for b in bars] == ["2023", "2024", "2025"], "one bar a year, in order")
    p.one('#histogram button[data-year="2024"]').click()
    p.wait("year=2024 in the URL", lambda: p.params().get("year") == "2024")
    p.wait("the 2024 articles alone", lambda: len(p.hits()) == 6 and all("2024-" in h.text for h in p.hits()))
    p.one('#filters button[data-filter="year"]').click()
    p.wait("the year filter off", lambda: "year" not in p.params() and len(p.hits()) == 10)

    step("twelve hits make two pages; Next and the back button walk them")
    check("Page 1 of 2" in p.one("#pager").text, f"the pager: {p.one('#pager').text!r}")
    first_page = [h.get_attribute("data-id") for h in p.hits()]
    p.one("#next").click()
    p.wait("page=2 in the URL", lambda: p.params().get("page") == "2")
    p.wait("the last two hits", lambda: len(p.hits()) == 2)
    check(not set(h.get_attribute("data-id") for h in p.hits()) & set(first_page), "page 2 holds other hits")
    d.back()
    p.wait("page 1 again", lambda: "page" not in p.params() and len(p.hits()) == 10)

    step("markup in an article is shown as text")
    p.type_query("payload")
    title = p.hits()[0].find_element(By.CSS_SELECTOR, ".title").text
    check("<script>" in title, f"the title's <script> as text: {title!r}")
    check(not p.all("#results script, #results img"), "no element made from the article's markup")
    check(d.execute_script("return window.pwned === undefined && document.title !== 'pwned'"), "no script ran")

    step("a shared URL opens on its results")
    d.get(p.base + "/?q=open+source&site=The+AI+Post")
    p.wait("the shared search", lambda: p.settled() and len(p.hits()) == 1)
    check(p.one("#q").get_attribute("value") == "open source", "the box holds the URL's query")
    check("The AI Post" in p.hits()[0].text, "the filter of the URL")

    step("keyboard: / focuses the box, arrows and j/k move, Enter opens, Esc goes back")
    d.get(p.base + "/?q=open+source")
    p.wait("five hits", lambda: p.settled() and len(p.hits()) == 5)
    d.execute_script("document.activeElement.blur()")
    d.switch_to.active_element.send_keys("/")
    check(d.switch_to.active_element == p.one("#q"), "/ focuses the search box")
    d.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    p.wait("the first hit selected", lambda: p.all("#results li.hit")[0].get_attribute("class") == "hit selected")
    d.switch_to.active_element.send_keys(Keys.ESCAPE)
    d.switch_to.active_element.send_keys("j")
    p.wait("j selects the second", lambda: p.hits()[1].get_attribute("class") == "hit selected")
    d.switch_to.active_element.send_keys("k")
    p.wait("k selects the first", lambda: p.hits()[0].get_attribute("class") == "hit selected")
    chosen = p.hits()[0].get_attribute("data-id")
    d.switch_to.active_element.send_keys(Keys.ENTER)
    p.wait("the article opened", lambda: p.params().get("id") == chosen and p.shown("#article-view h1"))
    d.switch_to.active_element.send_keys(Keys.ESCAPE)
    p.wait("Esc back to the results", lambda: "id" not in p.params() and p.shown("#results li.hit"))
    check(p.params().get("q") == "open source", "the query kept")

    step("an article: the cleaned text with the matches marked, then the original with what was removed")
    p.type_query("scale founder")
    target = [h for h in p.hits() if "seeds/004_" in h.text]
    check(target, "the Happycapy article among the hits")
    target[0].find_element(By.CSS_SELECTOR, "a.title").click()
    p.wait("the article", lambda: p.shown("#clean-text"))
    marks = [m.text.lower() for m in p.all("#clean-text mark")]
    check("scale" in marks, f"the query marked in the text: {marks[:10]}")
    title_marks = [m.text.lower() for m in p.all("#article-view h1 mark")]
    check(title_marks == ["scale", "founder"], f"and in the title: {title_marks}")
    d.save_screenshot(f"{shots}/article-clean-light.png")
    p.one("#toggle-original").click()
    p.wait("the original", lambda: p.shown("#original-text"))
    check(p.params().get("view") == "original", "the view in the URL")
    labels = {e.text for e in p.all("#original-text .line.removed .label")}
    check({"affiliate", "dateline", "newsletter"} <= labels, f"removed lines labelled with their reason: {labels}")
    line_one = p.one('#original-text .line[data-line="1"] .body')
    check(line_one.value_of_css_property("text-decoration-line") == "line-through", "a removed line struck through")
    p.dark(False)
    d.save_screenshot(f"{shots}/article-original-light.png")
    p.dark(True)
    d.save_screenshot(f"{shots}/article-original-dark.png")
    p.dark(False)
    step("the back button leaves the article for the results")
    d.back()
    p.wait("the results again", lambda: "id" not in p.params() and p.shown("#results li.hit"))

    step("stray-language lines are labelled with their language (Korean renders)")
    d.get(p.base + "/?q=meta&id=" + "seeds%2F000_e6c5c0a6c5537778.txt&view=original")
    p.wait("the original of 000", lambda: p.shown("#original-text"))
    korean = p.all("#original-text .line.fragment")
    check(len(korean) == 4, f"four fragment lines: {len(korean)}")
    check(all(k.find_element(By.CSS_SELECTOR, ".label").text == "kor" for k in korean), "labelled kor")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", korean[0])
    d.save_screenshot(f"{shots}/article-fragments-light.png")

    step("readable at phone width")
    d.set_window_size(390, 844)
    d.get(p.base + "/?q=open+source")
    p.wait("the results", lambda: p.settled() and p.hits())
    width = d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    check(width[0] <= width[1], f"no sideways scrolling at phone width: {width}")
    d.save_screenshot(f"{shots}/results-phone-light.png")


def run_token(p, token):
    d = p.d
    step("a server with a token: the page asks for it once, then searches")
    d.get(p.base + "/?q=open+source")
    p.wait("the token asked for", lambda: p.shown("#token-box"))
    p.one("#token").send_keys("wrong")
    p.one("#token").send_keys(Keys.ENTER)
    p.wait("a wrong token refused", lambda: p.shown("#token-box") and "not this server" in p.one("#status").text)
    p.one("#token").send_keys(token)
    p.one("#token").send_keys(Keys.ENTER)
    p.wait("hits with the token", lambda: p.settled() and p.hits())
    d.get(p.base + "/?q=meta")
    p.wait("kept for the session", lambda: p.settled() and p.hits() and not p.shown("#token-box"))


if __name__ == "__main__":
    main()
