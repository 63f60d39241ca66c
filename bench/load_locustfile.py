"""The load test's simulated people (bench/load.py runs this with Locust, headless).

Every simulated person has an account of their own (applicants and auditors, with a TOTP seed
of their own) and a loopback source address of their own (127.0.x.y): the portal's rate limits
count per sender (docs/rate-limits.md), so a hundred people from one address would be refused
as a flood, which they are not. Forms are read from the page (CSRF token, version field,
submission key) and posted back as a browser does. A request counts as an error when its status
or its outcome (a redirect where the form succeeds) is not what a person expects.

LOAD_DATA names the JSON written by bench/load_seed.py; LOAD_THINK the mean think time (s).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path

import urllib3
from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_http import SourceAddressAdapter, form_of, totp_code

urllib3.disable_warnings()
DATA = json.load(open(os.environ["LOAD_DATA"]))  # noqa: SIM115
THINK = float(os.environ.get("LOAD_THINK", "5"))
IMPORT_FILE = open(DATA["import_file"], "rb").read()  # noqa: SIM115
REPORT_FILE = open(DATA["report_file"], "rb").read()  # noqa: SIM115
_addresses = itertools.count(0)
_applicants = itertools.count(0)
_auditors = itertools.count(0)


def think():
    return between(0.4 * THINK, 1.6 * THINK)


class Person(HttpUser):
    """One person at one address; the portal's pages over HTTPS through the proxy."""

    abstract = True
    wait_time = think()

    def on_start(self) -> None:
        self.client.verify = False  # the bench's own self-signed certificate
        n = next(_addresses)
        adapter = SourceAddressAdapter(f"127.0.{1 + n // 250}.{2 + n % 250}")
        self.client.mount("https://", adapter)
        self.client.mount("http://", adapter)

    def expect(self, method: str, url: str, name: str, *, status: int = 200,
               location: str | None = None, form: str | None = None, **kwargs):
        """One request, failed unless it answers `status` (and, for a redirect, goes where
        the form's success goes; for a page, holds the form posting to …`form`). Returns the
        response, with the form as `.form` when asked for."""
        with self.client.request(method, url, name=name, allow_redirects=False,
                                 catch_response=True, **kwargs) as response:
            response.form = None
            if response.status_code != status:
                # Status 0: no answer at all; say why (the connection's error).
                why = f" ({type(response.error).__name__}: {response.error})" if (
                    response.status_code == 0) else ""
                response.failure(f"{response.status_code} instead of {status}{why}")
            elif location is not None and not re.search(location,
                                                        response.headers.get("Location", "")):
                response.failure(f"went to {response.headers.get('Location')!r}")
            elif form is not None:
                try:
                    response.form = form_of(response.text, form, url.split("?")[0])
                except LookupError as exc:
                    response.failure(str(exc))
                else:
                    response.success()
            else:
                response.success()
        return response

    def post_form(self, page_url: str, page_name: str, action_ends: str, name: str,
                  changes: dict, *, location: str, files: dict | None = None):
        page = self.expect("GET", page_url, page_name, form=action_ends)
        if page.form is None:
            return None
        return self.expect("POST", page.form["action"], name, status=302, location=location,
                           data={**page.form["fields"], **changes}, files=files,
                           headers={"Referer": page.url})


# The last TOTP time step used and the last login per account, shared by every simulated user
# in this process (two simulated users may share an auditor account).
LAST_STEP: dict[str, int] = {}
LAST_LOGIN: dict[str, float] = {}
# 20 codes an hour is one each 3 minutes: the hourly TOTP limit a person never reaches.
LOGIN_INTERVAL = 180


class Account(Person):
    """Someone who logs in with a password and an authenticator code."""

    abstract = True
    account: dict

    def on_start(self) -> None:
        super().on_start()
        self.log_in()

    def log_in(self) -> None:
        done = self.post_form("/account/inloggen/", "login page", "/account/inloggen/",
                              "login: password", {"email": self.account["email"],
                                                  "password": DATA["password"]},
                              location="/account/inloggen/code/")
        if done is None or done.status_code != 302:
            return
        page = self.expect("GET", "/account/inloggen/code/", "login: code page",
                           form="/inloggen/code/")
        if page.form is None:
            return
        # The code the authenticator shows now; a code is good once (replays are refused), so
        # a person who just used this one waits for the next, as they would. Kept per account,
        # not per simulated user: when Locust starts more auditors than there are auditor
        # accounts, two users share one, and the second login of a time step was refused (and,
        # repeated, rate-limited): the product right, the bench wrong.
        email = self.account["email"]
        step = int(time.time()) // 30
        if step <= LAST_STEP.get(email, 0):
            time.sleep((LAST_STEP[email] + 1) * 30 - time.time() + 0.5)
            step = int(time.time()) // 30
        LAST_STEP[email] = step
        LAST_LOGIN[email] = time.time()
        self.expect("POST", page.form["action"], "login: TOTP code", status=302,
                    location="/mijnpso/", data={**page.form["fields"],
                                                "code": totp_code(self.account["totp"], step)},
                    headers={"Referer": page.url})

    @task(1)
    def log_out_and_in(self) -> None:
        page = self.expect("GET", "/mijnpso/", "dashboard", form="/account/uitloggen/")
        # The portal allows an account 5 authenticator codes in 5 minutes and 20 in an hour
        # (docs/rate-limits.md, charged on every attempt). A person logs in again at most once
        # in LOGIN_INTERVAL seconds; more often was the bench, not a person, and the 429 that
        # followed was the limit doing its work.
        if time.time() - LAST_LOGIN.get(self.account["email"], 0) < LOGIN_INTERVAL:
            return
        if page.form is not None:
            self.expect("POST", page.form["action"], "logout", status=302,
                        data=page.form["fields"], headers={"Referer": page.url})
        self.log_in()


