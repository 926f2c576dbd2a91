import json
from datetime import date


class RpcMixin:
    """Calls as a logged-in user over JSON-RPC (``/web/dataset/call_kw``), the way the web client and
    external clients reach the models. Mix into an HttpCase whose users have ``password == login``."""

    @classmethod
    def rpc_passwords(cls, *users):
        for user in users:
            user.password = user.login

    def call(self, user, model, method, *args, **kwargs):
        """The JSON-RPC answer (``{"result": ...}`` or ``{"error": ...}``) of ``model.method(*args, **kwargs)``."""
        if getattr(self, "_rpc_login", None) != user.login:
            self.authenticate(user.login, user.login)
            self._rpc_login = user.login
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
        (the field's label as the caller reads it)."""
        self.assertIn("error", answer, f"accepted: {answer.get('result')!r}")
        data = answer["error"]["data"]
        self.assertEqual(data["name"], exception, data.get("message"))
        self.assertIn(field, data["message"])
        return data["message"]

    def assertAccessRefused(self, answer):
        self.assertIn("error", answer, f"accepted: {answer.get('result')!r}")
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
