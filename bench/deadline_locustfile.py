"""The people of a reporting deadline, for locust (started by bench/deadline_load.py, which
prepares the round and the sessions and passes them in DEADLINE_PEOPLE, a JSON file).

- A unit's liaison (one locust user per unit, each with its own session): opens the unit's
  dashboard, opens one of its reports, saves the draft as the page's autosave does (HTMX post
  with the version read), and, every few saves, submits it; a report submitted is done.
- The secretariat: refreshes the supervision dashboard and the round's page.

Every answer other than the expected one (200; 302 after a submit) counts as a failure; a
409 would mean two people wrote over each other, which this scenario never does."""

import itertools
import json
import os
import re

from locust import HttpUser, between, task

PEOPLE = json.loads(open(os.environ["DEADLINE_PEOPLE"], encoding="utf-8").read())
LIAISONS = itertools.cycle(PEOPLE["liaisons"])
SECRETARIAT = itertools.cycle(PEOPLE["secretariat"])
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|version)"(?: id="\w+")? value="([^"]*)"')


class Liaison(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        person = next(LIAISONS)
        self.client.cookies.set(PEOPLE["session_cookie"], person["session"])
        self.client.headers["Accept-Language"] = "zh-hans"
        self.reports = list(person["submissions"])
        self.saves = 0

    def report_page(self, pk: int) -> dict[str, str]:
        page = self.client.get(
            f"/rounds/submissions/{pk}/", name="报送页 /rounds/submissions/[id]/"
        )
        return dict(HIDDEN.findall(page.text))

    @task(2)
    def my_dashboard(self):
        self.client.get("/rounds/my/", name="本单位工作台 /rounds/my/")

    @task(6)
    def save_then_submit(self):
        if not self.reports:
            return self.my_dashboard()
        pk = self.reports[0]
        hidden = self.report_page(pk)
        if "version" not in hidden:
            return  # not editable any more (submitted): the page answered 200 all the same
        body = {
            **hidden,
            "progress_status": "on_track",
            "progress": f"截至目前，任务按计划推进，第{self.saves + 1}次保存。",
            "problems": "",
            "next_steps": "按期完成。",
            "figure_key_0": "完成投资（亿元）",
            "figure_value_0": str(self.saves + 1),
        }
        self.saves += 1
        if self.saves % 3:
            self.client.post(
                f"/rounds/submissions/{pk}/save/",
                data=body,
                headers={"HX-Request": "true"},
                name="保存草稿 /rounds/submissions/[id]/save/",
            )
            return
        with self.client.post(
            f"/rounds/submissions/{pk}/submit/",
            data=body,
            allow_redirects=False,
            name="报送 /rounds/submissions/[id]/submit/",
            catch_response=True,
        ) as answer:
            if answer.status_code == 302:
                answer.success()
                self.reports.pop(0)
            else:
                answer.failure(f"submit answered {answer.status_code}")


class Secretariat(HttpUser):
    fixed_count = len(PEOPLE["secretariat"])  # the rest of the users are liaisons
    wait_time = between(2, 5)

    def on_start(self):
        person = next(SECRETARIAT)
        self.client.cookies.set(PEOPLE["session_cookie"], person["session"])
        self.client.headers["Accept-Language"] = "zh-hans"
        self.round = PEOPLE["round"]

    @task(3)
    def dashboard(self):
        self.client.get("/rounds/dashboard/", name="调度督办 /rounds/dashboard/")

    @task(2)
    def round_page(self):
        self.client.get(f"/rounds/{self.round}/", name="调度详情 /rounds/[id]/")
