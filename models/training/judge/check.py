"""Checks an exported judge: its ONNX (int8) on batches of any length and padding against the
held-out worlds of worlds.py, and, given an evaluation's results.jsonl (from the demo's `eval`),
what the judge would decide over the facts each question put in the prompt. Threshold: --threshold.

    python check.py --judge out/judge.onnx [--results ../../../demo-world/target/eval/results.jsonl]
"""

import argparse
import json
import os
import sys
import zipfile

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import JAR, MAX_LEN  # noqa: E402
from worlds import DEV, WORLDS  # noqa: E402


class OnnxJudge:
    def __init__(self, path):
        self.session = ort.InferenceSession(path)
        with zipfile.ZipFile(JAR) as z:
            self.tokenizer = Tokenizer.from_str(z.read("bge-small-en-v1.5-tokenizer.json").decode())

    def __call__(self, question, facts):
        # One pair at a time, as the game runs it: the int8 model's activation scales are the
        # batch's, so a pair's score would move with what shares its batch.
        return [self.batch(question, [f])[0] for f in facts]

    def batch(self, question, facts):
        enc = [self.tokenizer.encode(question, f) for f in facts]
        n = max(min(len(e.ids), MAX_LEN) for e in enc)
        ids = np.zeros((len(enc), n), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for i, e in enumerate(enc):
            k = min(len(e.ids), MAX_LEN)
            ids[i, :k] = e.ids[:k]
            mask[i, :k] = 1
            types[i, :k] = e.type_ids[:k]
        logits = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
        return (1 / (1 + np.exp(-logits))).tolist()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--judge", required=True)
    ap.add_argument("--results")
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args()
    judge = OnnxJudge(args.judge)
    # Padding must not change a pair's score: alone vs in a batch with a long neighbour.
    alone = judge.batch("how much for a sword?", ["An iron sword costs 40 silver."])[0]
    batched = judge.batch("how much for a sword?", ["An iron sword costs 40 silver.",
                                               "The forge has been in the family for five generations and "
                                               "the anvil came from the capital on a cart pulled by oxen."])[0]
    print(f"alone {alone:.4f}, in a padded batch {batched:.4f}")
    t = args.threshold
    for name in DEV:
        facts, questions = WORLDS[name]
        for text, answer in questions:
            p = judge(text, facts)
            best = int(np.argmax(p))
            ok = (answer is None and max(p) < t) or (answer is not None and max(p) >= t and best == answer)
            if not ok:
                print(f"  dev miss [{name}] {text!r}: answer {answer}, judge {best} p={max(p):.2f}")
    if args.results:
        counts = {"right": 0, "ans": 0, "una": 0, "dk_una": 0, "dk_ans": 0, "wrong": 0}
        for line in open(args.results):
            r = json.loads(line)
            facts = r["facts_in_prompt"]
            if r["kind"] == "answer":
                counts["ans"] += 1
            else:
                counts["una"] += 1
            chosen = None
            if facts:
                p = judge(r["question"], facts)
                if max(p) >= t:
                    chosen = facts[int(np.argmax(p))]
            if r["kind"] == "answer":
                if chosen is None:
                    counts["dk_ans"] += 1
                elif chosen == r["fact"]:
                    counts["right"] += 1
                else:
                    counts["wrong"] += 1
            elif chosen is None:
                counts["dk_una"] += 1
        print(f"threshold {t}: right {counts['right']}/{counts['ans']} ({counts['right'] / counts['ans']:.1%}),"
              f" dk on answerable {counts['dk_ans']}, wrong fact {counts['wrong']},"
              f" dk on unanswerable {counts['dk_una']}/{counts['una']} ({counts['dk_una'] / counts['una']:.1%})")


if __name__ == "__main__":
    main()
