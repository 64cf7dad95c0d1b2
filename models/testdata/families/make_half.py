"""Adds to the half-precision families' expected.json (llama3, stored in bf16; qwen2, stored in
fp16) the logits and greedy tokens transformers computes with the weights in fp16
(`half_logits`, `half_greedy`), so the decoder's fp16 path is checked against transformers' own
fp16 arithmetic and not only against fp32. (fp16 for both: DJL's PyTorch engine aborts on
bfloat16 arrays, so the decoder keeps a bf16 checkpoint in fp16.)

Run after make_fixtures.py, offline: python make_half.py
"""

import json
import os

import torch
from transformers import AutoModelForCausalLM

HERE = os.path.dirname(os.path.abspath(__file__))
HALF = {"llama3": torch.float16, "qwen2": torch.float16}

for name, dtype in HALF.items():
    folder = os.path.join(HERE, name)
    path = os.path.join(folder, "expected.json")
    expected = json.load(open(path))
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype, attn_implementation="eager")
    model.eval()
    ids = torch.tensor([expected["prompt"]])
    with torch.no_grad():
        expected["half_logits"] = model(ids).logits[0, -1].float().tolist()
        out = model.generate(ids, max_new_tokens=12, do_sample=False, min_new_tokens=12, pad_token_id=0)
    expected["half_dtype"] = str(dtype).replace("torch.", "")
    expected["half_greedy"] = out[0, ids.shape[1]:].tolist()
    with open(path, "w") as f:
        json.dump(expected, f, indent=1)
    gap = max(abs(a - b) for a, b in zip(expected["half_logits"], expected["last_logits"]))
    print(name, dtype, "greedy", expected["half_greedy"] == expected["greedy"], "max |half - fp32|", gap)
