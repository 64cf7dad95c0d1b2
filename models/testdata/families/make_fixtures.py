"""Makes the model-family fixtures the decoder's tests compare against.

Each folder holds a tiny random checkpoint in one Hugging Face family's real config (its
fields, its RoPE scaling, its biases and norms), its weights as safetensors (fp32, bf16 or
fp16), the config twice (config.json as transformers 5 writes it, config.classic.json in the
format transformers 4 wrote), and expected.json: a prompt's token ids, the logits at its last
position, and the greedy continuation, all from transformers' own implementation of the family.

Run once, offline: pip install torch transformers safetensors; python make_fixtures.py
The build only reads what it wrote.
"""

import json
import os
import sys
import shutil

import torch
import transformers
from transformers import (
    AutoModelForCausalLM,
    Gemma2Config,
    Gemma3TextConfig,
    LlamaConfig,
    MistralConfig,
    Qwen2Config,
    Qwen3Config,
)

HERE = os.path.dirname(os.path.abspath(__file__))
SMALL = dict(
    vocab_size=128,
    hidden_size=32,
    intermediate_size=64,
    num_hidden_layers=2,
    num_attention_heads=4,
    num_key_value_heads=2,
    max_position_embeddings=256,
    bos_token_id=1,
    eos_token_id=2,
    initializer_range=0.25,  # far from uniform logits, so greedy tokens differ from step to step
)
NEW_TOKENS = 12

FAMILIES = {
    # Llama 3.2: llama3 RoPE scaling (original context small, so the scaling shows at short prompts), tied, bf16
    "llama3": (LlamaConfig, dict(tie_word_embeddings=True, rope_theta=500000.0,
                                 rope_scaling=dict(rope_type="llama3", factor=32.0, low_freq_factor=1.0,
                                                   high_freq_factor=4.0, original_max_position_embeddings=64)),
               torch.bfloat16),
    "llama-linear": (LlamaConfig, dict(rope_scaling=dict(rope_type="linear", factor=4.0)), torch.float32),
    "llama-dynamic": (LlamaConfig, dict(rope_scaling=dict(rope_type="dynamic", factor=2.0)), torch.float32),
    "llama-yarn": (LlamaConfig, dict(rope_scaling=dict(rope_type="yarn", factor=4.0,
                                                       original_max_position_embeddings=64)), torch.float32),
    "llama-bias": (LlamaConfig, dict(attention_bias=True, mlp_bias=True), torch.float32),
    # SmolLM2: a Llama with its own two flags, tied
    "smollm2": (LlamaConfig, dict(tie_word_embeddings=True, rope_theta=100000.0, is_llama_config=True,
                                  rope_interleaved=False), torch.float32),
    # Qwen2.5: q/k/v biases, tied, sliding window off as its checkpoints ship, fp16
    "qwen2": (Qwen2Config, dict(tie_word_embeddings=True, rope_theta=1000000.0, use_sliding_window=False,
                                sliding_window=4096, max_window_layers=21), torch.float16),
    # Mistral: a sliding window short enough to matter here
    "mistral": (MistralConfig, dict(sliding_window=8), torch.float32),
    # Qwen3: q/k RMSNorm per head, a head width of its own
    "qwen3": (Qwen3Config, dict(head_dim=16, tie_word_embeddings=True, rope_theta=1000000.0), torch.float32),
    # Gemma 2: GeGLU, (1 + w) norms around both halves of a block, scaled embeddings, soft-capped
    # attention and logits, every other layer a sliding window short enough to matter here
    "gemma2": (Gemma2Config, dict(head_dim=16, query_pre_attn_scalar=24, sliding_window=8,
                                  attn_logit_softcapping=5.0, final_logit_softcapping=3.0), torch.float32),
    # Gemma 3 (text, as the 270M and 1B): q/k norms, a local RoPE base for its sliding layers,
    # five sliding layers to one full (here: layers 0-4 sliding, 5 full)
    "gemma3": (Gemma3TextConfig, dict(head_dim=16, query_pre_attn_scalar=16, sliding_window=8, num_hidden_layers=6,
                                      rope_parameters={"sliding_attention": {"rope_type": "default", "rope_theta": 10000.0},
                                                       "full_attention": {"rope_type": "default", "rope_theta": 1000000.0}}),
               torch.float32),
}


