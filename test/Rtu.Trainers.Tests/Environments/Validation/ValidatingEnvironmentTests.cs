using Rtu.Trainers.Environments;

namespace Rtu.Trainers.Tests.Environments.Validation;

[TestClass]
public sealed class ValidatingEnvironmentTests
{
    /// <summary>A user-style environment with one injectable defect at a given step.</summary>
    private sealed class Faulty(string defect, int atStep, int size = 3, ActionSpace? space = null) : IEnvironment
    {
        private int _t;
        public string Name => "Faulty";
        public int ObservationSize => size;
        public ActionSpace ActionSpace => space ?? ActionSpace.Discrete(2);
        public void Reset(Span<float> observation) { _t = 0; Write(observation); }
        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            _t++;
            Write(observation);
            double reward = _t != atStep ? 1.0 : defect switch
            {
                "nan-reward" => double.NaN, "inf-reward" => double.PositiveInfinity, "huge-reward" => -1e200, _ => 1.0,
            };
            return new StepResult(reward, false, _t >= 10);
        }
        private void Write(Span<float> o)
        {
            int n = _t == atStep && defect == "short" ? o.Length - 1 : o.Length;
            for (int i = 0; i < n; i++) o[i] = _t + i;
            if (_t == atStep && defect == "nan-obs") o[1] = float.NaN;
            if (_t == atStep && defect == "inf-obs") o[2] = float.NegativeInfinity;
            if (_t == atStep && defect == "long") o[o.Length] = 1; // writes past the span: IndexOutOfRangeException
        }
        public void Dispose() { }
    }

    private static EnvironmentValidationException RunUntilFailure(IEnvironment inner)
    {
        using var env = new ValidatingEnvironment(inner);
        var obs = new float[env.ObservationSize];
        return Assert.ThrowsExactly<EnvironmentValidationException>(() =>
        {
            for (int episode = 0; episode < 3; episode++)
            {
                env.Reset(obs);
                while (!env.Step([0], obs).Done) { }
            }
        });
    }

    [TestMethod]
    [DataRow("nan-reward", 4, "reward is NaN")]
    [DataRow("inf-reward", 7, "reward is Infinity")]
    [DataRow("huge-reward", 8, "reward is -1E+200; rewards must lie within ±1e100")]
    [DataRow("nan-obs", 3, "observation[1] of 3 is NaN")]
    [DataRow("inf-obs", 5, "observation[2] of 3 is -Infinity")]
    [DataRow("short", 2, "observation[2] of 3 is NaN (or was not written)")]
    [DataRow("long", 6, "wrote outside its observation of 3 floats")]
    public void DefectsAreReportedWithTheEnvironmentEpisodeAndStep(string defect, int step, string expected)
    {
        var e = RunUntilFailure(new Faulty(defect, step));
        StringAssert.Contains(e.Message, expected);
        StringAssert.StartsWith(e.Message, $"Environment 'Faulty', episode 1, step {step}:");
        Assert.AreEqual("Faulty", e.EnvironmentName);
        Assert.AreEqual(1, e.Episode);
        Assert.AreEqual(step, e.Step);
    }

    [TestMethod]
    public void AnObservationDefectInResetNamesTheReset()
    {
        var e = RunUntilFailure(new Faulty("nan-obs", 0));
        StringAssert.StartsWith(e.Message, "Environment 'Faulty', episode 1, Reset: observation[1]");
    }

    [TestMethod]
    public void InvalidDeclarationsAreRefusedAtConstruction()
    {
        StringAssert.Contains(Assert.ThrowsExactly<EnvironmentValidationException>(() => new ValidatingEnvironment(new Faulty("", 0, size: 0))).Message, "ObservationSize must be positive");
        StringAssert.Contains(Assert.ThrowsExactly<EnvironmentValidationException>(() => new ValidatingEnvironment(new Faulty("", 0, space: new ActionSpace(0, 0, 0, 0)))).Message, "action space is empty");
        StringAssert.Contains(Assert.ThrowsExactly<EnvironmentValidationException>(() => new ValidatingEnvironment(new Faulty("", 0, space: ActionSpace.Box(2, 1, -1)))).Message, "Low > High");
        StringAssert.Contains(Assert.ThrowsExactly<EnvironmentValidationException>(() => new ValidatingEnvironment(new Faulty("", 0, space: new ActionSpace(2, 2, 0, 1)))).Message, "both discrete and continuous");
    }

    [TestMethod]
    public void ProtocolAndActionErrorsAreTheCallersAndNamed()
    {
        using var env = new ValidatingEnvironment(new Faulty("", 0));
        var obs = new float[3];
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => env.Step([0], obs)).Message, "call Reset before the first Step");
        env.Reset(obs);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => env.Step([2], obs)).Message, "Faulty, episode 1, step 1");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => env.Step([float.NaN], obs)).Message, "NaN");
        Assert.ThrowsExactly<ArgumentException>(() => env.Step([0], new float[2]));
        while (!env.Step([1], obs).Done) { }
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => env.Step([0], obs)).Message, "episode ended");
        env.Reset(obs);
        Assert.AreEqual(2, env.Episode);
        CollectionAssert.AreEqual(new float[] { 0, 1, 2 }, obs);
    }

    [TestMethod]
    public void ParallelStepsOfValidatedCopiesMatchSequentialOnes()
    {
        // VectorEnvironment steps the copies of a factory in parallel; each copy owns its seed, so the results never
        // depend on the thread schedule.
        var factory = ValidatingEnvironment.Wrap(seed => EnvironmentRegistry.Create("StatelessCartPoleEasy", seed));
        using var parallel = new VectorEnvironment(factory, 8, 42, VectorParallelism.Parallel);
        using var sequential = new VectorEnvironment(factory, 8, 42, VectorParallelism.Sequential);
        Assert.IsInstanceOfType<ValidatingEnvironment>(parallel[0]);
        var a = new float[8 * parallel.ObservationSize];
        var b = new float[a.Length];
        parallel.Reset(a); sequential.Reset(b);
        var actions = new float[8];
        for (int t = 0; t < 300; t++)
        {
            for (int i = 0; i < 8; i++) actions[i] = (t * 7 + i) % 2;
            parallel.Step(actions, a); sequential.Step(actions, b);
            CollectionAssert.AreEqual(b, a);
            CollectionAssert.AreEqual(sequential.Rewards.ToArray(), parallel.Rewards.ToArray());
            CollectionAssert.AreEqual(sequential.Done.ToArray(), parallel.Done.ToArray());
        }
    }
}
