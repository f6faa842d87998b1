using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Environments.Conditioning;

/// <summary>
/// Shared machinery of the conditioning streams: the clock, trial scheduling, the stimuli and the observation
/// [US, CS_1 … CS_m, D_1 … D_k]. Each step runs: t += 1 (not at t = 0), configure the trial if t is its start,
/// <see cref="ConfigureEveryStep"/>, tick every stimulus, emit the observation; the cumulant is its US component.
/// </summary>
public abstract class ConditioningStream : IPredictionStream
{
    private readonly ConditioningOptions _options;
    private Stimulus _us;
    private readonly Stimulus[] _cs;
    private readonly Stimulus[] _distractors;
    private long _trialStart;

    /// <summary>Validates <paramref name="options"/> and creates <paramref name="numCs"/> CSs and the distractors.</summary>
    private protected ConditioningStream(ConditioningOptions options, int numCs, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Rng = new Rng(seed);
        _us = new Stimulus(options.UsLength);
        _cs = new Stimulus[numCs];
        for (int i = 0; i < numCs; i++) _cs[i] = new Stimulus(options.CsLength);
        _distractors = new Stimulus[options.NumDistractors];
        for (int i = 0; i < _distractors.Length; i++) _distractors[i] = new Stimulus(options.DistractorLength);
        TimeStep = -1;
    }

    /// <summary>The stream's only source of randomness.</summary>
    private protected Rng Rng { get; }

    /// <inheritdoc />
    public int ObservationSize => 1 + _cs.Length + _distractors.Length;

    /// <inheritdoc />
    public double Gamma => _options.Gamma;

    /// <inheritdoc />
    public long TimeStep { get; private set; }

    /// <summary>Number of CSs m.</summary>
    public int NumCs => _cs.Length;

    /// <summary>Number of distractors k.</summary>
    public int NumDistractors => _distractors.Length;

    /// <summary>Trials configured so far.</summary>
    public long TrialCount { get; private set; }

    /// <summary>Start time of the current trial.</summary>
    public long CurrentTrialStart { get; private set; }

    /// <summary>Start time of the next trial.</summary>
    public long NextTrialStart => _trialStart;

    /// <inheritdoc />
    public void Next(Span<float> observation, out double cumulant)
    {
        Guard.Length(observation, ObservationSize, nameof(observation));
        if (TimeStep < 0)
        {
            TimeStep = 0;
            _trialStart = 0;
        }
        else
        {
            TimeStep++;
        }

        if (TimeStep == _trialStart)
        {
            CurrentTrialStart = TimeStep;
            TrialCount++;
            int isi = ConfigureTrial(TimeStep);
            int iti = Rng.NextIntInclusive(_options.ItiMin, _options.ItiMax);
            _trialStart = TimeStep + isi + iti;
        }
        ConfigureEveryStep(TimeStep);

        _us.Tick(TimeStep);
        for (int i = 0; i < _cs.Length; i++) _cs[i].Tick(TimeStep);
        for (int i = 0; i < _distractors.Length; i++) _distractors[i].Tick(TimeStep);

        observation[0] = _us.Value;
        for (int i = 0; i < _cs.Length; i++) observation[1 + i] = _cs[i].Value;
        for (int i = 0; i < _distractors.Length; i++) observation[1 + _cs.Length + i] = _distractors[i].Value;
        cumulant = _us.Value;
    }

    /// <summary>
    /// Sets up the trial starting at <paramref name="t"/> (CS and US onsets, trial-start distractors) and returns its
    /// ISI; the base class then draws the ITI, so the next trial starts at t + ISI + ITI.
    /// </summary>
    private protected abstract int ConfigureTrial(long t);

    /// <summary>Per-step work after trial configuration (the trace-conditioning distractors); default none.</summary>
    private protected virtual void ConfigureEveryStep(long t)
    {
    }

    /// <summary>Draws an ISI from the options' inclusive range.</summary>
    private protected int DrawIsi() => Rng.NextIntInclusive(_options.IsiMin, _options.IsiMax);

    /// <summary>Schedules the US onset.</summary>
    private protected void ScheduleUs(long onset) => _us.SetOnset(onset);

    /// <summary>Schedules the onset of CS <paramref name="index"/>.</summary>
    private protected void ScheduleCs(int index, long onset) => _cs[index].SetOnset(onset);

    /// <summary>Whether distractor <paramref name="index"/> is currently on.</summary>
    private protected bool DistractorActive(int index) => _distractors[index].Active;

    /// <summary>Schedules the onset of distractor <paramref name="index"/>.</summary>
    private protected void ScheduleDistractor(int index, long onset) => _distractors[index].SetOnset(onset);
}