def classic(config: dict) -> dict:
    """The same config as transformers 4 wrote it: rope_theta and rope_scaling, torch_dtype."""
    c = dict(config)
    rope = dict(c.pop("rope_parameters", None) or {})
    if "full_attention" in rope:  # Gemma 3: the global RoPE, and the local base beside it
        c["rope_local_base_freq"] = rope["sliding_attention"]["rope_theta"]
        c["sliding_window_pattern"] = c.pop("_sliding_window_pattern", 6)
        rope = dict(rope["full_attention"])
    c["rope_theta"] = rope.pop("rope_theta", 10000.0)
    kind = rope.pop("rope_type", "default")
    c["rope_scaling"] = None if kind == "default" else {"rope_type": kind, **rope}
    if "dtype" in c:
        c["torch_dtype"] = c.pop("dtype")
    c.pop("layer_types", None)
    c["transformers_version"] = "4.46.0"
    return c


def reference(folder: str, prompt: list) -> tuple:
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32, attn_implementation="eager")
    model.eval()
    ids = torch.tensor([prompt])
    with torch.no_grad():
        logits = model(ids).logits[0, -1].tolist()
        out = model.generate(ids, max_new_tokens=NEW_TOKENS, do_sample=False, min_new_tokens=NEW_TOKENS,
                             pad_token_id=0)
    return logits, out[0, len(prompt):].tolist()


def main():
    only = sys.argv[1:]
    for name, (config_class, extra, dtype) in FAMILIES.items():
        if only and name not in only:
            continue
        torch.manual_seed(1234)
        config = config_class(**{**SMALL, **extra})
        model = AutoModelForCausalLM.from_config(config, attn_implementation="eager")
        with torch.no_grad():  # norms and biases away from their init, so a missing one shows
            for pname, p in model.named_parameters():
                if "norm" in pname or "bias" in pname:
                    p.add_(torch.randn_like(p) * 0.3)
        folder = os.path.join(HERE, name)
        shutil.rmtree(folder, ignore_errors=True)
        model.to(dtype).save_pretrained(folder, safe_serialization=True)
        for extra_file in ("generation_config.json",):
            if os.path.exists(os.path.join(folder, extra_file)):
                os.remove(os.path.join(folder, extra_file))
        with open(os.path.join(folder, "config.json")) as f:
            new_format = json.load(f)
        with open(os.path.join(folder, "config.classic.json"), "w") as f:
            json.dump(classic(new_format), f, indent=2, sort_keys=True)
        generator = torch.Generator().manual_seed(99)
        prompt = torch.randint(3, SMALL["vocab_size"], (24,), generator=generator).tolist()
        logits, greedy = reference(folder, prompt)
        # The classic config must mean the same to transformers itself.
        check = os.path.join(HERE, "_check")
        shutil.rmtree(check, ignore_errors=True)
        shutil.copytree(folder, check)
        shutil.copy(os.path.join(folder, "config.classic.json"), os.path.join(check, "config.json"))
        logits2, greedy2 = reference(check, prompt)
        shutil.rmtree(check)
        assert greedy == greedy2 and max(abs(a - b) for a, b in zip(logits, logits2)) < 1e-5, name
        with open(os.path.join(folder, "expected.json"), "w") as f:
            json.dump(dict(family=name, transformers=transformers.__version__, torch=torch.__version__,
                           dtype=str(dtype).replace("torch.", ""), prompt=prompt, last_logits=logits,
                           greedy=greedy), f, indent=1)
        print(name, greedy)


if __name__ == "__main__":
    main()
