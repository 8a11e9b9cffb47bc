import os

# Debian's torch multiplies through the system BLAS (OpenBLAS, pthreads). Attention's per-head
# matrices are small (403 x 32 x 403 at batch 8 x 8 s), and torch's bmm calls one sgemm per head;
# with OpenBLAS's own two threads each call pays a thread hand-off, and on a shared two-core machine
# that dominated: a music-model training step took 2.5-3.2 s with the default and 1.1-1.5 s with one
# OpenBLAS thread (fp32, same load, measured 2026-11-30; docs/dev-notes.md). torch's own two threads
# still run the element-wise work. Set before numpy or torch loads OpenBLAS; an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
