#!/bin/sh
# Compiler flags for building llama.cpp (inside llama-cpp-python, and the benchmark's
# llama-bench) on this machine. llama.cpp is compiled for the CPU it is built on
# (-march=native). Some virtual machines report AMX (Intel's matrix tiles) in the CPU's
# feature flags but cannot run its instructions: llama.cpp then crashes on its first
# prompt. This runs one AMX instruction; if that fails, it prints the flags that build
# without AMX (the rest of -march=native stays). Prints nothing otherwise.
set -u
CC=${CC:-cc}
if ! echo | $CC -march=native -dM -E - 2>/dev/null | grep -q __AMX_TILE__; then
    exit 0  # no AMX to worry about
fi
dir=$(mktemp -d) || exit 0
trap 'rm -rf "$dir"' EXIT
cat > "$dir/amx.c" <<'C'
#include <immintrin.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
    if (syscall(SYS_arch_prctl, 0x1023, 18)) return 1; /* ARCH_REQ_XCOMP_PERM, tile data */
    unsigned char config[64] __attribute__((aligned(64)));
    memset(config, 0, sizeof config);
    config[0] = 1;   /* palette 1 */
    config[16] = 64; /* tile 0: 64 bytes a row */
    config[48] = 16; /* … 16 rows */
    _tile_loadconfig(config);
    _tile_zero(0);
    _tile_release();
    return 0;
}
C
ulimit -c 0 2>/dev/null  # the probe's crash leaves no core file
# $CC unquoted: "ccache gcc" is a compiler too. The braces also silence bash's own
# "Illegal instruction" line.
if $CC -O1 -mamx-tile "$dir/amx.c" -o "$dir/amx" 2>/dev/null && { "$dir/amx"; } 2>/dev/null; then
    exit 0  # AMX runs here
fi
echo "-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
