using Rtu.Trainers.Environments;
using Rtu.Trainers.Environments.PopGym;
using Rtu.Trainers.Numerics;
using static Rtu.Trainers.Tests.Environments.EnvTestUtil;

namespace Rtu.Trainers.Tests.Environments;

[TestClass]
public sealed class CardTaskTests
{
    private const double Tol = 1e-12;

    [TestMethod]
    public void CardDeck_LayoutAndShuffleArePermutations()
    {
        Assert.AreEqual(1, CardDeck.Suit(5));
        Assert.AreEqual(1, CardDeck.Rank(5));
        Assert.AreEqual(1, CardDeck.Value(5, CardAttribute.Color));
        Assert.AreEqual(12, CardDeck.Rank(51));
        var deck = new CardDeck(2);
        deck.Shuffle(new Rng(3));
        var seen = new bool[104];
        int[] suits = new int[4];
        for (int i = 0; i < deck.Count; i++) { seen[deck[i]] = true; suits[CardDeck.Suit(deck[i])]++; }
        Assert.IsTrue(seen.All(s => s));
        CollectionAssert.AreEqual(new[] { 26, 26, 26, 26 }, suits);
    }

    [TestMethod]
    public void RepeatFirst_RulesAndReturnRange()
    {
        var env = new RepeatFirst(PopGymDifficulty.Easy, 1);
        Assert.AreEqual(4, env.ObservationSize);
        Assert.AreEqual(4, env.ActionSpace.DiscreteCount);
        int first = -1;
        Episode best = Run(env, (o, t) => { if (t == 0) first = ArgMax(o); return first; });
        Assert.AreEqual(51, best.Length);
        Assert.IsTrue(best.Last.Truncated && !best.Last.Terminated);
        Assert.AreEqual(1.0, best.Return, 1e-9);
        Assert.IsTrue(best.Rewards.All(r => Math.Abs(r - 1.0 / 51) < Tol));
        foreach (float[] o in best.Observations) AssertOneHot(o);
        Assert.AreEqual(52, best.Observations.Count, "every card is shown once");

        Episode worst = Run(env, (o, t) => (env.TargetSuit + 1) % 4);
        Assert.AreEqual(-1.0, worst.Return, 1e-9);
        foreach (PopGymDifficulty d in Enum.GetValues<PopGymDifficulty>())
            Assert.AreEqual(52 * (d switch { PopGymDifficulty.Easy => 1, PopGymDifficulty.Medium => 8, _ => 16 }) - 1,
                new RepeatFirst(d, 0).EpisodeLength);
    }

    [TestMethod]
    public void RepeatPrevious_UsesOriginalOffset()
    {
        var env = new RepeatPrevious(PopGymDifficulty.Easy, 2);
        Assert.AreEqual(4, env.K);
        var history = new List<int>();
        // The observation shown at step j is card j; step j+1 (1-based) is scored against card j+1-k, i.e. k-1 back.
        Episode best = Run(env, (o, t) => { history.Add(ArgMax(o)); int j = t + 1; return j >= env.K ? history[j - env.K] : 0; });
        Assert.AreEqual(51, best.Length);
        Assert.IsTrue(best.Last.Truncated);
        Assert.AreEqual(1.0, best.Return, 1e-9);
        for (int j = 0; j < 3; j++) Assert.AreEqual(0.0, best.Rewards[j]);
        for (int j = 3; j < 51; j++) Assert.AreEqual(1.0 / 48, best.Rewards[j], Tol);

        Episode worst = Run(env, (o, t) => env.TargetSuit < 0 ? 0 : (env.TargetSuit + 1) % 4);
        Assert.AreEqual(-1.0, worst.Return, 1e-9);

        var hard = new RepeatPrevious(PopGymDifficulty.Hard, 2);
        Assert.AreEqual(64, hard.K);
        Episode h = Run(hard, (o, t) => hard.TargetSuit < 0 ? 0 : hard.TargetSuit);
        Assert.AreEqual(155, h.Length);
        Assert.AreEqual(1.0, h.Return, 1e-9);
        Assert.AreEqual(63, h.Rewards.Count(r => r == 0));
    }

