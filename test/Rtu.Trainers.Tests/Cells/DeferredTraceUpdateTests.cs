using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.Rtu;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Cells;

/// <summary>
/// The RTU layers defer each Step's input-weight trace update into Backward (fused with the dW contraction). The
/// deferral must be invisible: a layer whose pending update is forced out after every Step (CopyCarry flushes it) and
/// one left to fuse it must agree bit for bit on outputs, carries and gradients, with Steps that get no Backward, a
/// reset stream and a loaded carry in between.
/// </summary>
[TestClass]
public sealed class DeferredTraceUpdateTests
{
    [TestMethod] public void LinearRtuDeferralIsInvisible() => Compare(nonLinear: false, batch: 3);
    [TestMethod] public void NonLinearRtuDeferralIsInvisible() => Compare(nonLinear: true, batch: 3);
    [TestMethod] public void SingleStreamDeferralIsInvisible() => Compare(nonLinear: true, batch: 1);

    private static void Compare(bool nonLinear, int batch)
    {
        const int d = 5;
        var options = new RtuOptions { Units = 7, Activation = Activation.Tanh };
        RtuLayer<double> Make() => nonLinear ? new NonLinearRtuLayer<double>(d, options, batch, new Rng(3)) : new LinearRtuLayer<double>(d, options, batch, new Rng(3));
        RtuLayer<double> fused = Make(), eager = Make();
        var rng = new Rng(9);
        var x = new double[batch * d];
        var yF = new double[batch * fused.OutputSize]; var yE = new double[yF.Length];
        var dy = new double[yF.Length];
        var carryF = new double[fused.CarrySize]; var carryE = new double[fused.CarrySize];
        var saved = new double[fused.CarrySize];
        for (int t = 0; t < 40; t++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = rng.NextGaussian();
            for (int i = 0; i < dy.Length; i++) dy[i] = rng.NextGaussian();
            fused.Step(x, yF); eager.Step(x, yE);
            eager.CopyCarry(batch - 1, carryE); // flushes the pending update: eager keeps no deferred work
            CollectionAssert.AreEqual(yE, yF, $"outputs at t={t}");
            if (t % 3 != 1) { fused.Backward(dy, default); eager.Backward(dy, default); } // some Steps get no Backward
            if (t == 17) { fused.ResetStream(0); eager.ResetStream(0); }
            if (t == 23) { fused.CopyCarry(0, saved); }
            if (t == 29) { fused.LoadCarry(batch - 1, saved); eager.LoadCarry(batch - 1, saved); }
            CollectionAssert.AreEqual(eager.Parameters.Gradients.ToArray(), fused.Parameters.Gradients.ToArray(), $"gradients at t={t}");
        }
        for (int b = 0; b < batch; b++)
        {
            fused.CopyCarry(b, carryF); eager.CopyCarry(b, carryE);
            CollectionAssert.AreEqual(carryE, carryF, $"carry of stream {b}");
            CollectionAssert.AreEqual(eager.WeightTraces(b).ToArray(), fused.WeightTraces(b).ToArray(), $"traces of stream {b}");
        }
    }
}
