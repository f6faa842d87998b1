using Rtu.Trainers.Environments;
using Rtu.Trainers.Numerics;

namespace Rtu.Thermostat;

/// <summary>
/// A room heated through a radiator, written as a user environment (docs/ENVIRONMENTS.md). Every step is 15 minutes;
/// an episode is one day (96 steps, truncated).
/// <list type="bullet">
/// <item>Action: heater level 0–3. The radiator (not observed) moves towards 4 × level with a lag of a few steps,
/// so a good controller anticipates.</item>
/// <item>Room: T ← T + Leak·(T_out − T) + 0.1·radiator; <see cref="Leak"/> is the insulation (0.05 by default).</item>
/// <item>Observation: the thermometer (indoor temperature + noise σ = 0.2 °C) and the outdoor temperature
/// (5 ± 5 °C over the day).</item>
/// <item>Reward: −|T − 21 °C| − 0.05·level (comfort and energy).</item>
/// </list>
/// Each copy owns its generator, so parallel copies are deterministic.
/// </summary>
public sealed class Thermostat : IEnvironment
{
    public const double Target = 21;
    public const int StepsPerDay = 96;
    private readonly Rng _rng;
    private double _indoor, _radiator;
    private int _t;
    private bool _running;

    public Thermostat(ulong seed, double leak = 0.05) { _rng = new Rng(seed); Leak = leak; }

    /// <summary>Heat lost per step, as a fraction of the indoor–outdoor difference (1/(R·C)): the insulation.</summary>
    public double Leak { get; set; }

    public string Name => "Thermostat";
    public int ObservationSize => 2;
    public ActionSpace ActionSpace => ActionSpace.Discrete(4);

    /// <summary>The true indoor temperature (not observed by the policy).</summary>
    public double Indoor => _indoor;

    public void Reset(Span<float> observation)
    {
        _indoor = 15 + 6 * _rng.NextDouble();
        _radiator = 0;
        _t = 0;
        _running = true;
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!_running) throw new InvalidOperationException($"{Name}: the episode ended; call Reset.");
        int level = EpisodicEnvironment.ValidateAction(ActionSpace, action, Name);
        _radiator += 0.3 * (4 * level - _radiator);
        _indoor += Leak * (Outdoor() - _indoor) + 0.1 * _radiator;
        _t++;
        Observe(observation);
        double reward = -Math.Abs(_indoor - Target) - 0.05 * level;
        bool truncated = _t == StepsPerDay;
        _running = !truncated;
        return new StepResult(reward, Terminated: false, Truncated: truncated);
    }

    private double Outdoor() => 5 + 5 * Math.Sin(2 * Math.PI * _t / StepsPerDay);

    private void Observe(Span<float> o)
    {
        o[0] = (float)(_indoor + 0.2 * _rng.NextGaussian());
        o[1] = (float)Outdoor();
    }

    public void Dispose() { }
}
