"""The Timetable page in the real browser (called by console_browser.run after the approval): the page, a
mistake shown beside its field, the week preview and the ICS import's preview, each screenshot on a desktop
and (the page and the week) on a phone's width for docs/console.md. The import is previewed, not applied:
the daemon's timetable stays the demo's."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "term-dates", "northshire-2027-28.ics")
PHONE = 400


def timetable_pages(s, check, daemon):
    s.open("/timetable")
    s.shot("timetable")
    check("Terms and half terms" in s.text() and "Bell schedule" in s.text(), "the Timetable page shows terms and the bell schedule")
    s.shot("timetable-phone", width=PHONE)
    s.driver.set_window_size(1000, 900)
    s.fill("tt-closures-0-0-date", "2026-13-01")
    s.click("Save closure 1")
    check("'2026-13-01' is not a date" in s.text(), "a mistake is refused with the compiler's words")
    s.driver.execute_script("document.getElementById('closures').scrollIntoView()")
    s.shot("timetable-error", top=False)
    # A closure added in the browser reaches the file, with its audit, and the daemon reloads it by itself
    # (the timetable file is watched like the policy): generation 3 after the approval's 2.
    s.open("/timetable")
    s.fill("tt-closures-0-new-date", "2026-12-01")
    s.fill("tt-closures-0-new-name", "Polling day")
    from selenium.webdriver.support.ui import Select
    Select(s.driver.find_element("id", "tt-closures-0-new-kind")).select_by_value("closure")
    s.click("Add new closure")
    check("Saved" in s.text(), "a closure added in the browser is saved")
    timetable = open(os.path.join(daemon.dir, "hillside-timetable.yaml")).read()
    check("{date: 2026-12-01, name: Polling day, kind: closure}" in timetable, "the timetable file holds the new closure")
    check(daemon.wait_for_generation(3, timeout=10), "the daemon reloaded the changed timetable file by itself (generation 3)")
    s.open("/timetable/week?date=2026-11-23")
    check("INSET day" in s.text() and "blocked: facebook, instagram, x" in s.text(), "the week preview shows the INSET day and the blocks")
    s.shot("timetable-week")
    s.shot("timetable-week-phone", width=PHONE)
    s.driver.set_window_size(1000, 900)
    s.open("/timetable/import")
    s.driver.find_element("id", "ics").send_keys(FIXTURE)
    s.click("Preview the import")
    check("add Summer term 2028-04-18 to 2028-07-21" in s.text() and "Not imported" in s.text(), "the import's preview lists the changes")
    s.shot("timetable-import")
