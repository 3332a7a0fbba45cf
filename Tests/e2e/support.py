"""Shared helpers for the browser tests: Debian's Chromium through Selenium, and the steps every journey starts with
(sign-up -> onboarding -> screening -> a plan)."""
import os
import sys
import uuid

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("SKIP: selenium is not installed (pip install -r Tests/e2e/requirements.txt)")
    sys.exit(77)

CHROMIUM = os.environ.get("BACKSTEP_CHROMIUM", "/usr/bin/chromium")
DRIVER = os.environ.get("BACKSTEP_CHROMEDRIVER", "/usr/bin/chromedriver")

__all__ = ["By", "EC", "WebDriverWait", "Journey", "browser_missing", "main"]


def browser_missing():
    """A skip message when Chromium or its driver is missing, else None."""
    if os.path.exists(CHROMIUM) and os.path.exists(DRIVER):
        return None
    return f"SKIP: {CHROMIUM} or {DRIVER} is missing (apt-get install chromium chromium-driver)"


class Journey:
    """One browser and the steps of a journey; `run` reports a failed step with a screenshot."""

    def __init__(self, base, shots, prefix):
        self.base, self.shots, self.prefix = base.rstrip("/"), shots, prefix
        os.makedirs(shots, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=430,1400",
                     "--disable-gpu"):
            options.add_argument(flag)
        self.driver = webdriver.Chrome(service=Service(DRIVER), options=options)
        self.wait = WebDriverWait(self.driver, 30)
        self.step = "start"

    def shot(self, name):
        self.driver.save_screenshot(os.path.join(self.shots, f"{self.prefix}-{name}.png"))

    def fill(self, field_id, value):
        element = self.driver.find_element(By.ID, field_id)
        element.clear()
        element.send_keys(value)

    def submit(self):
        self.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()

    def sign_up_to_plan(self, name, speed_cap_mph="2"):
        """A new account with a profile, a clear screening and a 4-week plan; ends on the plan page."""
        d = self.driver
        self.step = "sign-up"
        d.get(self.base + "/signup")
        self.fill("name", name)
        self.fill("email", f"{self.prefix}-{uuid.uuid4().hex[:8]}@example.com")
        self.fill("password", "backwards is forwards")
        self.submit()
        self.wait.until(EC.url_contains("/onboarding"))
        self.onboard_to_plan(speed_cap_mph)

    def onboard_to_plan(self, speed_cap_mph="2"):
        """From the onboarding page: a profile, a clear screening and a 4-week plan; ends on the plan page."""
        d = self.driver
        self.step = "onboarding"
        d.find_element(By.CSS_SELECTOR, "input[name=units][value=imperial]").click()
        self.fill("age", "52")
        self.fill("mass", "165")
        d.find_element(By.CSS_SELECTOR, "#goal option[value=knee]").click()
        d.find_element(By.CSS_SELECTOR, "input[name=conditions][value=knee-pain]").click()
        self.fill("speedCap", speed_cap_mph)
        self.submit()
        self.wait.until(EC.url_contains("/screening"))

        self.step = "screening"
        for radio in d.find_elements(By.CSS_SELECTOR, "input[type=radio][value=no]"):
            radio.click()
        d.find_element(By.CSS_SELECTOR, "input[name=safety]").click()
        self.submit()
        self.wait.until(EC.url_contains("/plan"))

        self.step = "plan"
        self.fill("days", "3")
        self.fill("minutes", "10")
        self.fill("weeks", "4")
        d.find_element(By.CSS_SELECTOR, "form[action='/plan'] button").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "today")))

    def run_simulated_session(self):
        """From the plan page: start today's session on the simulated treadmill, press Start, wait for the belt."""
        d = self.driver
        self.step = "start session"
        d.find_element(By.CSS_SELECTOR, "input[name=mode][value=simulated]").click()
        d.find_element(By.CSS_SELECTOR, "button.go").click()
        self.wait.until(EC.url_contains("/sessions/live"))
        self.wait.until(lambda d: not d.find_element(By.ID, "status").text.startswith("Connecting"))
        d.find_element(By.ID, "start").click()
        self.step = "session runs"
        WebDriverWait(d, 30).until(lambda d: d.find_element(By.ID, "actual").text not in ("", "–"))

    def train_with_feedback(self, rpe, pain_during, pain_after):
        """A signed-in client without a profile: onboarding, a plan, a simulated session run to its end and its
        feedback; ends on the session's page."""
        d = self.driver
        self.step = "client makes a plan"
        d.get(self.base + "/onboarding")
        self.onboard_to_plan()
        self.run_simulated_session()
        WebDriverWait(d, 240).until(EC.visibility_of_element_located((By.ID, "feedback-link")))
        d.find_element(By.ID, "feedback-link").click()
        self.step = f"feedback with pain {pain_during}"
        self.wait.until(EC.presence_of_element_located((By.ID, "painDuring")))
        self.fill("rpe", str(rpe))
        self.fill("painDuring", str(pain_during))
        self.fill("painAfter", str(pain_after))
        self.submit()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "svg.chart")))

    def run(self, body):
        """Runs `body(self)`; 0 on success, 1 with a screenshot of the failed step."""
        try:
            body(self)
            return 0
        except Exception as error:  # noqa: BLE001 - any failure is reported with a screenshot
            path = os.path.join(self.shots, f"{self.prefix}-failure-{self.step.replace(' ', '-')}.png")
            self.driver.save_screenshot(path)
            print(f"FAIL at step '{self.step}': {error!r}; screenshot {path}; url {self.driver.current_url}")
            return 1
        finally:
            self.driver.quit()


def main(prefix, body):
    """The command line of a journey script: BASE_URL SCREENSHOT_DIR; returns the exit code."""
    skip = browser_missing()
    if skip:
        print(skip)
        return 77
    return Journey(sys.argv[1], sys.argv[2], prefix).run(body)
