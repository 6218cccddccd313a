"""First-start bootstrap of the demo Home Assistant (used by scripts/demo).

Runs beside ``hass`` and talks to it over its REST API on 127.0.0.1 only:

1. waits until Home Assistant answers HTTP;
2. on a fresh config: completes onboarding (owner ``demo`` / ``demo-heat-pump``),
   otherwise logs in with those documented demo credentials;
3. if no ``heat_pump_monitor`` config entry exists yet, adds the simulated heat pump
   through the config-flow API (menu step ``user`` -> form step ``simulated``), or
   with ``--fakes`` the fake ecobee and Venstar thermostats and the fake Kumo unit
   through their own flows (the same steps a user takes: application key, PIN, host;
   Kumo account, unit address);
4. then adds the demo plant's "Garage heat pump" (demo/hpm_demo_plant) through the
   *Existing Home Assistant entities* flow: its climate entity, then the sensors the
   form suggests from the same device, submitted as a user keeps them;
5. prints where to look.

Standard library only. The access token lives in memory only; nothing is written.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
import json
import os
from pathlib import Path
import sys
import time
from typing import Any
import urllib.error
import urllib.parse
import urllib.request

DOMAIN = "heat_pump_monitor"
USERNAME = "demo"
PASSWORD = "demo-heat-pump"  # the documented demo login, printed on purpose
OWNER_NAME = "Demo"
ENTRY_NAME = "Demo heat pump"
PLANT_CLIMATE = "climate.garage_heat_pump"
"""The demo plant's thermostat (demo/hpm_demo_plant), monitored through the bridge."""
PLANT_START_TIMEOUT_S = 120.0
ONBOARDING_STEPS = ("user", "core_config", "analytics", "integration")


class DemoError(Exception):
    """A step of the bootstrap failed; the message says what to do."""


@dataclass
class Response:
    """An HTTP answer: status and decoded JSON body (or raw text)."""

    status: int
    body: Any

    def message(self) -> str:
        """Home Assistant's error message, if any, else the body."""
        if isinstance(self.body, dict) and "message" in self.body:
            return str(self.body["message"])
        return str(self.body)[:300]


