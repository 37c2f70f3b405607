"""Pretrained generators shipped with kerasgan: `<name>.json` model cards and `<name>.npz`
float16 weights, read by `kerasgan.inference.pretrained` (`kerasgan pretrained` lists them)."""