class Applicant(Account):
    """An Accounthouder: edits the rekentool, imports a file, looks at step 4, submits."""

    weight = 6

    def on_start(self) -> None:
        applicants = DATA["applicants"]
        self.account = applicants[next(_applicants) % len(applicants)]
        self.ready = list(self.account["ready"])
        super().on_start()

    @property
    def work(self) -> str:
        return f"/mijnpso/rekentool/{self.account['work']}"

    @task(3)
    def dashboard(self) -> None:
        self.expect("GET", "/mijnpso/", "dashboard")

    @task(5)
    def edit_employee(self) -> None:
        page = self.expect("GET", f"{self.work}/doelgroep/", "step 3C (target group)")
        found = re.findall(r"/doelgroep/(\d+)/\"", page.text) if page.status_code == 200 else []
        if not found:
            return
        url = f"{self.work}/doelgroep/{random.choice(found)}/"
        self.post_form(url, "employee edit page", url, "edit employee (POST)",
                       {"hours_per_week": str(random.choice((24, 32, 36, 40)))},
                       location=r"/doelgroep/")

    @task(4)
    def step4(self) -> None:
        self.expect("GET", f"{self.work}/score/", "step 4 (score)")

    @task(2)
    def import_file(self) -> None:
        self.post_form(f"{self.work}/doelgroep/", "step 3C (target group)",
                       "/doelgroep/importeren/", "import target-group file (POST)",
                       {"replace": "on"}, location=r"/doelgroep/",
                       files={"file": ("doelgroep.csv", IMPORT_FILE, "text/csv")})

    @task(1)
    def submit(self) -> None:
        if not self.ready:
            return
        tool = self.ready.pop(0)
        response = self.post_form(
            f"/mijnpso/rekentool/{tool}/aanvraag/", "step 6 (application)",
            "/aanvraag/indienen/", "submit application (POST)",
            {"turnover": "1250000", "authorised": "on", "agreement_accepted": "on"},
            location=r"/mijnpso/aanvraag/\d+/")
        if response is not None and response.status_code == 302:
            self.expect("GET", response.headers["Location"], "application page")


class Auditor(Account):
    """An auditor of the certifying institution: the workspace, then files audit reports."""

    weight = 1

    def on_start(self) -> None:
        auditors = DATA["auditors"]
        self.account = auditors[next(_auditors) % len(auditors)]
        self.open = list(self.account["applications"])
        super().on_start()

    @task(3)
    def workspace(self) -> None:
        self.expect("GET", "/mijnpso/instelling/", "institution workspace")

    @task(2)
    def file_report(self) -> None:
        if not self.open:
            return
        application = self.open.pop(0)
        url = f"/mijnpso/aanvraag/{application}/audit/rapport/"
        page = self.expect("GET", url, "audit report page", form="/audit/rapport/")
        if page.form is None:
            return
        level = next(v for v in page.form["options"]["recommended_level"] if v)
        self.expect("POST", url, "file audit report (POST)", status=302,
                    location=rf"/mijnpso/aanvraag/{application}/",
                    data={**page.form["fields"], "findings": "Voldoet aan de eisen.",
                          "recommended_level": level},
                    files={"report_file": ("rapport.pdf", REPORT_FILE, "application/pdf")},
                    headers={"Referer": page.url})


class Public(Person):
    """A buyer or an integration: the public register, the verification page, the API."""

    weight = 3

    @task(4)
    def search(self) -> None:
        register = DATA["register"]
        r = random.random()
        if r < 0.5:
            params = {"naam": random.choice(register["names"])}
        elif r < 0.75:
            params = {"plaats": random.choice(register["places"]), "trede": "trede_1"}
        else:
            params = {"sortering": "name", "pagina": random.randint(1, 10)}
        self.expect("GET", "/register/", "register search", params=params)

    @task(2)
    def verify(self) -> None:
        self.expect("GET", f"/certificaat/{random.choice(DATA['register']['codes'])}/",
                    "verification page")

    @task(3)
    def api_check(self) -> None:
        self.expect("GET", "/api/v1/check", "API check",
                    params={"kvk": random.choice(DATA["register"]["kvks"])})

    @task(1)
    def api_bulk(self) -> None:
        self.expect("POST", "/api/v1/check/bulk", "API bulk check (100)",
                    json={"kvkNumbers": random.sample(DATA["register"]["kvks"], 100)})


class Baseline(Person):
    """The trivial view (/healthz: one SELECT 1), same people, same think time."""

    weight = 1

    @task
    def trivial(self) -> None:
        self.expect("GET", "/healthz", "baseline /healthz")
