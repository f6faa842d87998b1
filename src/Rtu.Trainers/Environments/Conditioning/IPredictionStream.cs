namespace Rtu.Trainers.Environments.Conditioning;

/// <summary>
/// A continuing prediction stream with no actions and no episodes: each <see cref="Next"/> emits the observation for
/// the next time step together with its cumulant. The prediction target at time t is
/// G_t = Σ_{k≥0} <see cref="Gamma"/>^k C_{t+1+k}.
/// </summary>
public interface IPredictionStream
{
    /// <summary>Length of the observation vector.</summary>
    int ObservationSize { get; }

    /// <summary>The discount of the prediction target.</summary>
    double Gamma { get; }

    /// <summary>The time of the last emitted observation: −1 before the first <see cref="Next"/>, then 0, 1, 2, …</summary>
    long TimeStep { get; }

    /// <summary>
    /// Advances one step (the first call emits t = 0), writes the observation and returns its cumulant C_t.
    /// </summary>
    void Next(Span<float> observation, out double cumulant);
}
