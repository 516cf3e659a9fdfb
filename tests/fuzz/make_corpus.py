#!/usr/bin/env python3
"""Writes the seed corpus of simdact-fuzz (deterministic): python3 make_corpus.py [DIR].

Input layout (see decode in simdact_fuzz.cpp): op, activation, flags, alpha, beta, tier,
n (2 bytes, little endian), [channels, inner for prelu], one byte per buffer role
(in, dy, weight, out, dweight; +1 byte for a "k floats off" alias), then data floats.
A float is one byte < 0xa0 (index into the table of interesting values) or 0xff and 4
raw bytes. Data past the end of the input comes from a PRNG seeded by the input.
"""
import os
import struct
import sys

OP = dict(forward=0, backward=1, from_output=2, prelu_forward=3, prelu_backward=4, get_kernel=5)
ACT = dict(sigmoid=0, tanh=1, relu=2, leaky_relu=3, elu=4, selu=5, celu=6, gelu=7, gelu_tanh=8, silu=9, mish=10,
           softplus=11, logsigmoid=12, hardsigmoid=13, hardswish=14, hardtanh=15, relu6=16, softsign=17,
           tanhshrink=18, threshold=19, hardshrink=20, softshrink=21, exp=22)
TIER = dict(best=0, scalar=1, avx2=2, avx512=3, neon=4, unknown=0xc8)  # 0xc8 % 12 == 8: "sse2"
# Interesting-value table indices.
V = {1.0: 2, -1.0: 3, 0.5: 4, -0.5: 5, 2.0: 6, -2.0: 7, 3.0: 8, -3.0: 9, 6.0: 10, 20.0: 11,
     "inf": 16, "-inf": 17, "nan": 18, "min": 22, "sub": 24, "max": 27}
# Buffer role bytes: kind (low 3 bits) 0 own place, 5 exactly on an earlier buffer,
# 6 k floats off one (then a k byte), 7 NULL; bits 3.. misalignment.
OWN, SAME, NULL = 0, 5, 7


def f(v):
    if isinstance(v, str):
        return bytes([V[v]])
    if v == 0.0:
        return bytes([1 if str(v).startswith("-") else 0])
    if v in V:
        return bytes([V[v]])
    return b"\xff" + struct.pack("<f", v)


def seed(op, act, flags, alpha, beta, tier, n, roles, data=(), prelu=None):
    b = bytes([OP[op], act if isinstance(act, int) else ACT[act], flags]) + f(alpha) + f(beta)
    b += bytes([TIER[tier]]) + struct.pack("<H", n)
    if prelu:
        b += bytes(prelu)
    b += bytes(roles)
    for v in data:
        b += f(v)
    return b


SEP, ARENA, PARAMS = 0x00, 0x20, 0x01
specials = [0.0, -0.0, "inf", "-inf", "nan", 1.0, -1.0, "sub", "max", 20.0, -2.0, 0.5]
seeds = {
    "forward_sigmoid_default": seed("forward", "sigmoid", SEP, 0.0, 0.0, "scalar", 40, [OWN] * 5, specials),
    "backward_tanh_inplace": seed("backward", "tanh", ARENA, 0.0, 0.0, "best", 33, [OWN | 8, OWN, OWN, SAME, OWN], specials),
    "from_output_leaky": seed("from_output", "leaky_relu", ARENA | PARAMS, 0.2, 0.0, "avx2", 17, [OWN, OWN, OWN, OWN, OWN]),
    "threshold_null_params": seed("forward", "threshold", SEP, 0.0, 0.0, "best", 8, [OWN] * 5),
    "unknown_activation": seed("forward", 0xf0, SEP, 0.0, 0.0, "best", 8, [OWN] * 5),  # 0xf0 % 8 -> -1
    "hardtanh_min_gt_max": seed("backward", "hardtanh", ARENA | PARAMS, 2.0, -2.0, "best", 5, [OWN] * 5),
    "prelu_forward": seed("prelu_forward", 0, SEP, 0.0, 0.0, "avx512", 6, [OWN, OWN, OWN, OWN, OWN],
                          [-1.0, 2.0, "nan", -0.0, "-inf", 3.0], prelu=[2, 1]),
    "prelu_backward_inplace": seed("prelu_backward", 0, ARENA, 0.0, 0.0, "best", 5, [OWN, OWN | 16, OWN, SAME, OWN],
                                   prelu=[1, 3]),
    "get_kernel_softplus": seed("get_kernel", "softplus", PARAMS, 1.0, 20.0, "best", 0, [OWN] * 5),
    "gelu_partial_overlap": seed("forward", "gelu", ARENA, 0.0, 0.0, "avx512", 300, [OWN, OWN, OWN, 6, 3, OWN]),
    "huge_n_null": seed("backward", "silu", 0xc0 | PARAMS, 1.702, 0.0, "best", 2, [NULL, OWN, OWN, OWN, OWN]),
    "celu_alpha_zero": seed("backward", "celu", PARAMS, 0.0, 0.0, "best", 3, [OWN] * 5),
    "softplus_specials": seed("from_output", "softplus", ARENA | PARAMS, 3.0, 5.0, "avx2", 12, [OWN | 24, OWN, OWN, OWN, OWN],
                              specials),
    "unknown_tier_exp": seed("forward", "exp", SEP, 0.0, 0.0, "unknown", 64, [OWN] * 5, specials),
    "elu_from_output_negative_alpha": seed("from_output", "elu", PARAMS, -0.5, 0.0, "best", 9, [OWN] * 5),
    "mish_null_dy": seed("backward", "mish", ARENA, 0.0, 0.0, "best", 31, [OWN, NULL, OWN, OWN, OWN]),
}

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
os.makedirs(out, exist_ok=True)
for name, data in sorted(seeds.items()):
    with open(os.path.join(out, name), "wb") as fh:
        fh.write(data)
print(f"{len(seeds)} seeds in {out}")
