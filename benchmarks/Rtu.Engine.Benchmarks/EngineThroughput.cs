using System.Diagnostics;
using Rtu.MLNet;

namespace Rtu.Engine.Benchmarks;

/// <summary>
/// Direct measurements, independent of BenchmarkDotNet: bytes allocated on the calling thread per Observe after a
/// warm-up (exact: <see cref="GC.GetAllocatedBytesForCurrentThread"/>), and throughput with 1 and 2 threads over many
/// keys (each thread serves its own half of the keys, as a partitioned service would). The measurement starts after
/// every stream exists, so the total run time (and the count of full collections) also shows what creating them cost.
/// </summary>
public static class EngineThroughput
{
    /// <summary>
    /// Measures <paramref name="keys"/> keys of each engine, <paramref name="roundsPerKey"/> Observe per key after
    /// <paramref name="warmRounds"/>, with 1 and then 2 threads. Before anything is measured it fits the models and
    /// passes the bytes one key's two streams hold (a forecast and a state stream) to <paramref name="checkBytesPerKey"/>,
    /// which throws when the run's streams would not fit (<see cref="ArgumentLimits.StreamBytes"/>).
    /// </summary>
    public static void Run(int keys, int roundsPerKey, int units, int warmRounds, Action<long> checkBytesPerKey)
    {
        var forecaster = EngineModels.Forecaster(units);
        var stateModel = EngineModels.StateFeatures(units);
        // The probe's full collections are left out of the table's count, which stays comparable with earlier runs.
        int before = GC.CollectionCount(2);
        checkBytesPerKey(BytesPerKey(forecaster, stateModel));
        _probeCollections = GC.CollectionCount(2) - before;
        var ids = EngineModels.Keys(keys);
        Console.WriteLine($"{keys:N0} keys, {units} units, {roundsPerKey} Observe per key per measurement, learning on, {warmRounds} warm-up Observe per key; Environment.ProcessorCount = {Environment.ProcessorCount}");
        Console.WriteLine($"{"engine",-10} {"threads",7} {"µs/Observe (wall)",18} {"Observe/s",12} {"B/Observe (thread)",19} {"create+warm s",14} {"gen2 GCs so far",16}");
        foreach (int threads in new[] { 1, 2 })
        {
            var forecast = forecaster.CreateStreamingEngine(learn: true);
            Report("forecast", threads, Measure(ids, threads, roundsPerKey, warmRounds, (buffers, key) => forecast.Observe(key, 0.25f, default, buffers.Forecast, true), 1, 0));
            var state = stateModel.CreateStreamingEngine(learn: true);
            Report("state", threads, Measure(ids, threads, roundsPerKey, warmRounds, (buffers, key) => state.Observe(key, buffers.Features, 0.1f, buffers.State, buffers.Predictions), 1, state.StateSize));
        }
    }

    // The bytes one key's two streams hold (EngineModels.StreamBytes), on engines made for it.
    private static long BytesPerKey(RtuForecastingTransformer forecaster, RtuStateFeaturesTransformer stateModel)
    {
        var forecast = forecaster.CreateStreamingEngine(learn: true);
        var state = stateModel.CreateStreamingEngine(learn: true);
        var b = new Buffers(1, state.StateSize);
        return EngineModels.StreamBytes(key => forecast.Observe(key, 0.25f, default, b.Forecast, true))
            + EngineModels.StreamBytes(key => state.Observe(key, b.Features, 0.1f, b.State, b.Predictions));
    }

    // Full collections forced by BytesPerKey, before anything is measured.
    private static int _probeCollections;

    private static void Report(string engine, int threads, (double Micros, double PerSecond, double Bytes, double WarmSeconds) r) =>
        Console.WriteLine($"{engine,-10} {threads,7} {r.Micros,18:F2} {r.PerSecond,12:N0} {r.Bytes,19:F1} {r.WarmSeconds,14:F2} {GC.CollectionCount(2) - _probeCollections,16}");

    public sealed class Buffers(int horizon, int stateSize)
    {
        public readonly float[] Forecast = new float[horizon];
        public readonly float[] Features = [0.3f, -0.2f, 1, 1];
        public readonly float[] State = new float[Math.Max(stateSize, 1)];
        public readonly float[] Predictions = new float[horizon];
    }

    private static (double Micros, double PerSecond, double Bytes, double WarmSeconds) Measure(string[] ids, int threads, int rounds, int warmRounds, Action<Buffers, string> observe, int horizon, int stateSize)
    {
        if (stateSize == 0) stateSize = 1;
        // Creates every stream and warms the JIT, then measures: each thread its own slice of the keys, round-robin. With the
        // default 2 warm-up rounds a short run measures much code before the JIT's tiered compilation has optimised it
        // (1,000 keys × 3 rounds: about 0.1 s); 30 or more measure the steady state.
        void Work(int thread, int passes, long[] bytes, Buffers b)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int p = 0; p < passes; p++)
                for (int i = thread; i < ids.Length; i += threads) observe(b, ids[i]);
            bytes[thread] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        var buffers = Enumerable.Range(0, threads).Select(_ => new Buffers(horizon, stateSize)).ToArray();
        var warm = new long[threads];
        var warmClock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => Work(t, warmRounds, warm, buffers[t]));
        warmClock.Stop();
        var bytes = new long[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() => Work(t, rounds, bytes, buffers[t]))).ToArray();
        var sw = Stopwatch.StartNew();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        sw.Stop();
        long calls = (long)ids.Length * rounds;
        return (sw.Elapsed.TotalMicroseconds / calls, calls / sw.Elapsed.TotalSeconds, (double)bytes.Sum() / calls, warmClock.Elapsed.TotalSeconds);
    }
}
