#!/usr/bin/env python3
"""Checks Backstep's OpenAPI document with tools nobody here wrote.

    walk.py --check             exit 0 when openapi-spec-validator and openapi-core are installed
    walk.py --validate FILE     validate a document with openapi-spec-validator
    walk.py BASE_URL            fetch BASE_URL/api/v1/openapi.json, validate it, then run the scripted walk
                                (CALLS below) against the running server: every request and every response
                                is validated against the document with openapi-core

The walk fails when a response does not match the document (status, content type, schema), when a call
answers another status than the walk expects, or when a documented operation was never answered with its
documented success status. It prints a JSON report and exits 1 on any failure.

To cover a new operation, add a Call to CALLS (in the order it can run: later calls may read what earlier
ones saved in the context).
"""
import base64
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

Value = Any  # a value, or a function of the context that returns it


@dataclass
class Call:
    """One HTTP call of the walk."""

    method: str
    path: str  # the documented path template, e.g. /sessions/{id}
    expect: int  # the status the walk expects
    auth: Optional[str] = "token"  # the context key of the bearer token, or None
    path_params: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    json_body: Value = None
    raw_body: Optional[tuple] = None  # (content type, bytes) for a non-JSON or deliberately bad body
    save: Optional[Callable[[dict, Any], None]] = None  # stores what later calls need
    check: Optional[Callable[[dict, Any], Optional[str]]] = None  # checks the JSON (a file: its bytes); returns a problem or None
    validate_request: bool = True  # False for deliberately invalid requests
    note: str = ""


def error_field(name):
    def check(ctx, body):
        found = (body or {}).get("error", {}).get("field")
        return None if found == name else f"expected error.field {name!r}, got {found!r}"

    return check


def put(key, pick):
    def save(ctx, body):
        ctx[key] = pick(body)

    return save


PASSWORD = "correct horse battery"
NEW_PASSWORD = "a new horse battery staple"
PROFILE = {"age": 40, "massKg": 75, "goal": "fitness", "experience": "beginner", "units": "metric"}
SCREENING = {
    "answers": {
        topic: False
        for topic in [
            "heart-or-blood-pressure", "chest-pain", "dizziness-or-fainting", "chronic-condition",
            "chronic-medication", "bone-or-joint", "supervised-only",
        ]
    }
}


def walk_csv():
    """A one-minute backward walk at 0.8 m/s as a generic CSV file (docs/formats.md: a date-time column, speed,
    distance and the direction column)."""
    rows = ["time_utc,speed_mps,distance_m,direction"]
    rows += [f"2026-03-02T08:00:{t:02d}Z,0.8,{t * 0.8:.1f},backward" for t in range(60)]
    return ("\r\n".join(rows) + "\r\n").encode()


def import_body(files, direction="backward"):
    """The JSON form of POST /sessions/import: (name, bytes) pairs as base64."""
    body = {"files": [{"name": name, "contentBase64": base64.b64encode(data).decode()} for name, data in files]}
    if direction is not None:
        body["direction"] = direction
    return body


def multipart(fields, files, boundary="BackstepWalkBoundary"):
    """A multipart/form-data body (content type, bytes) with text fields and `files` parts."""
    out = b""
    for name, value in fields:
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, data in files:
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    return f"multipart/form-data; boundary={boundary}", out + f"--{boundary}--\r\n".encode()


def counts(imported, duplicates, skipped):
    def check(ctx, body):
        found = tuple(len(body[key]) for key in ("imported", "duplicates", "skipped"))
        return None if found == (imported, duplicates, skipped) else f"expected {imported} imported, {duplicates} duplicates, {skipped} skipped, got {body}"

    return check


def file_body(marker, at=None):
    """Checks a downloaded file: `marker` at byte `at`, or anywhere when `at` is None."""
    def check(ctx, body):
        found = body[at:at + len(marker)] == marker if at is not None else marker in body
        return None if found else f"expected {marker!r} in the file, got {body[:120]!r}"

    return check