class Client:
    """Minimal JSON client for Home Assistant's REST API."""

    def __init__(self, port: int) -> None:
        """Talk to http://127.0.0.1:<port>."""
        self.base = f"http://127.0.0.1:{port}"
        self.client_id = f"{self.base}/"
        self.redirect_uri = f"{self.base}/?auth_callback=1"
        self.token: str | None = None

    def request(
        self,
        method: str,
        path: str,
        payload: dict[str, Any] | None = None,
        *,
        form: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> Response:
        """Send one request; HTTP errors come back as a Response, not an exception."""
        headers = {"Accept": "application/json"}
        data: bytes | None = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif payload is not None:
            data = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        req = urllib.request.Request(
            self.base + path, data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return Response(resp.status, _decode(resp.read()))
        except urllib.error.HTTPError as err:
            return Response(err.code, _decode(err.read()))

    def get(self, path: str) -> Response:
        """GET a path."""
        return self.request("GET", path)

    def post(self, path: str, payload: dict[str, Any] | None = None) -> Response:
        """POST JSON to a path."""
        return self.request("POST", path, payload if payload is not None else {})


def _decode(raw: bytes) -> Any:
    text = raw.decode("utf-8", "replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def say(message: str) -> None:
    """Print a bootstrap message so it stands out between Home Assistant's logs."""
    print(f"demo: {message}", flush=True)


def onboarding_done(config_dir: Path) -> list[str]:
    """Read the onboarding steps already done from Home Assistant's storage."""
    try:
        data = json.loads((config_dir / ".storage" / "onboarding").read_text())
        return list(data["data"]["done"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def wait_for_http(client: Client, parent: int | None, timeout: float) -> None:
    """Wait until Home Assistant answers HTTP at all."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if parent is not None and not _alive(parent):
            raise DemoError("scripts/demo exited; stopping the bootstrap")
        try:
            client.get("/auth/providers")
        except OSError:
            time.sleep(1)
            continue
        return
    raise DemoError(f"Home Assistant did not answer within {timeout:.0f} s")


def wait_for(
    what: str, check: Any, timeout: float, parent: int | None, interval: float = 1
) -> Any:
    """Poll check() until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if parent is not None and not _alive(parent):
            raise DemoError("scripts/demo exited; stopping the bootstrap")
        try:
            if result := check():
                return result
        except OSError:
            pass
        time.sleep(interval)
    raise DemoError(f"timed out waiting for {what}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def exchange_code(client: Client, code: str) -> None:
    """Trade an authorization code for an access token (kept in memory only)."""
    resp = client.request(
        "POST",
        "/auth/token",
        form={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": client.client_id,
        },
    )
    if resp.status != 200 or not isinstance(resp.body, dict):
        raise DemoError(f"token exchange failed: HTTP {resp.status} {resp.message()}")
    client.token = str(resp.body["access_token"])


def onboard(client: Client, parent: int | None) -> bool:
    """Complete onboarding through the REST API; False if the user step was done."""
    wait_for(
        "the onboarding API",
        lambda: client.get("/api/onboarding").status == 200,
        300,
        parent,
    )
    status = client.get("/api/onboarding").body
    done = (
        {s["step"] for s in status if s.get("done")}
        if isinstance(status, list)
        else set()
    )
    if "user" in done:
        return False
    say(f"onboarding: creating the owner account '{USERNAME}'")
    resp = client.post(
        "/api/onboarding/users",
        {
            "client_id": client.client_id,
            "name": OWNER_NAME,
            "username": USERNAME,
            "password": PASSWORD,
            "language": "en",
        },
    )
    if resp.status == 403:
        return False
    if resp.status != 200 or not isinstance(resp.body, dict):
        raise DemoError(
            f"onboarding user step failed: HTTP {resp.status} {resp.message()}"
        )
    exchange_code(client, str(resp.body["auth_code"]))
    # core_config is pre-marked done by scripts/demo (location and units come from
    # configuration.yaml): posting it would start the met, radio_browser,
    # google_translate and shopping_list flows, which pip-install packages at run time
    # and call internet services.
    for step, payload in (
        ("core_config", {}),
        ("analytics", {}),
        (
            "integration",
            {"client_id": client.client_id, "redirect_uri": client.redirect_uri},
        ),
    ):
        if step in done:
            continue
        resp = client.post(f"/api/onboarding/{step}", payload)
        if resp.status not in (200, 403):  # 403: step already done
            raise DemoError(
                f"onboarding step {step} failed: HTTP {resp.status} {resp.message()}"
            )
    say("onboarding complete")
    return True


def login(client: Client) -> bool:
    """Log in with the documented demo credentials; False if they were changed."""
    resp = client.post(
        "/auth/login_flow",
        {
            "client_id": client.client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": client.redirect_uri,
        },
    )
    if resp.status != 200 or not isinstance(resp.body, dict):
        raise DemoError(f"login flow failed: HTTP {resp.status} {resp.message()}")
    resp = client.post(
        f"/auth/login_flow/{resp.body['flow_id']}",
        {"username": USERNAME, "password": PASSWORD, "client_id": client.client_id},
    )
    if not isinstance(resp.body, dict) or resp.body.get("type") != "create_entry":
        return False
    exchange_code(client, str(resp.body["result"]))
    return True


def select_options(form: dict[str, Any], field: str) -> list[str] | None:
    """Return the choices a select field of a serialized form offers, if known."""
    for item in form.get("data_schema") or []:
        if not isinstance(item, dict) or item.get("name") != field:
            continue
        options = (item.get("selector") or {}).get("select", {}).get("options")
        if options is None:
            options = item.get("options")
        if not isinstance(options, list):
            return None
        return [
            str(o["value"])
            if isinstance(o, dict)
            else str(o[0] if isinstance(o, list) else o)
            for o in options
        ]
    return None


def create_entry(client: Client, args: argparse.Namespace) -> bool:
    """Add the simulated heat pump through the config-flow REST API.

    Returns False, adding nothing, if the integration is already set up.
    """
    resp = client.get(f"/api/config/config_entries/entry?domain={DOMAIN}")
    if resp.status == 200 and isinstance(resp.body, list) and resp.body:
        titles = ", ".join(str(e.get("title")) for e in resp.body)
        say(
            f"{DOMAIN} is already set up ({titles}); not adding another "
            "(--speed/--fault/--climate apply to a new setup: scripts/demo --reset)"
        )
        return False
    resp = client.post(
        "/api/config/config_entries/flow",
        {"handler": DOMAIN, "show_advanced_options": False},
    )
    if resp.status in (400, 404):
        raise DemoError(
            f"Home Assistant cannot start a config flow for {DOMAIN} "
            f"(HTTP {resp.status}: {resp.message()}). The integration is probably "
            "incomplete or failed to load: see .demo/config/home-assistant.log. "
            "Home Assistant keeps running; add the integration by hand once it loads."
        )
    if resp.status != 200 or not isinstance(resp.body, dict):
        raise DemoError(
            f"config flow start failed: HTTP {resp.status} {resp.message()}"
        )
    flow = resp.body
    flow_id = flow["flow_id"]
    try:
        if flow.get("type") == "menu":
            if "simulated" not in (flow.get("menu_options") or []):
                raise DemoError(
                    f"the {DOMAIN} menu offers no 'simulated' source: "
                    f"{flow.get('menu_options')}"
                )
            resp = client.post(
                f"/api/config/config_entries/flow/{flow_id}",
                {"next_step_id": "simulated"},
            )
            flow = resp.body if isinstance(resp.body, dict) else {}
        if flow.get("type") != "form" or flow.get("step_id") != "simulated":
            raise DemoError(f"unexpected config flow step: {json.dumps(flow)[:300]}")
        fault = args.fault
        for field, value in (("climate", args.climate), ("scenario", fault)):
            options = select_options(flow, field)
            if options is not None and value not in options:
                if field == "scenario" and not args.fault_given and "none" in options:
                    say(f"fault '{value}' is not offered yet; using 'none'")
                    fault = "none"
                    continue
                raise DemoError(
                    f"--{'fault' if field == 'scenario' else field} {value!r} is not "
                    f"one of: {', '.join(options)}"
                )
        resp = client.post(
            f"/api/config/config_entries/flow/{flow_id}",
            {
                "name": ENTRY_NAME,
                "climate": args.climate,
                "scenario": fault,
                "fault_start_h": 1.0,
                "speed": args.speed,
            },
        )
        result = resp.body if isinstance(resp.body, dict) else {}
        if result.get("type") != "create_entry":
            raise DemoError(
                f"the simulated form was refused: HTTP {resp.status} "
                f"{json.dumps(result.get('errors') or result)[:300]}"
            )
        flow_id = ""
        say(
            f"added '{ENTRY_NAME}' (climate {args.climate}, fault {fault}, "
            f"speed {args.speed:g}x)"
        )
        return True
    finally:
        if flow_id:  # leave no half-finished flow behind
            client.request("DELETE", f"/api/config/config_entries/flow/{flow_id}")


def run_flow(
    client: Client, source: str, answers: dict[str, Any], *, attempts: int = 30
) -> dict[str, Any]:
    """Walk the config flow of ``source`` to its end, answering forms from ``answers``.

    Fields without an answer keep their suggested value (the form's prefill, as a user
    who keeps it submits it) or their default (the first option of a required
    select). A form shown again with an error (e.g. a PIN not yet authorized) is
    retried after a second.
    """
    resp = client.post(
        "/api/config/config_entries/flow",
        {"handler": DOMAIN, "show_advanced_options": False},
    )
    if resp.status != 200 or not isinstance(resp.body, dict):
        raise DemoError(
            f"config flow start failed: HTTP {resp.status} {resp.message()}"
        )
    flow: dict[str, Any] = resp.body
    flow_id = flow["flow_id"]
    try:
        if flow.get("type") == "menu":
            resp = client.post(
                f"/api/config/config_entries/flow/{flow_id}", {"next_step_id": source}
            )
            flow = resp.body if isinstance(resp.body, dict) else {}
        for _ in range(attempts):
            if flow.get("type") != "form":
                break
            payload: dict[str, Any] = {}
            for item in flow.get("data_schema") or []:
                name = item.get("name")
                suggested = (item.get("description") or {}).get("suggested_value")
                if name in answers:
                    payload[name] = answers[name]
                elif suggested is not None:
                    payload[name] = suggested
                elif (options := select_options(flow, name)) and item.get("required"):
                    payload[name] = options[0]
            if flow.get("errors"):
                time.sleep(1.0)
            resp = client.post(f"/api/config/config_entries/flow/{flow_id}", payload)
            flow = resp.body if isinstance(resp.body, dict) else {}
        if flow.get("type") != "create_entry":
            raise DemoError(f"the {source} flow ended with: {json.dumps(flow)[:300]}")
        flow_id = ""
        return flow
    finally:
        if flow_id:
            client.request("DELETE", f"/api/config/config_entries/flow/{flow_id}")


def add_fake_devices(client: Client, args: argparse.Namespace) -> bool:
    """Add the fake ecobee and Venstar thermostats through their config flows.

    Returns False, adding nothing, if the integration is already set up.
    """
    resp = client.get(f"/api/config/config_entries/entry?domain={DOMAIN}")
    if resp.status == 200 and isinstance(resp.body, list) and resp.body:
        titles = ", ".join(str(e.get("title")) for e in resp.body)
        say(f"{DOMAIN} is already set up ({titles}); not adding the fakes again")
        return False
    ecobee_port, venstar_port = (int(p) for p in args.fakes.split(","))
    venstar = run_flow(client, "venstar", {"host": "127.0.0.1", "port": venstar_port})
    say(f"added Venstar '{venstar.get('title')}' (fake on 127.0.0.1:{venstar_port})")
    ecobee = run_flow(client, "ecobee", {"api_key": args.ecobee_key})
    say(f"added ecobee '{ecobee.get('title')}' (fake on 127.0.0.1:{ecobee_port})")
    if args.kumo:
        kumo_port, unit_port = (int(p) for p in args.kumo.split(","))
        username, _, password = args.kumo_login.partition(":")
        kumo = run_flow(
            client,
            "kumo",
            {
                "username": username,
                "password": password,
                "host": "127.0.0.1",
                "port": unit_port,
            },
        )
        say(
            f"added Kumo unit '{kumo.get('title')}' (fake cloud on 127.0.0.1:"
            f"{kumo_port}, unit on 127.0.0.1:{unit_port})"
        )
    return True


def add_bridge_system(client: Client, parent: int | None) -> None:
    """Add the demo plant through the "Existing Home Assistant entities" flow."""

    def plant_ready() -> bool:
        resp = client.get(f"/api/states/{PLANT_CLIMATE}")
        return (
            resp.status == 200
            and isinstance(resp.body, dict)
            and resp.body.get("state") not in ("unavailable", "unknown", None)
        )

    try:
        wait_for("the demo plant", plant_ready, PLANT_START_TIMEOUT_S, parent)
    except DemoError as err:
        raise DemoError(
            f"{PLANT_CLIMATE} did not appear ({err}): the demo plant "
            "(hpm_demo_plant) probably failed to load, see "
            ".demo/config/home-assistant.log; 'Garage heat pump' is not added"
        ) from err
    entry = run_flow(client, "bridge", {"climate_entity": PLANT_CLIMATE})
    say(
        f"added '{entry.get('title')}' through 'Existing Home Assistant entities' "
        f"(the demo plant's {PLANT_CLIMATE} and the sensors of its device)"
    )


def banner(port: int, ha_version: str, *, fakes: bool = False) -> None:
    """Tell the person what to open and what to look at."""
    url = f"http://127.0.0.1:{port}"
    lines = [
        "",
        "=" * 72,
        f"  Heat Pump Monitor demo is running: {url}",
        f"  Log in as: {USERNAME} / {PASSWORD}",
        "  Look at:",
        *(
            [
                "    - Settings > Devices & services > Heat Pump Monitor: the fake",
                "      ecobee and Venstar thermostats and the fake Kumo unit, polled",
                "      over HTTP (the Kumo unit's defrost is its own, not inferred)",
            ]
            if fakes
            else [
                "    - Settings > Devices & services > Devices > Demo heat pump",
                "      (live sensors of the simulated heat pump)",
            ]
        ),
        "    - Settings > Devices & services > Devices > Garage heat pump: the",
        "      same monitor fed by the ordinary entities of device 'Garage' (the",
        "      demo plant: a second simulated heat pump, in real time)",
        "    - Settings > Repairs (findings that need a technician, with evidence)",
        "    - the notifications bell in the sidebar",
        *(
            [
                "  (Home Assistant itself also lists 'Unsupported installation",
                "  method' in Repairs: the demo runs Home Assistant Core in a venv.)",
            ]
            if ha_version[:4].isdigit() and int(ha_version[:4]) >= 2026
            else []
        ),
        "  Stop with Ctrl-C. Start over with: scripts/demo --reset",
        "=" * 72,
        "",
    ]
    print("\n".join(lines), flush=True)


def main(argv: list[str] | None = None) -> int:
    """Bootstrap the demo; exit status 0 even when the integration is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--speed", type=float, default=60.0)
    parser.add_argument("--fault", default=None)
    parser.add_argument("--climate", default="cold")
    parser.add_argument("--parent", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--ha-version", default="")
    parser.add_argument("--fakes", default=None, help="ECOBEE_PORT,VENSTAR_PORT")
    parser.add_argument("--ecobee-key", default="")
    parser.add_argument("--kumo", default=None, help="CLOUD_PORT,UNIT_PORT")
    parser.add_argument("--kumo-login", default="", help="USERNAME:PASSWORD")
    args = parser.parse_args(argv)
    args.fault_given = args.fault is not None
    if args.fault is None:
        args.fault = "defrost_stuck"

    client = Client(args.port)
    try:
        wait_for_http(client, args.parent, args.timeout)
        if set(onboarding_done(args.config)) >= set(ONBOARDING_STEPS) or not onboard(
            client, args.parent
        ):
            wait_for(
                "the login API",
                lambda: client.get("/auth/providers").status == 200,
                args.timeout,
                args.parent,
            )
            if not login(client):
                say(
                    f"the '{USERNAME}' login no longer works (password changed?); "
                    "skipping automatic setup. Start over with scripts/demo --reset."
                )
                banner(args.port, args.ha_version, fakes=bool(args.fakes))
                return 0
        # Let Home Assistant finish starting before adding the entry.
        wait_for(
            "Home Assistant to finish starting",
            lambda: (
                (r := client.get("/api/config")).status == 200
                and isinstance(r.body, dict)
                and r.body.get("state", "RUNNING") == "RUNNING"
            ),
            args.timeout,
            args.parent,
        )
        added = (
            add_fake_devices(client, args) if args.fakes else create_entry(client, args)
        )
        if added:
            add_bridge_system(client, args.parent)
    except DemoError as err:
        say(f"WARNING: {err}")
    except OSError as err:
        say(f"WARNING: could not talk to Home Assistant: {err}")
    except KeyboardInterrupt:
        return 130
    banner(args.port, args.ha_version, fakes=bool(args.fakes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
