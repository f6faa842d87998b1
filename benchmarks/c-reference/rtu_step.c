/*
 * Hand-optimised C reference of the library's linear-RTU RTRL learning step (issue 15), for a side-by-side "C vs C#"
 * on the same machine: Step + Backward exactly as benchmarks/Rtu.StepTable times them (float32 traces and weights,
 * coefficients recomputed in float64 every step, ReLU output, tied traces S11/S21, the trace update fused with the dW
 * contraction in Backward), with the same operations in the same order and the same fused multiply-adds, so that the
 * results are bit-identical to the C# layer's (checked against a dump the C# harness writes: see README.md).
 *
 *   rtu_step <dump.bin>                 check: recompute the dump's steps, compare y, gradients, coefficients bit for bit
 *   rtu_step <dump.bin> time <out.tsv>  also time one learning step (thread CPU time, fastest of 40 rounds), append TSV
 *
 * Build: build.sh (gcc -O3 -march=native -ffp-contract=off: every a*b+c below is a separate multiply and add unless
 * written as fma(f), as in the C# kernels; -fno-math-errno lets gcc vectorise sqrt).
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    int n, d, b;
    float *nu_log, *theta_log, *w1, *w2;      /* parameters: [nu_log | theta_log | W1 | W2] in params */
    float *params, *grads;                     /* same layout */
    float *g, *phi, *eta, *dgn, *dpn, *den, *dgt, *dpt; /* float32 coefficients (n each) */
    float *h, *ut, *deriv, *u, *delta, *xp;    /* state B*2n, unit traces B*4n, F B*2n, u B*2n, delta B*2n, pending x B*d */
    float *wt;                                 /* weight traces: B blocks of 2*d*n, stride apart, 64-byte aligned */
    size_t stride;
} Layer;

static void *alloc(size_t bytes) {
    void *p = NULL;
    if (posix_memalign(&p, 64, bytes < 64 ? 64 : bytes)) { perror("alloc"); exit(1); }
    memset(p, 0, bytes);
    return p;
}

/* ---- float64 exp: .NET's vectorised ExpDouble (AOCL vrd2_exp), MultiplyAddEstimate = fma on FMA hardware ---- */
static inline double exp_net(double x) {
    const double huge = 6755399441055744.0, tbl_ln2 = 1.4426950408889634;
    const double ln2_head = 0.693359375, ln2_tail = -0.00021219444005469057;
    double dn = fma(x, tbl_ln2, huge);
    uint64_t nbits; memcpy(&nbits, &dn, 8);
    dn -= huge;
    double r = fma(dn, -ln2_head, x);
    r = fma(dn, -ln2_tail, r);
    double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    double poly = fma(fma(fma(2.499430431958571E-08, r, 2.7632293298250954E-07), r2, fma(2.7557622532543023E-06, r, 2.4801486521374483E-05)), r8,
                      fma(fma(fma(0.00019841269432677495, r, 0.001388888895122404), r2, fma(0.008333333333559272, r, 0.04166666666649277)), r4,
                          fma(fma(0.1666666666666617, r, 0.5000000000000018), r2, r + 1.0)));
    uint64_t sbits = (nbits + 1023u) << 52; double scale; memcpy(&scale, &sbits, 8);
    return poly * scale; /* |x| < 709 here (nu, theta, -nu of ordinary parameters); the library's overflow path is not needed */
}

