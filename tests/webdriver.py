"""A minimal W3C WebDriver client over httpx, for the browser tests (no Selenium needed).

Only what tests/test_web_browser.py uses: open a page, find elements by CSS, click,
type, run a script, read the browser console, take a screenshot, and let downloads
land in a folder (through ChromeDriver's CDP bridge).
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C web element identifier


def browser_paths() -> tuple[str, str] | None:
    """(chromium, chromedriver) when both are installed, else None."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Browser:
    def __init__(self, chromium: str, driver: str, downloads: Path) -> None:
        port = free_port()
        self.process = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, env={**os.environ})
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        for _ in range(100):
            try:
                self.http.get("/status")
                break
            except httpx.TransportError:
                time.sleep(0.05)
        options = {"binary": chromium, "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                                                 "--window-size=1280,900", "--disable-dev-shm-usage"]}
        r = self.http.post("/session", json={"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options,
            "goog:loggingPrefs": {"browser": "ALL"}}}})
        r.raise_for_status()
        self.session = f"/session/{r.json()['value']['sessionId']}"
        self.cmd("goog/cdp/execute", {"cmd": "Browser.setDownloadBehavior", "params": {
            "behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": False}})

    def cmd(self, path: str, body: dict[str, Any] | None = None, method: str = "POST") -> Any:
        r = self.http.request(method, f"{self.session}/{path}" if path else self.session,
                              json=body if method == "POST" else None)
        value = r.json().get("value")
        if r.status_code >= 400:
            raise AssertionError(f"webdriver {path}: {value}")
        return value

    def get(self, url: str) -> None:
        self.cmd("url", {"url": url})

    def find(self, css: str) -> str:
        found = self.cmd("element", {"using": "css selector", "value": css})
        if not isinstance(found, dict) or ELEMENT not in found:
            raise AssertionError(f"no element {css!r} on {self.run('return location.href')}: {found}")
        return str(found[ELEMENT])

    def click(self, css: str) -> None:
        self.cmd(f"element/{self.find(css)}/click", {})

    def type(self, css: str, text: str, clear: bool = True) -> None:
        element = self.find(css)
        if clear:
            self.cmd(f"element/{element}/clear", {})
        self.cmd(f"element/{element}/value", {"text": text})

    def run(self, script: str, *args: Any) -> Any:
        return self.cmd("execute/sync", {"script": script, "args": list(args)})

    def wait(self, condition: Callable[[], Any], timeout: float = 20.0) -> Any:
        end = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > end:
                raise AssertionError("timed out waiting in the browser")
            time.sleep(0.1)

    def console(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = self.cmd("se/log", {"type": "browser"})
        return entries

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self.cmd("screenshot", method="GET")))

    def quit(self) -> None:
        try:
            self.cmd("", method="DELETE")
        finally:
            self.http.close()
            self.process.terminate()
            self.process.wait(10)