    [TestMethod]
    public void Autoencode_WatchThenReciteReversed()
    {
        var env = new Autoencode(PopGymDifficulty.Easy, 3);
        Assert.AreEqual(5, env.ObservationSize);
        var seen = new List<int>();
        Episode best = Run(env, (o, t) =>
        {
            if (t < 52) { seen.Add(ArgMax(o.AsSpan(1))); }
            return t < 51 ? 0 : seen[^(t - 50)];
        });
        Assert.AreEqual(103, best.Length);
        Assert.IsTrue(best.Last.Terminated && !best.Last.Truncated);
        Assert.AreEqual(1.0, best.Return, 1e-9);
        for (int t = 0; t < 51; t++) Assert.AreEqual(0.0, best.Rewards[t]);
        for (int t = 51; t < 103; t++) Assert.AreEqual(1.0 / 52, best.Rewards[t], Tol);
        // Watch flag: 1 for observations 0..50, 0 from observation 51 (the one showing the last card) on.
        for (int t = 0; t <= 50; t++) Assert.AreEqual(1f, best.Observations[t][0]);
        Assert.AreEqual(0f, best.Observations[51][0]);
        AssertOneHot(best.Observations[51].AsSpan(1));
        for (int t = 52; t <= 103; t++) CollectionAssert.AreEqual(new float[] { 0, 1, 0, 0, 0 }, best.Observations[t]);

        Episode worst = Run(env, (o, t) => env.TargetSuit < 0 ? 0 : (env.TargetSuit + 1) % 4);
        Assert.AreEqual(-1.0, worst.Return, 1e-9);
        var rng = new Rng(9);
        Assert.AreEqual(-0.5, MeanReturn(env, (o, t) => rng.NextInt(4), 200), 0.05);
    }

    [TestMethod]
    public void RandomPolicyAnchors()
    {
        var rng = new Rng(11);
        Assert.AreEqual(-0.5, MeanReturn(new RepeatFirst(PopGymDifficulty.Easy, 5), (o, t) => rng.NextInt(4), 300), 0.05);
        Assert.AreEqual(-0.5, MeanReturn(new RepeatPrevious(PopGymDifficulty.Easy, 5), (o, t) => rng.NextInt(4), 300), 0.05);
        Assert.AreEqual(0.0, MeanReturn(new HigherLower(PopGymDifficulty.Easy, 5), (o, t) => rng.NextInt(2), 300), 0.05);
    }

    [TestMethod]
    public void CountRecall_CountsIncludeCurrentCard()
    {
        var env = new CountRecall(PopGymDifficulty.Easy, 4);
        Assert.AreEqual(4, env.ObservationSize);
        Assert.AreEqual(27, env.ActionSpace.DiscreteCount);
        var counts = new int[2];
        Episode best = Run(env, (o, t) =>
        {
            counts[ArgMax(o.AsSpan(0, 2))]++;
            int answer = counts[ArgMax(o.AsSpan(2, 2))];
            Assert.AreEqual(env.TargetCount, answer);
            return answer;
        });
        Assert.AreEqual(51, best.Length);
        Assert.IsTrue(best.Last.Terminated);
        Assert.AreEqual(1.0, best.Return, 1e-9);
        foreach (float[] o in best.Observations) { AssertOneHot(o.AsSpan(0, 2)); AssertOneHot(o.AsSpan(2, 2)); }
        Episode worst = Run(env, (o, t) => env.TargetCount == 0 ? 1 : 0);
        Assert.AreEqual(-1.0, worst.Return, 1e-9);

        var hard = new CountRecall(PopGymDifficulty.Hard, 4);
        Assert.AreEqual(26, hard.ObservationSize);
        Assert.AreEqual(17, hard.ActionSpace.DiscreteCount);
        Assert.AreEqual(1.0, Run(hard, (o, t) => hard.TargetCount).Return, 1e-9);
        Assert.AreEqual(8, new CountRecall(PopGymDifficulty.Medium, 0).ObservationSize);
    }

    [TestMethod]
    public void HigherLower_RewardsAndPushes()
    {
        var env = new HigherLower(PopGymDifficulty.Easy, 6);
        Assert.AreEqual(13, env.ObservationSize);
        Episode best = Run(env, (o, t) => env.NextRank > ArgMax(o) ? 0 : 1);
        Assert.AreEqual(51, best.Length);
        Assert.IsTrue(best.Last.Terminated);
        int pushes = 0;
        for (int t = 0; t < 51; t++)
        {
            int cur = ArgMax(best.Observations[t]), next = ArgMax(best.Observations[t + 1]);
            if (cur == next) { pushes++; Assert.AreEqual(0.0, best.Rewards[t]); }
            else Assert.AreEqual(1.0 / 52, best.Rewards[t], Tol);
        }
        Assert.AreEqual((51 - pushes) / 52.0, best.Return, 1e-9);
        Assert.IsTrue(best.Return <= 1);
        Episode worst = Run(env, (o, t) => env.NextRank > ArgMax(o) ? 1 : 0);
        Assert.IsTrue(worst.Return >= -1 && worst.Return < -0.8);
    }

