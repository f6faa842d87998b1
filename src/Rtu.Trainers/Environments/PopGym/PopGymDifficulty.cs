namespace Rtu.Trainers.Environments.PopGym;

/// <summary>The three POPGym difficulty levels; each task maps them to its own deck count, horizon or noise.</summary>
public enum PopGymDifficulty
{
    /// <summary>The easiest setting (the one the RTU paper reports).</summary>
    Easy,

    /// <summary>The middle setting.</summary>
    Medium,

    /// <summary>The hardest setting.</summary>
    Hard,
}
