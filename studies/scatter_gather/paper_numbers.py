"""The paper's tables (Zou et al. 2021, Front. Neurosci. 15:694170) and the layer shapes they were computed for.

Precisions: single-spike ``k = 0, B = 1``, two-spike ``k = 0, B = 2``, four-spike ``k = 1, B = 2`` (``k_rep = B 2^k``).
Patch cells are ``(w, h, d)``; densities ``(A, N, S)`` = axon, neuron, synapse (Eq. 14-16).
"""

#: Model name -> (k, B) of Tables 7-11.
PRECISIONS = {"single": (0, 1), "two": (0, 2), "four": (1, 2)}

#: On-chip layers of Tables 7/9 (LeNet, 28 x 28 MNIST; conv1 16C5 SAME runs off chip): name, input side, input
#: channels, output side, output channels, kernel, stride. The third row is printed "16C5" but has 32 channels.
LENET_LAYERS = (
    ("16C5", 28, 16, 24, 16, 5, 1), ("2P2", 24, 16, 12, 16, 2, 2), ("32C5", 12, 16, 8, 32, 5, 1),
    ("2P2", 8, 32, 4, 32, 2, 2), ("256FC", 4, 32, 1, 256, 4, 1), ("10FC", 1, 256, 1, 10, 1, 1),
)
#: On-chip layers of Tables 8/10 (VGG-Net on 24 x 24 crops; the first 64C3 runs off chip; SAME padding but the
#: last 512C3).
VGG_LAYERS = (
    ("64C3", 24, 64, 24, 64, 3, 1), ("64C3", 24, 64, 24, 64, 3, 1), ("2P2", 24, 64, 12, 64, 2, 2),
    ("128C3", 12, 64, 12, 128, 3, 1), ("128C3", 12, 128, 12, 128, 3, 1), ("2P2", 12, 128, 6, 128, 2, 2),
    ("256C3", 6, 128, 6, 256, 3, 1), ("256C3", 6, 256, 6, 256, 3, 1), ("2P2", 6, 256, 3, 256, 2, 2),
    ("512C3", 3, 256, 3, 512, 3, 1), ("512C3", 3, 512, 1, 512, 3, 1), ("10FC", 1, 512, 1, 10, 1, 1),
)

#: Table 2: input patch 4 x 4 x 128, kernel 2 x 2 x 128 x 256, stride 2, k_rep = 1: (input patch, output patch, f,
#: cores) of plans No. 1 and No. 2; Table 3: their (A, N, S) in %.
TABLE2_LAYER = ("example", 4, 128, 2, 256, 2, 2)
TABLE2 = {"No. 1": ((4, 4, 128), (2, 2, 64), 2, 4), "No. 2": ((4, 2, 128), (2, 1, 256), 1, 2)}
TABLE3 = {"No. 1": (89, 100, 22), "No. 2": (89, 100, 44)}


def _rows(text: str) -> list[tuple]:
    """``"w*h*d w*h*d f A N S"`` per line -> ((w, h, d), (w, h, d), f, A, N, S)."""
    rows = []
    for line in text.strip().splitlines():
        patch_in, patch_out, f, *use = line.split()
        rows.append((tuple(map(int, patch_in.split("*"))), tuple(map(int, patch_out.split("*"))), int(f),
                     *map(float, use)))
    return rows


#: Table 7 (LeNet) per precision, rows as LENET_LAYERS: (input patch, output patch, f, A, N, S).
TABLE7 = {
    "single": _rows("""
        9*8*16 5*4*16 1 1.0 0.63 0.22
        8*8*16 4*4*16 1 0.89 0.50 0.03
        8*8*16 4*4*32 1 0.89 1.0 0.35
        4*8*32 2*4*32 1 0.89 0.5 0.03
        4*4*32 1*1*256 1 0.44 0.5 0.22
        1*1*256 1*1*10 1 0.22 0.02 0.01"""),
    "two": _rows("""
        8*6*16 4*2*16 2 0.67 1.0 0.35
        6*6*16 3*3*16 1 1.0 0.56 0.06
        6*6*16 2*2*32 1 1.0 0.5 0.35
        4*4*32 2*2*32 1 0.89 0.5 0.06
        4*4*32 1*1*256 1 0.89 1.0 0.89
        1*1*256 1*1*10 1 0.44 0.04 0.02"""),
    "four": _rows("""
        6*6*16 2*2*16 2 1.0 1.0 0.69
        4*4*16 2*2*16 1 0.89 0.5 0.11
        6*5*16 2*1*32 2 0.83 1.0 0.69
        4*2*32 2*1*32 1 0.89 0.5 0.22
        4*4*32 1*1*64 2 0.89 1.0 0.89
        1*1*256 1*1*10 1 0.89 0.08 0.07"""),
}
#: Table 8 (VGG-Net) per precision, rows as VGG_LAYERS (the two 64C3 rows are printed identical).
TABLE8 = {
    "single": _rows("""
        4*4*64 2*2*64 1 0.89 0.5 0.25
        4*4*64 2*2*64 1 0.89 0.5 0.25
        4*4*64 2*2*64 1 0.89 0.5 0.11
        4*4*64 2*2*128 1 0.89 1.0 0.5
        4*3*128 2*1*128 2 0.67 1.0 0.5
        4*2*128 2*1*128 1 0.89 0.5 0.22
        3*3*128 1*1*256 1 1.0 0.5 0.5
        3*3*256 1*1*256 2 1.0 1.0 1.0
        2*2*256 1*1*256 1 0.89 0.5 0.44
        3*3*256 1*1*256 2 1.0 1.0 1.0
        3*3*512 1*1*128 4 1.0 1.0 1.0
        1*1*512 1*1*10 1 0.44 0.02 0.01"""),
    "two": _rows("""
        4*3*64 2*1*64 2 0.67 1.0 0.5
        4*3*64 2*1*64 2 0.67 1.0 0.5
        4*2*64 2*1*64 1 0.89 0.5 0.22
        3*3*64 1*1*128 1 1.0 0.5 0.5
        3*3*128 1*1*128 2 1.0 1.0 0.5
        2*2*128 1*1*128 1 0.89 0.5 0.44
        3*3*128 1*1*128 2 1.0 1.0 1.0
        3*3*256 1*1*64 4 1.0 1.0 1.0
        2*2*256 1*1*128 2 0.89 1.0 0.89
        3*3*256 1*1*64 4 1.0 1.0 1.0
        3*3*512 1*1*32 8 1.0 1.0 1.0
        1*1*512 1*1*10 1 0.89 0.04 0.03"""),
    "four": _rows("""
        3*3*64 1*1*64 2 1.0 1.0 1.0
        3*3*64 1*1*64 2 1.0 1.0 1.0
        2*2*64 1*1*64 1 0.89 0.5 0.44
        3*3*64 1*1*64 2 1.0 1.0 1.0
        3*3*128 1*1*32 4 1.0 1.0 1.0
        2*2*128 1*1*64 2 0.89 1.0 0.89
        3*3*128 1*1*32 4 1.0 1.0 1.0
        3*3*256 1*1*16 8 1.0 1.0 1.0
        2*2*256 1*1*32 4 0.89 1.0 1.0
        3*3*256 1*1*16 8 1.0 1.0 1.0
        3*3*512 1*1*8 16 1.0 1.0 1.0
        1*1*512 1*1*10 2 0.89 0.16 0.14"""),
}

