using Rtu.Trainers.Environments;
using Rtu.Trainers.Environments.Mujoco;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Environments.Mujoco;

[TestClass]
public sealed class MujocoEnvironmentTests
{
    [TestMethod]
    public void LibraryIsVersion222()
    {
        Assert.IsTrue(MujocoEnvironments.IsAvailable(out string? reason), reason);
        Assert.AreEqual(222, MujocoNative.mj_version());
    }

    // Sizes of Gymnasium's v4 models: nq, nv, nu, dt.
    [TestMethod]
    [DataRow("Ant", 15, 14, 8, 0.05)]
    [DataRow("HalfCheetah", 9, 9, 6, 0.05)]
    [DataRow("Hopper", 6, 6, 3, 0.008)]
    [DataRow("Walker2d", 9, 9, 6, 0.008)]
    public void ModelSizesMatchGymnasium(string task, int nq, int nv, int nu, double dt)
    {
        using MujocoEnvironment env = MujocoEnvironments.CreateTask(task, 1);
        Assert.AreEqual(nq, env.Nq);
        Assert.AreEqual(nv, env.Nv);
        Assert.AreEqual(nu, env.Nu);
        Assert.AreEqual(dt, env.Dt, 1e-12);
        Assert.AreEqual(nu, env.ActionSpace.ContinuousSize);
        Assert.AreEqual(-1f, env.ActionSpace.Low);
        Assert.AreEqual(1f, env.ActionSpace.High);
        for (int i = 0; i < nu; i++)
        {
            Assert.AreEqual(-1.0, env.ControlLow[i]);
            Assert.AreEqual(1.0, env.ControlHigh[i]);
        }
    }

    // Full = qpos without the root x (and y for Ant) + qvel; P = the positions; V = the velocities.
    [TestMethod]
    [DataRow("Ant", 27)]
    [DataRow("AntP", 13)]
    [DataRow("AntV", 14)]
    [DataRow("HalfCheetah", 17)]
    [DataRow("HalfCheetahP", 8)]
    [DataRow("HalfCheetahV", 9)]
    [DataRow("Hopper", 11)]
    [DataRow("HopperP", 5)]
    [DataRow("HopperV", 6)]
    [DataRow("Walker2d", 17)]
    [DataRow("Walker2dP", 8)]
    [DataRow("Walker2dV", 9)]
    public void ObservationSizes(string name, int size)
    {
        using IEnvironment env = MujocoEnvironments.Create(name, 3);
        Assert.AreEqual(name, env.Name);
        Assert.AreEqual(size, env.ObservationSize);
        var obs = new float[size];
        env.Reset(obs);
        StepResult r = env.Step(new float[env.ActionSpace.ActionLength], obs);
        Assert.IsTrue(double.IsFinite(r.Reward));
    }

    [TestMethod]
    public void FactoryListsTwelveNamesAndRejectsUnknown()
    {
        Assert.HasCount(12, MujocoEnvironments.Names);
        Assert.HasCount(8, MujocoEnvironments.PartiallyObservableNames);
        CollectionAssert.Contains(MujocoEnvironments.Names.ToList(), "Walker2dV");
        var e = Assert.ThrowsExactly<ArgumentException>(() => MujocoEnvironments.Create("Humanoid", 0));
        Assert.AreEqual("name", e.ParamName);
    }

    [TestMethod]
    [DataRow("Ant")]
    [DataRow("HalfCheetah")]
    [DataRow("Hopper")]
    [DataRow("Walker2d")]
    public void PartialObservationsAreExactSlicesOfTheFullObservation(string task)
    {
        using IEnvironment full = MujocoEnvironments.Create(task, 7);
        using IEnvironment p = MujocoEnvironments.Create(task + "P", 7);
        using IEnvironment v = MujocoEnvironments.Create(task + "V", 7);
        Assert.AreEqual(full.ObservationSize, p.ObservationSize + v.ObservationSize);
        var of = new float[full.ObservationSize];
        var op = new float[p.ObservationSize];
        var ov = new float[v.ObservationSize];
        var action = new float[full.ActionSpace.ActionLength];
        var rng = new Rng(11);
        full.Reset(of); p.Reset(op); v.Reset(ov);
        for (int t = 0; t < 40; t++)
        {
            CollectionAssert.AreEqual(of[..p.ObservationSize], op, $"P at t={t}");
            CollectionAssert.AreEqual(of[p.ObservationSize..], ov, $"V at t={t}");
            for (int i = 0; i < action.Length; i++) action[i] = (float)rng.Uniform(-1, 1);
            StepResult rf = full.Step(action, of), rp = p.Step(action, op), rv = v.Step(action, ov);
            Assert.AreEqual(rf, rp);
            Assert.AreEqual(rf, rv);
            if (rf.Done) { full.Reset(of); p.Reset(op); v.Reset(ov); }
        }
    }

