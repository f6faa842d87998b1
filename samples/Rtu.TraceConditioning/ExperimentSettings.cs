namespace Rtu.TraceConditioningSample;

/// <summary>Everything one invocation of the comparison runs: the stream, the learner and the sweep.</summary>
public sealed record ExperimentSettings
{
    /// <summary>Online steps per run.</summary>
    public int Steps { get; init; } = 40_000;

    /// <summary>Seeds per configuration (each seed is a different stream and a different initialisation).</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>Shortest CS-to-US interval.</summary>
    public int IsiMin { get; init; } = 7;

    /// <summary>Longest CS-to-US interval.</summary>
    public int IsiMax { get; init; } = 13;

    /// <summary>Discount of the predicted return.</summary>
    public double Gamma { get; init; } = 0.9;

    /// <summary>Eligibility-trace decay λ of TD(λ).</summary>
    public double Lambda { get; init; } = 0.9;

    /// <summary>Adam step sizes swept; each configuration is reported at its best one.</summary>
    public double[] StepSizes { get; init; } = [1e-3, 3e-3, 1e-2];

    /// <summary>Recurrent-layer parameter budgets (the head is the same size for every layer of equal output width).</summary>
    public long[] ParameterBudgets { get; init; } = [300, 1_200, 4_800];

    /// <summary>Per-step FLOP budgets (forward, gradient and TD(λ) update of the whole learner).</summary>
    public long[] FlopBudgets { get; init; } = [15_000, 60_000, 240_000];

    /// <summary>T-BPTT truncation lengths of the baselines (GRU, LRU, linear RTU).</summary>
    public int[] Truncations { get; init; } = [2, 4, 8, 16, 32];

    /// <summary>Only the architectures whose label contains one of these (case-insensitive), e.g. GatedRtu; empty: all.</summary>
    public string[] Only { get; init; } = [];

    /// <summary>Folder for the CSV files and plots.</summary>
    public string Output { get; init; } = Path.Combine("out", "trace-conditioning");

    /// <summary>Runs executed at once (Parallel.For).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Print the sized configurations and the analytic work, then stop.</summary>
    public bool PlanOnly { get; init; }

    /// <summary>Only time each architecture at the largest parameter budget on one thread (no sweep).</summary>
    public bool TimingOnly { get; init; }

    /// <summary>The reduced sweep of <c>--quick</c>: a couple of minutes on two cores.</summary>
    public static ExperimentSettings Quick => new()
    {
        Steps = 20_000,
        Seeds = 2,
        StepSizes = [1e-3, 3e-3],
        ParameterBudgets = [300, 1_200],
        FlopBudgets = [15_000, 60_000],
        Truncations = [4, 16],
    };
}