FILES = {  # what each download format must contain
    "fit": file_body(b".FIT", at=8),
    "tcx": file_body(b"<TrainingCenterDatabase"),
    "csv": file_body(b"time_utc,", at=0),
    "zwo": file_body(b"<workout_file>"),
    "ics": file_body(b"BEGIN:VCALENDAR\r\n", at=0),
}


def signup_body(key):
    def body(ctx):
        ctx[key] = f"walk-{uuid.uuid4().hex[:10]}@example.com"
        return {"name": "Walker", "email": ctx[key], "password": PASSWORD}

    return body


def professional_body(key):
    def body(ctx):
        ctx[key] = f"walk-pro-{uuid.uuid4().hex[:10]}@example.com"
        return {"name": "Dr. Walk", "email": ctx[key], "password": PASSWORD, "role": "professional",
                "profession": "physiotherapist", "registrationNumber": "PH-123"}

    return body


CALLS = [
    Call("get", "/openapi.json", 200, auth=None),
    Call("post", "/auth/signup", 201, auth=None, json_body=signup_body("email"), save=put("token", lambda b: b["token"])),
    Call("post", "/auth/signup", 409, auth=None, json_body=lambda c: {"name": "Again", "email": c["email"], "password": PASSWORD},
         check=error_field("email"), note="the address is taken"),
    Call("post", "/auth/signup", 422, auth=None, json_body={"name": "X", "email": "nope", "password": "short"},
         validate_request=False, check=error_field("email")),
    Call("post", "/auth/token", 401, auth=None, json_body=lambda c: {"email": c["email"], "password": "wrong password"}),
    Call("post", "/auth/token", 201, auth=None, json_body=lambda c: {"email": c["email"], "password": PASSWORD, "name": "walk"},
         save=put("token2", lambda b: b["token"])),
    Call("get", "/me", 200),
    Call("get", "/me", 401, auth=None, validate_request=False, note="no credentials"),
    Call("get", "/profile", 404, note="no profile yet"),
    Call("put", "/profile", 422, json_body=dict(PROFILE, age=5), validate_request=False, check=error_field("age")),
    Call("put", "/profile", 200, json_body=PROFILE),
    Call("get", "/profile", 200),
    Call("get", "/screening", 404, note="not screened yet"),
    Call("post", "/screening", 201, json_body=SCREENING),
    Call("get", "/screening", 200),
    Call("get", "/programs", 200, auth=None),
    Call("get", "/programs/{id}", 200, auth=None, path_params={"id": "first-steps"}),
    Call("get", "/programs/{id}", 404, auth=None, path_params={"id": "no-such-program"}),
    Call("get", "/plan", 404, note="no plan yet"),
    Call("post", "/plan", 201, json_body={"daysPerWeek": 3, "minutesPerSession": 10, "weeks": 4}),
    Call("get", "/plan", 200, save=put("program", lambda b: b["plan"]["weeks"][0]["sessions"][0]["programId"])),
    Call("get", "/next", 200),
    Call("post", "/sessions/live", 422, json_body={"mode": "manual", "program": "no-such-program"}, check=error_field("program")),
    Call("post", "/sessions/live", 201, json_body={"mode": "simulated"}, save=put("session", lambda b: b["sessionId"])),
    Call("post", "/sessions/live", 409, json_body=lambda c: {"mode": "manual", "resume": c["session"]},
         note="only an interrupted session can be continued"),
    Call("get", "/sessions", 200, query={"limit": 10}),
    Call("get", "/sessions/{id}", 200, path_params={"id": lambda c: c["session"]}),
    Call("get", "/sessions/{id}", 404, path_params={"id": lambda c: str(uuid.uuid4())}),
    Call("post", "/sessions/{id}/morning-pain", 409, path_params={"id": lambda c: c["session"]},
         json_body={"painNextMorning": 1}, note="no feedback yet"),
    Call("post", "/sessions/{id}/feedback", 201, path_params={"id": lambda c: c["session"]},
         json_body={"rpe": 12, "painDuring": 6, "painAfter": 2, "handrailUsed": "one-hand", "nearFall": False, "notes": "ok"},
         note="pain 6 raises a flag for the care team later"),
    Call("post", "/sessions/{id}/morning-pain", 204, path_params={"id": lambda c: c["session"]},
         json_body={"painNextMorning": 1}),
    Call("get", "/sessions/{id}", 200, path_params={"id": lambda c: c["session"]}, note="now with feedback"),
    Call("get", "/sessions", 200),
    Call("get", "/dashboard", 200),
    Call("get", "/next", 200, note="with a progression decision"),
    Call("post", "/assessments", 201, json_body={"seconds": 4.1, "population": "community-older-adults", "notes": "ok"}),
    Call("get", "/assessments", 200),
    Call("get", "/tokens", 200, check=lambda c, b: None if len(b) == 2 else f"expected 2 tokens, got {len(b)}"),
    Call("post", "/tokens", 201, json_body={"name": "script"},
         save=lambda c, b: c.update(token3=b["token"], token3_id=b["id"])),
    Call("post", "/tokens", 422, json_body={"name": ""}, validate_request=False, check=error_field("name")),
    Call("get", "/me", 200, auth="token3"),
    Call("delete", "/tokens/{id}", 204, path_params={"id": lambda c: c["token3_id"]}),
    Call("get", "/me", 401, auth="token3", note="a revoked token is refused at once"),
    Call("delete", "/tokens/{id}", 404, path_params={"id": lambda c: c["token3_id"]}, note="already revoked"),
    Call("post", "/auth/signup", 201, auth=None, json_body=signup_body("other_email"),
         save=put("other", lambda b: b["token"])),
    Call("get", "/tokens", 200, save=lambda c, b: c.update(token2_id=next(t["id"] for t in b if t["name"] == "walk"))),
    Call("delete", "/tokens/{id}", 404, auth="other", path_params={"id": lambda c: c["token2_id"]},
         note="someone else's token"),
    Call("post", "/account/password", 422, json_body={"currentPassword": "wrong password", "newPassword": NEW_PASSWORD},
         check=error_field("currentPassword")),
    Call("post", "/account/password", 422, json_body={"currentPassword": PASSWORD, "newPassword": "short"},
         validate_request=False, check=error_field("newPassword")),
    Call("post", "/account/password", 200, json_body={"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD},
         check=lambda c, b: None if b["revokedTokens"] == 2 else f"expected 2 revoked tokens, got {b}"),
    Call("get", "/me", 401, note="the password change revoked every token"),
    Call("get", "/me", 401, auth="token2"),
    Call("post", "/auth/token", 401, auth=None, json_body=lambda c: {"email": c["email"], "password": PASSWORD}),
    Call("post", "/auth/token", 201, auth=None, json_body=lambda c: {"email": c["email"], "password": NEW_PASSWORD},
         save=put("token", lambda b: b["token"])),
    # Downloads and uploads.
    Call("post", "/sessions/import", 200, json_body=import_body([("walk.csv", walk_csv()), ("junk.fit", b"junk")]),
         check=counts(1, 0, 1), save=put("imported", lambda b: b["imported"][0]["sessionId"])),
    Call("post", "/sessions/import", 200, raw_body=multipart([("direction", "backward")], [("walk-again.csv", walk_csv())]),
         check=counts(0, 1, 0), note="multipart; the same walk is a duplicate now"),
    Call("post", "/sessions/import", 200, json_body=import_body([("walk.csv", walk_csv())], direction=None),
         check=counts(0, 1, 0), note="the CSV says backward itself"),
    Call("post", "/sessions/import", 422, json_body={"files": []}, validate_request=False, check=error_field("files")),
    Call("post", "/sessions/import", 422, json_body={"files": [{"name": "a.csv", "contentBase64": "@@"}]},
         validate_request=False, check=error_field("files.0.contentBase64")),
    Call("post", "/sessions/import", 422, json_body=import_body([("walk.csv", walk_csv())], direction="sideways"),
         validate_request=False, check=error_field("direction")),
    *[
        Call("get", "/sessions/{id}/export/{format}", 200, path_params={"id": lambda c: c["imported"], "format": format},
             check=FILES[format], note=format)
        for format in ("fit", "tcx", "csv")
    ],
    Call("get", "/sessions/{id}/export/{format}", 404, path_params={"id": lambda c: c["imported"], "format": "gpx"},
         validate_request=False, check=error_field("format"), note="not a session format"),
    Call("get", "/sessions/{id}/export/{format}", 404, path_params={"id": lambda c: str(uuid.uuid4()), "format": "fit"},
         note="no such session"),
    Call("get", "/sessions/{id}/export/{format}", 404, auth="other",
         path_params={"id": lambda c: c["imported"], "format": "csv"}, note="someone else's session"),
    Call("get", "/plan/calendar", 200, check=FILES["ics"]),
    Call("get", "/plan/calendar", 404, auth="other", note="no plan"),
    *[
        Call("get", "/plan/workouts/{program}/{format}", 200, path_params={"program": lambda c: c["program"], "format": format},
             check=FILES[format], note=format)
        for format in ("fit", "zwo")
    ],
    Call("get", "/plan/workouts/{program}/{format}", 404, path_params={"program": "no-such-program", "format": "fit"},
         note="not a program of the plan"),
    Call("get", "/plan/workouts/{program}/{format}", 404, path_params={"program": lambda c: c["program"], "format": "tcx"},
         validate_request=False, check=error_field("format"), note="not a workout format"),
    # The professional side: a practice invites the walker, who accepts, is watched, and revokes.
    Call("get", "/me", 200, save=put("me", lambda b: b["id"])),
    Call("post", "/auth/signup", 201, auth=None, json_body=professional_body("pro_email"),
         save=put("pro", lambda b: b["token"]),
         check=lambda c, b: None if b["user"]["role"] == "professional" else f"expected a professional, got {b['user']}"),
    Call("post", "/auth/signup", 422, auth=None,
         json_body={"name": "Pro", "email": "pro-without@example.com", "password": PASSWORD, "role": "professional"},
         check=error_field("profession"), note="a professional names a profession"),
    Call("get", "/practices", 200, auth="pro", check=lambda c, b: None if b == [] else f"expected none, got {b}"),
    Call("get", "/clients", 403, note="an athlete has no clients"),
    Call("post", "/practices", 403, json_body={"name": "Mine", "kind": "coaching"}, note="athletes own no practice"),
    Call("post", "/practices", 201, auth="pro", json_body={"name": "Knee Clinic", "kind": "clinic"}),
    Call("post", "/practices", 409, auth="pro", json_body={"name": "Second", "kind": "clinic"}, note="one practice each"),
    Call("get", "/practices", 200, auth="pro",
         check=lambda c, b: None if len(b) == 1 and b[0]["members"][0]["role"] == "owner" else f"unexpected {b}"),
    Call("post", "/invitations", 201, auth="pro", json_body={"scope": "prescribe", "note": "walker"},
         save=put("code", lambda b: b["code"]),
         check=lambda c, b: None if b["qrSvg"].startswith("<svg") else "no QR code"),
    Call("post", "/invitations", 201, auth="pro", json_body={"scope": "read"}, save=put("code2", lambda b: b["code"])),
    Call("get", "/invitations/{code}", 200, path_params={"code": lambda c: c["code"]},
         check=lambda c, b: None if b["practiceName"] == "Knee Clinic" and len(b["shares"]) == 5 else f"unexpected {b}"),
    Call("get", "/invitations/{code}", 404, path_params={"code": "ABCD-EFGH-JKLM"}, check=error_field("code"),
         note="no such invitation"),
    Call("post", "/invitations/{code}/decline", 204, auth="other", path_params={"code": lambda c: c["code2"]}),
    Call("post", "/invitations/{code}/accept", 409, auth="other", path_params={"code": lambda c: c["code2"]},
         note="declined already"),
    Call("get", "/clients/{id}", 404, auth="pro", path_params={"id": lambda c: c["me"]}, note="no consent yet"),
    Call("post", "/invitations/{code}/accept", 201, path_params={"code": lambda c: c["code"]}),
    Call("post", "/invitations/{code}/accept", 409, path_params={"code": lambda c: c["code"]}, note="single use"),
    Call("get", "/care-team", 200,
         save=lambda c, b: c.update(pro_id=b[0]["members"][0]["id"]),
         check=lambda c, b: None if len(b) == 1 and b[0]["scope"] == "prescribe" else f"unexpected {b}"),
    Call("get", "/clients", 200, auth="pro",
         save=lambda c, b: c.update(flag=b[0]["openFlags"][0]["key"]),
         check=lambda c, b: None if [x["id"] for x in b] == [c["me"]] and b[0]["openFlags"] else f"unexpected {b}"),
    Call("get", "/clients/{id}", 200, auth="pro", path_params={"id": lambda c: c["me"]}),
    Call("get", "/clients/{id}/sessions", 200, auth="pro", path_params={"id": lambda c: c["me"]}, query={"limit": 5}),
    # Notes and messages: the care team's clinical note stays with the care team; the client reads the message.
    Call("post", "/clients/{id}/messages", 201, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body=lambda c: {"kind": "clinical-note", "text": "Pain after the walk: watch the load",
                              "sessionId": c["session"]}),
    Call("post", "/clients/{id}/messages", 201, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body={"kind": "message", "text": "How is the knee today?"}),
    Call("post", "/clients/{id}/messages", 422, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body={"kind": "message", "text": "a" * 4001}, validate_request=False, check=error_field("text"),
         note="too long"),
    Call("post", "/clients/{id}/messages", 404, auth="other", path_params={"id": lambda c: c["me"]},
         json_body={"kind": "message", "text": "Hello"}, note="no consent"),
    Call("get", "/messages", 200,
         check=lambda c, b: None if b["unread"] == 1 and [m["kind"] for m in b["messages"]] == ["message"]
         else f"expected one unread message and no note, got {b}"),
    Call("post", "/messages/read", 204),
    Call("post", "/messages", 201, json_body=lambda c: {"text": "Better, thanks", "sessionId": c["session"]}),
    Call("post", "/messages", 422, json_body={"text": ""}, validate_request=False, check=error_field("text"),
         note="empty"),
    Call("get", "/clients/{id}/messages", 200, auth="pro", path_params={"id": lambda c: c["me"]},
         check=lambda c, b: None if b["unread"] == 1 and len(b["messages"]) == 3 else f"unexpected {b}"),
    Call("post", "/clients/{id}/messages/read", 204, auth="pro", path_params={"id": lambda c: c["me"]}),
    Call("get", "/messages", 200, check=lambda c, b: None if b["unread"] == 0 else f"expected none unread, got {b}"),
    Call("post", "/clients/{id}/review-time", 201, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body={"minutes": 20, "interactive": True, "note": "call about the knee"},
         save=put("review_month", lambda b: b["date"][:7]),
         check=lambda c, b: None if b["minutes"] == 20 and b["interactive"] and b["loggedBy"] == "Dr. Walk" else f"unexpected {b}"),
    Call("post", "/clients/{id}/review-time", 422, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body={"minutes": 0}, validate_request=False, check=error_field("minutes"), note="1–240 minutes"),
    Call("post", "/clients/{id}/review-time", 404, auth="other", path_params={"id": lambda c: c["me"]},
         json_body={"minutes": 5}, note="not theirs"),
    Call("get", "/clients/{id}/report", 200, auth="pro", path_params={"id": lambda c: c["me"]},
         query={"month": lambda c: c["review_month"]},
         check=lambda c, b: None if b["reviewTime"]["totalMinutes"] == 20 and b["reviewTime"]["interactiveCommunicationDates"]
         and b["period"]["days"] == b["daysWithData"]["periodDays"] else f"unexpected {b}"),
    Call("get", "/clients/{id}/report", 200, auth="pro", path_params={"id": lambda c: c["me"]}, note="the current month"),
    Call("get", "/clients/{id}/report", 422, auth="pro", path_params={"id": lambda c: c["me"]}, query={"month": "2026-13"},
         check=error_field("month"), note="no such month"),
    Call("get", "/clients/{id}/report", 404, auth="other", path_params={"id": lambda c: c["me"]}, note="not theirs"),
    Call("post", "/clients/{id}/outcomes", 201, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body={"measure": "tug", "value": 14.2, "note": "with a stick"}),
    Call("post", "/clients/{id}/outcomes", 422, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body={"measure": "tug", "value": -1}, check=error_field("value"), note="out of range"),
    Call("post", "/outcomes", 201, json_body={"measure": "nprs", "answers": {"pain": 3}}),
    Call("post", "/outcomes", 422, json_body={"measure": "tug", "value": 12}, check=error_field("measure"),
         note="a clinic test is entered by a professional"),
    Call("get", "/outcomes", 200, check=lambda c, b: None if len(b) == 2 else f"expected two measures, got {b}"),
    Call("get", "/clients/{id}/outcomes", 200, auth="pro", path_params={"id": lambda c: c["me"]}),
    Call("put", "/clients/{id}/prescription", 422, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body={"daysPerWeek": 3, "minutesPerSession": 10, "weeks": 4, "reason": ""}, validate_request=False,
         check=error_field("reason"), note="a prescription says why"),
    Call("put", "/clients/{id}/prescription", 200, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body={"programs": ["knee-oa"], "daysPerWeek": 3, "minutesPerSession": 10, "weeks": 6, "speedCapMps": 0.8,
                    "holdProgression": True, "reason": "Knee settled: steady for two weeks"},
         check=lambda c, b: None if b["prescription"]["version"] == 1 else f"unexpected {b['prescription']}"),
    Call("get", "/clients/{id}/prescription", 200, auth="pro", path_params={"id": lambda c: c["me"]}),
    Call("get", "/prescriptions", 200,
         check=lambda c, b: None if b and b[0]["prescribedBy"] == "Dr. Walk" else f"unexpected {b}"),
    Call("post", "/clients/{id}/goals", 201, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body={"title": "10 min backward at 3 km/h without rails", "due": "2030-03-01T00:00:00Z",
                    "target": {"kind": "treadmill", "minutes": 10, "minimumSpeedMps": 0.83,
                               "maximumHandrail": "hands-free"}},
         check=lambda c, b: None if b["status"] in ("not-started", "in-progress") else f"unexpected {b}"),
    Call("post", "/clients/{id}/goals", 422, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body={"title": "x", "due": "2030-03-01T00:00:00Z", "target": {"kind": "outcome", "measure": "3mbwt"}},
         check=error_field("target.threshold"), note="an outcome goal names its threshold"),
    Call("post", "/goals", 201, json_body={"title": "3MBWT under 4.5 s", "due": "2030-03-01T00:00:00Z",
                                          "target": {"kind": "outcome", "measure": "3mbwt", "threshold": 4.5}}),
    Call("get", "/goals", 200, check=lambda c, b: None if len(b) == 2 else f"expected two goals, got {b}"),
    Call("get", "/clients/{id}/goals", 200, auth="pro", path_params={"id": lambda c: c["me"]}),
    Call("get", "/clients/{id}/fhir", 200, auth="pro", path_params={"id": lambda c: c["me"]},
         check=lambda c, b: None if b.get("resourceType") == "Bundle" else f"not a Bundle: {str(b)[:200]}"),
    Call("get", "/clients/{id}/fhir", 404, auth="other", path_params={"id": lambda c: c["me"]}, note="not theirs"),
    Call("get", "/clients/{id}", 404, auth="pro", path_params={"id": lambda c: str(uuid.uuid4())}, note="not a client"),
    Call("post", "/clients/{id}/flag-reviews", 404, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body={"flagKey": "no-such-flag"}),
    Call("post", "/clients/{id}/flag-reviews", 204, auth="pro", path_params={"id": lambda c: c["me"]},
         json_body=lambda c: {"flagKey": c["flag"], "note": "called, pain settled"}),
    Call("get", "/access-log", 200, query={"limit": 50},
         check=lambda c, b: None if b and all(e["actorRole"] == "professional" for e in b) else f"unexpected {b}"),
    Call("delete", "/care-team/{professionalId}", 204, path_params={"professionalId": lambda c: c["pro_id"]}),
    Call("get", "/clients/{id}", 404, auth="pro", path_params={"id": lambda c: c["me"]}, note="revoked at once"),
    Call("get", "/clients", 200, auth="pro", check=lambda c, b: None if b == [] else f"expected none, got {b}"),
    Call("delete", "/care-team/{professionalId}", 404, path_params={"professionalId": lambda c: c["pro_id"]},
         note="revoked already"),
    Call("put", "/profile", 400, raw_body=("application/json", b'{"age": 40,'), validate_request=False,
         note="malformed JSON"),
    Call("post", "/assessments", 413, validate_request=False,
         raw_body=("application/json", json.dumps({"seconds": 4, "notes": "a" * 200_000}).encode()),
         note="oversized body"),
]


class WalkRequest:
    """The openapi-core request protocol over what the walk sends."""

    def __init__(self, base, method, path, query, headers, content_type, body):
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        self.host_url = base
        self.path = path
        self.method = method
        self.body = body
        self.content_type = content_type or ""
        self.parameters = RequestParameters(
            query=ImmutableMultiDict([(k, str(v)) for k, v in query.items()]),
            header=Headers(headers),
            cookie=ImmutableMultiDict(),
        )


class WalkResponse:
    """The openapi-core response protocol over what the server answered."""

    def __init__(self, status, headers, data):
        from werkzeug.datastructures import Headers

        self.status_code = status
        self.headers = Headers(headers)
        self.content_type = (self.headers.get("Content-Type") or "").lower()
        self.data = data


def resolve(value, ctx):
    if callable(value):
        return value(ctx)
    if isinstance(value, dict):
        return {k: resolve(v, ctx) for k, v in value.items()}
    return value


def send(base, method, path, query, headers, body):
    url = base + path
    if query:
        url += "?" + urllib.parse.urlencode(query)
    request = urllib.request.Request(url, data=body, method=method.upper(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, list(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, list(error.headers.items()), error.read()


def walk(base):
    from openapi_core import Config, OpenAPI
    from openapi_spec_validator import validate

    status, _, raw = send(base, "get", "/api/v1/openapi.json", {}, {}, None)
    if status != 200:
        return {"failures": [f"GET /api/v1/openapi.json answered {status}"]}
    spec = json.loads(raw)
    validate(spec)
    # openapi-core parses application/xml bodies into elements, which no string schema accepts: a ZWO download
    # (a file, `format: binary`) is checked to be well-formed XML and validated as its bytes.
    # A FHIR Bundle (application/fhir+json) is JSON: its outline is checked here, its resources by the FHIR
    # cross-check (fhir.resources).
    openapi = OpenAPI.from_dict(spec, config=Config(extra_media_type_deserializers={
        "application/xml": xml_bytes, "application/fhir+json": json.loads}))
    documented = {
        (method, path): op.get("responses", {})
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in ("get", "put", "post", "delete", "patch")
    }
    ctx = {}
    failures = []
    succeeded = set()
    for index, call in enumerate(CALLS):
        label = f"#{index} {call.method.upper()} {call.path} → {call.expect}" + (f" ({call.note})" if call.note else "")
        if (call.method, call.path) not in documented:
            failures.append(f"{label}: the walk calls an operation the document does not list")
            continue
        try:
            params = {k: str(resolve(v, ctx)) for k, v in call.path_params.items()}
            path = "/api/v1" + call.path.format(**params)
            query = resolve(call.query, ctx)
            headers = {}
            if call.auth:
                headers["Authorization"] = f"Bearer {ctx[call.auth]}"
            body = None
            content_type = None
            if call.raw_body is not None:
                content_type, body = call.raw_body
            elif call.json_body is not None:
                content_type, body = "application/json", json.dumps(resolve(call.json_body, ctx)).encode()
            if content_type:
                headers["Content-Type"] = content_type
        except Exception as error:  # a missing context value: an earlier call failed
            failures.append(f"{label}: could not build the request: {error!r}")
            continue
        request = WalkRequest(base, call.method, path, query, headers, content_type, body)
        if call.validate_request:
            try:
                openapi.validate_request(request)
            except Exception as error:
                failures.append(f"{label}: the request does not match the document: {describe(error)}")
        status, response_headers, data = send(base, call.method, path, query, headers, body)
        response = WalkResponse(status, response_headers, data)
        problem = None
        if status != call.expect:
            problem = f"answered {status}: {data[:300]!r}"
        else:
            try:
                openapi.validate_response(request, response)
            except Exception as error:
                problem = f"the response does not match the document: {describe(error)}; body {data[:300]!r}"
        parsed = data  # a file's bytes; JSON parsed
        if problem is None and data and "json" in response.content_type:
            parsed = json.loads(data)
        if problem is None and call.check:
            problem = call.check(ctx, parsed)
        if problem is None and call.save:
            try:
                call.save(ctx, parsed)
            except Exception as error:
                problem = f"could not read what later calls need: {error!r}"
        if problem:
            failures.append(f"{label}: {problem}")
        elif 200 <= status < 300:
            succeeded.add((call.method, call.path))
    missing = sorted(
        f"{method.upper()} {path}" for (method, path) in documented if (method, path) not in succeeded
    )
    for operation in missing:
        failures.append(f"{operation}: documented, but the walk never got its success answer")
    return {
        "calls": len(CALLS),
        "operations": len(documented),
        "exercised": sorted(f"{m.upper()} {p}" for m, p in succeeded),
        "failures": failures,
    }


def xml_bytes(value, **parameters):
    """An XML body as its bytes, once it parses."""
    from xml.etree.ElementTree import fromstring

    fromstring(value)
    return value


def describe(error):
    parts = [f"{type(error).__name__}: {error}"]
    cause = error.__cause__ or error.__context__
    for nested in getattr(cause, "schema_errors", None) or getattr(error, "schema_errors", None) or []:
        location = "/".join(str(p) for p in getattr(nested, "absolute_path", []))
        parts.append(f"at {location or '(root)'}: {getattr(nested, 'message', nested)}")
    if cause is not None and not getattr(cause, "schema_errors", None):
        parts.append(f"{type(cause).__name__}: {cause}")
    return "; ".join(parts)


def main(argv):
    if argv[1:] == ["--check"]:
        try:
            import openapi_core  # noqa: F401
            import openapi_spec_validator  # noqa: F401
        except ImportError as error:
            print(error)
            return 1
        return 0
    if len(argv) == 3 and argv[1] == "--validate":
        from openapi_spec_validator import validate

        with open(argv[2], encoding="utf-8") as handle:
            spec = json.load(handle)
        try:
            validate(spec)
        except Exception as error:
            print(json.dumps({"valid": False, "error": str(error)[:2000]}))
            return 1
        print(json.dumps({"valid": True, "paths": len(spec.get("paths", {}))}))
        return 0
    if len(argv) == 2:
        report = walk(argv[1].rstrip("/"))
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return 1 if report["failures"] else 0
    print(__doc__, file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
