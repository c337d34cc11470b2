#!/usr/bin/env python3
"""Plays one episode of Sigma's RL environment over HTTP (/gym), with the standard library only.

Start a server first (`npx sigma serve`), then:

    python3 examples/gym_episode.py [--url http://127.0.0.1:8000] [--domain retail] [--index 0]

The "policy" here is a fixed plan for retail task 0 (cancel order #W1392577, no longer needed); a
trainer puts its model in `choose_action`. It prints each observation and, at the end, the reward and
its breakdown, and exits 0 when the reward is 1.0.
"""
import argparse
import json
import os
import sys
import urllib.error
import urllib.request


def post(url, path, body, token=None):
    request = urllib.request.Request(
        url + path,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        detail = json.loads(error.read().decode("utf-8")).get("error", {}).get("message", "")
        sys.exit("sigma: %s %s failed (%d): %s" % ("POST", path, error.code, detail))


PLAN = [
    {"type": "message", "content": "Could you give me your name and zip code?"},
    {"type": "tool_call", "name": "find_user_id_by_name_zip",
     "arguments": {"first_name": "Bruno", "last_name": "Haddad", "zip": "99219"}},
    {"type": "message", "content": "I will cancel order #W1392577 (reason: no longer needed). Shall I go ahead?"},
    {"type": "tool_call", "name": "cancel_pending_order",
     "arguments": {"order_id": "#W1392577", "reason": "no longer needed"}},
    {"type": "message", "content": "Done: the order is cancelled. Anything else?"},
]


def choose_action(step, observation, tools):
    """The agent: here a fixed plan; a trainer calls its policy with the observation and the tools."""
    if step < len(PLAN):
        return PLAN[step]
    return {"type": "message", "content": "Is there anything else I can help you with?"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--domain", default="retail")
    parser.add_argument("--index", type=int, default=0)
    parser.add_argument("--max-steps", type=int, default=20)
    args = parser.parse_args()
    token = os.environ.get("SIGMA_API_TOKEN") or None

    first = post(args.url, "/gym/reset", {"domain": args.domain, "index": args.index, "customer": {"strategy": "scripted"}}, token)
    episode = first["episodeId"]
    print("episode %s: %s task %s (%d tools)" % (episode, first["task"]["domain"], first["task"]["id"], len(first["tools"])))
    print("customer > " + first["observation"]["content"])
    result = {"done": first["done"], "reward": None, "info": {}}
    step = 0
    while not result["done"] and step < args.max_steps:
        action = choose_action(step, result.get("observation", first["observation"]), first["tools"])
        print("agent    > " + (action.get("content") or "%s %s" % (action["name"], json.dumps(action.get("arguments", {})))))
        result = post(args.url, "/gym/step", {"episodeId": episode, "action": action}, token)
        print("%-8s > %s" % (result["observation"]["role"], result["observation"]["content"]))
        step += 1
    print("done: %s, reward: %s, end: %s" % (result["done"], result["reward"], result["info"].get("endReason")))
    print("breakdown: " + json.dumps(result["info"].get("reward", {}).get("breakdown")))
    return 0 if result["reward"] == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
