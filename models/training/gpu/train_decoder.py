"""Trains an Animus decoder on a GPU (or, slowly, a CPU) from a corpus the demo's `corpus`
command wrote, with Hugging Face transformers' Llama as the model: the same architecture and
checkpoint format Animus loads (config.json, model.safetensors, tokenizer.json). What
`models/training`'s Trainer does on two cores, at a GPU's scale: prompt and reply as one
sequence, the loss on the reply's tokens only, Adam with linear warm-up and cosine decay to a
tenth, gradients clipped, a step with a non-finite loss skipped. Fixed by --steps and --seed.

    java ... dev.animus.demo.Launcher corpus --judge-worlds models/training/judge/worlds.json --out CORPUS
    python models/training/gpu/train_decoder.py --corpus CORPUS --out DIR [--width 192 --layers 4 ...]

Python and torch are for making a checkpoint only; nothing in Animus's build or run reads them.
"""
import argparse
import json
import math
import os
import shutil
import struct
import sys
import time

import numpy as np
import torch
from safetensors.torch import save_file
from transformers import LlamaConfig, LlamaForCausalLM

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "..", "src", "main", "resources", "dev", "animus", "model", "decoder")
END = 11  # <|end|>
SAY = 10  # <|say|>


def read(path):
    """The corpus file: (tokens, prompt length) per sample."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"ANIC":
        sys.exit(f"{path} is not a corpus file written by the demo's corpus command")
    version, count = struct.unpack(">ii", data[4:12])
    if version != 1:
        sys.exit(f"{path} has version {version}; this script reads version 1")
    out, off = [], 12
    for _ in range(count):
        p, r = struct.unpack(">HH", data[off:off + 4])
        off += 4
        ids = np.frombuffer(data, dtype=">u2", count=p + r, offset=off).astype(np.int64)
        off += 2 * (p + r)
        out.append((ids, p))
    return out


class Packed:
    """Every sample padded to one length, on the device: a batch is an index and a crop."""

    def __init__(self, samples, device):
        longest = max(len(ids) for ids, _ in samples)
        tokens = np.zeros((len(samples), longest), dtype=np.int64)
        for i, (ids, _) in enumerate(samples):
            tokens[i, :len(ids)] = ids
        self.tokens = torch.from_numpy(tokens).to(device)
        self.prompt = torch.tensor([p for _, p in samples], device=device)
        self.length = torch.tensor([len(ids) for ids, _ in samples], device=device)
        self.lengths = [len(ids) for ids, _ in samples]

    def __len__(self):
        return len(self.lengths)

    def batch(self, picks):
        """Inputs and next-token labels, -100 outside the replies (the loss counts reply tokens only)."""
        t = max(self.lengths[i] for i in picks) - 1
        index = torch.as_tensor(picks, device=self.tokens.device)
        rows = self.tokens[index, : t + 1]
        inp, lab = rows[:, :-1], rows[:, 1:].clone()
        pos = torch.arange(t, device=rows.device).unsqueeze(0)
        keep = (pos >= (self.prompt[index] - 1).unsqueeze(1)) & (pos < (self.length[index] - 1).unsqueeze(1))
        lab[~keep] = -100
        return inp, lab


def loss_of(model, inp, lab):
    logits = model(input_ids=inp).logits.float()
    return torch.nn.functional.cross_entropy(logits.view(-1, logits.size(-1)), lab.view(-1), ignore_index=-100)


@torch.no_grad()
def evaluate(model, held, size, amp):
    model.eval()
    total, tokens = 0.0, 0
    for i in range(0, len(held), size):
        inp, lab = held.batch(list(range(i, min(i + size, len(held)))))
        with amp():
            logits = model(input_ids=inp).logits.float()
        n = (lab != -100).sum().item()
        total += torch.nn.functional.cross_entropy(
            logits.view(-1, logits.size(-1)), lab.view(-1), ignore_index=-100, reduction="sum").item()
        tokens += n
    model.train()
    return total / max(1, tokens)


@torch.no_grad()
def exact_replies(model, held, device, limit):
    """Greedy replies to held-out dialogue prompts: the share whose spoken text is the target's."""
    model.eval()
    right = asked = 0
    for ids, p in held:
        if asked >= limit:
            break
        target = ids[p:].tolist()
        if SAY not in target:
            continue
        asked += 1
        prompt = torch.tensor(ids[:p], device=device).unsqueeze(0)
        outp = model.generate(prompt, max_new_tokens=len(target) + 8, do_sample=False, eos_token_id=END,
                              pad_token_id=END)
        right += outp[0, p:].tolist()[: len(target)] == target
    model.train()
    return right, asked


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="the folder the corpus command wrote")
    ap.add_argument("--out", required=True, help="the checkpoint folder to write")
    ap.add_argument("--from", dest="start", help="a checkpoint folder to go on training")
    ap.add_argument("--width", type=int, default=192)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=6)
    ap.add_argument("--kv-heads", type=int, default=3)
    ap.add_argument("--mlp", type=int, default=512)
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=500)
    ap.add_argument("--seed", type=int, default=20261204)
    ap.add_argument("--eval-every", type=int, default=2000)
    ap.add_argument("--replies", type=int, default=300, help="held-out prompts to reply to greedily at the end")
    ap.add_argument("--threads", type=int, default=0, help="CPU threads for torch (0: its default)")
    ap.add_argument("--minutes", type=float, default=0, help="stop after this long (a safety limit; 0: none)")
    a = ap.parse_args()

    torch.manual_seed(a.seed)
    if a.threads:
        torch.set_num_threads(a.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    amp = (lambda: torch.autocast("cuda", dtype=torch.bfloat16)) if device == "cuda" else (
        lambda: torch.autocast("cpu", enabled=False))
    torch.backends.cuda.matmul.allow_tf32 = True
    train = read(os.path.join(a.corpus, "train.bin"))
    held = {name: read(os.path.join(a.corpus, f"heldout-{name}.bin")) for name in ("worlds", "generated")}
    print(f"{len(train)} training samples, held out {len(held['worlds'])} of other worlds and"
          f" {len(held['generated'])} generated; device {device}", flush=True)

    if a.start:
        config = LlamaConfig.from_pretrained(a.start)
        model = LlamaForCausalLM.from_pretrained(a.start, torch_dtype=torch.float32)
        tokenizer = os.path.join(a.start, "tokenizer.json")
    else:
        config = LlamaConfig(vocab_size=2048, hidden_size=a.width, intermediate_size=a.mlp,
                             num_hidden_layers=a.layers, num_attention_heads=a.heads,
                             num_key_value_heads=a.kv_heads, rope_theta=10000.0, rms_norm_eps=1e-5,
                             tie_word_embeddings=True, max_position_embeddings=512, hidden_act="silu",
                             attention_bias=False, mlp_bias=False, bos_token_id=None, eos_token_id=None)
        model = LlamaForCausalLM(config)
        tokenizer = os.path.join(BUNDLED, "tokenizer.json")
    model.to(device).train()
    packed = Packed(train, device)
    packed_held = {name: Packed(h, device) for name, h in held.items()}
    params = sum(p.numel() for p in model.parameters())
    print(f"model: {params / 1e6:.2f}M parameters, width {config.hidden_size}, {config.num_hidden_layers} layers",
          flush=True)

    opt = torch.optim.Adam(model.parameters(), lr=a.lr, fused=device == "cuda")

    def rate(step):
        if step <= a.warmup:
            return step / max(1, a.warmup)
        progress = min(1.0, (step - a.warmup) / max(1, a.steps - a.warmup))
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: rate(s + 1))
    order = np.random.default_rng(a.seed)
    start = time.time()
    skipped, smoothed, history = 0, None, []
    step = 0
    for step in range(1, a.steps + 1):
        inp, lab = packed.batch(order.integers(0, len(packed), a.batch).tolist())
        with amp():
            loss = loss_of(model, inp, lab)
        opt.zero_grad(set_to_none=True)
        if not torch.isfinite(loss):
            skipped += 1
            sched.step()
            continue
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        value = loss.item() if step % 50 == 0 or step == 1 else None
        if value is not None:
            smoothed = value if smoothed is None else 0.9 * smoothed + 0.1 * value
        if step % 500 == 0:
            print(f"step {step}/{a.steps} loss {smoothed:.3f} lr {sched.get_last_lr()[0]:.2e} "
                  f"{time.time() - start:.0f} s", flush=True)
        if step % a.eval_every == 0 or step == a.steps:
            h = {name: round(evaluate(model, p, 128, amp), 4) for name, p in packed_held.items()}
            history.append({"step": step, "held_out_loss": h})
            print(f"  held-out loss after {step} steps: {h}", flush=True)
        if a.minutes and time.time() - start > a.minutes * 60:
            print(f"time is up after {step} steps", flush=True)
            break
    seconds = time.time() - start
    h = {name: round(evaluate(model, p, 128, amp), 4) for name, p in packed_held.items()}
    replies = {name: exact_replies(model, samples, device, a.replies) for name, samples in held.items()}
    print(f"held-out loss {h}; greedy replies word for word (right, asked) {replies}", flush=True)
    save(model, config, tokenizer, a, {
        "command": "python models/training/gpu/train_decoder.py " + " ".join(sys.argv[1:]),
        "device": torch.cuda.get_device_name() if device == "cuda" else "cpu",
        "torch": torch.__version__, "parameters": params, "steps_run": step, "seconds": round(seconds),
        "skipped_steps": skipped, "held_out_loss": h,
        "held_out_perplexity": {name: round(math.exp(v), 4) for name, v in h.items()},
        "held_out_replies_word_for_word": replies, "history": history,
        "training_samples": len(train), "batch": a.batch, "peak_lr": a.lr, "held_out_samples": {name: len(v) for name, v in held.items()}})


