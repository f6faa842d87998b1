namespace Rtu.Trainers.Environments.PopGym;

/// <summary>
/// POPGym StatelessCartPole (original rules): Gymnasium's CartPole-v1 dynamics (g = 9.8, cart 1 kg, pole 0.1 kg,
/// half-length 0.5 m, force ±10 N, τ = 0.02 s, Euler) with the velocities hidden.
/// Horizon: Easy 200, Medium 400, Hard 600 steps.
/// <para>Observation (2 floats): [cart position x, pole angle θ]. Actions: 0 pushes left, 1 pushes right.</para>
/// <para>The initial state is U(−0.05, 0.05)⁴. A step is <see cref="StepResult.Terminated"/> when |x| &gt; 2.4 or
/// |θ| &gt; 12° and <see cref="StepResult.Truncated"/> when the horizon is reached. Every step, including the failing
/// one, rewards 1/horizon (Gymnasium gives 1 on the failing step; POPGym's −1 branch only fires when stepping past
/// the end, which this class forbids), so the return is episode length / horizon ∈ (0, 1].</para>
/// </summary>
public class StatelessCartPole : EpisodicEnvironment
{
    private const double Gravity = 9.8;
    private const double MassCart = 1.0;
    private const double MassPole = 0.1;
    private const double TotalMass = MassCart + MassPole;
    private const double Length = 0.5;
    private const double PoleMassLength = MassPole * Length;
    private const double ForceMag = 10.0;
    private const double Tau = 0.02;

    /// <summary>Cart position beyond which the episode terminates.</summary>
    public const double XThreshold = 2.4;

    /// <summary>Pole angle (radians, 12°) beyond which the episode terminates.</summary>
    public const double ThetaThreshold = 12 * 2 * Math.PI / 360;

    private double _x, _xDot, _theta, _thetaDot;
    private int _steps;

    /// <summary>Creates the task at <paramref name="difficulty"/>, seeded by <paramref name="seed"/>.</summary>
    public StatelessCartPole(PopGymDifficulty difficulty, ulong seed)
        : this("StatelessCartPole" + difficulty, difficulty switch
        {
            PopGymDifficulty.Easy => 200,
            PopGymDifficulty.Medium => 400,
            PopGymDifficulty.Hard => 600,
            _ => throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, "Unknown difficulty."),
        }, seed)
    {
    }

    /// <summary>Creates a cart-pole with a custom <paramref name="name"/> and horizon.</summary>
    protected StatelessCartPole(string name, int maxEpisodeLength, ulong seed)
        : base(name, 2, ActionSpace.Discrete(2), seed)
    {
        Numerics.Guard.Positive(maxEpisodeLength, nameof(maxEpisodeLength));
        MaxEpisodeLength = maxEpisodeLength;
    }

    /// <summary>The horizon: the episode is truncated after this many steps.</summary>
    public int MaxEpisodeLength { get; }

    /// <summary>The full hidden state [x, ẋ, θ, θ̇].</summary>
    public (double X, double XDot, double Theta, double ThetaDot) State => (_x, _xDot, _theta, _thetaDot);

    /// <summary>Overwrites the hidden state (for tests and hand-worked cases).</summary>
    internal void SetState(double x, double xDot, double theta, double thetaDot) =>
        (_x, _xDot, _theta, _thetaDot) = (x, xDot, theta, thetaDot);

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        _x = Rng.Uniform(-0.05, 0.05);
        _xDot = Rng.Uniform(-0.05, 0.05);
        _theta = Rng.Uniform(-0.05, 0.05);
        _thetaDot = Rng.Uniform(-0.05, 0.05);
        _steps = 0;
        WriteObservation(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(int action, Span<float> observation)
    {
        double force = action == 1 ? ForceMag : -ForceMag;
        double cos = Math.Cos(_theta), sin = Math.Sin(_theta);
        double temp = (force + PoleMassLength * _thetaDot * _thetaDot * sin) / TotalMass;
        double thetaAcc = (Gravity * sin - cos * temp) / (Length * (4.0 / 3.0 - MassPole * cos * cos / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cos / TotalMass;
        _x += Tau * _xDot;
        _xDot += Tau * xAcc;
        _theta += Tau * _thetaDot;
        _thetaDot += Tau * thetaAcc;
        _steps++;

        bool terminated = _x < -XThreshold || _x > XThreshold || _theta < -ThetaThreshold || _theta > ThetaThreshold;
        bool truncated = _steps >= MaxEpisodeLength;
        WriteObservation(observation);
        return new StepResult(1.0 / MaxEpisodeLength, terminated, truncated);
    }

    /// <summary>Writes [x, θ]; derived classes may corrupt it (e.g. add noise).</summary>
    protected virtual void WriteObservation(Span<float> observation)
    {
        observation[0] = (float)_x;
        observation[1] = (float)_theta;
    }
}
