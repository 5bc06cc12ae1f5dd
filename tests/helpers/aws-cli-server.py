"""Runs AWS CLI commands for the tests in one long-lived Python process (tests/helpers/Emulator.ps1).

Each request is one JSON line on stdin: {"args": [...], "env": {"NAME": "value" or null}}; each answer one JSON line on
stdout: {"exit": n, "stdout": "...", "stderr": "..."}. Every command runs through the CLI's own driver
(awscli.clidriver, as the `aws` script does), created afresh per command so no state carries over; only the
interpreter start and the imports are shared, which is most of the cost of a command.
"""
import contextlib
import io
import json
import os
import sys

from awscli.clidriver import create_clidriver

answers = sys.stdout
for line in sys.stdin:
    request = json.loads(line)
    for name, value in request["env"].items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = create_clidriver().main(request["args"])
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except Exception as failure:  # the CLI reports its own errors; anything else is the server's and must show
            err.write(repr(failure))
            code = 255
    answers.write(json.dumps({"exit": code, "stdout": out.getvalue(), "stderr": err.getvalue()}) + "\n")
    answers.flush()
