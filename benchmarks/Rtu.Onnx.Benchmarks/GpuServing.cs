using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Rtu.Onnx.Export;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Layers;
using Rtu.Trainers.Numerics;

namespace Rtu.Onnx.Benchmarks;

/// <summary>
/// ONNX serving throughput (stream-steps/s) of the linear-RTU predictor of <see cref="ServingBenchmarks"/> for a range of
/// stream counts B, on the CPU provider and, when the process runs the CUDA package on a machine with a GPU, on CUDA:
/// through <see cref="OnnxRecurrentRunner"/> (IOBinding of host buffers: the state travels host ↔ device every step) and
/// through an IOBinding that keeps the state on the device (ping-pong device buffers; only obs goes in and the
/// prediction comes out). Run by <c>benchmarks/gpu/run.sh</c>: <c>-- gpu-serving [--require-cuda | --cpu-only] [--batches 1,16,…]
/// [--seconds s] [--output file.md]</c>. Not a BenchmarkDotNet suite: a few minutes for the whole grid.
/// </summary>
internal static class GpuServing
{
    private const int Units = 64, Inputs = ServingBenchmarks.Inputs;

    private const string Usage = "gpu-serving [--require-cuda | --cpu-only] [--batches 1,16,…] [--seconds s] [--output file.md]";

    /// <summary>The largest B: its state buffers (B × the state width, floats) stay far below 2³¹ elements.</summary>
    private const int MaxBatch = 1 << 20;

    public static int Run(string[] args)
    {
        bool requireCuda = false, cpuOnly = false;
        int[] batches = [1, 16, 256, 4096, 65536];
        double seconds = 1.0;
        string? output = null;
        // A bad option: one line on stderr and exit 2, before anything is measured.
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                string Value() => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[++i] : throw new ArgumentException($"{name} needs a value ({Usage}).");
                switch (name)
                {
                    case "--require-cuda": requireCuda = true; break;
                    case "--cpu-only": cpuOnly = true; break;
                    case "--batches": batches = Batches(Value()); break;
                    case "--seconds":
                        string v = Value();
                        seconds = double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x > 0 && double.IsFinite(x)
                            ? x : throw new ArgumentException($"--seconds {v}: a number of seconds greater than 0.");
                        break;
                    case "--output": output = Value(); CheckWritable(output); break;
                    default: throw new ArgumentException($"Unknown option {name} ({Usage}).");
                }
            }
            if (requireCuda && cpuOnly) throw new ArgumentException("--require-cuda and --cpu-only exclude each other.");
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        var providers = OnnxRecurrentRunner.AvailableProviders();
        bool cudaPackage = !cpuOnly && providers.Contains(OnnxRecurrentRunner.CudaProvider);
        var lines = new List<string>
        {
            $"ONNX Runtime providers available: {string.Join(", ", providers)}",
            $"Model: linear RTU n = {Units}, d = {Inputs}, linear head; float32; {seconds:F1} s per measurement (after warm-up).",
            "",
            "| B | provider | binding | stream-steps/s | µs/step (B streams) | steps timed |",
            "|---:|---|---|---:|---:|---:|",
        };
        foreach (var l in lines) Console.WriteLine(l);
        if (requireCuda && !cudaPackage)
        {
            Console.Error.WriteLine("CUDA execution provider not in this ONNX Runtime build: build with -p:OnnxRuntimeGpu=true.");
            return 2;
        }