#: Tables 9 and 10: (cores, latency ms) per on-chip layer (all rows of Tables 7/8 but 10FC) and the totals.
TABLE9 = {
    "single": ([(36, 0.0549), (9, 0.0549), (4, 0.0549), (2, 0.0549), (1, 0.0549)], (52, 0.2745)),
    "two": ([(72, 0.1097), (16, 0.0549), (16, 0.0549), (4, 0.0549), (1, 0.0549)], (109, 0.3293)),
    "four": ([(144, 0.1646), (36, 0.0549), (32, 0.0549), (8, 0.0549), (1, 0.0549)], (221, 0.3842)),
}
TABLE10 = {
    "single": ([(144, 0.1646), (144, 0.1646), (36, 0.0549), (36, 0.0549), (72, 0.1097), (18, 0.0549),
                (36, 0.0549), (36, 0.0549), (9, 0.0549), (18, 0.0549), (4, 0.0549)], (553, 0.8781)),
    "two": ([(288, 0.2743), (288, 0.2743), (72, 0.1097), (144, 0.1646), (144, 0.1646), (36, 0.0549),
             (72, 0.1097), (144, 0.1646), (18, 0.0549), (72, 0.1097), (16, 0.0549)], (1294, 1.5362)),
    "four": ([(576, 0.4937), (576, 0.4937), (144, 0.1646), (288, 0.2743), (576, 0.4937), (72, 0.1097),
              (288, 0.2743), (576, 0.4937), (72, 0.1097), (288, 0.2743), (64, 0.0549)], (3520, 3.2366)),
}
#: Table 11, this work: (accuracy %, FPS, mJ per frame, FPS/W) per data set and precision.
TABLE11 = {
    "MNIST": {"single": (99.27, 3642, 0.1897, 5271), "two": (99.32, 3036, 0.2293, 4361),
              "four": (99.37, 2602, 0.2751, 3635)},
    "CIFAR-10": {"single": (89.12, 1138, 0.6148, 1626), "two": (90.95, 650, 1.0854, 921),
                 "four": (91.91, 308, 2.3013, 434)},
}

#: Figure 9 (the authors' README; ANN = SNN in every case): accuracy % per "k_B" and data set; "fp": full precision.
FIGURE9 = {
    "fp": {"MNIST": 99.52, "CIFAR-10": 92.85, "CIFAR-100": 67.4},
    "0_1": {"MNIST": 99.27, "CIFAR-10": 89.12, "CIFAR-100": 56.1},
    "0_2": {"MNIST": 99.32, "CIFAR-10": 90.95, "CIFAR-100": 62.5},
    "0_4": {"MNIST": 99.43, "CIFAR-10": 91.65, "CIFAR-100": 65.6},
    "1_1": {"MNIST": 99.30, "CIFAR-10": 90.14, "CIFAR-100": 59.2},
    "1_2": {"MNIST": 99.37, "CIFAR-10": 91.91, "CIFAR-100": 65.0},
    "1_4": {"MNIST": 99.50, "CIFAR-10": 92.27, "CIFAR-100": 66.2},
}
#: Tables 4-6 (k = 1, B = 2): SNN accuracy % with 0, 10 and 20 % of the first spiking layer's branches shut down.
BRANCH_DROPOUT = {
    "MNIST": {0.0: 99.37, 0.1: 99.39, 0.2: 99.22},
    "CIFAR-10": {0.0: 91.91, 0.1: 90.32, 0.2: 89.65},
    "CIFAR-100": {0.0: 65.0, 0.1: 63.93, 0.2: 62.25},
}
#: Largest accuracy drop at 20 % branch dropout the text states (percentage points).
MAX_DROPOUT_DEGRADATION = 3.0
#: Figure 10: spikes per neuron from the single- to the four-spike model.
SPARSITY = {"LeNet": (0.23, 0.17), "VGG-Net": (0.32, 0.21)}
#: Chip: energy per synaptic operation (pJ, idle power included), clock (MHz), voltage (V).
CHIP = {"pj_per_sop": 0.57, "clock_mhz": 252, "volt": 0.9}
