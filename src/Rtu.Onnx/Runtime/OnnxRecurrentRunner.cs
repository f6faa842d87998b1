using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Rtu.Onnx.Runtime;

/// <summary>
/// Runs a one-step recurrent ONNX graph (inputs <c>obs [N,d]</c> and <c>state_*</c> [N,k]; outputs
/// head results and <c>next_state_*</c> [N,k]) for a fixed number of streams, keeping each stream's
/// state between steps.
/// <para>
/// Memory: every tensor lives in a managed buffer allocated once and wrapped in an
/// <see cref="OrtValue"/>. The state uses two buffers per state tensor (ping-pong) and two
/// pre-bound <see cref="OrtIoBinding"/>s (one per parity), so a step copies the observation,
/// runs the session and flips the parity: it allocates no managed arrays.
/// </para>
/// <para>
/// Threading: every public member takes one lock per runner, so a runner may be shared between
/// threads; steps are serialized. The zero-copy views <see cref="Output"/> and <see cref="State"/>
/// are valid only until the next <see cref="Step(ReadOnlySpan{float})"/> or reset; with several
/// threads use <see cref="Step(ReadOnlySpan{float}, IReadOnlyList{float[]})"/>,
/// <see cref="CopyOutput"/> or <see cref="CopyState"/>, which copy under the lock.
/// </para>
/// <para>
/// Execution provider: CUDA when <see cref="OnnxRunnerOptions.PreferCuda"/> and the process uses the
/// Microsoft.ML.OnnxRuntime.Gpu package with a working CUDA setup; otherwise CPU. On the CPU package
/// <c>AppendExecutionProvider_CUDA</c> throws <see cref="EntryPointNotFoundException"/>: the runner
/// catches it, disposes those options and builds fresh CPU ones. See <see cref="ExecutionProvider"/>
/// and <see cref="CudaFallbackReason"/>.
/// </para>
/// </summary>
public sealed class OnnxRecurrentRunner : IDisposable
{
    /// <summary>Name reported for the CPU execution provider.</summary>
    public const string CpuProvider = "CPUExecutionProvider";

    /// <summary>Name reported for the CUDA execution provider.</summary>
    public const string CudaProvider = "CUDAExecutionProvider";

    private readonly Lock _gate = new();
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly float[] _obs;
    private readonly OrtValue _obsValue;
    private readonly float[][][] _stateBuf;      // [state][parity][B*k]
    private readonly OrtValue[][] _stateValues;  // [state][parity]
    private readonly float[][] _outBuf;          // [output][B*w]
    private readonly OrtValue[] _outValues;
    private readonly OrtIoBinding[] _bindings;   // [parity]: state_* ← buffer[parity], next_state_* → buffer[1-parity]
    private readonly Dictionary<string, int> _outIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _stateIndex = new(StringComparer.Ordinal);
    private int _parity;
    private long _steps;
    private bool _disposed;

