"""Bluetooth mode in a real Chromium: the plan page starts a Bluetooth session; the session page connects a
pretend FTMS treadmill (fake_ftms.js, injected before the page's scripts, in place of Web Bluetooth), starts the
session with the treadmill's features, relays its bytes to the server and writes the server's control-point
bytes back. Checks that control is requested first, the belt starts only after Start is pressed, target speeds
stay within the user's cap, and that when the server goes silent (the test freezes it with SIGSTOP) the page
pauses the belt by itself within a few seconds with the bytes the server gave it at the start.

Usage: python3 bluetooth.py BASE_URL SCREENSHOT_DIR   (BACKSTEP_E2E_SERVER_PID names the server process)
Exit 0 on success, 1 on a failed step (with a screenshot), 77 when the browser or selenium is missing.
"""
import os
import signal
import sys
import time

from support import EC, By, WebDriverWait, main

SPEEDUP = float(os.environ.get("BACKSTEP_E2E_SPEEDUP", "30"))
CAP_MPH = 2.0


def writes(d):
    return d.execute_script("return window.__ftmsWrites.slice()")


def bluetooth(j):
    d = j.driver
    fake = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake_ftms.js")).read()
    # The pretend treadmill notifies once per session second, whatever the server's speed-up.
    prelude = f"window.__ftmsTickMs = {max(10, round(1000 / SPEEDUP))};\n"
    d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": prelude + fake})
    j.sign_up_to_plan("Blue Tooth", speed_cap_mph=str(CAP_MPH))

    j.step = "choose bluetooth"
    d.find_element(By.CSS_SELECTOR, "input[name=mode][value=bluetooth]").click()
    d.find_element(By.CSS_SELECTOR, "button.go").click()
    j.wait.until(EC.url_contains("/sessions/connect"))
    assert d.find_element(By.ID, "session-controls").get_attribute("hidden") is not None, "no controls before"
    j.shot("connect")

    j.step = "connect treadmill"
    d.find_element(By.ID, "ble").click()
    j.wait.until(EC.url_contains("/sessions/live"))
    j.wait.until(lambda d: d.find_element(By.ID, "session-controls").get_attribute("hidden") is None)
    j.wait.until(lambda d: len(writes(d)) > 0)
    first = writes(d)
    assert first[0] == "00", f"control is requested first: {first}"
    time.sleep(0.5)
    assert not any(w.startswith("07") for w in writes(d)), f"the belt must not start before Start: {writes(d)}"

    WebDriverWait(d, 10).until(lambda d: not d.find_element(By.ID, "ble").is_displayed())

    j.step = "start"
    d.find_element(By.ID, "start").click()
    WebDriverWait(d, 30).until(lambda d: any(w.startswith("07") for w in writes(d)))
    WebDriverWait(d, 30).until(lambda d: d.find_element(By.ID, "actual").text not in ("", "–", "0.0 mph"))
    j.shot("running")
    cap_hundredths = CAP_MPH * 1.609344 * 100 + 0.5
    targets = [int(w[4:6] + w[2:4], 16) for w in writes(d) if w.startswith("02") and len(w) == 6]
    assert targets, f"target speeds were set: {writes(d)}"
    assert all(t <= cap_hundredths for t in targets), f"targets {targets} (0.01 km/h) exceed the cap"

    j.step = "server silent: the page pauses the belt"
    pid = int(os.environ.get("BACKSTEP_E2E_SERVER_PID", "0"))
    assert pid > 0, "BACKSTEP_E2E_SERVER_PID is not set"
    before = len(writes(d))
    os.kill(pid, signal.SIGSTOP)
    try:
        WebDriverWait(d, 8).until(lambda d: "0802" in writes(d)[before:])
        said = d.find_element(By.ID, "status").text
        j.shot("paused-by-page")
    finally:
        os.kill(pid, signal.SIGCONT)
    assert "link lost" in said.lower(), f"the page says why it paused the belt: {said!r}"

    j.step = "stop and feedback"
    WebDriverWait(d, 15).until(lambda d: "link lost" not in d.find_element(By.ID, "status").text.lower())
    d.find_element(By.ID, "stop").click()
    WebDriverWait(d, 30).until(EC.visibility_of_element_located((By.ID, "feedback-link")))
    WebDriverWait(d, 10).until(lambda d: any(w.startswith("08") for w in writes(d)[before + 1:]))
    total = len(writes(d))
    d.find_element(By.ID, "feedback-link").click()
    j.wait.until(EC.presence_of_element_located((By.ID, "painDuring")))
    j.shot("feedback")
    print(f"e2e bluetooth: passed ({total} control-point writes)")


if __name__ == "__main__":
    sys.exit(main("bluetooth", bluetooth))
