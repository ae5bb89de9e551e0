"""memcgsim: an executable, deterministic model of the Linux memory controller."""
from .designs import DESIGNS, KernelDesign, get_design
from .kernel.bug import ModelBug
from .machine import Kernel

__all__ = ["Kernel", "KernelDesign", "DESIGNS", "get_design", "ModelBug"]
__version__ = "0.1.0"
