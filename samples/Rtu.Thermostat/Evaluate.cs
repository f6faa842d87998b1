using System.Globalization;
using Rtu.MLNet;
using Rtu.Onnx.Runtime;

namespace Rtu.Thermostat;

internal readonly record struct Summary(double Mean, double StandardError);

internal readonly record struct DayReturn(int Seed, string Kind, int Day, double Return);

internal static class Stats
{
    public static double Mean(IReadOnlyCollection<double> x) => x.Count == 0 ? double.NaN : x.Average();

    public static double StandardError(IReadOnlyCollection<double> x)
    {
        if (x.Count < 2) return double.NaN;
        double m = x.Average();
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Count - 1) / x.Count);
    }

    public static Summary Summarize(IReadOnlyCollection<double> x) => new(Mean(x), StandardError(x));

    /// <summary>"mean ± s.e." in <paramref name="format"/>; the mean alone for one value, which has no standard error.</summary>
    public static string Format(IReadOnlyCollection<double> x, string format) =>
        x.Count < 2 ? Mean(x).ToString(format, CultureInfo.InvariantCulture)
            : $"{Mean(x).ToString(format, CultureInfo.InvariantCulture)} ± {StandardError(x).ToString(format, CultureInfo.InvariantCulture)}";

    /// <summary>"1 room", "8 rooms".</summary>
    public static string Rooms(int count) => count == 1 ? "1 room" : $"{count} rooms";
}

internal static class Evaluate
{
    /// <summary>Mean return per day of the frozen policy (deterministic) over <paramref name="episodes"/> days.</summary>
    public static Summary Episodes(RtuPolicyTransformer policy, double leak, int episodes, ulong seed)
    {
        var engine = policy.CreateStreamingEngine();
        var returns = new List<double>();
        for (int e = 0; e < episodes; e++)
        {
            using var env = new Thermostat(seed + (ulong)e, leak);
            var obs = new float[2];
            env.Reset(obs);
            double total = 0;
            bool start = true;
            while (true)
            {
                var step = engine.Act("eval", obs, start);
                start = false;
                var r = env.Step(step.Action, obs);
                total += r.Reward;
                if (r.Done) break;
            }
            returns.Add(total);
        }
        return Stats.Summarize(returns);
    }

    /// <summary>The classic thermostat: full heat below the target reading, off above it.</summary>
    public static Summary BangBang(double leak, int episodes, ulong seed)
    {
        var returns = new List<double>();
        for (int e = 0; e < episodes; e++)
        {
            using var env = new Thermostat(seed + (ulong)e, leak);
            var obs = new float[2];
            env.Reset(obs);
            double total = 0;
            while (true)
            {
                var r = env.Step([obs[0] < Thermostat.Target ? 3 : 0], obs);
                total += r.Reward;
                if (r.Done) break;
            }
            returns.Add(total);
        }
        return Stats.Summarize(returns);
    }

    /// <summary>One day of rooms run by the old bang-bang thermostat, interleaved as a service would log them.</summary>
    public static LoggedRow[] Log(int rooms, ulong seed)
    {
        var rows = new List<LoggedRow>();
        var envs = Enumerable.Range(0, rooms).Select(i => new Thermostat(seed + (ulong)i)).ToArray();
        var obs = envs.Select(_ => new float[2]).ToArray();
        for (int i = 0; i < rooms; i++) envs[i].Reset(obs[i]);
        for (int t = 0; t < Thermostat.StepsPerDay; t++)
            for (int i = 0; i < rooms; i++)
            {
                int level = obs[i][0] < Thermostat.Target ? 3 : 0;
                rows.Add(new LoggedRow { Room = $"room-{i}", EpisodeStart = t == 0, Step = t, IndoorTemperature = obs[i][0], OutdoorTemperature = obs[i][1], LoggedLevel = level });
                envs[i].Step([level], obs[i]);
            }
        return rows.ToArray();
    }

    /// <summary>Runs one day with the ONNX graph choosing the actions, alongside the engine fed the same observations.</summary>
    public static (double Return, double Agreement, double MaxDifference) ServeOnnx(RtuPolicyTransformer policy, string onnxPath, ulong seed)
    {
        using var runner = new OnnxRecurrentRunner(onnxPath, 1, new OnnxRunnerOptions { PreferCuda = false });
        var engine = policy.CreateStreamingEngine();
        using var env = new Thermostat(seed);
        var obs = new float[2];
        env.Reset(obs);
        double total = 0, worst = 0;
        int same = 0, steps = 0;
        while (true)
        {
            runner.Step(obs);
            var logits = runner.Output("logits").ToArray();
            double max = logits.Max(), sum = logits.Sum(z => Math.Exp(z - max));
            var probabilities = logits.Select(z => Math.Exp(z - max) / sum).ToArray();
            int action = Array.IndexOf(logits, logits.Max());
            var reference = engine.Act("room", obs, episodeStart: steps == 0);
            worst = Math.Max(worst, probabilities.Zip(reference.Distribution).Max(x => Math.Abs(x.First - x.Second)));
            if (reference.Index == action) same++;
            steps++;
            var r = env.Step([action], obs);
            total += r.Reward;
            if (r.Done) break;
        }
        return (total, same / (double)steps, worst);
    }

    /// <summary>
    /// After the change: each room (seed) runs <paramref name="days"/> consecutive days with the frozen policy and,
    /// separately on the same room and weather, with a policy that keeps learning (per-room online PPO).
    /// </summary>
    public static List<DayReturn> Adaptation(RtuPolicyTransformer policy, double leak, int days, int seeds, Action<int, string, int, double> progress)
    {
        var results = new List<DayReturn>();
        for (int seed = 1; seed <= seeds; seed++)
        {
            foreach (var (kind, learn) in new[] { ("frozen", false), ("learning", true) })
            {
                var engine = policy.CreateStreamingEngine(learn);
                using var env = new Thermostat((ulong)(5000 + seed), leak);
                var obs = new float[2];
                string key = $"room-{seed}";
                double cumulative = 0;
                for (int day = 0; day < days; day++)
                {
                    env.Reset(obs);
                    double total = 0;
                    bool start = true;
                    while (true)
                    {
                        var step = engine.Act(key, obs, start);
                        start = false;
                        var r = env.Step(step.Action, obs);
                        engine.Reward(key, r.Reward, r.Done);
                        total += r.Reward;
                        if (r.Done) break;
                    }
                    cumulative += total;
                    results.Add(new DayReturn(seed, kind, day, total));
                    progress(seed, kind, day, cumulative);
                }
            }
        }
        return results;
    }
}
