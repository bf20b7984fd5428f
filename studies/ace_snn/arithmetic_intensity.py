"""Arithmetic intensity of 3-D against 2-D convolution (Datta et al. 2022, Eq. 4-12).

For an ``H x W`` input of ``D`` spectral bands, ``C_i -> C_o`` channels and a ``k_x x k_y (x k_z)`` kernel, at unit
stride with the output the size of the input::

    FLOP_3D = k_x k_y k_z C_i C_o H W D            FLOP_2D = k_x k_y C_i C_o H W
    Mem_3D  = H W C_i D + k_x k_y k_z C_i C_o + H W C_o D
    Mem_2D  = H W C_i + k_x k_y C_i C_o + H W C_o

so ``FLOP_3D / FLOP_2D = k_z D`` while ``Mem_3D / Mem_2D <= 2 D + k_z``: the 3-D layer does more arithmetic per
byte moved (compute-bound) whenever ``D >= 3``. The paper's example (100 x 100, 64 -> 128 channels, D = 100, k = 3)
gives 300x the FLOPs and 96.41x the memory (the paper prints 96.5).
"""

from __future__ import annotations


def flops(h: int, w: int, c_in: int, c_out: int, kernel: tuple[int, ...], depth: int = 1) -> int:
    """``prod(kernel) C_i C_o H W D`` (Eq. 4 and 6; a 2-D layer has a two-element kernel and ``depth`` 1)."""
    volume = 1
    for side in kernel:
        volume *= side
    return volume * c_in * c_out * h * w * depth


def memory(h: int, w: int, c_in: int, c_out: int, kernel: tuple[int, ...], depth: int = 1) -> int:
    """``H W C_i D + prod(kernel) C_i C_o + H W C_o D`` elements (Eq. 5 and 7)."""
    volume = 1
    for side in kernel:
        volume *= side
    return h * w * c_in * depth + volume * c_in * c_out + h * w * c_out * depth


def ratios(h: int, w: int, c_in: int, c_out: int, k: int, depth: int) -> dict[str, float]:
    """FLOP and memory ratios of the ``k x k x k`` 3-D layer to the ``k x k`` 2-D one, and Eq. 12's bound."""
    flop_ratio = flops(h, w, c_in, c_out, (k, k, k), depth) / flops(h, w, c_in, c_out, (k, k))
    memory_ratio = memory(h, w, c_in, c_out, (k, k, k), depth) / memory(h, w, c_in, c_out, (k, k))
    return {"flop_ratio": flop_ratio, "memory_ratio": memory_ratio, "memory_bound": float(2 * depth + k)}
