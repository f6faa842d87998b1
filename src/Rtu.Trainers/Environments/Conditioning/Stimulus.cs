namespace Rtu.Trainers.Environments.Conditioning;

/// <summary>
/// A binary stimulus of fixed duration, ticking exactly like the reference <c>Stimulus</c>: once an onset s is
/// scheduled, the signal is 1 at steps s … s + length − 1. An onset that falls while the signal is active is missed.
/// </summary>
internal struct Stimulus
{
    private readonly int _length;
    private int _activeSteps;
    private long _onset;

    public Stimulus(int length)
    {
        _length = length;
        _activeSteps = 0;
        _onset = -1;
        Active = false;
    }

    /// <summary>True while the signal is 1.</summary>
    public bool Active { get; private set; }

    /// <summary>Schedules (or overwrites) the pending onset.</summary>
    public void SetOnset(long onset) => _onset = onset;

    /// <summary>Advances the signal to <paramref name="timeStep"/>.</summary>
    public void Tick(long timeStep)
    {
        if (Active)
        {
            if (_activeSteps >= _length)
            {
                Active = false;
                _activeSteps = 0;
            }
            _activeSteps++;
        }
        else if (_onset == timeStep)
        {
            Active = true;
            _activeSteps = 1;
        }
    }

    /// <summary>The signal as a float, 0 or 1.</summary>
    public readonly float Value => Active ? 1f : 0f;
}