    [TestMethod]
    public void Concentration_PerfectPlayScoresOne()
    {
        var env = new Concentration(PopGymDifficulty.Easy, 7);
        Assert.AreEqual(156, env.ObservationSize);
        Assert.AreEqual(52, env.ActionSpace.DiscreteCount);
        Assert.AreEqual(104, env.EpisodeLimit);
        // Oracle: pair positions by type, flip pairs in order.
        var obs = new float[156];
        env.Reset(obs);
        for (int p = 0; p < 52; p++) Assert.AreEqual(1f, obs[p * 3 + 2], "all face down at reset");
        var queue = new List<int>();
        var byType = Enumerable.Range(0, 52).GroupBy(env.TypeAt).ToList();
        foreach (var g in byType) queue.AddRange(g);
        double ret = 0;
        StepResult r = default;
        for (int i = 0; i < 52; i++)
        {
            r = env.Step([queue[i]], obs);
            ret += r.Reward;
            Assert.AreEqual(1f, obs[queue[i] * 3 + env.TypeAt(queue[i])], "the flipped card is shown");
            Assert.AreEqual(i % 2 == 1 ? 1.0 / 26 : 0.0, r.Reward, Tol);
        }
        Assert.IsTrue(r.Terminated);
        Assert.AreEqual(1.0, ret, 1e-9);
        Assert.IsTrue(new Concentration(PopGymDifficulty.Medium, 0).EpisodeLimit == 208);
        Assert.AreEqual(52 * 14, new Concentration(PopGymDifficulty.Hard, 0).ObservationSize);
    }

    [TestMethod]
    public void Concentration_PenaltiesAndTruncation()
    {
        var env = new Concentration(PopGymDifficulty.Hard, 8);
        // Flipping the same card twice is a failed pair: −2/L every second step; L steps give exactly −1.
        Episode worst = Run(env, (o, t) => 0);
        Assert.AreEqual(env.EpisodeLimit, worst.Length);
        Assert.IsTrue(worst.Last.Truncated && !worst.Last.Terminated);
        Assert.AreEqual(-1.0, worst.Return, 1e-9);

        // Flipping an already face-up card costs (cards in play)/L and clears the play.
        var obs = new float[env.ObservationSize];
        env.Reset(obs);
        int a = 0, b = Enumerable.Range(1, 51).First(p => env.TypeAt(p) == env.TypeAt(0));
        int other = Enumerable.Range(1, 51).First(p => p != b);
        env.Step([a], obs);
        Assert.AreEqual(1.0 / 26, env.Step([b], obs).Reward, Tol);
        Assert.AreEqual(-1.0 / env.EpisodeLimit, env.Step([a], obs).Reward, Tol);
        Assert.AreEqual(0.0, env.Step([other], obs).Reward);
        Assert.AreEqual(-2.0 / env.EpisodeLimit, env.Step([b], obs).Reward, Tol);
        Assert.AreEqual(1f, obs[other * 14 + env.TypeAt(other)], "the returned observation shows the cards in play");
        Assert.AreEqual(-1.0 / env.EpisodeLimit, env.Step([a], obs).Reward, Tol);
        Assert.AreEqual(1f, obs[other * 14 + 13], "the in-play card was turned back");
        Assert.AreEqual(1f, obs[b * 14 + env.TypeAt(b)], "matched cards stay face up");
    }

    [TestMethod]
    public void SameSeedSameEpisodes_DifferentSeedDiffers()
    {
        foreach (string name in EnvironmentRegistry.Names.Where(n => !Rtu.Trainers.Environments.Mujoco.MujocoEnvironments.IsKnown(n)))  // MuJoCo: see MujocoEnvironmentTests
        {
            using IEnvironment a = EnvironmentRegistry.Create(name, 42), b = EnvironmentRegistry.Create(name, 42), c = EnvironmentRegistry.Create(name, 43);
            int n = a.ActionSpace.DiscreteCount;
            Episode ea = Run(a, (o, t) => t * 7 % n), eb = Run(b, (o, t) => t * 7 % n), ec = Run(c, (o, t) => t * 7 % n);
            Assert.AreEqual(ea.Length, eb.Length, name);
            for (int t = 0; t < ea.Observations.Count; t++) CollectionAssert.AreEqual(ea.Observations[t], eb.Observations[t], name);
            CollectionAssert.AreEqual(ea.Rewards, eb.Rewards, name);
            bool differs = ea.Length != ec.Length || Enumerable.Range(0, ea.Observations.Count).Any(t => !ea.Observations[t].SequenceEqual(ec.Observations[t]));
            Assert.IsTrue(differs, name);
            Assert.IsTrue(ea.Return >= -1 - 1e-9 && ea.Return <= 1 + 1e-9, $"{name}: return {ea.Return}");
        }
    }
}
