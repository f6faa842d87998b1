using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells.Rtu;

/// <summary>
/// Shared machinery of the RTU layers trained with exact RTRL (spec §1–2): parameters (ν_log, θ_log, W1, W2),
/// the 2×2 rotation–scaling recurrence, the ν/θ traces, gradient assembly and the one-step input gradient.
/// Subclasses differ only in where f sits and which input-weight traces they keep.
/// </summary>
/// <remarks>
/// Per-stream memory: state 2n, ν/θ traces 4n, input-weight traces <see cref="WeightTraceCount"/>·d·n.
/// Step is O(nd) and allocates nothing. The input-weight trace update of a Step is applied in the following Backward,
/// fused with the dW contraction (one read and one write of the largest array per learning step instead of three
/// sweeps); a Step without Backward, and every member that reads or replaces the traces, applies it first, so the
/// deferral is not observable (results are bit-identical to updating in Step).
/// </remarks>
public abstract class RtuLayer<T> : IRecurrentLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private protected readonly int N, D, B;
    private protected readonly RtuCoefficients<T> Coef;
    private readonly bool _referenceTheta;
    private readonly bool _nonLinear; // NonLinearRecurrence, read once (a virtual call per use in the step otherwise)
    private readonly int _wTraceSize, _wStride, _wBase; // per-stream trace size; padded stride; aligned start
    private readonly T[] _state;        // B × 2n: [h1 | h2]
    private readonly T[] _unitTraces;   // B × 4n: [S1ν | S2ν | S1θ | S2θ]
    private readonly T[] _weightTraces; // B blocks of WeightTraceCount·d·n, _wStride apart, from _wBase (64-byte aligned)
    private readonly T[] _derivatives;  // B × 2n: F = f'(a) (non-linear) or f'(y) at the output (linear)
    private readonly T[] _u, _a, _delta, _c; // _u, _a, _delta: B × 2n; _c: 2n
    // The input-weight trace update of the last Step, deferred into Backward (fused with the dW contraction: the traces
    // are read and written once per learning step instead of written by Step and read again by Backward). Anything else
    // that touches the traces applies it first (FlushWeightTraces), so the deferral is invisible.
    private readonly T[] _pendingInputs; // B × d: the x of the pending update
    private bool _tracesPending;
    // The parameter segments, looked up once: by name (a dictionary of strings) the step's eight look-ups cost ~0.07 µs.
    private readonly ParameterSegment _nuLog, _thetaLog, _w1, _w2;

    private protected RtuLayer(int inputSize, RtuOptions options, int batchSize, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        Guard.Positive(inputSize, nameof(inputSize));
        Guard.Positive(batchSize, nameof(batchSize));
        Options = options;
        N = options.Units; D = inputSize; B = batchSize;
        _referenceTheta = options.ReferenceThetaGradient;
        _nonLinear = NonLinearRecurrence;
        Parameters = RtuParameters.Create<T>(N, D);
        RtuParameters.Initialize(Parameters, options, rng);
        Coef = new RtuCoefficients<T>(N);
        _nuLog = Parameters.Segment(RtuParameters.NuLog); _thetaLog = Parameters.Segment(RtuParameters.ThetaLog);
        _w1 = Parameters.Segment(RtuParameters.W1); _w2 = Parameters.Segment(RtuParameters.W2);
        _wTraceSize = WeightTraceCount * D * N;
        WideVectors = LaneDriver.Wide && (long)B * _wTraceSize * Unsafe.SizeOf<T>() > WideVectorsFrom;
        // Every per-step buffer on a cache-line boundary, as the traces (see AlignedArrays).
        _state = AlignedArrays.Allocate<T>(B * 2 * N);
        _unitTraces = AlignedArrays.Allocate<T>(B * 4 * N);
        (_weightTraces, _wBase, _wStride) = AllocateTraces(B, _wTraceSize);
        _derivatives = AlignedArrays.Allocate<T>(B * 2 * N);
        _pendingInputs = AlignedArrays.Allocate<T>(B * D);
        _u = AlignedArrays.Allocate<T>(B * 2 * N); _a = AlignedArrays.Allocate<T>(B * 2 * N); _delta = AlignedArrays.Allocate<T>(B * 2 * N);
        _c = AlignedArrays.Allocate<T>(2 * N);
    }

    /// <summary>
    /// Traces (all streams) above which the step's trace and projection kernels use 512-bit vectors where the hardware has
    /// them (<see cref="LaneDriver.Wide"/>); same bits either way. It depends on the core (<see cref="CpuModel"/>):
    /// <list type="bullet">
    /// <item>Zen 4 (AMD family 19h: 512-bit operations double-pumped on 256-bit units), thread CPU time: 512-bit was
    /// 1.03–1.12× faster with 2–64 MiB of traces (n/d/B = 256/64/32, 1024/256/32, non-linear 64/64/32) and 1.06–1.4× slower
    /// with ≤ 1 MiB (64/16/1, 256/64/1, linear 64/64/32): 1 MiB.</item>
    /// <item>Zen 5 (AMD family 1Ah: full-width 512-bit units): 512-bit was faster at ≤ 1 MiB too (kernels3 notes: the
    /// fused trace pass at 256/64/1 4.1 against 5.5 µs, the whole linear step 8.1–8.4 against 9.1–9.2 µs; and the C
    /// reference's 512-bit build 1.4× faster than its 256-bit build there): 0, 512-bit everywhere.</item>
    /// <item>Other cores with 512-bit vectors (not measured): 1 MiB, as on Zen 4.</item>
    /// </list>
    /// </summary>
    private static readonly long WideVectorsFrom = CpuModel.FullWidth512 ? 0 : 1L << 20;

    /// <summary>Whether this layer's kernels run 512-bit vectors (<see cref="WideVectorsFrom"/>).</summary>
    private protected bool WideVectors { get; }

    /// <summary>The options this layer was built with.</summary>
    public RtuOptions Options { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <inheritdoc />
    public int InputSize => D;

    /// <inheritdoc />
    public int OutputSize => 2 * N;

    /// <inheritdoc />
    public int BatchSize => B;

    /// <summary>Number of complex units n.</summary>
    public int Units => N;

    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }

    /// <summary>Input-weight traces kept per stream, each d×n: 4 (non-linear) or 2 (linear, tied).</summary>
    protected abstract int WeightTraceCount { get; }

    /// <summary>True when f is inside the recurrence (the traces then carry F = f'(a)).</summary>
    protected abstract bool NonLinearRecurrence { get; }

    /// <inheritdoc />
    public long FlopsPerStep
    {
        get
        {
            long nd = (long)N * D;
            long forward = 4 * nd + 10L * N + 2L * N * ActivationFunctions.FlopsPerElement(Options.Activation);
            long traces = (NonLinearRecurrence ? 19 : 8) * nd + 32L * N;
            long backward = 8 * nd + 4 * nd + 16L * N;
            return forward + traces + backward;
        }
    }

    /// <inheritdoc />
    public int CarrySize => 6 * N + _wTraceSize;

    /// <summary>One segment of the parameter values or of the gradients.</summary>
    private static Span<T> Of(T[] array, ParameterSegment segment) => array.AsSpan(segment.Offset, segment.Length);

    /// <summary>Stream b's input-weight traces (<see cref="WeightTraceCount"/> blocks of d×n).</summary>
    private Span<T> WeightTraceBlock(int b) => _weightTraces.AsSpan(_wBase + b * _wStride, _wTraceSize);

    /// <summary>
    /// The trace storage of <paramref name="streams"/> streams: pinned (so it can be aligned), starting on a 64-byte
    /// boundary (vector loads then split no cache line when n·sizeof(T) is a multiple of 64), with a per-stream stride of an
    /// odd number of cache lines: a power-of-two stride (d, n powers of two) put every stream's row i in the same cache
    /// set, so the batched gradient pass (row blocks outer, streams inner) evicted its own lines.
    /// </summary>
    private static (T[] Array, int Base, int Stride) AllocateTraces(int streams, int size)
    {
        int line = 64 / Unsafe.SizeOf<T>();
        int lines = (size + line - 1) / line;
        if (lines % 2 == 0) lines++;
        int stride = lines * line;
        var array = GC.AllocateArray<T>(checked(streams * stride + line), pinned: true);
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        long address = handle.AddrOfPinnedObject();
        handle.Free();
        int offset = (int)((64 - address % 64) % 64) / Unsafe.SizeOf<T>();
        return (array, offset, stride);
    }

    /// <summary>One stream's recurrent state [h1 | h2] (read-only view, for inspection and export).</summary>
    public ReadOnlySpan<T> State(int stream)
    {
        Guard.Index(stream, B, nameof(stream));
        return _state.AsSpan(stream * 2 * N, 2 * N);
    }

    /// <summary>One stream's input-weight traces, <see cref="WeightTraceCount"/> blocks of d×n (for tests); applies a pending update first.</summary>
    internal ReadOnlySpan<T> WeightTraces(int stream)
    {
        Guard.Index(stream, B, nameof(stream));
        FlushWeightTraces();
        return WeightTraceBlock(stream);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The arguments are checked here, once per call; the kernels below run unchecked over the layer's own buffers,
    /// whose lengths are fixed at construction (the per-kernel, per-stream checks were a measurable share of small steps).
    /// </remarks>
    public void Step(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        Guard.Length(inputs, B * D, nameof(inputs));
        Guard.Length(outputs, B * 2 * N, nameof(outputs));
        Guard.LayerInputs(inputs, nameof(inputs));
        FlushWeightTraces(); // a Step without Backward: the previous step's trace update, with its coefficients
        T[] values = Parameters.Values;
        Coef.Update(Of(values, _nuLog), Of(values, _thetaLog), _referenceTheta);
        // u = x·W for every stream first, register-blocked, column blocks outer: W is read once per step, not once per stream.
        TraceKernels.Project(inputs, D, Of(values, _w1), Of(values, _w2), _u, WideVectors);
        // The input-weight traces: deferred to Backward (or the next flush). F and the coefficients stay until then.
        // (Copied before the outputs are written, in case the caller's outputs alias its inputs.)
        inputs.CopyTo(_pendingInputs);
        var c = new UnitCoefficients<T>(Coef.G, Coef.Phi, Coef.Eta, Coef.DgDnu, Coef.DphiDnu, Coef.DetaDnu, Coef.DgDtheta, Coef.DphiDtheta);
        if (_nonLinear) NonLinearUnitStep(outputs, c);
        else LinearUnitStep(outputs, c);
        _tracesPending = true;
    }

    /// <summary>
    /// The recurrence, the ν/θ traces and the new state in one pass over all streams, with y = f(h) and F = f'(y) in the
    /// same pass where f is exact per lane (identity, ReLU); tanh and sigmoid after it (TensorPrimitives, see
    /// <see cref="ApplyActivation"/>). Not inlined into Step: a larger tier-1 Step ran out of the JIT's inlining budget and
    /// left small helpers as calls (which is why this fusion measured slower in the whole step before, 0.77 against
    /// 0.72 µs at 64/16/1, while faster alone).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LinearUnitStep(Span<T> y, in UnitCoefficients<T> c)
    {
        switch (Options.Activation)
        {
            case Activation.Identity:
                TraceKernels.LinearRtuUnitStepActivatedUnchecked<T, IdentityDerivative<T>, IdentityActivation<T>>(_state, _u, _unitTraces, _derivatives, y, c, B);
                break;
            case Activation.Relu:
                TraceKernels.LinearRtuUnitStepActivatedUnchecked<T, ReluDerivative<T>, ReluActivation<T>>(_state, _u, _unitTraces, _derivatives, y, c, B);
                break;
            default:
                TraceKernels.LinearRtuUnitStepUnchecked(_state, _u, _unitTraces, c, B);
                ApplyActivation(_state, y);
                ActivationFunctions.DerivativeFromOutput(Options.Activation, y, _derivatives);
                break;
        }
    }

    /// <summary>
    /// y = f(a) for the B blocks of 2n: one call where f is exact per element (identity, ReLU), else one
    /// TensorPrimitives call per stream, as before (its tanh and sigmoid may round an element differently depending on
    /// the span length, which decides the vector width it uses).
    /// </summary>
    private void ApplyActivation(ReadOnlySpan<T> a, Span<T> y)
    {
        var f = Options.Activation;
        if (f is Activation.Identity or Activation.Relu || B == 1) { ActivationFunctions.Apply(f, a, y); return; }
        int m = 2 * N;
        for (int b = 0; b < B; b++) ActivationFunctions.Apply(f, a.Slice(b * m, m), y.Slice(b * m, m));
    }

    /// <summary>Applies the deferred input-weight trace update of the last Step, if any.</summary>
    private void FlushWeightTraces()
    {
        if (!_tracesPending) return;
        int n = N;
        for (int b = 0; b < B; b++)
        {
            var deriv = _derivatives.AsSpan(b * 2 * n, 2 * n);
            UpdateWeightTraces(WeightTraceBlock(b), _pendingInputs.AsSpan(b * D, D), deriv[..n], deriv[n..]);
        }
        _tracesPending = false;
    }

    /// <summary>
    /// Identity and ReLU (exact per lane): a = λh + ηu, f(a), F, the ν/θ traces, h and y in one pass over all streams
    /// (no a buffer). Tanh and sigmoid: a, then f(a) by TensorPrimitives (<see cref="ApplyActivation"/>), then the rest in one pass.
    /// </summary>
    private void NonLinearUnitStep(Span<T> y, in UnitCoefficients<T> c)
    {
        switch (Options.Activation)
        {
            case Activation.Identity:
                TraceKernels.NonLinearRtuUnitStepFusedUnchecked<T, IdentityDerivative<T>, IdentityActivation<T>>(_state, _u, _unitTraces, _derivatives, y, c, B);
                return;
            case Activation.Relu:
                TraceKernels.NonLinearRtuUnitStepFusedUnchecked<T, ReluDerivative<T>, ReluActivation<T>>(_state, _u, _unitTraces, _derivatives, y, c, B);
                return;
        }
        TraceKernels.RecurrenceUnchecked<T>(_state, _u, Coef.G, Coef.Phi, Coef.Eta, _a, B);
        ApplyActivation(_a, _a);
        switch (Options.Activation)
        {
            case Activation.Tanh: TraceKernels.NonLinearRtuUnitStepUnchecked<T, TanhDerivative<T>>(_state, _a, _u, _unitTraces, _derivatives, y, c, B); break;
            case Activation.Sigmoid: TraceKernels.NonLinearRtuUnitStepUnchecked<T, SigmoidDerivative<T>>(_state, _a, _u, _unitTraces, _derivatives, y, c, B); break;
            default: throw new InvalidOperationException($"Unknown activation {Options.Activation}.");
        }
    }

    /// <summary>Updates one stream's input-weight traces row by row for input <paramref name="x"/>.</summary>
    private protected abstract void UpdateWeightTraces(Span<T> traces, ReadOnlySpan<T> x, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2);

    /// <summary>
    /// Accumulates dL/dW1 and dL/dW2 from the traces of all B streams and their δ = [δ1 | δ2] (B blocks of 2n),
    /// adding the streams in order b = 0, 1, … per element.
    /// </summary>
    /// <remarks>Stream b's traces start at b·<paramref name="stride"/> in <paramref name="traces"/>.</remarks>
    private protected abstract void AccumulateWeightGradients(ReadOnlySpan<T> traces, int stride, ReadOnlySpan<T> deltas, Span<T> gradW1, Span<T> gradW2);

    /// <summary>
    /// <see cref="UpdateWeightTraces"/> of every stream (inputs B×d, derivatives B blocks [F1 | F2]) fused with
    /// <see cref="AccumulateWeightGradients"/>: one pass over the traces, rounded as the two separate passes.
    /// </summary>
    private protected abstract void UpdateAndAccumulateWeightGradients(Span<T> traces, int stride, ReadOnlySpan<T> inputs,
        ReadOnlySpan<T> derivatives, ReadOnlySpan<T> deltas, Span<T> gradW1, Span<T> gradW2);

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<T> outputGradients, Span<T> inputGradients)
    {
        Guard.Length(outputGradients, B * 2 * N, nameof(outputGradients));
        if (!inputGradients.IsEmpty) Guard.Length(inputGradients, B * D, nameof(inputGradients));
        Guard.Finite(outputGradients, nameof(outputGradients));
        int n = N;
        T[] gradients = Parameters.Gradients;
        Span<T> gNu = Of(gradients, _nuLog), gTh = Of(gradients, _thetaLog), gW1 = Of(gradients, _w1), gW2 = Of(gradients, _w2);
        // δ = dL/dh of every stream. Linear RTU: through the output activation, δ = dy ⊙ F formed in the ν/θ contraction's
        // pass (unless dy overlaps the gradients that pass writes: then first, as its own pass); non-linear: y = h.
        if (_nonLinear || outputGradients.Overlaps(gradients))
        {
            if (_nonLinear) outputGradients.CopyTo(_delta);
            else TensorPrimitives.Multiply(outputGradients, _derivatives, _delta);
            TraceKernels.AccumulateUnitContractionsUnchecked<T>(gNu, gTh, _delta, _unitTraces, B);
        }
        else TraceKernels.AccumulateScaledUnitContractionsUnchecked<T>(gNu, gTh, outputGradients, _derivatives, _delta, _unitTraces, B);
        if (!inputGradients.IsEmpty) InputGradients(inputGradients);
        // dW from every stream's traces in one pass, row blocks outer: dW is read and written once per step.
        if (_tracesPending)
        {
            UpdateAndAccumulateWeightGradients(_weightTraces.AsSpan(_wBase), _wStride, _pendingInputs, _derivatives, _delta, gW1, gW2);
            _tracesPending = false;
        }
        else AccumulateWeightGradients(_weightTraces.AsSpan(_wBase), _wStride, _delta, gW1, gW2);
    }

    /// <summary>
    /// dL/dx = (δ1 ⊙ F1 ⊙ η) W1ᵀ + (δ2 ⊙ F2 ⊙ η) W2ᵀ of every stream: the immediate, one-step gradient. Its own method,
    /// not inlined: inside Backward its calls used up the tier-1 inlining budget of the learning step's common path
    /// (no input gradients), which then kept span conversions and small helpers as calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InputGradients(Span<T> inputGradients)
    {
        int n = N;
        ReadOnlySpan<T> w1 = Of(Parameters.Values, _w1), w2 = Of(Parameters.Values, _w2);
        for (int b = 0; b < B; b++)
        {
            ReadOnlySpan<T> delta = _delta.AsSpan(b * 2 * n, 2 * n);
            Span<T> c1 = _c.AsSpan(0, n), c2 = _c.AsSpan(n, n);
            TensorPrimitives.Multiply(delta[..n], Coef.Eta, c1);
            TensorPrimitives.Multiply(delta[n..], Coef.Eta, c2);
            if (_nonLinear) TensorPrimitives.Multiply(_c, _derivatives.AsSpan(b * 2 * n, 2 * n), _c);
            TiedTraces.InputGradient(w1, w2, c1, c2, inputGradients.Slice(b * D, D));
        }
    }

    /// <inheritdoc />
    public void ResetStream(int stream)
    {
        Guard.Index(stream, B, nameof(stream));
        FlushWeightTraces(); // the other streams keep their pending update
        _state.AsSpan(stream * 2 * N, 2 * N).Clear();
        _unitTraces.AsSpan(stream * 4 * N, 4 * N).Clear();
        WeightTraceBlock(stream).Clear();
        _derivatives.AsSpan(stream * 2 * N, 2 * N).Clear();
    }

    /// <inheritdoc />
    public void ResetAllStreams()
    {
        Array.Clear(_state); Array.Clear(_unitTraces); Array.Clear(_weightTraces); Array.Clear(_derivatives);
        _tracesPending = false; // every trace is zero now: the pending update no longer applies
    }

    /// <inheritdoc />
    public void CopyCarry(int stream, Span<T> destination)
    {
        Guard.Index(stream, B, nameof(stream));
        Guard.Length(destination, CarrySize, nameof(destination));
        FlushWeightTraces();
        _state.AsSpan(stream * 2 * N, 2 * N).CopyTo(destination);
        _unitTraces.AsSpan(stream * 4 * N, 4 * N).CopyTo(destination[(2 * N)..]);
        WeightTraceBlock(stream).CopyTo(destination[(6 * N)..]);
    }

    /// <inheritdoc />
    public void LoadCarry(int stream, ReadOnlySpan<T> source)
    {
        Guard.Index(stream, B, nameof(stream));
        Guard.Length(source, CarrySize, nameof(source));
        Guard.Finite(source, nameof(source));
        FlushWeightTraces(); // the other streams keep their pending update
        source[..(2 * N)].CopyTo(_state.AsSpan(stream * 2 * N, 2 * N));
        source.Slice(2 * N, 4 * N).CopyTo(_unitTraces.AsSpan(stream * 4 * N, 4 * N));
        source[(6 * N)..].CopyTo(WeightTraceBlock(stream));
    }
}