        foreach (int b in batches)
        {
            string path = Export(b);
            try
            {
                var obs = new float[b * Inputs];
                var rng = new Rng(7);
                for (int i = 0; i < obs.Length; i++) obs[i] = (float)rng.NextGaussian();

                using (var cpu = new OnnxRecurrentRunner(path, b, new OnnxRunnerOptions { PreferCuda = false }))
                    Report(lines, b, cpu.ExecutionProvider, "host IOBinding (OnnxRecurrentRunner)", Time(() => cpu.Step(obs), seconds));
                if (!cudaPackage) continue;

                using (var gpu = new OnnxRecurrentRunner(path, b, new OnnxRunnerOptions { PreferCuda = true }))
                {
                    if (!gpu.UsesCuda)
                    {
                        string why = $"CUDA requested but the runner uses {gpu.ExecutionProvider}: {gpu.CudaFallbackReason}";
                        Console.Error.WriteLine(why);
                        if (requireCuda) return 3;
                        lines.Add($"| {b} | - | - | {why} | | |");
                        continue;
                    }
                    Report(lines, b, gpu.ExecutionProvider, "host IOBinding (OnnxRecurrentRunner)", Time(() => gpu.Step(obs), seconds));
                }
                using (var resident = new DeviceResidentRunner(path, b))
                    Report(lines, b, OnnxRecurrentRunner.CudaProvider, "device-resident state IOBinding", Time(() => resident.Step(obs), seconds));
            }
            finally
            {
                File.Delete(path);
            }
        }
        if (output is not null)
        {
            try { File.WriteAllLines(output, lines); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"--output {output}: the table cannot be written ({e.Message})");
                return 1;
            }
        }
        return 0;
    }

    private static int[] Batches(string value)
    {
        var items = value.Split(',');
        foreach (var item in items)
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int b) || b < 1 || b > MaxBatch)
                throw new ArgumentException($"--batches {value}: '{item}' is not a whole number from 1 to {MaxBatch} (a comma-separated list, e.g. 1,16,256).");
        return items.Select(item => int.Parse(item, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>Throws unless <paramref name="path"/> can be written: found before the run, not after minutes of measuring.</summary>
    private static void CheckWritable(string path)
    {
        try
        {
            if (Directory.Exists(path)) throw new ArgumentException($"--output {path}: is a folder, not a file.");
            if (File.Exists(path)) { using (new FileStream(path, FileMode.Open, FileAccess.Write)) { } } // contents untouched
            else { using (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { } }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ArgumentException($"--output {path}: cannot be written ({e.Message})");
        }
    }

    private static void Report(List<string> lines, int b, string provider, string binding, (double Seconds, long Steps) t)
    {
        string line = $"| {b} | {provider} | {binding} | {b * t.Steps / t.Seconds:E3} | {1e6 * t.Seconds / t.Steps:F1} | {t.Steps} |";
        lines.Add(line);
        Console.WriteLine(line);
    }

    /// <summary>Warm-up (3 steps, ≥ 0.2 s), then as many steps as fit in <paramref name="seconds"/> (at least 3).</summary>
    private static (double Seconds, long Steps) Time(Action step, double seconds)
    {
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 3 || warm.Elapsed.TotalSeconds < 0.2; i++) step();
        long steps = 0;
        var clock = Stopwatch.StartNew();
        while (steps < 3 || clock.Elapsed.TotalSeconds < seconds) { step(); steps++; }
        return (clock.Elapsed.TotalSeconds, steps);
    }

    private static string Export(int b)
    {
        var rng = new Rng(1);
        var layer = RecurrentLayerFactory.Create<float>(Inputs,
            new RecurrentLayerOptions { Architecture = RecurrentArchitecture.LinearRtu, Units = Units, RMax = 0.99 }, 1, rng.Fork());
        var head = new DenseLayer<float>(layer.OutputSize, 1, Trainers.Numerics.Activation.Identity, rng.Fork());
        string path = Path.Combine(Path.GetTempPath(), $"gpu-serving-{Units}-{b}-{Environment.ProcessId}.onnx");
        OnnxExporter.Export(new RecurrentModelWeights(Inputs, null, TrainedModelExport.FromLayer(layer),
            new PredictionHeadWeights(new MlpWeights([TrainedModelExport.FromDense(head)]))), path);
        return path;
    }

    /// <summary>
    /// CUDA session whose state tensors live in device memory between steps: two device buffers per state (ping-pong),
    /// obs bound from host memory (copied in by ONNX Runtime), the prediction bound to host memory. The first step
    /// reads a zero host state.
    /// </summary>
    private sealed class DeviceResidentRunner : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly RunOptions _run = new();
        private readonly OrtMemoryInfo _cuda = new(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.Default);
        private readonly OrtAllocator _allocator;
        private readonly float[] _obs, _prediction;
        private readonly OrtValue _obsValue, _predictionValue;
        private readonly List<IDisposable> _owned = [];
        private readonly OrtIoBinding _first;
        private readonly OrtIoBinding[] _bindings = new OrtIoBinding[2];
        private int _parity = -1;

        public DeviceResidentRunner(string path, int b)
        {
            using (var probe = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false }))
                States = probe.States;
            var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            options.AppendExecutionProvider_CUDA(0);
            _session = new InferenceSession(path, options);
            options.Dispose();
            _allocator = new OrtAllocator(_session, _cuda);
            _obs = new float[b * Inputs];
            _obsValue = Own(OrtValue.CreateTensorValueFromMemory(_obs, [b, Inputs]));
            _prediction = new float[b];
            _predictionValue = Own(OrtValue.CreateTensorValueFromMemory(_prediction, [b, 1]));
            var device = States.Select(s => new[]
            {
                Own(OrtValue.CreateAllocatedTensorValue(_allocator, TensorElementType.Float, [b, s.Width])),
                Own(OrtValue.CreateAllocatedTensorValue(_allocator, TensorElementType.Float, [b, s.Width])),
            }).ToArray();
            _first = Own(_session.CreateIoBinding());
            _first.BindInput(OnnxNames.Observation, _obsValue);
            _first.BindOutput(OnnxNames.Prediction, _predictionValue);
            for (int i = 0; i < States.Count; i++)
            {
                _first.BindInput(States[i].Name, Own(OrtValue.CreateTensorValueFromMemory(new float[b * States[i].Width], [b, States[i].Width])));
                _first.BindOutput(Next(States[i].Name), device[i][0]);
            }
            for (int p = 0; p < 2; p++)
            {
                var binding = Own(_session.CreateIoBinding());
                binding.BindInput(OnnxNames.Observation, _obsValue);
                binding.BindOutput(OnnxNames.Prediction, _predictionValue);
                for (int i = 0; i < States.Count; i++)
                {
                    binding.BindInput(States[i].Name, device[i][p]);
                    binding.BindOutput(Next(States[i].Name), device[i][1 - p]);
                }
                _bindings[p] = binding;
            }
        }

        public IReadOnlyList<OnnxTensorInfo> States { get; }

        private static string Next(string state) => OnnxNames.NextStatePrefix + state[OnnxNames.StatePrefix.Length..];

        private T Own<T>(T value) where T : IDisposable { _owned.Add(value); return value; }

        /// <summary>One step of every stream; returns when the prediction is in host memory.</summary>
        public void Step(ReadOnlySpan<float> obs)
        {
            obs.CopyTo(_obs);
            var binding = _parity < 0 ? _first : _bindings[_parity];
            _session.RunWithBinding(_run, binding);
            binding.SynchronizeBoundOutputs();
            _parity = _parity < 0 ? 0 : 1 - _parity; // binding p reads buffer p and writes 1 − p; the first step wrote buffer 0
        }

        public void Dispose()
        {
            for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
            _allocator.Dispose();
            _session.Dispose();
            _run.Dispose();
            _cuda.Dispose();
        }
    }
}
