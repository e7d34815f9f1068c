"""The PYNQ/python-periphery baseline for bench/python: 32-bit register access from Python 3 over an
mmap of a memfd, the way FPGA users drive AXI registers today. The loops match bench/c/bench.c and the
generated TypeScript loops: rotate over 1024 registers at 0x1000, read accumulates with xor, modify is a
4-bit field insert at [7:4].

usage: python3 regs_bench.py N REPS
Prints one JSON object per method and operation: ns per op, best and median of REPS repetitions.
"""
import json
import mmap
import os
import statistics
import struct
import sys
import time

BAR_SIZE = 0x2000
REGS = 0x1000


def struct_loops(m):
    # A precompiled Struct is what struct.unpack_from('<I', ...) looks up in its cache on every call;
    # binding the methods once is the fastest honest form of the struct idiom.
    s = struct.Struct('<I')
    unpack_from = s.unpack_from
    pack_into = s.pack_into

    def read(n):
        acc = 0
        for i in range(n):
            acc ^= unpack_from(m, REGS + ((i & 1023) << 2))[0]
        return acc

    def write(n):
        for i in range(n):
            pack_into(m, REGS + ((i & 1023) << 2), i)

    def modify(n):
        for i in range(n):
            off = REGS + ((i & 1023) << 2)
            pack_into(m, off, (unpack_from(m, off)[0] & ~0xF0) | ((i << 4) & 0xF0))

    return read, write, modify


def memoryview_loops(m):
    # One 32-bit load or store per element access: memoryview.cast('I') indexes with the native
    # unsigned int, which is 32-bit little-endian on every platform Python runs PYNQ on.
    r = memoryview(m)[REGS:REGS + 4096].cast('I')

    def read(n):
        acc = 0
        for i in range(n):
            acc ^= r[i & 1023]
        return acc

    def write(n):
        for i in range(n):
            r[i & 1023] = i

    def modify(n):
        for i in range(n):
            k = i & 1023
            r[k] = (r[k] & ~0xF0) | ((i << 4) & 0xF0)

    return r, (read, write, modify)


def ns_per_op(loop, n, reps):
    loop(max(1, n // 10))  # warm-up: the specializing interpreter adapts on the first runs
    times = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        loop(n)
        times.append((time.perf_counter_ns() - t0) / n)
    return min(times), statistics.median(times)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write('usage: regs_bench.py N REPS\n')
        return 2
    n, reps = int(sys.argv[1]), int(sys.argv[2])
    # Writes store the loop index as is (C stores (uint32_t)i), so it must fit 32 bits.
    if not (1 <= n < 2**32) or reps < 1:
        sys.stderr.write('regs_bench.py: N must be in [1, 2^32) and REPS positive\n')
        return 2
    fd = os.memfd_create('python-bench-bar', os.MFD_CLOEXEC)
    try:
        os.ftruncate(fd, BAR_SIZE)
        m = mmap.mmap(fd, BAR_SIZE, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
    finally:
        os.close(fd)
    view, mv = memoryview_loops(m)
    for method, loops in (('struct', struct_loops(m)), ('memoryview', mv)):
        for op, loop in zip(('read', 'write', 'modify'), loops):
            best, median = ns_per_op(loop, n, reps)
            print(json.dumps({'method': method, 'op': op, 'best': best, 'median': median}), flush=True)
    # Check the loops did the work: after modify, every register holds the last value written into [7:4].
    last = [((i << 4) & 0xF0) for i in range(n - 1024, n)] if n >= 1024 else None
    if last is not None and any((view[(n - 1024 + j) & 1023] & 0xF0) != last[j] for j in range(1024)):
        sys.stderr.write('regs_bench.py: modify did not leave the expected field values\n')
        return 1
    view.release()
    m.close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
