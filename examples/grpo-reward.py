#!/usr/bin/env python3
"""Score a completion of a `sigma export --format grpo` row by playing it in Sigma (standard library only).

A reward function for RL: the row names the task (`scoring.session`, the body of `POST /sessions`);
the completion is the agent's turns as chat messages (text for the customer, or one tool call with its
arguments). Each is played against Sigma's customer and tools over the HTTP API, and the reward is the
task's own, scored against its ground truth.

    python3 examples/grpo-reward.py --server http://127.0.0.1:8000 --row row.json --completion completion.json

prints the reward (1.0 or 0.0). With SIGMA_API_TOKEN set, it is sent as the bearer token.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request


def call(server, method, path, body=None):
    headers = {"Content-Type": "application/json"}
    token = os.environ.get("SIGMA_API_TOKEN")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        message = json.loads(error.read() or b"{}").get("error", {}).get("message", error.reason)
        raise RuntimeError(f"{method} {path}: {error.code} {message}") from None


def score(server, row, completion):
    """The reward of playing `completion` (a list of assistant messages) on the row's task."""
    session = call(server, "POST", "/sessions", row["scoring"]["session"])
    sid = session["id"]
    try:
        call(server, "POST", f"/sessions/{sid}/start")
        for message in completion:
            if message.get("role") != "assistant":
                continue
            calls = message.get("tool_calls") or []
            if calls:
                function = calls[0]["function"]
                arguments = function.get("arguments", {})
                if isinstance(arguments, str):
                    arguments = json.loads(arguments or "{}")
                step = call(server, "POST", f"/sessions/{sid}/tool", {"name": function["name"], "arguments": arguments})
            elif message.get("content"):
                step = call(server, "POST", f"/sessions/{sid}/respond", {"message": message["content"]})
            else:
                continue
            if step.get("done"):
                break
        result = call(server, "GET", f"/sessions/{sid}/result")
        return float(result["reward"]["reward"] or 0.0) if result["done"] else 0.0
    finally:
        # A completion that did not end the conversation scores 0; the session is ended and freed.
        call(server, "DELETE", f"/sessions/{sid}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8000")
    parser.add_argument("--row", required=True, help="one grpo row (JSON)")
    parser.add_argument("--completion", required=True, help="a JSON list of assistant messages")
    args = parser.parse_args()
    with open(args.row) as f:
        row = json.load(f)
    with open(args.completion) as f:
        completion = json.load(f)
    try:
        print(score(args.server, row, completion))
    except RuntimeError as error:
        print(f"grpo-reward: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