    [TestMethod]
    [DataRow("HalfCheetah")]
    [DataRow("Hopper")]
    [DataRow("Walker2d")]
    public void RewardIsForwardVelocityPlusHealthyMinusControlCost(string task)
    {
        using MujocoEnvironment env = MujocoEnvironments.CreateTask(task, 5);
        var obs = new float[env.ObservationSize];
        env.Reset(obs);
        var action = new float[env.Nu];
        for (int i = 0; i < action.Length; i++) action[i] = 0.3f * (i % 2 == 0 ? 1 : -1) + 0.05f * i;
        double x0 = env.Qpos[0];
        StepResult r = env.Step(action, obs);
        double x1 = env.Qpos[0];

        MujocoTaskRules rules = env.Rules;
        double forward = (x1 - x0) / env.Dt;
        double ctrl = rules.ControlCostWeight * action.Sum(a => (double)a * a);
        double healthy = rules.HealthyReward; // healthy (or terminate_when_unhealthy) after one small step
        Assert.IsFalse(r.Terminated);
        Assert.AreEqual(forward + healthy - ctrl, r.Reward, 1e-9);
        Assert.AreEqual(forward, env.LastRewardTerms.Forward, 1e-12);
        Assert.AreEqual(ctrl, env.LastRewardTerms.Control, 1e-12);
        Assert.AreEqual(healthy, env.LastRewardTerms.Healthy);
        Assert.AreNotEqual(0.0, forward);
    }

    [TestMethod]
    public void AntForwardRewardUsesTheTorsoPosition()
    {
        using var env = new Ant(9);
        var obs = new float[env.ObservationSize];
        env.Reset(obs);
        int torso = env.BodyId("torso");
        Assert.AreEqual(1, torso);
        // After Reset (mj_forward) the torso's world position is the free joint's position.
        Assert.AreEqual(env.Qpos[0], env.BodyPosition(torso).X, 1e-12);
        double x0 = env.BodyPosition(torso).X;
        var action = new float[] { 0.5f, -0.5f, 0.2f, 0.1f, -0.3f, 0.4f, 0.0f, 1.0f };
        StepResult r = env.Step(action, obs);
        double x1 = env.BodyPosition(torso).X;
        double forward = (x1 - x0) / 0.05;
        double ctrl = 0.5 * action.Sum(a => (double)a * a);
        Assert.AreEqual(forward + 1.0 - ctrl, r.Reward, 1e-9);
        Assert.IsFalse(r.Done);
    }

    [TestMethod]
    public void ActionsAreClippedToTheControlRangeBeforeTheCost()
    {
        using var env = new HalfCheetah(2);
        var obs = new float[env.ObservationSize];
        env.Reset(obs);
        env.Step([5f, -5f, 1f, -1f, 2f, 0f], obs);
        Assert.AreEqual(0.1 * 5, env.LastRewardTerms.Control, 1e-12);
    }

    [TestMethod]
    [DataRow("Ant")]
    [DataRow("HalfCheetah")]
    [DataRow("Hopper")]
    [DataRow("Walker2d")]
    public void ObservationIsQposWithoutRootThenQvel(string task)
    {
        using MujocoEnvironment env = MujocoEnvironments.CreateTask(task, 4);
        var obs = new float[env.ObservationSize];
        env.Reset(obs);
        env.Step(new float[env.Nu], obs);
        int excluded = env.Rules.ExcludedPositions;
        Assert.AreEqual(env.Nq - excluded, env.PositionObservationCount);
        for (int i = excluded; i < env.Nq; i++) Assert.AreEqual((float)env.Qpos[i], obs[i - excluded]);
        double clip = env.Rules.VelocityClip;
        for (int i = 0; i < env.Nv; i++)
            Assert.AreEqual((float)Math.Clamp(env.Qvel[i], -clip, clip), obs[env.PositionObservationCount + i]);
    }

