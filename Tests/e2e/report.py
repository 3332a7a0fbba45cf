"""The monthly report in a real Chromium, printed to PDF: a physiotherapist signs up, creates a practice and an
invitation; a client signs up through the link, accepts, makes a plan and trains a simulated session with feedback;
the physiotherapist logs 20 minutes with a call on the client's page, opens the month's report and prints it to PDF
with Chrome DevTools (Page.printToPDF, A4). The PDF is saved next to the screenshots and checked: it starts with
%PDF and has a page; with pdftotext (Debian's poppler-utils) its text names the client, the days with data and the
month, and not the navigation (the print style sheet hides it). Without pdftotext the text check is skipped, unless
BACKSTEP_REQUIRE_BROWSER=1, where that is a failure.

Usage: python3 report.py BASE_URL SCREENSHOT_DIR (see journey.py). Screenshots report-<page>.png, the PDF
report-monthly.pdf.
"""
import base64
import calendar
import datetime
import os
import re
import shutil
import subprocess
import sys
import uuid

from care import PASSWORD, sign_in
from support import EC, By, main


def pdf_pages(data):
    """The page count: pdfinfo's when it is installed, else the page objects in the file."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        out = subprocess.run([pdfinfo, "-"], input=data, capture_output=True, check=True).stdout.decode()
        found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
        if found:
            return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def report(j):
    d = j.driver
    pro_email = f"report-pro-{uuid.uuid4().hex[:8]}@example.com"
    client_email = f"report-client-{uuid.uuid4().hex[:8]}@example.com"

    j.step = "professional signs up"
    d.get(j.base + "/signup")
    d.find_element(By.CSS_SELECTOR, "input[name=role][value=professional]").click()
    j.fill("name", "Dr. Kim Physio")
    j.fill("email", pro_email)
    j.fill("password", PASSWORD)
    d.find_element(By.CSS_SELECTOR, "#profession option[value=physiotherapist]").click()
    j.submit()
    j.wait.until(EC.url_contains("/practice"))

    j.step = "creates the practice and an invitation"
    j.fill("name", "Knee Clinic")
    d.find_element(By.CSS_SELECTOR, "input[name=kind][value=clinic]").click()
    j.submit()
    j.wait.until(EC.presence_of_element_located((By.ID, "note")))
    d.find_element(By.CSS_SELECTOR, "input[name=scope][value=read]").click()
    d.find_element(By.CSS_SELECTOR, "form[action='/practice/invitations'] button").click()
    j.wait.until(EC.presence_of_element_located((By.ID, "invite-code")))
    link = d.find_element(By.CSS_SELECTOR, ".invite a").get_attribute("href")

    j.step = "client signs up through the link and accepts"
    d.delete_all_cookies()
    d.get(link)
    d.find_element(By.CSS_SELECTOR, "a[href^='/signup?next=']").click()
    j.wait.until(EC.url_contains("/signup"))
    j.fill("name", "Ana Report")
    j.fill("email", client_email)
    j.fill("password", PASSWORD)
    j.submit()
    j.wait.until(EC.url_contains("/invite/"))
    d.find_element(By.CSS_SELECTOR, "form[action$='/accept'] button").click()
    j.wait.until(EC.url_contains("/care-team"))

    j.train_with_feedback(rpe=12, pain_during=3, pain_after=2)

    j.step = "the physiotherapist logs review time"
    sign_in(j, pro_email)
    d.get(j.base + "/clients")
    client_page = d.find_element(By.CSS_SELECTOR, "table.clients tbody tr a").get_attribute("href")
    d.get(client_page)
    j.fill("review-minutes", "20")
    d.find_element(By.ID, "review-interactive").click()
    j.fill("review-note", "Call about the first session")
    d.find_element(By.CSS_SELECTOR, "form[action$='/review-time'] button").click()
    j.wait.until(lambda d: "Logged 20 minutes" in d.page_source)
    j.shot("client-review-time")

    j.step = "the report page"
    d.find_element(By.ID, "report-link").click()
    j.wait.until(EC.presence_of_element_located((By.ID, "days-with-data")))
    now = datetime.datetime.now(datetime.timezone.utc)
    month = f"{calendar.month_name[now.month]} {now.year}"
    days = d.find_element(By.ID, "days-with-data").text
    assert days.startswith("Days with data: 1 of"), days
    assert "Ana Report" in d.page_source and month in d.page_source
    assert "20 minutes logged" in d.find_element(By.ID, "review-minutes").text
    j.shot("report")

    j.step = "printed to PDF"
    printed = d.execute_cdp_cmd("Page.printToPDF", {
        "printBackground": True, "preferCSSPageSize": True, "paperWidth": 8.27, "paperHeight": 11.69,
    })
    data = base64.b64decode(printed["data"])
    path = os.path.join(j.shots, "report-monthly.pdf")
    with open(path, "wb") as f:
        f.write(data)
    assert data.startswith(b"%PDF"), f"not a PDF: {data[:16]!r}"
    pages = pdf_pages(data)
    assert pages >= 1, f"the PDF has {pages} pages"

    j.step = "the PDF's text"
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        if os.environ.get("BACKSTEP_REQUIRE_BROWSER") == "1":
            raise AssertionError("BACKSTEP_REQUIRE_BROWSER=1 but pdftotext is missing (apt-get install poppler-utils)")
        print("SKIP the PDF's text: pdftotext is missing (apt-get install poppler-utils)")
    else:
        text = subprocess.run([pdftotext, "-layout", path, "-"], capture_output=True, check=True).stdout.decode()
        flat = " ".join(text.split())
        for expected in ("Ana Report", "days with data", month, "20 minutes logged"):
            assert expected.lower() in flat.lower(), f"the PDF says {expected!r}: {flat[:400]}"
        assert "Sign out" not in flat and "Previous month" not in flat, "the print style sheet hides navigation and forms"
    print(f"e2e report journey: passed ({pages} page(s), {len(data)} bytes, {path})")


if __name__ == "__main__":
    sys.exit(main("report", report))
