namespace Rtu.Trainers.Environments.Conditioning;

/// <summary>
/// Trace conditioning (Rafiee et al.): a CS (4 steps) is followed after ISI ~ U{IsiMin … IsiMax} steps by a US
/// (2 steps); the next trial starts ITI ~ U{ItiMin … ItiMax} steps after the US onset. Every step, each inactive
/// distractor j (0-based) switches on with probability 1/(10(j + 1)) for 4 steps.
/// <para>Observation (2 + k floats): [US, CS, D_1 … D_k]. Cumulant C_t = US_t. A continuing stream.</para>
/// </summary>
public sealed class TraceConditioning : ConditioningStream
{
    private readonly double[] _distractorProbabilities;

    /// <summary>Creates the stream with <paramref name="options"/> (defaults when null), seeded by <paramref name="seed"/>.</summary>
    public TraceConditioning(TraceConditioningOptions? options, ulong seed)
        : this(options ?? new TraceConditioningOptions(), seed, 0)
    {
    }

    private TraceConditioning(TraceConditioningOptions options, ulong seed, int _)
        : base(options, 1, seed)
    {
        Options = options;
        _distractorProbabilities = new double[options.NumDistractors];
        for (int j = 0; j < _distractorProbabilities.Length; j++) _distractorProbabilities[j] = DistractorOnsetProbability(j);
    }

    /// <summary>The options in use.</summary>
    public TraceConditioningOptions Options { get; }

    /// <summary>Per-step onset probability of an inactive distractor j (0-based): 1/(10(j + 1)).</summary>
    public static double DistractorOnsetProbability(int j) => 1.0 / (10 * (j + 1));

    private protected override int ConfigureTrial(long t)
    {
        ScheduleCs(0, t);
        int isi = DrawIsi();
        ScheduleUs(t + isi);
        return isi;
    }

    private protected override void ConfigureEveryStep(long t)
    {
        for (int j = 0; j < _distractorProbabilities.Length; j++)
        {
            if (!DistractorActive(j) && Rng.NextDouble() < _distractorProbabilities[j]) ScheduleDistractor(j, t);
        }
    }
}
