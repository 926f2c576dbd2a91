"""The project's one JSON-RPC transport for tests: calls as a logged-in user (or as nobody) over
``/web/dataset/call_kw``, the way the web client and external clients reach the models."""

import json
from datetime import date
from datetime import datetime

from odoo import fields


class RpcMixin:
    """Mix into an HttpCase. ``HttpCase.authenticate`` does not check passwords: any test user logs in."""

    def call(self, user, model, method, *args, **kwargs):
        """The JSON-RPC answer (``{"result": ...}`` or ``{"error": ...}``) of ``model.method(*args, **kwargs)``
        called by ``user`` (a ``res.users`` record or a login; ``None``: without a session)."""
        login = user if isinstance(user, str) or user is None else user.login
        self.env.flush_all()  # the request reads what the test wrote
        session = getattr(self, "session", None)
        if session is None or session.login != login:
            self.authenticate(login, login)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload, default=_json_default),
            headers={"Content-Type": "application/json"},
        )
        self.env.invalidate_all()
        return response.json()

    def ok(self, user, model, method, *args, **kwargs):
        answer = self.call(user, model, method, *args, **kwargs)
        self.assertNotIn("error", answer, answer.get("error", {}).get("data", {}).get("message"))
        return answer.get("result")  # (a None result is left out of the answer)

    def assertRefused(self, answer, field, exception="odoo.exceptions.ValidationError"):
        """The call failed with ``exception`` (a clear error, no traceback) whose message names ``field``
        (the field's label as the caller reads it, or any text the message must hold)."""
        self.assertIn("error", answer, f"accepted: {answer.get('result')!r}")
        data = answer["error"]["data"]
        self.assertEqual(data["name"], exception, data.get("debug", "")[-2000:])
        self.assertIn(field, data["message"])
        return data["message"]

    def assertAccessRefused(self, answer):
        self.assertIn("error", answer, f"accepted: {answer.get('result')!r}")
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")


def error_name(answer):
    """The exception class name of a JSON-RPC error answer (``None``: the call went through)."""
    if "error" not in answer:
        return None
    return answer["error"].get("data", {}).get("name", "")


def _json_default(value):
    if isinstance(value, datetime):
        return fields.Datetime.to_string(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