/* ---- sin and cos: the library's RtuCoefficients.SinCos (Cody-Waite by pi/2, fdlibm kernels), lane for lane ---- */
static inline void sincos_rtu(double t, double *s_out, double *c_out) {
    const double magic = 6755399441055744.0;
    double biased = t * (2 / M_PI) + magic;
    int64_t qb; memcpy(&qb, &biased, 8);
    int64_t q = qb & 3;
    double jd = biased - magic;
    double x = fma(-jd, 1.57079632673412561417e+00, t);
    x = fma(-jd, 6.07710050630396597660e-11, x);
    x = fma(-jd, 2.02226624871116645580e-21, x);
    double z = x * x;
    double rs = fma(z, 1.58969099521155010221e-10, -2.50507602534068634195e-08);
    rs = fma(z, rs, 2.75573137070700676789e-06);
    rs = fma(z, rs, -1.98412698298579493134e-04);
    rs = fma(z, rs, 8.33333333332248946124e-03);
    double s = fma(z * x, fma(z, rs, -1.66666666666666324348e-01), x);
    double rc = fma(z, -1.13596475577881948265e-11, 2.08757232129817482790e-09);
    rc = fma(z, rc, -2.75573143513906633035e-07);
    rc = fma(z, rc, 2.48015872894767294178e-05);
    rc = fma(z, rc, -1.38888888888741095749e-03);
    rc = fma(z, rc, 4.16666666666666019037e-02);
    double hz = 0.5 * z, w = 1.0 - hz;
    double c = w + (((1.0 - w) - hz) + z * (z * rc));
    double sv = (q & 1) ? c : s, cv = (q & 1) ? s : c;
    *s_out = (q & 2) ? -sv : sv;
    *c_out = ((q + 1) & 2) ? -cv : cv;
}

/* RtuCoefficients.Update (referenceThetaGradient = false), one fused pass per unit (gcc vectorises it: no scratch). */
static void coefficients_pass(int n, const float *restrict nl, const float *restrict tl, float *restrict G, float *restrict P,
                              float *restrict E, float *restrict GN, float *restrict PN, float *restrict EN, float *restrict GT,
                              float *restrict PT) {
    for (int k = 0; k < n; k++) {
        double nuk = exp_net((double)nl[k]), th = exp_net((double)tl[k]), rk = exp_net(-nuk);
        double sn, cs;
        sincos_rtu(th, &sn, &cs);
        double g = rk * cs, phi = rk * sn;
        double x = 2.0 * nuk;
        double series = x * (1 - x * (0.5 - x * (1.0 / 6 - x * (1.0 / 24))));
        double om = x < 1e-4 ? series : 1 - rk * rk;
        double s = sqrt(om);
        G[k] = (float)g; P[k] = (float)phi; E[k] = (float)(s + 1e-8);
        GN[k] = (float)(-nuk * g); PN[k] = (float)(-nuk * phi);
        EN[k] = (float)(s > 0 ? nuk * rk * rk / s : 0.0);
        GT[k] = (float)(-phi * th); PT[k] = (float)(g * th);
    }
}

static void coefficients(Layer *L) {
    coefficients_pass(L->n, L->nu_log, L->theta_log, L->g, L->phi, L->eta, L->dgn, L->dpn, L->den, L->dgt, L->dpt);
}

static void check_finite(const float *v, int len, const char *name) {
    int bad = 0;
    for (int i = 0; i < len; i++) bad |= !isfinite(v[i]);
    if (bad) { fprintf(stderr, "%s: non-finite input\n", name); exit(2); }
}

/* u = x·[W1|W2] of one stream: rows in blocks of 4 (u kept in registers over a block), each row added as the
   unfused w·x_i + u, rows with x_i = 0 skipped (TraceKernels.Project). */
static void project(int n, int d, const float *restrict xb, const float *restrict w1, const float *restrict w2, float *restrict u) {
    float *restrict u1 = u, *restrict u2 = u + n;
    memset(u, 0, sizeof(float) * 2 * n);
    for (int i0 = 0; i0 < d; i0 += 4) {
        int rows[4], m = 0;
        for (int i = i0; i < i0 + 4 && i < d; i++) if (xb[i] != 0) rows[m++] = i;
        if (m == 4) {
            const float *restrict a0 = w1 + (size_t)rows[0] * n, *restrict a1 = w1 + (size_t)rows[1] * n,
                        *restrict a2 = w1 + (size_t)rows[2] * n, *restrict a3 = w1 + (size_t)rows[3] * n;
            const float *restrict b0 = w2 + (size_t)rows[0] * n, *restrict b1 = w2 + (size_t)rows[1] * n,
                        *restrict b2 = w2 + (size_t)rows[2] * n, *restrict b3 = w2 + (size_t)rows[3] * n;
            float x0 = xb[rows[0]], x1 = xb[rows[1]], x2 = xb[rows[2]], x3 = xb[rows[3]];
            for (int k = 0; k < n; k++) {
                float s1 = u1[k], s2 = u2[k];
                s1 = a0[k] * x0 + s1; s2 = b0[k] * x0 + s2;
                s1 = a1[k] * x1 + s1; s2 = b1[k] * x1 + s2;
                s1 = a2[k] * x2 + s1; s2 = b2[k] * x2 + s2;
                s1 = a3[k] * x3 + s1; s2 = b3[k] * x3 + s2;
                u1[k] = s1; u2[k] = s2;
            }
        } else {
            for (int j = 0; j < m; j++) {
                const float *restrict a = w1 + (size_t)rows[j] * n, *restrict bb = w2 + (size_t)rows[j] * n;
                float xi = xb[rows[j]];
                for (int k = 0; k < n; k++) { u1[k] = a[k] * xi + u1[k]; u2[k] = bb[k] * xi + u2[k]; }
            }
        }
    }
}

