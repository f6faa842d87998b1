using System.Diagnostics;
using System.Globalization;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Environments;

namespace Rtu.Control;

/// <summary>
/// Plays episodes with an exported ONNX policy on ONNX Runtime (CUDA when available, CPU otherwise): the runner
/// keeps each environment's recurrent state, the policy acts greedily (argmax of the logits, or the Gaussian mean
/// clipped to the action bounds). This is how a trained policy is served without the training code.
/// </summary>
internal static class PolicyServing
{
    public static int Run(string policyPath, string envName, int environments, int episodes, ulong seed)
    {
        if (!File.Exists(policyPath)) { Console.Error.WriteLine($"Policy file '{policyPath}' does not exist."); return 2; }
        if (environments < 1 || episodes < 1) { Console.Error.WriteLine($"--envs and --episodes must be at least 1, got {environments} and {episodes}."); return 2; }
        if (!EnvironmentRegistry.IsRegistered(envName))
        {
            Console.Error.WriteLine($"Unknown environment '{envName}'. Valid names: {string.Join(", ", EnvironmentRegistry.Names)}.");
            return 2;
        }
        if (Rtu.Trainers.Environments.Mujoco.MujocoEnvironments.IsKnown(envName) && !Rtu.Trainers.Environments.Mujoco.MujocoEnvironments.IsAvailable(out string? noMujoco))
        {
            Console.Error.WriteLine($"{envName} needs MuJoCo: {noMujoco}");
            return 2;
        }
        var envs = new IEnvironment[environments];
        for (int e = 0; e < environments; e++) envs[e] = EnvironmentRegistry.Create(envName, seed + (ulong)e);
        try
        {
            int obsSize = envs[0].ObservationSize;
            var space = envs[0].ActionSpace;
            using var runner = new OnnxRecurrentRunner(policyPath, environments);
            if (runner.ObservationSize != obsSize)
            {
                Console.Error.WriteLine($"The policy reads obs of width {runner.ObservationSize}, {envName} gives {obsSize}: serve it with the --env it was trained on " +
                    "(the export line of the training run names it). " +
                    "(A policy trained with --prev-action-reward expects the previous action and reward appended; serving composes only raw observations.)");
                return 2;
            }
            string actionOutput = space.IsDiscrete ? "logits" : "mean";
            if (!runner.Outputs.Any(o => o.Name == actionOutput))
            {
                Console.Error.WriteLine($"The policy has no '{actionOutput}' output for {envName}'s {(space.IsDiscrete ? "discrete" : "continuous")} actions.");
                return 2;
            }
            Console.WriteLine($"Serving {policyPath} on {envName} × {environments} with ONNX Runtime ({runner.ExecutionProvider}" +
                $"{(runner.CudaFallbackReason is { } why ? $"; CUDA not used: {why}" : "")}).");
            int actLen = space.IsDiscrete ? 1 : space.ContinuousSize, width = space.IsDiscrete ? space.DiscreteCount : space.ContinuousSize;
            var obs = new float[environments * obsSize];
            var action = new float[actLen];
            var returns = new List<double>();
            var running = new double[environments];
            for (int e = 0; e < environments; e++) envs[e].Reset(obs.AsSpan(e * obsSize, obsSize));
            var watch = Stopwatch.StartNew();
            long steps = 0;
            while (returns.Count < episodes)
            {
                runner.Step(obs);
                var head = runner.Output(actionOutput);
                for (int e = 0; e < environments; e++)
                {
                    var row = head.Slice(e * width, width);
                    if (space.IsDiscrete)
                    {
                        int best = 0;
                        for (int k = 1; k < width; k++) if (row[k] > row[best]) best = k;
                        action[0] = best;
                    }
                    else
                        for (int k = 0; k < width; k++) action[k] = Math.Clamp(row[k], space.Low, space.High);
                    var result = envs[e].Step(action, obs.AsSpan(e * obsSize, obsSize));
                    running[e] += result.Reward;
                    if (result.Done)
                    {
                        returns.Add(running[e]);
                        running[e] = 0;
                        envs[e].Reset(obs.AsSpan(e * obsSize, obsSize));
                        runner.Reset(e); // a new episode starts from the zero state, as in training
                    }
                }
                steps += environments;
            }
            double mean = returns.Take(episodes).Average();
            double sd = Math.Sqrt(returns.Take(episodes).Select(r => (r - mean) * (r - mean)).Average());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{episodes} episodes: mean return {mean:F3} (sd {sd:F3}); {steps:N0} steps in {watch.Elapsed.TotalSeconds:F1} s ({steps / watch.Elapsed.TotalSeconds:F0} steps/s)."));
            return 0;
        }
        catch (OnnxModelValidationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        finally
        {
            foreach (var env in envs) env?.Dispose();
        }
    }
}
