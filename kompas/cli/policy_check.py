"""``python -m kompas policy-check``: the policy check (inclusief beleid) per activity: how many answers are in
order, need attention or are open, and the ones that need attention."""

from __future__ import annotations

import argparse
import json

from kompas.cli import common, parsing
from kompas.domain.policy_criteria import ANSWERS, STATUS_LABELS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--programme", help="alleen de activiteiten van dit programma (code)")
    parsing.add_db(parser)
    parsing.add_json(parser)
    parsing.add_role(parser, parsing.READ_ROLE_HELP)


def run(args: argparse.Namespace) -> int:
    from kompas.store import policy_check

    audience = "openbaar" if args.role == "raad" else "werkgroep"
    with common.opened(args) as store:
        table = policy_check.summary(store, args.programme)
        answers = policy_check.all_answers(store, audience)
    if args.json:
        print(
            json.dumps(
                [{**row, "answers": answers.get(row["node_id"], [])} for row in table.to_dict("records")],
                ensure_ascii=False,
            )
        )
        return 0
    for row in table.to_dict("records"):
        print(
            f"{row['node_id']:22} {row['in_orde']:>2} in orde, {row['let_op']:>2} let op, {row['open']:>2} open  "
            f"{row['title']}"
        )
        for answer in answers.get(row["node_id"], []):
            if answer["status"] == "let_op":
                print(
                    f"{'':22} {STATUS_LABELS['let_op']}: {answer['mark']} {answer['text']}: "
                    f"{ANSWERS[answer['answer']].lower()}"
                )
    return 0
