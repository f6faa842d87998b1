using System.Text;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Environments.Mujoco;

/// <summary>
/// Shared machinery of the Gymnasium v4 locomotion tasks on the MuJoCo 2.2.2 C library: loads the model, applies the
/// clipped action for <see cref="MujocoTaskRules.FrameSkip"/> MuJoCo steps, computes forward reward, control cost
/// and healthy reward, applies the 1000-step time limit, resets with seeded noise and frees the native memory.
/// </summary>
/// <remarks>
/// The observation is <c>qpos[ExcludedPositions..]</c> followed by <c>qvel</c> (clipped to ±<see
/// cref="MujocoTaskRules.VelocityClip"/>), as float32. <see cref="Step"/> allocates nothing. Not thread-safe: one
/// instance per thread.
/// </remarks>
public abstract unsafe class MujocoEnvironment : IEnvironment
{
    private readonly MujocoTaskRules _rules;
    private readonly Rng _rng;
    private readonly double[] _initQpos;
    private readonly double[] _initQvel;
    private readonly double[] _controlLow;
    private readonly double[] _controlHigh;
    private readonly bool[] _controlLimited;
    private nint _model;
    private nint _data;
    private double* _qpos;
    private double* _qvel;
    private double* _ctrl;
    private double* _xpos;
    private int _steps;
    private bool _needsReset = true;

    /// <summary>Loads <see cref="MujocoTaskRules.ModelFile"/> and prepares an environment seeded by <paramref name="seed"/>.</summary>
    /// <exception cref="DllNotFoundException">libmujoco 2.2.2 is not installed.</exception>
    /// <exception cref="InvalidOperationException">Another MuJoCo version was loaded, or the model failed to compile.</exception>
    protected MujocoEnvironment(string name, MujocoTaskRules rules, ulong seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(rules);
        Guard.Positive(rules.FrameSkip, nameof(rules.FrameSkip));
        Guard.Positive(rules.MaxEpisodeSteps, nameof(rules.MaxEpisodeSteps));
        Name = name;
        _rules = rules;
        _rng = new Rng(seed);

        MujocoNative.EnsureLoaded();
        string path = MujocoAssets.PathOf(rules.ModelFile);
        const int errorSize = 1000;
        byte* error = stackalloc byte[errorSize];
        error[0] = 0;
        _model = MujocoNative.mj_loadXML(path, 0, error, errorSize);
        if (_model == 0)
        {
            var bytes = new ReadOnlySpan<byte>(error, errorSize);
            int end = bytes.IndexOf((byte)0);
            string message = Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
            throw new InvalidOperationException($"MuJoCo could not load '{path}': {message}");
        }

        _data = MujocoNative.mj_makeData(_model);
        if (_data == 0)
        {
            MujocoNative.mj_deleteModel(_model);
            _model = 0;
            throw new InvalidOperationException($"mj_makeData failed for '{path}'.");
        }

        Nq = MujocoNative.ReadInt(_model, MujocoNative.ModelNq);
        Nv = MujocoNative.ReadInt(_model, MujocoNative.ModelNv);
        Nu = MujocoNative.ReadInt(_model, MujocoNative.ModelNu);
        Timestep = MujocoNative.ReadDouble(_model, MujocoNative.ModelOptTimestep);
        _qpos = MujocoNative.ReadPointer<double>(_data, MujocoNative.DataQpos);
        _qvel = MujocoNative.ReadPointer<double>(_data, MujocoNative.DataQvel);
        _ctrl = MujocoNative.ReadPointer<double>(_data, MujocoNative.DataCtrl);
        _xpos = MujocoNative.ReadPointer<double>(_data, MujocoNative.DataXpos);

        // Gymnasium's init_qpos / init_qvel: the state of a freshly made mjData (qpos0, zero velocity).
        _initQpos = new ReadOnlySpan<double>(_qpos, Nq).ToArray();
        _initQvel = new ReadOnlySpan<double>(_qvel, Nv).ToArray();

        double* range = MujocoNative.ReadPointer<double>(_model, MujocoNative.ModelActuatorCtrlRange);
        byte* limited = MujocoNative.ReadPointer<byte>(_model, MujocoNative.ModelActuatorCtrlLimited);
        _controlLow = new double[Nu];
        _controlHigh = new double[Nu];
        _controlLimited = new bool[Nu];
        for (int i = 0; i < Nu; i++)
        {
            _controlLimited[i] = limited[i] != 0;
            _controlLow[i] = _controlLimited[i] ? range[2 * i] : double.NegativeInfinity;
            _controlHigh[i] = _controlLimited[i] ? range[2 * i + 1] : double.PositiveInfinity;
        }

        double low = Nu == 0 ? -1 : _controlLow.Min();
        double high = Nu == 0 ? 1 : _controlHigh.Max();
        ActionSpace = ActionSpace.Box(Nu, (float)low, (float)high);
        PositionObservationCount = Nq - rules.ExcludedPositions;
        ObservationSize = PositionObservationCount + Nv;
    }