    [TestMethod]
    public void HopperVelocitiesAreClippedToTen()
    {
        using var env = new Hopper(1);
        var obs = new float[env.ObservationSize];
        env.Reset(obs);
        double[] qpos = env.Qpos.ToArray();
        double[] qvel = [20, -30, 0.5, 11, -10.5, 3];
        env.SetState(qpos, qvel);
        env.Observe(obs);
        CollectionAssert.AreEqual(new float[] { 10, -10, 0.5f, 10, -10, 3 }, obs[5..]);
    }

    [TestMethod]
    [DataRow("HalfCheetah", 0.1)]
    [DataRow("Hopper", 0.005)]
    [DataRow("Walker2d", 0.005)]
    [DataRow("Ant", 0.1)]
    public void ResetNoiseOnPositionsIsWithinTheScale(string task, double scale)
    {
        using MujocoEnvironment env = MujocoEnvironments.CreateTask(task, 8);
        var obs = new float[env.ObservationSize];
        using MujocoEnvironment reference = MujocoEnvironments.CreateTask(task, 8);
        double[] init = reference.Qpos.ToArray(); // qpos0 before any reset
        double maxDeviation = 0;
        for (int episode = 0; episode < 5; episode++)
        {
            env.Reset(obs);
            for (int i = 0; i < env.Nq; i++)
            {
                // MuJoCo normalises the Ant's free-joint quaternion (qpos[3..7]) in mj_forward, as in Gymnasium.
                if (task == "Ant" && i is >= 3 and < 7) continue;
                double d = Math.Abs(env.Qpos[i] - init[i]);
                Assert.IsLessThanOrEqualTo(scale, d);
                maxDeviation = Math.Max(maxDeviation, d);
            }

            if (!env.Rules.GaussianVelocityNoise)
                foreach (double v in env.Qvel) Assert.IsLessThanOrEqualTo(scale, Math.Abs(v));
        }

        Assert.IsGreaterThan(scale / 4, maxDeviation);
    }