    /// <summary>
    /// Loads <paramref name="path"/>, validates its signature and prepares state for
    /// <paramref name="streamCount"/> streams (all zeros).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist (or the path is a folder).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="streamCount"/> is below 1, above <see cref="MaxStreamCount"/>, or makes a buffer larger than <see cref="MaxBufferElements"/>.</exception>
    /// <exception cref="OnnxModelValidationException">Not an ONNX model, its graph fails the integrity check of <see cref="OnnxIntegrity"/> (when the file carries one), or its inputs/outputs are not what the runner expects.</exception>
    public OnnxRecurrentRunner(string path, int streamCount, OnnxRunnerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(streamCount, 1);
        if (streamCount > MaxStreamCount)
            throw new ArgumentOutOfRangeException(nameof(streamCount), streamCount, $"streamCount must be at most {MaxStreamCount:N0} (OnnxRecurrentRunner.MaxStreamCount); run several runners for more streams.");
        options ??= new OnnxRunnerOptions();
        if (!File.Exists(path))
            throw new FileNotFoundException(Directory.Exists(path) ? $"ONNX model '{path}' is a folder, not a file." : $"ONNX model '{path}' does not exist.", path);
        OnnxIntegrity.Verify(File.ReadAllBytes(path), path);
        ModelPath = path;
        StreamCount = streamCount;

        (_session, ExecutionProvider, CudaFallbackReason) = CreateSession(path, options);
        try
        {
            var sig = Validate(path, _session, streamCount, options);
            ObservationSize = sig.ObsWidth;
            States = sig.States;
            Outputs = sig.Outputs;
            Metadata = new Dictionary<string, string>(_session.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal);
            RequiresFiniteObservations = Metadata.TryGetValue(OnnxNames.FiniteObservationsKey, out var finite) && finite == "true";

            int b = streamCount;
            // Every buffer holds streamCount rows: refuse sizes whose product would overflow or take gigabytes.
            foreach (var (name, width) in new[] { (OnnxNames.Observation, ObservationSize) }.Concat(States.Select(x => (x.Name, x.Width))).Concat(Outputs.Select(x => (x.Name, x.Width))))
                if ((long)b * width > MaxBufferElements)
                    throw new ArgumentOutOfRangeException(nameof(streamCount), streamCount,
                        $"streamCount × width of '{name}' = {b} × {width} exceeds {MaxBufferElements:N0} floats (OnnxRecurrentRunner.MaxBufferElements, 1 GiB); use fewer streams per runner.");
            _runOptions = new RunOptions();
            _obs = new float[b * ObservationSize];
            _obsValue = OrtValue.CreateTensorValueFromMemory(_obs, new long[] { b, ObservationSize });

            _stateBuf = new float[States.Count][][];
            _stateValues = new OrtValue[States.Count][];
            for (int i = 0; i < States.Count; i++)
            {
                int k = States[i].Width;
                _stateIndex[States[i].Name] = i;
                _stateBuf[i] = new[] { new float[b * k], new float[b * k] };
                _stateValues[i] = new[]
                {
                    OrtValue.CreateTensorValueFromMemory(_stateBuf[i][0], new long[] { b, k }),
                    OrtValue.CreateTensorValueFromMemory(_stateBuf[i][1], new long[] { b, k }),
                };
            }

            _outBuf = new float[Outputs.Count][];
            _outValues = new OrtValue[Outputs.Count];
            for (int j = 0; j < Outputs.Count; j++)
            {
                _outIndex[Outputs[j].Name] = j;
                _outBuf[j] = new float[b * Outputs[j].Width];
                _outValues[j] = OrtValue.CreateTensorValueFromMemory(_outBuf[j], new long[] { b, Outputs[j].Width });
            }

            _bindings = new OrtIoBinding[2];
            for (int p = 0; p < 2; p++)
            {
                var binding = _session.CreateIoBinding();
                binding.BindInput(OnnxNames.Observation, _obsValue);
                for (int i = 0; i < States.Count; i++)
                {
                    binding.BindInput(States[i].Name, _stateValues[i][p]);
                    binding.BindOutput(NextStateName(States[i].Name), _stateValues[i][1 - p]);
                }
                for (int j = 0; j < Outputs.Count; j++)
                    binding.BindOutput(Outputs[j].Name, _outValues[j]);
                _bindings[p] = binding;
            }
        }
        catch
        {
            DisposeCore();
            throw;
        }
    }

    /// <summary>Most streams one runner holds (its buffers are [streamCount, width] each).</summary>
    public const int MaxStreamCount = 1 << 20;

    /// <summary>Most floats in one of the runner's buffers (streamCount × a tensor's width): 1 GiB.</summary>
    public const long MaxBufferElements = 1L << 28;

    /// <summary>The file this runner was loaded from.</summary>
    public string ModelPath { get; }

    /// <summary>Number of streams B; every step takes obs [B, ObservationSize].</summary>
    public int StreamCount { get; }

    /// <summary>Width d of the <c>obs</c> input.</summary>
    public int ObservationSize { get; }

    /// <summary>The execution provider in use: <see cref="CudaProvider"/> or <see cref="CpuProvider"/>.</summary>
    public string ExecutionProvider { get; }

    /// <summary>Whether CUDA is in use.</summary>
    public bool UsesCuda => ExecutionProvider == CudaProvider;

    /// <summary>Why CUDA was not used although preferred (null when CUDA is used or was not asked for).</summary>
    public string? CudaFallbackReason { get; }

    /// <summary>The state inputs (<c>state_*</c>), in the model's input order.</summary>
    public IReadOnlyList<OnnxTensorInfo> States { get; }

    /// <summary>The non-state outputs (head results), in the model's output order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    /// <summary>The model's metadata properties.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// Whether <see cref="Step(ReadOnlySpan{float})"/> refuses a NaN or infinite observation (the graph's
    /// <see cref="OnnxNames.FiniteObservationsKey"/> metadata: exported policies); other graphs take NaN as a missing value.
    /// </summary>
    public bool RequiresFiniteObservations { get; }

