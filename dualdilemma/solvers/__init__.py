"""Equilibrium solvers: one algorithm per module, each a function returning a SolverResult.

The functions are exported by the top-level package (``dualdilemma.vertex_enumeration`` ...);
this package keeps only its modules as attributes, so ``dualdilemma.solvers.zero_sum`` is always
the module and never a function of the same name.
"""
