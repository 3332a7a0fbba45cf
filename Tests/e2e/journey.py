"""End-to-end journey in a real Chromium: sign-up -> onboarding -> screening -> plan -> a simulated session
run to the end -> feedback -> the dashboard shows it.

Usage: python3 journey.py BASE_URL SCREENSHOT_DIR
Uses Debian's /usr/bin/chromium and /usr/bin/chromedriver (no driver download). Exit 0 on success, 1 on a
failed step (a screenshot of the page is saved), 77 when the browser or selenium is missing.
"""
import os
import sys
import time
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


def main():
    base, shots = sys.argv[1].rstrip("/"), sys.argv[2]
    os.makedirs(shots, exist_ok=True)
    if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
        print(f"SKIP: {CHROMIUM} or {DRIVER} is missing (apt-get install chromium chromium-driver)")
        return 77
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=430,1400",
                 "--disable-gpu"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    wait = WebDriverWait(driver, 30)
    step = "start"

    def shot(name):
        driver.save_screenshot(os.path.join(shots, f"{name}.png"))

    def fill(field_id, value):
        element = driver.find_element(By.ID, field_id)
        element.clear()
        element.send_keys(value)

    def submit():
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()

    try:
        step = "sign-up"
        driver.get(base + "/signup")
        fill("name", "Erin <b>Retro</b>")
        fill("email", f"erin-{uuid.uuid4().hex[:8]}@example.com")
        fill("password", "backwards is forwards")
        submit()
        wait.until(EC.url_contains("/onboarding"))

        step = "onboarding"
        driver.find_element(By.CSS_SELECTOR, "input[name=units][value=imperial]").click()
        fill("age", "52")
        fill("mass", "165")
        driver.find_element(By.CSS_SELECTOR, "#goal option[value=knee]").click()
        driver.find_element(By.CSS_SELECTOR, "input[name=conditions][value=knee-pain]").click()
        fill("speedCap", "2")
        submit()
        wait.until(EC.url_contains("/screening"))

        step = "screening"
        for radio in driver.find_elements(By.CSS_SELECTOR, "input[type=radio][value=no]"):
            radio.click()
        driver.find_element(By.CSS_SELECTOR, "input[name=safety]").click()
        submit()
        wait.until(EC.url_contains("/plan"))

        step = "plan"
        fill("days", "3")
        fill("minutes", "10")
        fill("weeks", "4")
        driver.find_element(By.CSS_SELECTOR, "form[action='/plan'] button").click()
        wait.until(EC.presence_of_element_located((By.ID, "today")))
        shot("plan")
        assert "Erin <b>Retro</b>" in driver.page_source.replace("&lt;", "<").replace("&gt;", ">"), "name shown"
        assert "<b>Retro</b>" not in driver.page_source, "name must be escaped"

        step = "start session"
        driver.find_element(By.CSS_SELECTOR, "input[name=mode][value=simulated]").click()
        driver.find_element(By.CSS_SELECTOR, "button.go").click()
        wait.until(EC.url_contains("/sessions/live"))
        wait.until(lambda d: not d.find_element(By.ID, "status").text.startswith("Connecting"))
        driver.find_element(By.ID, "start").click()

        step = "session runs"
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "actual").text not in ("", "–"))
        shot("live")
        step = "reload resumes"
        driver.refresh()
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "segment").text != "Waiting to start")

        step = "session ends"
        WebDriverWait(driver, 240).until(EC.visibility_of_element_located((By.ID, "feedback-link")))
        shot("finished")
        driver.find_element(By.ID, "feedback-link").click()

        step = "feedback"
        wait.until(EC.presence_of_element_located((By.ID, "painDuring")))
        fill("rpe", "12")
        fill("painDuring", "2")
        fill("painAfter", "1")
        fill("notes", "<script>alert('x')</script> felt good")
        submit()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "svg.chart")))
        assert "felt good" in driver.page_source
        assert "<script>alert" not in driver.page_source
        shot("session")

        step = "dashboard"
        driver.get(base + "/dashboard")
        count = driver.find_element(By.ID, "stat-sessions").text
        assert count == "1", f"dashboard shows {count} sessions"
        shot("dashboard")

        step = "next session shows the decision"
        driver.get(base + "/plan")
        assert "Why:" in driver.page_source, "the progression decision is shown with the next session"
        print("e2e: 1 passed, 0 failed")
        return 0
    except Exception as error:  # noqa: BLE001 - any failure is reported with a screenshot
        path = os.path.join(shots, f"failure-{step.replace(' ', '-')}.png")
        driver.save_screenshot(path)
        print(f"FAIL at step '{step}': {error!r}; screenshot {path}; url {driver.current_url}")
        return 1
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