    [TestMethod]
    public void HopperThatTipsOverIsTerminated()
    {
        using var env = new Hopper(1);
        var obs = new float[env.ObservationSize];
        env.Reset(obs);
        double[] qpos = env.Qpos.ToArray();
        qpos[2] = 0.5; // torso angle beyond the ±0.2 healthy range
        env.SetState(qpos, env.Qvel.ToArray());
        StepResult r = env.Step(new float[3], obs);
        Assert.IsTrue(r.Terminated);
        Assert.IsFalse(r.Truncated);
        Assert.AreEqual(1.0, env.LastRewardTerms.Healthy); // terminate_when_unhealthy keeps the healthy reward
        Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(new float[3], obs));
        env.Reset(obs);
        Assert.IsFalse(env.Step(new float[3], obs).Done);
    }

    [TestMethod]
    [DataRow("Hopper")]
    [DataRow("Walker2d")]
    public void RandomPolicyFallsAndIsTerminated(string task)
    {
        using MujocoEnvironment env = MujocoEnvironments.CreateTask(task, 3);
        var obs = new float[env.ObservationSize];
        var action = new float[env.Nu];
        var rng = new Rng(3);
        env.Reset(obs);
        StepResult r = default;
        int t = 0;
        while (!r.Done)
        {
            for (int i = 0; i < action.Length; i++) action[i] = (float)rng.Uniform(-1, 1);
            r = env.Step(action, obs);
            t++;
        }

        Assert.IsTrue(r.Terminated, $"{task} survived {t} random steps");
        Assert.IsLessThan(1000, t);
        // The state really left the healthy set.
        double z = env.Qpos[1], angle = env.Qpos[2];
        bool unhealthy = task == "Hopper"
            ? z <= Hopper.MinHealthyZ || Math.Abs(angle) >= Hopper.HealthyAngleBound
            : z <= Walker2d.MinHealthyZ || z >= Walker2d.MaxHealthyZ || Math.Abs(angle) >= Walker2d.HealthyAngleBound;
        Assert.IsTrue(unhealthy || env.Qvel.ToArray().Any(v => Math.Abs(v) >= 100));
    }

    [TestMethod]
    public void HalfCheetahIsTruncatedAtExactly1000Steps()
    {
        using IEnvironment env = MujocoEnvironments.Create("HalfCheetahV", 6);
        var obs = new float[env.ObservationSize];
        var action = new float[6];
        var rng = new Rng(6);
        env.Reset(obs);
        for (int t = 1; t <= 1000; t++)
        {
            for (int i = 0; i < action.Length; i++) action[i] = (float)rng.Uniform(-1, 1);
            StepResult r = env.Step(action, obs);
            Assert.IsFalse(r.Terminated);
            Assert.AreEqual(t == 1000, r.Truncated, $"step {t}");
        }

        Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(action, obs));
    }

    [TestMethod]
    [DataRow("AntP")]
    [DataRow("HopperV")]
    [DataRow("Walker2d")]
    public void SameSeedGivesIdenticalTrajectories(string name)
    {
        float[][] Run(ulong seed)
        {
            using IEnvironment env = MujocoEnvironments.Create(name, seed);
            var rng = new Rng(99);
            var obs = new float[env.ObservationSize];
            var action = new float[env.ActionSpace.ActionLength];
            var trace = new List<float[]>();
            env.Reset(obs);
            trace.Add((float[])obs.Clone());
            for (int t = 0; t < 60; t++)
            {
                for (int i = 0; i < action.Length; i++) action[i] = (float)rng.Uniform(-1, 1);
                StepResult r = env.Step(action, obs);
                trace.Add([.. obs, (float)r.Reward, r.Terminated ? 1 : 0]);
                if (r.Done) { env.Reset(obs); trace.Add((float[])obs.Clone()); }
            }

            return [.. trace];
        }

        float[][] a = Run(42), b = Run(42), c = Run(43);
        Assert.HasCount(a.Length, b);
        for (int i = 0; i < a.Length; i++) CollectionAssert.AreEqual(a[i], b[i], $"row {i}");
        CollectionAssert.AreNotEqual(a[0], c[0]);
    }

    [TestMethod]
    [DataRow("Hopper")]
    [DataRow("AntP")]
    public void BadActionsAreRejectedByName(string name)
    {
        using IEnvironment env = MujocoEnvironments.Create(name, 0);
        var obs = new float[env.ObservationSize];
        env.Reset(obs);
        int n = env.ActionSpace.ActionLength;
        var e1 = Assert.ThrowsExactly<ArgumentException>(() => env.Step(new float[n + 1], obs));
        Assert.AreEqual("action", e1.ParamName);
        var nan = new float[n];
        nan[n - 1] = float.NaN;
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => env.Step(nan, obs));
        Assert.AreEqual("action", e2.ParamName);
        StringAssert.Contains(e2.Message, "NaN");
        var inf = new float[n];
        inf[0] = float.PositiveInfinity;
        Assert.ThrowsExactly<ArgumentException>(() => env.Step(inf, obs));
        var e3 = Assert.ThrowsExactly<ArgumentException>(() => env.Step(new float[n], new float[env.ObservationSize + 2]));
        Assert.AreEqual("observation", e3.ParamName);
        // The rejected calls changed nothing: the episode goes on.
        Assert.IsFalse(env.Step(new float[n], obs).Done);
    }

    // Gymnasium's documented initial states (before noise): init_qpos = qpos0 of the model, init_qvel = 0.
    [TestMethod]
    [DataRow("Ant", new[] { 0.0, 0.0, 0.75, 1.0, 0.0, 0.0, 0.0 })]
    [DataRow("HalfCheetah", new[] { 0.0, 0.0, 0.0 })]
    [DataRow("Hopper", new[] { 0.0, 1.25, 0.0, 0.0, 0.0, 0.0 })]
    [DataRow("Walker2d", new[] { 0.0, 1.25, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 })]
    public void InitialStateBeforeNoiseMatchesGymnasium(string task, double[] leadingQpos)
    {
        using MujocoEnvironment env = MujocoEnvironments.CreateTask(task, 0);
        for (int i = 0; i < leadingQpos.Length; i++) Assert.AreEqual(leadingQpos[i], env.Qpos[i], 1e-12, $"qpos[{i}]");
        foreach (double v in env.Qvel) Assert.AreEqual(0.0, v);
    }

    [TestMethod]
    public void PartialObservationDisposesItsInnerEnvironment()
    {
        var inner = new Hopper(0);
        var p = PartialObservation.Create(inner, ObservationKind.Positions, "HopperP");
        Assert.AreEqual(0, p.Start);
        Assert.AreEqual(inner.ActionSpace, p.ActionSpace);
        p.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => inner.Reset(new float[inner.ObservationSize]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PartialObservation(new Hopper(0), "X", 8, 4));
    }

    [TestMethod]
    public void StepBeforeResetAndAfterDisposeAreRejected()
    {
        var env = new Walker2d(0);
        var obs = new float[env.ObservationSize];
        Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(new float[6], obs));
        env.Dispose();
        env.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => env.Reset(obs));
    }
}
