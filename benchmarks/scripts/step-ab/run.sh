#!/usr/bin/env bash
# Builds the in-process A/B harness and the C reference as a shared library, then runs it.
#   benchmarks/scripts/step-ab/run.sh <rounds> l|nl <n> <d> <B> <Rtu.Trainers build folder | C:dump.bin> ...
# A build folder: e.g. the bin folder of `dotnet build benchmarks/Rtu.StepTable -c Release --artifacts-path X`
# (X/bin/Rtu.StepTable/release); a dump: `dotnet <that folder>/Rtu.StepTable.dll dump d.bin n d B 20`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-/tmp/step-ab}
mkdir -p "$out"
src="$here/../../c-reference/rtu_step.c"
# The reference's main() sets the layer up from a dump; c_init/c_run expose that set-up and the timed step to P/Invoke.
python3 - "$src" "$out/cso.c" <<'PY'
import sys
src = open(sys.argv[1]).read()
i = src.index('int main(')
body = src[i:]
setup = body[body.index('    FILE *f = fopen(argv[1], "rb");'):body.index('    for (int s = 0; s < steps; s++)')]
wrapper = '''
typedef struct { Layer L; float *xs[8]; float *dy, *y; long it; } Ctx;
void *c_init(const char *path) {
    char *argv[2] = {0, (char *)path};
''' + setup.replace('return 1;', 'return 0;') + '''
    Ctx *c = calloc(1, sizeof(Ctx)); c->L = L; for (int i = 0; i < 8; i++) c->xs[i] = xs[i]; c->dy = dy; c->y = y;
    return c;
}
void c_run(void *p, int count) { Ctx *c = p; for (int i = 0; i < count; i++) { step(&c->L, c->xs[c->it & 7], c->y); backward(&c->L, c->dy); c->it++; } }
'''
open(sys.argv[2], 'w').write(src[:i] + wrapper)
PY
gcc -O3 -march=native -ffp-contract=off -fno-math-errno -fno-trapping-math -std=c11 -shared -fPIC -o "$out/librtuc.so" "$out/cso.c" -lm
dotnet build "$here/step-ab.csproj" -c Release -o "$out/bin" -v q -nologo > "$out/build.log" || { cat "$out/build.log"; exit 1; }
cp "$out/librtuc.so" "$out/bin/"
cd "$out/bin" && dotnet step-ab.dll "$@"
