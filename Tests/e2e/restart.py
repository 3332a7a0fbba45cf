"""A server restart in the middle of a session, in a real Chromium: the session runs (simulated treadmill), the
server is killed (SIGKILL, as in a crash) and started again on the same database; the page notices, reloads, and
the plan offers to continue where the session stopped; the continuation runs to the end; history keeps both parts.

Usage: python3 restart.py BASE_URL SCREENSHOT_DIR
BACKSTEP_E2E_SERVER_PID names the running server; BACKSTEP_E2E_SERVER_COMMAND (a JSON array) starts a new one.
Exit 0 on success, 1 on a failed step (with a screenshot), 77 when the browser or selenium is missing.
"""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from support import EC, By, WebDriverWait, main


def wait_for_health(base, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the restarted server did not answer")


def restart(j):
    d = j.driver
    j.sign_up_to_plan("Re Start")

    j.run_simulated_session()
    first_workout = d.find_element(By.CSS_SELECTOR, ".workout").text

    j.step = "server crashes and restarts"
    os.kill(int(os.environ["BACKSTEP_E2E_SERVER_PID"]), signal.SIGKILL)
    command = json.loads(os.environ["BACKSTEP_E2E_SERVER_COMMAND"])
    log = open(os.path.join(j.shots, "server-restarted.log"), "w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_health(j.base)

        j.step = "the plan offers to continue"
        WebDriverWait(d, 30).until(EC.url_contains("/plan"))
        j.wait.until(EC.presence_of_element_located((By.ID, "resume")))
        j.shot("resume-offered")
        card = d.find_element(By.CSS_SELECTOR, "section[aria-labelledby=resume]")
        card.find_element(By.CSS_SELECTOR, "input[name=mode][value=simulated]").click()
        card.find_element(By.ID, "continue").click()

        j.step = "the continuation runs to the end"
        j.wait.until(EC.url_contains("/sessions/live"))
        workout = d.find_element(By.CSS_SELECTOR, ".workout").text
        assert "(continued)" in workout, f"continuing {first_workout!r}, the page shows {workout!r}"
        j.wait.until(lambda d: not d.find_element(By.ID, "status").text.startswith("Connecting"))
        d.find_element(By.ID, "start").click()
        WebDriverWait(d, 240).until(EC.visibility_of_element_located((By.ID, "feedback-link")))
        j.shot("continued-finished")

        j.step = "history keeps both parts"
        d.get(j.base + "/history")
        text = d.find_element(By.TAG_NAME, "main").text.lower()
        assert "interrupted" in text and "completed" in text, f"history shows: {text[:400]!r}"
        print("e2e restart: passed")
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


if __name__ == "__main__":
    sys.exit(main("restart", restart))