/* The per-unit pass of one stream (TraceKernels.LinearRtuUnitStep), then y = ReLU(h) and F = 1[y > 0]. */
static void unit_step(int n, const float *restrict G, const float *restrict P, const float *restrict E, const float *restrict GN,
                      const float *restrict PN, const float *restrict EN, const float *restrict GT, const float *restrict PT,
                      float *restrict h, const float *restrict u, float *restrict tr, float *restrict y, float *restrict f) {
    for (int k = 0; k < n; k++) {
        float g = G[k], p = P[k], e = E[k], x1 = h[k], x2 = h[n + k], u1 = u[k], u2 = u[n + k];
        float a1 = fmaf(g, x1, fmaf(-p, x2, e * u1));
        float a2 = fmaf(g, x2, fmaf(p, x1, e * u2));
        float a = tr[k], c = tr[n + k], at = tr[2 * n + k], ct = tr[3 * n + k];
        float gn = GN[k], pn = PN[k], en = EN[k], gt = GT[k], pt = PT[k];
        tr[k] = fmaf(gn, x1, fmaf(-pn, x2, fmaf(g, a, fmaf(-p, c, en * u1))));
        tr[n + k] = fmaf(gn, x2, fmaf(pn, x1, fmaf(g, c, fmaf(p, a, en * u2))));
        tr[2 * n + k] = fmaf(gt, x1, fmaf(-pt, x2, fmaf(g, at, -p * ct)));
        tr[3 * n + k] = fmaf(gt, x2, fmaf(pt, x1, fmaf(g, ct, p * at)));
        h[k] = a1; h[n + k] = a2;
        float o1 = a1 > 0 ? a1 : 0.0f, o2 = a2 > 0 ? a2 : 0.0f;
        y[k] = o1; y[n + k] = o2;
        f[k] = o1 > 0 ? 1.0f : 0.0f; f[n + k] = o2 > 0 ? 1.0f : 0.0f;
    }
}

/* Layer.Step: coefficients, u = x·[W1|W2] (rows of 4, unfused w·x + u, zero inputs skipped), the fused unit step,
   y = ReLU(h), F = 1[y > 0]; the weight-trace update is left for Backward (pending x). */
static void step(Layer *L, const float *restrict x, float *restrict y) {
    const int n = L->n, d = L->d, B = L->b;
    check_finite(x, B * d, "inputs");
    coefficients(L);
    for (int b = 0; b < B; b++) project(n, d, x + (size_t)b * d, L->w1, L->w2, L->u + (size_t)b * 2 * n);
    for (int b = 0; b < B; b++)
        unit_step(n, L->g, L->phi, L->eta, L->dgn, L->dpn, L->den, L->dgt, L->dpt, L->h + (size_t)b * 2 * n, L->u + (size_t)b * 2 * n,
                  L->ut + (size_t)b * 4 * n, y + (size_t)b * 2 * n, L->deriv + (size_t)b * 2 * n);
    memcpy(L->xp, x, sizeof(float) * (size_t)B * d);
}

/* One row of the fused pass: e ← λe + ηx_i, then dW1 += δ1 Re e + δ2 Im e, dW2 += −δ1 Im e + δ2 Re e (restrict
   parameters: gcc ignores restrict on block-scope pointers and fell back to its scalar loop at run time). */
