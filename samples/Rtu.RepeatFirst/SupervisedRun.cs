using System.Diagnostics;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Layers;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Optimization;

namespace Rtu.RepeatFirstSample;

/// <summary>What one cell achieved: the learning curve (accuracy per bin), the final accuracy and the speed.</summary>
public sealed record RunResult(CellSpec Cell, int Parameters, double[] CurveSteps, double[] CurveAccuracy, double FinalAccuracy,
    double MicrosecondsPerStep);

/// <summary>
/// Supervised online repeat-first (issue 17): each step shows the one-hot suit of the next card of a shuffled 52-card deck;
/// the target at every step is the suit of the episode's first card. Episodes of 52 steps, the stream is reset at each
/// episode start; a linear softmax head on the cell output, cross-entropy loss, Adam on every step (batch 1).
/// </summary>
public static class SupervisedRun
{
    public const int Suits = 4, EpisodeLength = 52;

    /// <summary>Trains <paramref name="cell"/> for <paramref name="steps"/> online steps.</summary>
    public static RunResult Run(CellSpec cell, int steps, ulong seed, double learningRate, int curveBins, Action<int>? progress = null)
    {
        var rng = new Rng(seed);
        var layer = cell.Create(Suits, rng.Fork());
        var head = new DenseLayer<float>(layer.OutputSize, Suits, Activation.Identity, rng.Fork(), name: "head");
        var optimizer = new Adam<float>([layer.Parameters, head.Parameters], learningRate);
        var deck = new int[EpisodeLength];
        for (int i = 0; i < deck.Length; i++) deck[i] = i;
        var x = new float[Suits]; var y = new float[layer.OutputSize]; var dy = new float[layer.OutputSize];
        var logits = new float[Suits]; var dLogits = new float[Suits];

        int binSize = Math.Max(1, steps / curveBins), finalFrom = steps - steps / 5;
        var curveSteps = new List<double>(); var curveAccuracy = new List<double>();
        int binCorrect = 0, binCount = 0, finalCorrect = 0, target = 0;
        var watch = Stopwatch.StartNew();
        for (int t = 0; t < steps; t++)
        {
            int k = t % EpisodeLength;
            if (k == 0)
            {
                rng.Shuffle<int>(deck);
                target = deck[0] % Suits;
                layer.ResetStream(0);
            }
            Array.Clear(x);
            x[deck[k] % Suits] = 1f;
            layer.Step(x, y);
            head.Forward(y, logits);
            bool correct = Softmax(logits, dLogits) == target;
            dLogits[target] -= 1f; // ∂CE/∂logits = softmax − one-hot
            head.Backward(y, logits, dLogits, dy);
            layer.Backward(dy, default);
            optimizer.Step();
            layer.Parameters.ZeroGradients(); head.Parameters.ZeroGradients();

            if (correct) { binCorrect++; if (t >= finalFrom) finalCorrect++; }
            if (++binCount == binSize)
            {
                curveSteps.Add(t + 1); curveAccuracy.Add((double)binCorrect / binCount);
                binCorrect = 0; binCount = 0;
            }
            if (progress is not null && (t + 1) % Math.Max(1, steps / 10) == 0) progress(t + 1);
        }
        double us = watch.Elapsed.TotalMicroseconds / steps;
        return new RunResult(cell, layer.Parameters.Count, [.. curveSteps], [.. curveAccuracy], (double)finalCorrect / (steps - finalFrom), us);
    }

    /// <summary>Softmax of <paramref name="logits"/> into <paramref name="probabilities"/>; returns the arg max.</summary>
    private static int Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        float sum = 0;
        for (int i = 0; i < logits.Length; i++) { probabilities[i] = MathF.Exp(logits[i] - logits[best]); sum += probabilities[i]; }
        for (int i = 0; i < logits.Length; i++) probabilities[i] /= sum;
        return best;
    }

    /// <summary>µs per Step + Backward of the cell alone (no head, no optimizer, B = 1), after a warm-up, on one-hot inputs: best of 3.</summary>
    public static double CellMicroseconds(CellSpec cell, int steps, int inputSize = Suits)
    {
        var rng = new Rng(5);
        var layer = cell.Create(inputSize, rng.Fork());
        var x = new float[inputSize]; var y = new float[layer.OutputSize]; var dy = new float[layer.OutputSize];
        for (int i = 0; i < dy.Length; i++) dy[i] = 0.01f;
        void Loop(int count)
        {
            for (int t = 0; t < count; t++)
            {
                Array.Clear(x); x[t % x.Length] = 1f;
                if (t % EpisodeLength == 0) layer.ResetStream(0);
                layer.Step(x, y);
                layer.Backward(dy, default);
            }
        }
        // Warm up for half a second (tiered JIT: the optimised code arrives after a delay), then take the best of 3.
        var warm = Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 500) Loop(1000);
        double best = double.MaxValue;
        for (int r = 0; r < 3; r++)
        {
            var watch = Stopwatch.StartNew();
            Loop(steps);
            best = Math.Min(best, watch.Elapsed.TotalMicroseconds / steps);
        }
        return best;
    }
}