def save(model, config, tokenizer, a, record):
    """config.json as Animus's loader reads it, fp32 safetensors (two shards past 15 MB), tokenizer.json."""
    os.makedirs(a.out, exist_ok=True)
    c = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_act": "silu",
         "vocab_size": config.vocab_size, "hidden_size": config.hidden_size,
         "intermediate_size": config.intermediate_size, "num_hidden_layers": config.num_hidden_layers,
         "num_attention_heads": config.num_attention_heads, "num_key_value_heads": config.num_key_value_heads,
         "rope_theta": 10000.0, "rms_norm_eps": 1e-5, "tie_word_embeddings": True,
         "max_position_embeddings": 512, "bos_token_id": -1, "eos_token_id": -1, "attention_bias": False,
         "mlp_bias": False, "torch_dtype": "float32"}
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(c, f, indent=2)
    weights = {k: v.detach().float().cpu().contiguous() for k, v in model.state_dict().items()
               if k != "lm_head.weight"}  # tied to the embeddings
    size = sum(v.numel() * 4 for v in weights.values())
    if size <= 15 * 2**20:
        save_file(weights, os.path.join(a.out, "model.safetensors"), metadata={"format": "pt"})
    else:
        names = sorted(weights)
        half, shards, index = size / 2, [{}, {}], {}
        running = 0
        for k in names:
            part = 0 if running < half else 1
            running += weights[k].numel() * 4
            shards[part][k] = weights[k]
        for i, shard in enumerate(shards):
            name = f"model-{i + 1:05d}-of-00002.safetensors"
            save_file(shard, os.path.join(a.out, name), metadata={"format": "pt"})
            index.update({k: name for k in shard})
        with open(os.path.join(a.out, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {"total_size": size}, "weight_map": index}, f, indent=1)
    shutil.copy(tokenizer, os.path.join(a.out, "tokenizer.json"))
    with open(os.path.join(a.out, "training.json"), "w") as f:
        json.dump(record, f, indent=2)
    print(f"saved {a.out}", flush=True)


if __name__ == "__main__":
    main()
