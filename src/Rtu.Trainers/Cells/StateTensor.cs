namespace Rtu.Trainers.Cells;

/// <summary>
/// One recurrent state tensor of a cell: exported as the graph input <c>state_{Suffix}</c> and output
/// <c>next_state_{Suffix}</c>, [N, <see cref="Width"/>]. A cell's state tensors, in order, are the first
/// entries of its layer's carry (<see cref="IRecurrentLayer{T}.CopyCarry"/>).
/// </summary>
/// <param name="Suffix">Name suffix, e.g. <c>h1</c>.</param>
/// <param name="Width">Columns per stream.</param>
/// <param name="Doc">What the tensor holds (written into the graph).</param>
public sealed record StateTensor(string Suffix, int Width, string Doc);
