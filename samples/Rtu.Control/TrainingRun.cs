using System.Diagnostics;
using System.Globalization;
using Rtu.Trainers.Learning.Ppo;
using ShellProgressBar;

namespace Rtu.Control;

/// <summary>One training run: the loop, the progress bar, the CSV and PNG, and the checkpoints.</summary>
/// <param name="trainer">A new trainer, or one loaded from <paramref name="resumeFrom"/>; the run disposes it.</param>
/// <param name="trunkUnits">The trunk size set by --trunk-units (0 = sized), for the run's name.</param>
internal sealed class TrainingRun(PpoTrainer<float> trainer, int trunkUnits, long totalSteps, string outputDir,
    int checkpointEvery, string? resumeFrom, bool progressBar, string? exportPath = null)
{
    public int Execute()
    {
        using var _ = trainer;
        Directory.CreateDirectory(outputDir);
        // From the trainer's options, so a resumed run keeps its name (its trunk and open-unit share are the checkpoint's).
        string label = Architectures.RunLabel(trainer.Options.Recurrent, trunkUnits);
        string name = $"{trainer.EnvironmentName}-{label}-s{trainer.Options.Seed}";
        string csv = Path.Combine(outputDir, name + ".csv"), png = Path.Combine(outputDir, name + ".png"), ckpt = Path.Combine(outputDir, name + ".ckpt");
        var o = trainer.Options;
        Console.WriteLine($"PPO on {trainer.EnvironmentName} with {o.Recurrent.Label}: {trainer.Agent.Recurrent.Description}, {trainer.Agent.ParameterCount:N0} parameters " +
            $"({trainer.Agent.Recurrent.Parameters.Count:N0} recurrent); {o.EnvironmentCount} env(s) × {o.RolloutSteps} steps, {o.Epochs} epochs × {o.MinibatchCount} minibatches.");
        Console.WriteLine($"Buffer: {trainer.BytesPerTransition:N0} bytes per transition (carry {trainer.Buffer.CarrySize:N0} floats), " +
            $"{trainer.BytesPerTransition * trainer.Buffer.Count / 1048576.0:F1} MiB per rollout. Bootstrap on truncation: {o.BootstrapTruncated}.");
        if (resumeFrom is not null)
            Console.WriteLine($"Resumed from {resumeFrom} at update {trainer.UpdateCount} ({trainer.GlobalStep:N0} steps) with the checkpoint's settings " +
                "(environment, seed, trunk and PPO options, as above); of the command line only --steps (the new total), --output, --checkpoint-every and --export apply.");

        bool append = resumeFrom is not null && File.Exists(csv);
        if (append)
        {
            // Keep the rows up to the checkpoint; later ones are trained again.
            var kept = File.ReadLines(csv).Take(1).Concat(File.ReadLines(csv).Skip(1)
                .Where(l => long.Parse(l.AsSpan(0, l.IndexOf(',')), CultureInfo.InvariantCulture) <= trainer.UpdateCount)).ToList();
            File.WriteAllLines(csv, kept);
        }
        using var writer = new StreamWriter(csv, append);
        if (!append) writer.WriteLine(LearningCurve.Header);
        long updates = Math.Max(0, (totalSteps - trainer.GlobalStep + o.BatchSize - 1) / o.BatchSize);
        // ShellProgressBar needs a real, wide-enough terminal; otherwise print lines.
        int width = 0;
        try { width = Console.WindowWidth; } catch (IOException) { }
        progressBar &= width >= 80;
        using var bar = progressBar ? new ProgressBar((int)Math.Min(updates, int.MaxValue), "starting", new ProgressBarOptions { ProgressCharacter = '─', CollapseWhenFinished = false }) : null;
        var watch = Stopwatch.StartNew();
        var recent = new Queue<double>();
        PpoUpdateStats last = default;
        for (long u = 0; u < updates; u++)
        {
            last = trainer.Iterate();
            writer.WriteLine(LearningCurve.Row(last));
            if (!double.IsNaN(last.MeanEpisodeReturn)) { recent.Enqueue(last.MeanEpisodeReturn); if (recent.Count > 10) recent.Dequeue(); }
            double avg = recent.Count > 0 ? recent.Average() : double.NaN;
            string message = string.Create(CultureInfo.InvariantCulture,
                $"step {last.GlobalStep:N0} | return {last.MeanEpisodeReturn:F3} (avg10 {avg:F3}) | kl {last.Loss.ApproxKl:F4} | {last.StepsPerSecond:F0} steps/s");
            if (bar is not null) bar.Tick(string.Create(CultureInfo.InvariantCulture, $"return {last.MeanEpisodeReturn:F3} (avg10 {avg:F3}) | {last.StepsPerSecond:F0} steps/s"));
            else if (u % 10 == 0 || u == updates - 1) Console.WriteLine($"update {last.Update,5}  {message}");
            if (checkpointEvery > 0 && last.Update % checkpointEvery == 0) { writer.Flush(); trainer.Save(ckpt); }
        }
        writer.Flush();
        trainer.Save(ckpt);
        LearningCurve.Plot($"{trainer.EnvironmentName}: PPO with {label}", [(label, csv)], png);
        string finalReturn = recent.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"mean return of the last 10 updates {recent.Average():F3}.")
            : "no episode has ended yet (run more --steps).";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done: {trainer.GlobalStep:N0} steps in {watch.Elapsed.TotalSeconds:F0} s ({(updates > 0 ? updates * o.BatchSize / watch.Elapsed.TotalSeconds : 0):F0} steps/s); {finalReturn}"));
        Console.WriteLine($"Wrote {csv}, {png} and {ckpt}.");
        if (exportPath is not null)
        {
            Rtu.Onnx.Export.PolicyExport.Export(Rtu.Trainers.Learning.Ppo.PpoPolicy.Describe(trainer), exportPath);
            Console.WriteLine($"Exported the policy to {exportPath} (serve it with: Rtu.Control serve {exportPath} --env {trainer.EnvironmentName}).");
        }
        return 0;
    }
}
