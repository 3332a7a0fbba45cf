"""End-to-end journey in a real Chromium: sign-up -> onboarding -> screening -> plan -> a simulated session
run to the end -> feedback -> the dashboard shows it -> the next session shows the decision -> the next
morning the app asks about pain.

Usage: python3 journey.py BASE_URL SCREENSHOT_DIR
Uses Debian's /usr/bin/chromium and /usr/bin/chromedriver (no driver download). Exit 0 on success, 1 on a
failed step (a screenshot of the page is saved), 77 when the browser or selenium is missing.
"""
import sys

from support import EC, By, WebDriverWait, main


def journey(j):
    d = j.driver
    j.sign_up_to_plan("Erin <b>Retro</b>")
    j.shot("plan")
    assert "Erin <b>Retro</b>" in d.page_source.replace("&lt;", "<").replace("&gt;", ">"), "name shown"
    assert "<b>Retro</b>" not in d.page_source, "name must be escaped"

    j.run_simulated_session()
    j.shot("live")
    j.step = "reload resumes"
    d.refresh()
    WebDriverWait(d, 30).until(lambda d: d.find_element(By.ID, "segment").text != "Waiting to start")

    j.step = "session ends"
    WebDriverWait(d, 240).until(EC.visibility_of_element_located((By.ID, "feedback-link")))
    j.shot("finished")
    d.find_element(By.ID, "feedback-link").click()

    j.step = "feedback"
    j.wait.until(EC.presence_of_element_located((By.ID, "painDuring")))
    j.fill("rpe", "12")
    j.fill("painDuring", "2")
    j.fill("painAfter", "1")
    j.fill("notes", "<script>alert('x')</script> felt good")
    j.submit()
    j.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "svg.chart")))
    assert "felt good" in d.page_source
    assert "<script>alert" not in d.page_source
    j.shot("session")

    j.step = "dashboard"
    d.get(j.base + "/dashboard")
    count = d.find_element(By.ID, "stat-sessions").text
    assert count == "1", f"dashboard shows {count} sessions"
    j.shot("dashboard")

    j.step = "next session shows the decision"
    d.get(j.base + "/plan")
    assert "Why:" in d.page_source, "the progression decision is shown with the next session"
    print("e2e journey: passed")


if __name__ == "__main__":
    sys.exit(main("journey", journey))
