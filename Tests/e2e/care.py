"""The professional side in a real Chromium: a physiotherapist signs up, creates a practice and an invitation (code,
link and QR code); a client opens the link signed out, signs up through it, reads what would be shared and accepts,
makes a plan and trains a simulated session with pain 6; the physiotherapist sees the client first in the list with
the pain flag, opens the client's page and acknowledges the flag; the client reads who looked at their data and stops
sharing; the physiotherapist's next request for that client answers 404.

Usage: python3 care.py BASE_URL SCREENSHOT_DIR (see journey.py). One screenshot per page, named care-<page>.png.
"""
import sys
import uuid

from support import EC, By, main

PASSWORD = "backwards is forwards"


def sign_in(j, email):
    d = j.driver
    d.delete_all_cookies()
    d.get(j.base + "/signin")
    j.fill("email", email)
    j.fill("password", PASSWORD)
    j.submit()
    j.wait.until(lambda d: "/signin" not in d.current_url)


def care(j):
    d = j.driver
    pro_email = f"care-pro-{uuid.uuid4().hex[:8]}@example.com"
    client_email = f"care-client-{uuid.uuid4().hex[:8]}@example.com"

    j.step = "professional signs up"
    d.get(j.base + "/signup")
    d.find_element(By.CSS_SELECTOR, "input[name=role][value=professional]").click()
    j.fill("name", "Dr. Kim Physio")
    j.fill("email", pro_email)
    j.fill("password", PASSWORD)
    d.find_element(By.CSS_SELECTOR, "#profession option[value=physiotherapist]").click()
    j.fill("registrationNumber", "PH-12345")
    j.shot("signup-professional")
    j.submit()
    j.wait.until(EC.url_contains("/practice"))

    j.step = "creates the practice"
    j.fill("name", "Knee Clinic")
    d.find_element(By.CSS_SELECTOR, "input[name=kind][value=clinic]").click()
    j.submit()
    j.wait.until(EC.presence_of_element_located((By.ID, "note")))

    j.step = "makes an invitation"
    d.find_element(By.CSS_SELECTOR, "input[name=scope][value=prescribe]").click()
    j.fill("note", "Ana")
    d.find_element(By.CSS_SELECTOR, "form[action='/practice/invitations'] button").click()
    code = j.wait.until(EC.presence_of_element_located((By.ID, "invite-code"))).text.strip()
    assert len(code) == 14, f"an invitation code: {code!r}"
    assert d.find_elements(By.CSS_SELECTOR, ".qr svg"), "the link is drawn as a QR code"
    link = d.find_element(By.CSS_SELECTOR, ".invite a").get_attribute("href")
    assert link.endswith("/invite/" + code), link
    j.shot("practice-invitation")

    j.step = "client opens the link signed out"
    d.delete_all_cookies()
    d.get(link)
    assert "Knee Clinic" in d.page_source and "Dr. Kim Physio" in d.page_source
    j.shot("invitation-signed-out")
    d.find_element(By.CSS_SELECTOR, "a[href^='/signup?next=']").click()

    j.step = "client signs up through the link"
    j.wait.until(EC.url_contains("/signup"))
    j.fill("name", "Ana Client")
    j.fill("email", client_email)
    j.fill("password", PASSWORD)
    j.submit()
    j.wait.until(EC.url_contains("/invite/"))

    j.step = "consent page"
    for shared in ("sessions", "pain", "screening", "assessments", "plan"):
        assert shared in d.page_source.lower(), f"the consent page names {shared}"
    assert "may also prescribe" in d.page_source
    j.shot("consent")
    d.find_element(By.CSS_SELECTOR, "form[action$='/accept'] button").click()
    j.wait.until(EC.url_contains("/care-team"))
    assert "Knee Clinic" in d.page_source
    j.shot("care-team")

    j.train_with_feedback(rpe=13, pain_during=6, pain_after=4)

    j.step = "the flag comes first"
    sign_in(j, pro_email)
    d.get(j.base + "/clients")
    first = d.find_element(By.CSS_SELECTOR, "table.clients tbody tr")
    assert "Ana Client" in first.text, first.text
    assert "6/10" in first.text, f"the pain flag with its reason: {first.text}"
    j.shot("clients")
    client_page = first.find_element(By.CSS_SELECTOR, "a").get_attribute("href")

    j.step = "the client's page"
    d.get(client_page)
    assert "Ana Client" in d.page_source
    j.shot("client")
    note = d.find_element(By.CSS_SELECTOR, "form[action$='/flags/acknowledge'] textarea")
    note.send_keys("Called Ana: pain settled by the evening.")
    d.find_element(By.CSS_SELECTOR, "form[action$='/flags/acknowledge'] button").click()
    j.wait.until(lambda d: "Called Ana" in d.page_source)
    j.shot("client-flag-acknowledged")

    j.step = "the client reads who looked and stops sharing"
    sign_in(j, client_email)
    d.get(j.base + "/access-log")
    assert "Dr. Kim Physio" in d.page_source, "the access log names the physiotherapist"
    j.shot("access-log")
    d.get(j.base + "/care-team")
    d.find_element(By.CSS_SELECTOR, "form[action$='/revoke'] button").click()
    j.wait.until(lambda d: "Nobody sees your data" in d.page_source)
    j.shot("care-team-revoked")

    j.step = "the physiotherapist's next request is 404"
    sign_in(j, pro_email)
    d.get(client_page)
    assert "Not found" in d.page_source, "a revoked client reads as not found"
    j.shot("client-after-revocation")
    d.get(j.base + "/clients")
    assert "Ana Client" not in d.page_source
    print("e2e care journey: passed")


if __name__ == "__main__":
    sys.exit(main("care", care))