static inline void tied_row(int n, const float *restrict G, const float *restrict P, const float *restrict E, float xi,
                            const float *restrict d1, const float *restrict d2, float *restrict a, float *restrict m,
                            float *restrict q1, float *restrict q2) {
    for (int k = 0; k < n; k++) {
        float g = G[k], p = P[k], a11 = a[k], a21 = m[k];
        float re = fmaf(g, a11, fmaf(-p, a21, E[k] * xi));
        float im = fmaf(g, a21, p * a11);
        a[k] = re; m[k] = im;
        q1[k] = fmaf(d1[k], re, fmaf(d2[k], im, q1[k]));
        q2[k] = fmaf(-d1[k], im, fmaf(d2[k], re, q2[k]));
    }
}

/* Layer.Backward without the input gradient: δ = dy ⊙ F, the ν/θ gradients, then per row block and stream the pending
   trace update e ← λe + ηx_i fused with dW1 += δ1 Re e + δ2 Im e, dW2 += −δ1 Im e + δ2 Re e. */
static void backward(Layer *L, const float *restrict dy) {
    const int n = L->n, d = L->d, B = L->b;
    check_finite(dy, B * 2 * n, "outputGradients");
    float *restrict gnu = L->grads, *restrict gth = gnu + n, *restrict gw1 = gth + n, *restrict gw2 = gw1 + (size_t)d * n;
    for (int b = 0; b < B; b++) {
        float *restrict dl = L->delta + (size_t)b * 2 * n;
        const float *restrict dyb = dy + (size_t)b * 2 * n, *restrict f = L->deriv + (size_t)b * 2 * n;
        for (int k = 0; k < 2 * n; k++) dl[k] = dyb[k] * f[k];
        const float *restrict t = L->ut + (size_t)b * 4 * n;
        for (int k = 0; k < n; k++) {
            float d1 = dl[k], d2 = dl[n + k];
            gnu[k] = fmaf(d1, t[k], fmaf(d2, t[n + k], gnu[k]));
            gth[k] = fmaf(d1, t[2 * n + k], fmaf(d2, t[3 * n + k], gth[k]));
        }
    }
    const float *restrict G = L->g, *restrict P = L->phi, *restrict E = L->eta;
    int rows = 4096 / n; if (rows < 1) rows = 1;
    size_t dn = (size_t)d * n;
    for (int i0 = 0; i0 < d; i0 += rows) {
        int i1 = i0 + rows < d ? i0 + rows : d;
        for (int b = 0; b < B; b++) {
            float *restrict s11 = L->wt + (size_t)b * L->stride, *restrict s21 = s11 + dn;
            const float *restrict d1 = L->delta + (size_t)b * 2 * n, *restrict d2 = d1 + n;
            const float *restrict xb = L->xp + (size_t)b * d;
            for (int i = i0; i < i1; i++)
                tied_row(n, G, P, E, xb[i], d1, d2, s11 + (size_t)i * n, s21 + (size_t)i * n, gw1 + (size_t)i * n, gw2 + (size_t)i * n);
        }
    }
}

