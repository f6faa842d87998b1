using System.Numerics;

namespace Rtu.Trainers.Learning.Ppo;

/// <summary>
/// One rollout of T steps × N streams, time-major (index t·N + e), allocated once and reused every update. Per
/// transition it stores what spec §3b lists: the recurrent carry BEFORE the step (state and RTRL traces, or the T-BPTT
/// history) in the model's float type, the normalised o_t, done_t, a_t, V(o_t), r_{t+1} and log π(a_t | o_t).
/// </summary>
public sealed class RolloutBuffer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _carries;

    /// <summary>Allocates a buffer for <paramref name="steps"/> × <paramref name="streams"/> transitions.</summary>
    public RolloutBuffer(int steps, int streams, int observationSize, int actionLength, int carrySize)
    {
        Steps = steps; Streams = streams; ObservationSize = observationSize; ActionLength = actionLength; CarrySize = carrySize;
        long size = (long)Count * carrySize;
        if (size > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(carrySize), carrySize,
                $"{Count} transitions × {carrySize} carry scalars do not fit in one array; use fewer rollout steps or a smaller layer.");
        _carries = new T[size];
        Observations = new T[Count * observationSize];
        Actions = new float[Count * actionLength];
        Dones = new bool[Count];
        Values = new double[Count];
        Rewards = new double[Count];
        LogProbs = new double[Count];
        Advantages = new double[Count];
        Returns = new double[Count];
    }

    /// <summary>T.</summary>
    public int Steps { get; }
    /// <summary>N.</summary>
    public int Streams { get; }
    /// <summary>T × N.</summary>
    public int Count => Steps * Streams;
    /// <summary>Observation width.</summary>
    public int ObservationSize { get; }
    /// <summary>Floats per action.</summary>
    public int ActionLength { get; }
    /// <summary>Scalars per stored carry.</summary>
    public int CarrySize { get; }

    /// <summary>Bytes stored per transition: carry, observation, action and the scalar fields.</summary>
    public long BytesPerTransition => (long)CarrySize * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()
        + (long)ObservationSize * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() + 4L * ActionLength + 1 + 5 * 8;

    /// <summary>Normalised observations [T·N × obs].</summary>
    public T[] Observations { get; }
    /// <summary>Actions as sampled (before clipping to the environment's box) [T·N × action length].</summary>
    public float[] Actions { get; }
    /// <summary>done_t: o_t starts a new episode.</summary>
    public bool[] Dones { get; }
    /// <summary>V(o_t) (rollout-time, or recomputed when targets are not stale).</summary>
    public double[] Values { get; }
    /// <summary>r_{t+1}, normalised, with γ·V(final obs) added on bootstrapped truncations.</summary>
    public double[] Rewards { get; }
    /// <summary>log π_old(a_t | o_t).</summary>
    public double[] LogProbs { get; }
    /// <summary>GAE advantages.</summary>
    public double[] Advantages { get; }
    /// <summary>Value targets A + V.</summary>
    public double[] Returns { get; }

    /// <summary>The stored carry of transition <paramref name="index"/>.</summary>
    public Span<T> Carry(int index) => _carries.AsSpan((int)((long)index * CarrySize), CarrySize);

    /// <summary>The stored observation of transition <paramref name="index"/>.</summary>
    public Span<T> Observation(int index) => Observations.AsSpan(index * ObservationSize, ObservationSize);

    /// <summary>The stored action of transition <paramref name="index"/>.</summary>
    public Span<float> Action(int index) => Actions.AsSpan(index * ActionLength, ActionLength);
}
