namespace Rtu.Trainers.Environments.Mujoco;

/// <summary>Which part of a locomotion observation an agent sees.</summary>
public enum ObservationKind
{
    /// <summary>The whole Gymnasium observation (positions, then velocities).</summary>
    Full,

    /// <summary>"-P": positions and angles only (velocities removed).</summary>
    Positions,

    /// <summary>"-V": velocities only (positions and angles removed).</summary>
    Velocities,
}