    /// <summary>Number of steps run since construction.</summary>
    public long StepCount { get { lock (_gate) return _steps; } }

    /// <summary>
    /// Runs one step for all streams: <paramref name="obs"/> is [StreamCount, ObservationSize]
    /// row-major. Afterwards <see cref="Output"/> holds the head outputs and <see cref="State"/> the
    /// new states (which the next step reads).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="obs"/> has the wrong length, or holds a NaN or infinite value while <see cref="RequiresFiniteObservations"/> (nothing changes).</exception>
    public void Step(ReadOnlySpan<float> obs)
    {
        lock (_gate) StepCore(obs);
    }

    /// <summary>
    /// Runs one step and copies every output (in <see cref="Outputs"/> order) into
    /// <paramref name="destinations"/>, each at least [StreamCount, width], under the lock.
    /// </summary>
    public void Step(ReadOnlySpan<float> obs, IReadOnlyList<float[]> destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        if (destinations.Count != Outputs.Count)
            throw new ArgumentException($"Expected {Outputs.Count} destination arrays (one per output: {string.Join(", ", Outputs.Select(o => o.Name))}), got {destinations.Count}.", nameof(destinations));
        lock (_gate)
        {
            for (int j = 0; j < _outBuf.Length; j++)
                if (destinations[j] is null || destinations[j].Length < _outBuf[j].Length)
                    throw new ArgumentException($"Destination for output '{Outputs[j].Name}' must hold at least {_outBuf[j].Length} values ([{StreamCount},{Outputs[j].Width}]).", nameof(destinations));
            StepCore(obs);
            for (int j = 0; j < _outBuf.Length; j++) _outBuf[j].CopyTo(destinations[j], 0);
        }
    }

