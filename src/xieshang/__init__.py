"""协商 Xieshang — a workbench for borrowers in arrears and the counselors who help them."""

__version__ = "0.1.0"
