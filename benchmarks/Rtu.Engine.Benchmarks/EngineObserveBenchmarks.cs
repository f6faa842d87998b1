using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Rtu.MLNet;

namespace Rtu.Engine.Benchmarks;

/// <summary>
/// One <c>Observe</c> (learning on) of the forecast and state engines, round-robin over <see cref="Keys"/> streams that
/// all exist (created in the setup): µs and bytes per call (MemoryDiagnoser; the target is 0 B).
/// </summary>
[Config(typeof(Config))]
public class EngineObserveBenchmarks
{
    private RtuForecastEngine _forecast = null!;
    private RtuStateEngine _state = null!;
    private string[] _keys = null!;
    private readonly float[] _forecastBuffer = new float[1];
    private readonly float[] _features = [0.3f, -0.2f, 1, 1];
    private float[] _stateBuffer = null!, _predictions = null!;
    private int _next;

    /// <summary>Streams served.</summary>
    [Params(1, 10_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = EngineModels.Keys(Keys);
        _forecast = EngineModels.Forecaster().CreateStreamingEngine(learn: true);
        _state = EngineModels.StateFeatures().CreateStreamingEngine(learn: true);
        _stateBuffer = new float[_state.StateSize]; _predictions = new float[_state.Horizon];
        foreach (var k in _keys) { _forecast.Observe(k, 0.5f, default, _forecastBuffer, true); _state.Observe(k, _features, 0.1f, _stateBuffer, _predictions); }
    }

    private string NextKey()
    {
        var k = _keys[_next];
        _next = _next + 1 == _keys.Length ? 0 : _next + 1;
        return k;
    }

    [Benchmark(Description = "Forecast engine Observe (span)")]
    public float ForecastObserve()
    {
        _forecast.Observe(NextKey(), 0.25f, default, _forecastBuffer, learn: true);
        return _forecastBuffer[0];
    }

    [Benchmark(Description = "State engine Observe (span)")]
    public float StateObserve()
    {
        _state.Observe(NextKey(), _features, 0.1f, _stateBuffer, _predictions);
        return _predictions[0];
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            Add(DefaultConfig.Instance);
            AddJob(Job.Default.WithId("ShortInProcess").WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15)
                .WithIterationTime(TimeInterval.FromMilliseconds(100)).WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
            AddDiagnoser(MemoryDiagnoser.Default);
            WithOptions(ConfigOptions.DisableLogFile);
        }
    }
}
