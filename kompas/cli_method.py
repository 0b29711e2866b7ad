"""`python -m kompas policy-check | coverage | assumptions | export …`: the method's checks from the
command line. Each command calls one library function and prints it (JSON with --json)."""

from __future__ import annotations

import argparse
import json

from kompas import policy_check, settings
from kompas.access import ROLES
from kompas.policy_criteria import ANSWERS, STATUS_LABELS

COMMANDS = ("policy-check",)


def add_parsers(commands, db_help: str) -> None:
    check = commands.add_parser("policy-check", help="beleidstoets: de antwoorden per activiteit (inclusief beleid)")
    check.add_argument("--programme", help="alleen de activiteiten van dit programma (code)")
    for command in (check,):
        command.add_argument("--db", default=settings.get("db_path"), help=db_help)
        command.add_argument("--json", action="store_true", help="uitvoer als JSON")
        command.add_argument("--role", choices=list(ROLES), default="werkgroep",
                             help="lees als deze rol: werkgroep (standaard), lezer of raad")


def run(store, args: argparse.Namespace) -> int:
    if args.command == "policy-check":
        return _policy_check(store, args)
    raise AssertionError(args.command)


def _policy_check(store, args) -> int:
    table = policy_check.summary(store, args.programme)
    audience = "openbaar" if args.role == "raad" else "werkgroep"
    if args.json:
        answers = policy_check.all_answers(store, audience)
        print(json.dumps([{**row, "answers": answers.get(row["node_id"], [])}
                          for row in table.to_dict("records")], ensure_ascii=False))
        return 0
    for row in table.to_dict("records"):
        print(f"{row['node_id']:22} {row['in_orde']:>2} in orde, {row['let_op']:>2} let op, {row['open']:>2} open  "
              f"{row['title']}")
        for answer in policy_check.all_answers(store, audience).get(row["node_id"], []):
            if answer["status"] == "let_op":
                print(f"{'':22} {STATUS_LABELS['let_op']}: {answer['mark']} {answer['text']}: "
                      f"{ANSWERS[answer['answer']].lower()}")
    return 0
