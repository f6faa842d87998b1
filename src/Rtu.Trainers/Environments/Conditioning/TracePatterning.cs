namespace Rtu.Trainers.Environments.Conditioning;

/// <summary>
/// Trace patterning (Rafiee et al.): each trial presents a binary vector over m CSs; the US follows after the ISI iff
/// the vector equals one of K stored activation patterns (each with exactly m/2 ones, drawn once per seed), each
/// decision flipped with probability <see cref="TracePatterningOptions.Noise"/>. With probability
/// p = (2^m·P − K)/(2^m − K) a random stored pattern is shown, otherwise a uniform random vector, so a fraction P
/// (default 0.5) of trials activate. Each distractor switches on at the trial start with probability 0.5.
/// With <see cref="TracePatterningOptions.NoisyPatterning"/> the ISI is fixed to the CS length.
/// <para>Observation (1 + m + k floats): [US, CS_1 … CS_m, D_1 … D_k]. Cumulant C_t = US_t. A continuing stream.</para>
/// </summary>
public sealed class TracePatterning : ConditioningStream
{
    private readonly bool[][] _patterns;
    private readonly bool[] _current;
    private readonly double _patternProbability;

    /// <summary>Creates the stream with <paramref name="options"/> (defaults when null), seeded by <paramref name="seed"/>.</summary>
    public TracePatterning(TracePatterningOptions? options, ulong seed)
        : this(options ?? new TracePatterningOptions(), seed, 0)
    {
    }

    private TracePatterning(TracePatterningOptions options, ulong seed, int _)
        : base(options, options.NumCs, seed)
    {
        Options = options;
        int m = options.NumCs, k = options.NumActivationPatterns;
        _patterns = DrawPatterns(m, k);
        _current = new bool[m];
        double total = Math.Pow(2, m);
        _patternProbability = (total * options.ActivationProbability - k) / (total - k);
    }

    /// <summary>The options in use.</summary>
    public TracePatterningOptions Options { get; }

    /// <summary>Probability p of presenting a stored pattern rather than a uniform random vector.</summary>
    public double PatternProbability => _patternProbability;

    /// <summary>The K stored activation patterns (each m entries, m/2 of them true).</summary>
    public IReadOnlyList<IReadOnlyList<bool>> ActivationPatterns => _patterns;

    /// <summary>The CS vector of the current trial.</summary>
    public IReadOnlyList<bool> CurrentPattern => _current;

    /// <summary>Whether the current trial's vector equals a stored pattern (before noise).</summary>
    public bool CurrentTrialMatches { get; private set; }

    /// <summary>Whether the current trial schedules a US (after noise).</summary>
    public bool CurrentTrialHasUs { get; private set; }

    /// <summary>Trials that scheduled a US so far.</summary>
    public long ActivatedTrialCount { get; private set; }

    private bool[][] DrawPatterns(int m, int k)
    {
        // All C(m, m/2) half-on vectors in lexicographic order of their index sets, then K drawn without replacement.
        var all = new List<bool[]>();
        var indices = new int[m / 2];
        for (int i = 0; i < indices.Length; i++) indices[i] = i;
        while (true)
        {
            var v = new bool[m];
            foreach (int i in indices) v[i] = true;
            all.Add(v);
            int pos = indices.Length - 1;
            while (pos >= 0 && indices[pos] == m - indices.Length + pos) pos--;
            if (pos < 0) break;
            indices[pos]++;
            for (int i = pos + 1; i < indices.Length; i++) indices[i] = indices[i - 1] + 1;
        }
        var order = new int[all.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Rng.Shuffle(order.AsSpan());
        var chosen = new bool[k][];
        for (int i = 0; i < k; i++) chosen[i] = all[order[i]];
        return chosen;
    }

    private protected override int ConfigureTrial(long t)
    {
        if (Rng.NextDouble() < _patternProbability)
        {
            _patterns[Rng.NextInt(_patterns.Length)].CopyTo(_current, 0);
        }
        else
        {
            for (int i = 0; i < _current.Length; i++) _current[i] = Rng.NextInt(2) == 1;
        }
        for (int i = 0; i < _current.Length; i++)
        {
            if (_current[i]) ScheduleCs(i, t);
        }

        int isi = Options.NoisyPatterning ? Options.CsLength : DrawIsi();
        CurrentTrialMatches = Matches(_current);
        bool flip = Rng.NextDouble() < Options.Noise;
        CurrentTrialHasUs = CurrentTrialMatches != flip;
        if (CurrentTrialHasUs)
        {
            ScheduleUs(t + isi);
            ActivatedTrialCount++;
        }

        for (int j = 0; j < NumDistractors; j++)
        {
            if (Rng.NextInt(2) == 1) ScheduleDistractor(j, t);
        }
        return isi;
    }

    /// <summary>Whether <paramref name="vector"/> equals one of the stored activation patterns.</summary>
    public bool Matches(ReadOnlySpan<bool> vector)
    {
        foreach (bool[] pattern in _patterns)
        {
            if (vector.SequenceEqual(pattern)) return true;
        }
        return false;
    }
}
