"""Wu, Yi & Huang (2022): explicit current control (ECC) for energy-efficient CNN -> SNN conversion."""
