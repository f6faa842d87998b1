namespace Rtu.Trainers.Learning.Normalization;

/// <summary>How observations are normalised before they reach the network.</summary>
public enum ObservationNormalization
{
    /// <summary>Raw observations.</summary>
    None,
    /// <summary>(o − μ) / √(σ² + 1e-8) with a running mean and variance per feature (Gymnasium's NormalizeObservation).</summary>
    PerFeature,
    /// <summary>
    /// One running scalar mean and variance over all features, the reference code's quirk (its single environment makes
    /// the "batch" axis the feature axis; spec §3b).
    /// </summary>
    SharedScalar,
}

/// <summary>
/// Normalises a batch of observations with running statistics (spec §3b, NormalizeObs). <see cref="Normalize"/>
/// updates the statistics with the batch first and then normalises it, as the Gymnasium wrapper does.
/// </summary>
public sealed class ObservationNormalizer
{
    private const double Epsilon = 1e-8;
    private readonly RunningMeanStd? _rms;
    private double[] _scratch = [];

    /// <summary>Creates a normaliser for observations of <paramref name="size"/> features.</summary>
    public ObservationNormalizer(int size, ObservationNormalization mode)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "The size must be positive.");
        Size = size; Mode = mode;
        _rms = mode switch
        {
            ObservationNormalization.None => null,
            ObservationNormalization.PerFeature => new RunningMeanStd(size),
            ObservationNormalization.SharedScalar => new RunningMeanStd(1),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown observation normalisation."),
        };
    }

    /// <summary>Observation width.</summary>
    public int Size { get; }
    /// <summary>The mode.</summary>
    public ObservationNormalization Mode { get; }
    /// <summary>The running statistics (null when <see cref="ObservationNormalization.None"/>).</summary>
    public RunningMeanStd? Statistics => _rms;

    /// <summary>Updates the statistics with <paramref name="raw"/> (rows × Size) and writes the normalised batch.</summary>
    public void Normalize<T>(ReadOnlySpan<float> raw, Span<T> normalized) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => Apply(raw, normalized, update: true);

    /// <summary>Normalises with the current statistics without updating them (e.g. a final observation for bootstrapping).</summary>
    public void Transform<T>(ReadOnlySpan<float> raw, Span<T> normalized) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => Apply(raw, normalized, update: false);

    private void Apply<T>(ReadOnlySpan<float> raw, Span<T> normalized, bool update) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (raw.Length == 0 || raw.Length % Size != 0)
            throw new ArgumentException($"raw length {raw.Length} is not a positive multiple of {Size}.", nameof(raw));
        if (normalized.Length != raw.Length)
            throw new ArgumentException($"normalized must have length {raw.Length}, got {normalized.Length}.", nameof(normalized));
        if (_rms is null)
        {
            for (int i = 0; i < raw.Length; i++) normalized[i] = T.CreateTruncating(raw[i]);
            return;
        }
        if (update)
        {
            if (_scratch.Length != raw.Length) _scratch = new double[raw.Length];
            for (int i = 0; i < raw.Length; i++) _scratch[i] = raw[i];
            _rms.Update(_scratch);
        }
        for (int i = 0; i < raw.Length; i++)
        {
            int j = _rms.Size == 1 ? 0 : i % Size;
            normalized[i] = T.CreateTruncating((raw[i] - _rms.Mean[j]) / Math.Sqrt(_rms.Variance[j] + Epsilon));
        }
    }

    /// <summary>Writes the statistics.</summary>
    public void Write(BinaryWriter writer) { writer.Write((int)Mode); _rms?.Write(writer); }

    /// <summary>Restores statistics written by <see cref="Write"/>.</summary>
    public void Read(BinaryReader reader)
    {
        var mode = (ObservationNormalization)reader.ReadInt32();
        if (mode != Mode) throw new InvalidDataException($"Stored observation normalisation is {mode}, this one is {Mode}.");
        _rms?.Read(reader);
    }
}

/// <summary>
/// Divides rewards by the running standard deviation of the discounted return (Gymnasium's NormalizeReward, spec
/// §3b): per stream G ← γ G + r, the statistics absorb the batch of G, then r / √(Var[G] + 1e-8); G is zeroed where
/// the episode ended.
/// </summary>
public sealed class RewardNormalizer
{
    private const double Epsilon = 1e-8;
    private readonly RunningMeanStd _rms = new(1);
    private readonly double[] _returns;

    /// <summary>
    /// The largest |reward| the library's trainers take (<see cref="Environments.ValidatingEnvironment"/> and a learning
    /// policy engine refuse larger ones): the running return's square must stay finite. A reward of 1e200 made the
    /// variance ∞, so every later reward normalised to 0 and a learning policy silently stopped learning.
    /// </summary>
    public const double MaxRewardMagnitude = 1e100;

    /// <summary>Creates a normaliser for <paramref name="streams"/> parallel environments.</summary>
    public RewardNormalizer(int streams, double gamma)
    {
        if (streams <= 0) throw new ArgumentOutOfRangeException(nameof(streams), streams, "streams must be positive.");
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in [0, 1].");
        _returns = new double[streams]; Gamma = gamma;
    }

    /// <summary>The discount of the running return.</summary>
    public double Gamma { get; }
    /// <summary>The return statistics.</summary>
    public RunningMeanStd Statistics => _rms;
    /// <summary>√(Var[G] + 1e-8), the current divisor.</summary>
    public double Scale => Math.Sqrt(_rms.Variance[0] + Epsilon);

    /// <summary>Normalises one step's rewards in place; <paramref name="done"/> marks streams whose episode ended.</summary>
    public void Normalize(Span<double> rewards, ReadOnlySpan<bool> done)
    {
        if (rewards.Length != _returns.Length) throw new ArgumentException($"Expected {_returns.Length} rewards, got {rewards.Length}.", nameof(rewards));
        if (done.Length != _returns.Length) throw new ArgumentException($"Expected {_returns.Length} done flags, got {done.Length}.", nameof(done));
        for (int i = 0; i < rewards.Length; i++) _returns[i] = _returns[i] * Gamma + rewards[i];
        _rms.Update(_returns);
        double scale = Scale;
        for (int i = 0; i < rewards.Length; i++)
        {
            rewards[i] /= scale;
            if (done[i]) _returns[i] = 0;
        }
    }

    /// <summary>Writes the statistics and running returns.</summary>
    public void Write(BinaryWriter writer)
    {
        _rms.Write(writer);
        writer.Write(_returns.Length);
        foreach (double g in _returns) writer.Write(g);
    }

    /// <summary>Restores state written by <see cref="Write"/>.</summary>
    public void Read(BinaryReader reader)
    {
        _rms.Read(reader);
        int n = reader.ReadInt32();
        if (n != _returns.Length) throw new InvalidDataException($"Stored reward normaliser has {n} streams, expected {_returns.Length}.");
        for (int i = 0; i < n; i++) _returns[i] = reader.ReadDouble();
    }
}
