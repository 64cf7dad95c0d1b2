#!/bin/bash
# One device run (an H200 lent through the workplace's device tool; about 8 minutes): three decoders
# trained at once from the corpus in .corpus/ (made here first, see README.md beside this file),
# packed into $OUT for the trip back (at most 8 files of 16 MiB each, hence the tars and the split).
#   A: the bundled architecture (2.0M parameters) from scratch
#   B: the bundled decoder trained on (a fine-tune)
#   C: a larger one (6.8M: width 256, 8 layers, 8 heads over 4 key/value heads, SwiGLU 768)
set -u
C=/tmp/corpus; mkdir -p $C
xz -dc .corpus/train.bin.xz > $C/train.bin; cp .corpus/heldout-*.bin $C/
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
python3 -c "import torch, transformers; print(torch.__version__, transformers.__version__)"
export PYTHONUNBUFFERED=1
S=models/training/gpu/train_decoder.py
COMMON="--corpus $C --batch 256 --eval-every 1000 --replies 150 --minutes 5.5"
python3 $S $COMMON --out /tmp/A --steps 8000 --lr 2e-3 --warmup 300 > $OUT/A.log 2>&1 &
python3 $S $COMMON --out /tmp/B --from models/src/main/resources/dev/animus/model/decoder --steps 4000 --lr 5e-4 --warmup 100 > $OUT/B.log 2>&1 &
python3 $S $COMMON --out /tmp/C --width 256 --layers 8 --heads 8 --kv-heads 4 --mlp 768 --steps 5000 --lr 1.5e-3 --warmup 300 > $OUT/C.log 2>&1 &
wait
for m in A B; do tar cf $OUT/$m.tar -C /tmp $m; done
tar cf - -C /tmp C | split -b 15M - $OUT/C.tar.
ls -la $OUT
tail -4 $OUT/*.log
