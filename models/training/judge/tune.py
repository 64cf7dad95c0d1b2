"""Chooses how the judge's verdict and retrieval's similarity combine, on the judge's held-out
worlds (worlds.DEV) only. Retrieval as the game does it: the bundled int8 BGE encoder, CLS
pooling, the query the mean of the plain and the instructed embedding, facts at or above 0.48,
the best three. For each rule and setting: the answering fact stated, and unanswerable
questions declined.

    python tune.py --judge out/judge.onnx --encoder <DJL cache>/animus/encoders/bge-small-en-v1.5-q/model.onnx
"""

import argparse
import itertools
import os
import sys

import numpy as np
import onnxruntime as ort

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import OnnxJudge  # noqa: E402
from worlds import DEV, WORLDS  # noqa: E402

INSTRUCTION = "Represent this sentence for searching relevant passages: "
FLOOR = 0.48


class Encoder:
    def __init__(self, path, tokenizer):
        self.session = ort.InferenceSession(path)
        self.tokenizer = tokenizer
        self.inputs = [i.name for i in self.session.get_inputs()]

    def __call__(self, text):
        e = self.tokenizer.encode(text)
        ids = np.array([e.ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        h = self.session.run(None, {k: feeds[k] for k in self.inputs})[0][0, 0]
        return h / np.linalg.norm(h)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--judge", required=True)
    ap.add_argument("--encoder", required=True)
    args = ap.parse_args()
    judge = OnnxJudge(args.judge)
    encoder = Encoder(args.encoder, judge.tokenizer)
    rows = []
    for name in DEV:
        facts, questions = WORLDS[name]
        fe = [encoder(f) for f in facts]
        for text, answer in questions:
            q = (encoder(text) + encoder(INSTRUCTION + text)) / 2
            sims = [float(np.dot(q, f)) for f in fe]
            ranked = [int(i) for i in np.argsort(sims)[::-1]]
            order = [i for i in ranked if sims[i] >= FLOOR][:3]
            p = judge(text, [facts[i] for i in order]) if order else []
            # Below the floor or past the first three: what a wider look would judge (six at most).
            wider = [i for i in ranked if i not in order][:max(0, 6 - len(order))]
            pw = judge(text, [facts[i] for i in wider]) if wider else []
            rows.append((answer, order, [sims[i] for i in order], p, wider, pw))

    def score(rule, rescue=None):
        right = declined = ans = una = 0
        for answer, order, sims, p, wider, pw in rows:
            chosen = rule(order, sims, p)
            if chosen is None and rescue is not None and pw and max(pw) >= rescue:
                chosen = wider[int(np.argmax(pw))]
            if answer is None:
                una += 1
                declined += chosen is None
            else:
                ans += 1
                right += chosen == answer
        return right / ans, declined / una

    print("similarity alone: right %.1f%%, declined %.1f%%" % tuple(100 * x for x in score(
        lambda o, s, p: o[0] if o else None)))
    for t in (0.3, 0.5, 0.6, 0.7):
        r = score(lambda o, s, p: o[int(np.argmax(p))] if p and max(p) >= t else None)
        print("judge >= %.1f: right %.1f%%, declined %.1f%%" % (t, 100 * r[0], 100 * r[1]))
    # The judge as a veto: its choice when sure, similarity's when unsure, "don't know" when it
    # is sure that none answers.
    for t, lo in itertools.product((0.5, 0.6, 0.7), (0.02, 0.05, 0.1, 0.2, 0.3)):
        def veto(o, s, p, t=t, lo=lo):
            if not p:
                return None
            if max(p) >= t:
                return o[int(np.argmax(p))]
            return o[0] if max(p) >= lo else None
        r = score(veto)
        print("veto: judge >= %.1f chooses, >= %.2f keeps similarity's choice: right %.1f%%, declined %.1f%%"
              % (t, lo, 100 * r[0], 100 * r[1]))
    # The veto, then a wider look when it declines: the facts below the floor, judged, one taken
    # only when the judge is very sure.
    for lo, rescue in itertools.product((0.05, 0.2, 0.3), (0.8, 0.9, 0.95)):
        def veto(o, s, p, lo=lo):
            if not p:
                return None
            if max(p) >= 0.7:
                return o[int(np.argmax(p))]
            return o[0] if max(p) >= lo else None
        r = score(veto, rescue)
        print("veto at 0.7/%.2f, then the facts below the floor at >= %.2f: right %.1f%%, declined %.1f%%"
              % (lo, rescue, 100 * r[0], 100 * r[1]))
    best = []
    for t, hi, lo in itertools.product((0.5, 0.6, 0.7), (0.6, 0.65, 0.7, 0.75), (0.01, 0.05, 0.1, 0.2)):
        def rule(o, s, p, t=t, hi=hi, lo=lo):
            if p and max(p) >= t:
                return o[int(np.argmax(p))]
            if o and s[0] >= hi and p[0] >= lo:
                return o[0]
            return None
        r = score(rule)
        best.append((r[0] + r[1], r, t, hi, lo))
    best.sort(reverse=True)
    for total, r, t, hi, lo in best[:8]:
        print("judge >= %.1f, or similarity >= %.2f with judge >= %.2f: right %.1f%%, declined %.1f%%"
              % (t, hi, lo, 100 * r[0], 100 * r[1]))


if __name__ == "__main__":
    main()