static double cpu_seconds(void) {
    struct timespec ts; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static float *read_floats(FILE *f, size_t count) {
    float *p = alloc(sizeof(float) * count);
    if (fread(p, sizeof(float), count, f) != count) { fprintf(stderr, "dump too short\n"); exit(1); }
    return p;
}

static int cmp_double(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

/* Bit-for-bit comparison; prints the count of differing elements and the largest difference in float32 ulps. */
static int compare(const char *what, const float *c, const float *cs, size_t count) {
    size_t diff = 0; long worst = 0;
    for (size_t i = 0; i < count; i++) {
        int32_t a, b; memcpy(&a, &c[i], 4); memcpy(&b, &cs[i], 4);
        if (a != b) {
            diff++;
            long u = labs((long)(a < 0 ? INT32_MIN - a : a) - (long)(b < 0 ? INT32_MIN - b : b));
            if (u > worst) worst = u;
        }
    }
    printf("  %-10s %8zu values: %s", what, count, diff ? "" : "bit-identical\n");
    if (diff) printf("%zu differ, largest difference %ld ulp\n", diff, worst);
    return diff != 0;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: rtu_step <dump.bin> [time <out.tsv>]\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    int hdr[4];
    if (fread(hdr, 4, 4, f) != 4) { fprintf(stderr, "bad dump\n"); return 1; }
    Layer L = {0};
    int n = L.n = hdr[0], d = L.d = hdr[1], B = L.b = hdr[2], steps = hdr[3];
    size_t np = 2 * (size_t)n + 2 * (size_t)d * n;
    float *init = read_floats(f, np);
    float *xs[8];
    for (int i = 0; i < 8; i++) xs[i] = read_floats(f, (size_t)B * d);
    float *dy = read_floats(f, (size_t)B * 2 * n);
    float *cs_g = read_floats(f, n), *cs_phi = read_floats(f, n), *cs_eta = read_floats(f, n);
    float *cs_y = read_floats(f, (size_t)B * 2 * n), *cs_grads = read_floats(f, np);
    fclose(f);

    L.params = alloc(sizeof(float) * np); L.grads = alloc(sizeof(float) * np);
    memcpy(L.params, init, sizeof(float) * np);
    L.nu_log = L.params; L.theta_log = L.params + n; L.w1 = L.params + 2 * n; L.w2 = L.w1 + (size_t)d * n;
    float **cf[] = {&L.g, &L.phi, &L.eta, &L.dgn, &L.dpn, &L.den, &L.dgt, &L.dpt};
    for (int i = 0; i < 8; i++) *cf[i] = alloc(sizeof(float) * n);
    L.h = alloc(sizeof(float) * B * 2 * n); L.ut = alloc(sizeof(float) * B * 4 * n); L.deriv = alloc(sizeof(float) * B * 2 * n);
    L.u = alloc(sizeof(float) * B * 2 * n); L.delta = alloc(sizeof(float) * B * 2 * n); L.xp = alloc(sizeof(float) * B * d);
    /* Stride: an odd number of cache lines (as the library pads it), so streams do not share cache sets. */
    size_t lines = (2 * (size_t)d * n + 15) / 16; if (lines % 2 == 0) lines++;
    L.stride = lines * 16;
    L.wt = alloc(sizeof(float) * L.stride * B);
    float *y = alloc(sizeof(float) * B * 2 * n);

    for (int s = 0; s < steps; s++) { step(&L, xs[s & 7], y); backward(&L, dy); }
    printf("linear %d/%d/%d, %d learning steps, C against C#:\n", n, d, B, steps);
    int bad = compare("g", L.g, cs_g, n) | compare("phi", L.phi, cs_phi, n) | compare("eta", L.eta, cs_eta, n)
            | compare("y", y, cs_y, (size_t)B * 2 * n) | compare("gradients", L.grads, cs_grads, np);

    if (argc >= 4 && strcmp(argv[2], "time") == 0) {
        /* StepTable's scheme: 0.5 s warm-up, a round of ~2 ms, 40 rounds; min and median µs per learning step. */
        long it = 0;
        double t0 = cpu_seconds();
        while (cpu_seconds() - t0 < 0.5) { step(&L, xs[it & 7], y); backward(&L, dy); it++; }
        long calls = 0;
        t0 = cpu_seconds();
        while (cpu_seconds() - t0 < 0.002) { step(&L, xs[it & 7], y); backward(&L, dy); it++; calls++; }
        if (calls < 1) calls = 1;
        double per[40];
        for (int r = 0; r < 40; r++) {
            double s0 = cpu_seconds();
            for (long i = 0; i < calls; i++) { step(&L, xs[it & 7], y); backward(&L, dy); it++; }
            per[r] = (cpu_seconds() - s0) / calls * 1e6;
        }
        qsort(per, 40, sizeof(double), cmp_double);
        printf("  time: min %.2f µs, median %.2f µs per learning step\n", per[0], per[20]);
        FILE *o = fopen(argv[3], "a");
        if (!o) { perror(argv[3]); return 1; }
        fprintf(o, "linear\t%d\t%d\t%d\t%.17g\t%.17g\t0\t0\n", n, d, B, per[0], per[20]);
        fclose(o);
    }
    return bad;
}