    /// <summary>Releases the native model and data if <see cref="Dispose()"/> was not called.</summary>
    ~MujocoEnvironment() => Dispose(false);

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int ObservationSize { get; }

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; }

    /// <summary>The task's constants.</summary>
    public MujocoTaskRules Rules => _rules;

    /// <summary>Number of generalized coordinates (<c>mjModel.nq</c>).</summary>
    public int Nq { get; }

    /// <summary>Number of degrees of freedom (<c>mjModel.nv</c>).</summary>
    public int Nv { get; }

    /// <summary>Number of actuators (<c>mjModel.nu</c>), the action length.</summary>
    public int Nu { get; }

    /// <summary>The MuJoCo timestep (<c>mjModel.opt.timestep</c>).</summary>
    public double Timestep { get; }

    /// <summary>Seconds per environment step: <see cref="Timestep"/> · frame skip.</summary>
    public double Dt => Timestep * _rules.FrameSkip;

    /// <summary>
    /// Leading observation entries that are positions and angles (<c>qpos</c> without the excluded root
    /// coordinates); the remaining <see cref="Nv"/> entries are velocities.
    /// </summary>
    public int PositionObservationCount { get; }

    /// <summary>Steps taken in the current episode.</summary>
    public int EpisodeSteps => _steps;

    /// <summary>The reward terms of the last <see cref="Step"/>.</summary>
    public MujocoRewardTerms LastRewardTerms { get; private set; }

    /// <summary>Per-actuator lower control limits (<c>actuator_ctrlrange[:, 0]</c>).</summary>
    public ReadOnlySpan<double> ControlLow => _controlLow;

    /// <summary>Per-actuator upper control limits (<c>actuator_ctrlrange[:, 1]</c>).</summary>
    public ReadOnlySpan<double> ControlHigh => _controlHigh;

    /// <summary>The current joint positions (<c>mjData.qpos</c>); valid until the next call on this environment.</summary>
    public ReadOnlySpan<double> Qpos
    {
        get { ThrowIfDisposed(); return new ReadOnlySpan<double>(_qpos, Nq); }
    }

    /// <summary>The current joint velocities (<c>mjData.qvel</c>); valid until the next call on this environment.</summary>
    public ReadOnlySpan<double> Qvel
    {
        get { ThrowIfDisposed(); return new ReadOnlySpan<double>(_qvel, Nv); }
    }

    /// <summary>The world position of body <paramref name="bodyId"/> (<c>mjData.xpos</c>, as of the last kinematics pass).</summary>
    public (double X, double Y, double Z) BodyPosition(int bodyId)
    {
        ThrowIfDisposed();
        Guard.Index(bodyId, MujocoNative.ReadInt(_model, MujocoNative.ModelNbody), nameof(bodyId));
        double* p = _xpos + 3 * bodyId;
        return (p[0], p[1], p[2]);
    }

    /// <summary>The id of the body called <paramref name="bodyName"/>.</summary>
    /// <exception cref="ArgumentException">No such body.</exception>
    public int BodyId(string bodyName)
    {
        ThrowIfDisposed();
        int id = MujocoNative.mj_name2id(_model, MujocoNative.ObjectBody, bodyName);
        if (id < 0) throw new ArgumentException($"The model has no body called '{bodyName}'.", nameof(bodyName));
        return id;
    }

    /// <inheritdoc />
    public void Reset(Span<float> observation)
    {
        ThrowIfDisposed();
        Guard.Length(observation, ObservationSize, nameof(observation));
        MujocoNative.mj_resetData(_model, _data);
        double scale = _rules.ResetNoiseScale;
        for (int i = 0; i < Nq; i++) _qpos[i] = _initQpos[i] + _rng.Uniform(-scale, scale);
        for (int i = 0; i < Nv; i++)
        {
            _qvel[i] = _initQvel[i] + (_rules.GaussianVelocityNoise ? scale * _rng.NextGaussian() : _rng.Uniform(-scale, scale));
        }

        MujocoNative.mj_forward(_model, _data);
        _steps = 0;
        _needsReset = false;
        LastRewardTerms = default;
        WriteObservation(observation);
    }

    /// <summary>
    /// Sets qpos and qvel and recomputes the derived quantities (Gymnasium's <c>set_state</c>); the episode goes on.
    /// </summary>
    public void SetState(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel)
    {
        ThrowIfDisposed();
        Guard.Length(qpos, Nq, nameof(qpos));
        Guard.Length(qvel, Nv, nameof(qvel));
        qpos.CopyTo(new Span<double>(_qpos, Nq));
        qvel.CopyTo(new Span<double>(_qvel, Nv));
        MujocoNative.mj_forward(_model, _data);
    }

    /// <summary>Writes the current observation (without stepping).</summary>
    public void Observe(Span<float> observation)
    {
        ThrowIfDisposed();
        Guard.Length(observation, ObservationSize, nameof(observation));
        WriteObservation(observation);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The action is clipped to the actuators' control range before it is applied and before the control cost is
    /// computed (Gymnasium's <c>ClipAction</c> wrapper; MuJoCo clamps <c>ctrl</c> itself).
    /// </remarks>
    /// <exception cref="InvalidOperationException">Called before <see cref="Reset"/> or after the episode ended.</exception>
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        ThrowIfDisposed();
        Guard.Length(action, Nu, nameof(action));
        Guard.Finite(action, nameof(action));
        Guard.Length(observation, ObservationSize, nameof(observation));
        if (_needsReset)
            throw new InvalidOperationException($"{Name}: call Reset before Step, and again after an episode ends.");

        double controlSquares = 0;
        for (int i = 0; i < Nu; i++)
        {
            double a = Math.Clamp(action[i], _controlLow[i], _controlHigh[i]);
            _ctrl[i] = a;
            controlSquares += a * a;
        }

        double xBefore = ForwardPosition();
        for (int k = 0; k < _rules.FrameSkip; k++) MujocoNative.mj_step(_model, _data);
        double xAfter = ForwardPosition();

        double xVelocity = (xAfter - xBefore) / Dt;
        bool healthy = IsHealthy(new ReadOnlySpan<double>(_qpos, Nq), new ReadOnlySpan<double>(_qvel, Nv));
        double healthyReward = healthy || _rules.TerminateWhenUnhealthy ? _rules.HealthyReward : 0.0;
        var terms = new MujocoRewardTerms(
            _rules.ForwardRewardWeight * xVelocity, healthyReward, _rules.ControlCostWeight * controlSquares, xVelocity);
        LastRewardTerms = terms;

        bool terminated = _rules.TerminateWhenUnhealthy && !healthy;
        _steps++;
        bool truncated = _steps >= _rules.MaxEpisodeSteps;
        _needsReset = terminated || truncated;
        WriteObservation(observation);
        return new StepResult(terms.Total, terminated, truncated);
    }

    /// <summary>The coordinate whose change per <see cref="Dt"/> is the forward velocity (default <c>qpos[0]</c>).</summary>
    protected virtual double ForwardPosition() => _qpos[0];

    /// <summary>The x world coordinate of body <paramref name="bodyId"/> (<c>mjData.xpos</c>), without checks.</summary>
    protected double BodyX(int bodyId) => _xpos[3 * bodyId];

    /// <summary>The task's healthy set (ignored when <see cref="MujocoTaskRules.TerminateWhenUnhealthy"/> is false
    /// and <see cref="MujocoTaskRules.HealthyReward"/> is 0).</summary>
    protected abstract bool IsHealthy(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel);

    private void WriteObservation(Span<float> observation)
    {
        int k = 0;
        for (int i = _rules.ExcludedPositions; i < Nq; i++) observation[k++] = (float)_qpos[i];
        double clip = _rules.VelocityClip;
        for (int i = 0; i < Nv; i++) observation[k++] = (float)Math.Clamp(_qvel[i], -clip, clip);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_model == 0, this);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees <c>mjData</c> then <c>mjModel</c>; safe to call more than once.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_data != 0)
        {
            MujocoNative.mj_deleteData(_data);
            _data = 0;
        }

        if (_model != 0)
        {
            MujocoNative.mj_deleteModel(_model);
            _model = 0;
        }

        _qpos = _qvel = _ctrl = _xpos = null;
    }
}