    /// <summary>
    /// Zero-copy view [StreamCount, width] of an output of the last step. Valid until the next step;
    /// not protected against a concurrent step (use <see cref="CopyOutput"/> then).
    /// </summary>
    public ReadOnlySpan<float> Output(string name)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return _outBuf[OutputIndex(name)];
        }
    }

    /// <summary>
    /// Zero-copy view [StreamCount, width] of the current state <paramref name="name"/> (e.g.
    /// "state_h1"): after a step this equals that step's <c>next_state_*</c>. Valid until the next
    /// step or reset.
    /// </summary>
    public ReadOnlySpan<float> State(string name)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return _stateBuf[StateIndex(name)][_parity];
        }
    }

    /// <summary>Copies an output of the last step into <paramref name="destination"/> under the lock.</summary>
    public void CopyOutput(string name, Span<float> destination)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var src = _outBuf[OutputIndex(name)];
            if (destination.Length < src.Length)
                throw new ArgumentException($"Destination for output '{name}' must hold at least {src.Length} values.", nameof(destination));
            src.CopyTo(destination);
        }
    }

    /// <summary>Copies the current state <paramref name="name"/> into <paramref name="destination"/> under the lock.</summary>
    public void CopyState(string name, Span<float> destination)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var src = _stateBuf[StateIndex(name)][_parity];
            if (destination.Length < src.Length)
                throw new ArgumentException($"Destination for state '{name}' must hold at least {src.Length} values.", nameof(destination));
            src.CopyTo(destination);
        }
    }

    /// <summary>Sets every state of stream <paramref name="stream"/> to zero (episode start).</summary>
    public void Reset(int stream)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stream);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stream, StreamCount);
        lock (_gate)
        {
            ThrowIfDisposed();
            for (int i = 0; i < States.Count; i++)
            {
                int k = States[i].Width;
                Array.Clear(_stateBuf[i][_parity], stream * k, k);
            }
        }
    }

    /// <summary>Sets the state of every stream to zero.</summary>
    public void ResetAll()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            for (int i = 0; i < States.Count; i++) Array.Clear(_stateBuf[i][_parity]);
        }
    }

    /// <summary>Releases the session, bindings and tensors.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            DisposeCore();
        }
    }

    /// <summary>The execution providers this ONNX Runtime build offers.</summary>
    public static IReadOnlyList<string> AvailableProviders() => OrtEnv.Instance().GetAvailableProviders();

    private void StepCore(ReadOnlySpan<float> obs)
    {
        ThrowIfDisposed();
        if (obs.Length != _obs.Length)
            throw new ArgumentException(
                $"Input 'obs' must be [{StreamCount},{ObservationSize}] ({_obs.Length} values) but {obs.Length} values were given.", nameof(obs));
        if (RequiresFiniteObservations) ThrowIfNotFinite(obs);
        obs.CopyTo(_obs);
        _session.RunWithBinding(_runOptions, _bindings[_parity]);
        _parity = 1 - _parity;
        _steps++;
    }

    // Before the step, so that no stream's state or output changes.
    private void ThrowIfNotFinite(ReadOnlySpan<float> obs)
    {
        for (int i = 0; i < obs.Length; i++)
            if (!float.IsFinite(obs[i]))
                throw new ArgumentException(
                    $"obs[{i / ObservationSize}, {i % ObservationSize}] (stream {i / ObservationSize}, observation {i % ObservationSize}) is " +
                    $"{obs[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}: this graph takes finite observations only " +
                    $"(its '{OnnxNames.FiniteObservationsKey}' metadata, as an exported policy's; the C# policy refuses one too). No state changed.",
                    nameof(obs));
    }

    private int OutputIndex(string name) =>
        _outIndex.TryGetValue(name, out int j) ? j
            : throw new ArgumentException($"The model has no output '{name}'; outputs: {string.Join(", ", Outputs.Select(o => o.Name))}.", nameof(name));

    private int StateIndex(string name) =>
        _stateIndex.TryGetValue(name, out int i) ? i
            : throw new ArgumentException($"The model has no state '{name}'; states: {(States.Count == 0 ? "none" : string.Join(", ", States.Select(o => o.Name)))}.", nameof(name));

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void DisposeCore()
    {
        if (_bindings is not null) foreach (var b in _bindings) b?.Dispose();
        if (_outValues is not null) foreach (var v in _outValues) v?.Dispose();
        if (_stateValues is not null)
            foreach (var pair in _stateValues)
                if (pair is not null) foreach (var v in pair) v?.Dispose();
        _obsValue?.Dispose();
        _runOptions?.Dispose();
        _session?.Dispose();
    }

    private static string NextStateName(string stateName) =>
        OnnxNames.NextStatePrefix + stateName[OnnxNames.StatePrefix.Length..];

    private static SessionOptions NewOptions(OnnxRunnerOptions o) => new()
    {
        IntraOpNumThreads = Math.Max(1, o.IntraOpThreads),
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    private static (InferenceSession, string, string?) CreateSession(string path, OnnxRunnerOptions o)
    {
        string? fallback = null;
        if (o.PreferCuda)
        {
            var cudaOptions = NewOptions(o);
            try
            {
                cudaOptions.AppendExecutionProvider_CUDA(o.CudaDeviceId);
                try
                {
                    var session = new InferenceSession(path, cudaOptions);
                    cudaOptions.Dispose();
                    return (session, CudaProvider, null);
                }
                catch (OnnxRuntimeException e)
                {
                    fallback = "creating a CUDA session failed: " + e.Message;
                }
            }
            catch (EntryPointNotFoundException)
            {
                fallback = "this ONNX Runtime package has no CUDA execution provider (CPU package Microsoft.ML.OnnxRuntime; build with -p:OnnxRuntimeGpu=true for CUDA)";
            }
            catch (OnnxRuntimeException e)
            {
                fallback = "CUDA execution provider unavailable: " + e.Message;
            }
            catch (DllNotFoundException e)
            {
                fallback = "CUDA libraries not found: " + e.Message;
            }
            cudaOptions.Dispose();
        }

        using var cpuOptions = NewOptions(o);
        try
        {
            return (new InferenceSession(path, cpuOptions), CpuProvider, fallback);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxModelValidationException($"'{path}' is not a valid ONNX model (ONNX Runtime could not load it): {e.Message}", e);
        }
    }

    private sealed record Signature(int ObsWidth, IReadOnlyList<OnnxTensorInfo> States, IReadOnlyList<OnnxTensorInfo> Outputs);

    private static Signature Validate(string path, InferenceSession s, int streams, OnnxRunnerOptions o)
    {
        string file = Path.GetFileName(path);
        var inputs = s.InputMetadata;
        var outputs = s.OutputMetadata;
        string List(IEnumerable<KeyValuePair<string, NodeMetadata>> m) =>
            string.Join(", ", m.Select(kv => $"{kv.Key} {ShapeText(kv.Value)}"));

        int Width(string kind, string name, NodeMetadata m)
        {
            if (!m.IsTensor || m.ElementDataType != TensorElementType.Float)
                throw new OnnxModelValidationException($"{kind} '{name}' of '{file}' must be a float32 tensor, but is {m.OnnxValueType}/{m.ElementDataType}.");
            var dims = m.Dimensions;
            if (dims.Length != 2 || (dims[0] >= 0 && dims[0] != streams) || dims[1] <= 0)
                throw new OnnxModelValidationException(
                    $"{kind} '{name}' of '{file}' has shape {ShapeText(m)}; expected [N,k] with a batch dimension N (symbolic or {streams}) and a fixed width k.");
            return dims[1];
        }

        if (!inputs.TryGetValue(OnnxNames.Observation, out var obsMeta))
            throw new OnnxModelValidationException($"'{file}' has no input '{OnnxNames.Observation}' [N,d]; its inputs are: {List(inputs)}.");
        int obsWidth = Width("Input", OnnxNames.Observation, obsMeta);
        if (o.ObservationSize is int want && want != obsWidth)
            throw new OnnxModelValidationException(
                $"Input '{OnnxNames.Observation}' of '{file}' has shape {ShapeText(obsMeta)}, but the runner expects [N,{want}] (observation width {want}, file has {obsWidth}).");

        var states = new List<OnnxTensorInfo>();
        foreach (var (name, meta) in inputs)
        {
            if (name == OnnxNames.Observation) continue;
            if (!name.StartsWith(OnnxNames.StatePrefix, StringComparison.Ordinal))
                throw new OnnxModelValidationException(
                    $"'{file}' has an unexpected input '{name}' {ShapeText(meta)}; only '{OnnxNames.Observation}' and '{OnnxNames.StatePrefix}*' inputs are supported.");
            int k = Width("State input", name, meta);
            string next = NextStateName(name);
            if (!outputs.TryGetValue(next, out var nextMeta))
                throw new OnnxModelValidationException($"'{file}' has state input '{name}' [N,{k}] but no output '{next}'; its outputs are: {List(outputs)}.");
            int kn = Width("State output", next, nextMeta);
            if (kn != k)
                throw new OnnxModelValidationException($"State '{name}' of '{file}' has shape [N,{k}] but '{next}' has shape [N,{kn}]; they must match.");
            states.Add(new OnnxTensorInfo(name, k));
        }

        var heads = new List<OnnxTensorInfo>();
        foreach (var (name, meta) in outputs)
        {
            if (name.StartsWith(OnnxNames.NextStatePrefix, StringComparison.Ordinal))
            {
                string st = OnnxNames.StatePrefix + name[OnnxNames.NextStatePrefix.Length..];
                if (!inputs.ContainsKey(st))
                    throw new OnnxModelValidationException($"'{file}' has output '{name}' but no input '{st}' to feed it back into.");
                continue;
            }
            heads.Add(new OnnxTensorInfo(name, Width("Output", name, meta)));
        }

        if (o.StateSizes is not null)
        {
            foreach (var (name, k) in o.StateSizes)
            {
                var found = states.FirstOrDefault(x => x.Name == name);
                if (found is null)
                    throw new OnnxModelValidationException(
                        $"'{file}' is missing state input '{name}' [N,{k}]; its state inputs are: {(states.Count == 0 ? "none" : string.Join(", ", states.Select(x => $"{x.Name} [N,{x.Width}]")))}.");
                if (found.Width != k)
                    throw new OnnxModelValidationException(
                        $"State input '{name}' of '{file}' has shape [N,{found.Width}], but the runner expects [N,{k}].");
            }
            foreach (var st in states)
                if (!o.StateSizes.ContainsKey(st.Name))
                    throw new OnnxModelValidationException($"'{file}' has state input '{st.Name}' [N,{st.Width}] that the runner does not expect.");
        }
        if (o.RequiredOutputs is not null)
            foreach (var name in o.RequiredOutputs)
                if (!heads.Any(h => h.Name == name))
                    throw new OnnxModelValidationException($"'{file}' is missing output '{name}'; its outputs are: {List(outputs)}.");
        if (heads.Count == 0)
            throw new OnnxModelValidationException($"'{file}' has no outputs besides the next states.");
        return new Signature(obsWidth, states, heads);
    }

    private static string ShapeText(NodeMetadata m)
    {
        if (!m.IsTensor) return $"({m.OnnxValueType})";
        var sym = m.SymbolicDimensions;
        return "[" + string.Join(",", m.Dimensions.Select((d, i) =>
            d >= 0 ? d.ToString() : (sym is not null && i < sym.Length && !string.IsNullOrEmpty(sym[i]) ? sym[i] : "?"))) + "]";
    }
}
