using static TorchSharp.torch;

namespace OsteoMl.Training.FineTuning;

/// <summary>Tensors owned together and freed together, on every exit path (a <c>using</c> of a list).</summary>
internal sealed class DisposableTensors(List<Tensor> tensors) : IDisposable
{
    public List<Tensor> Tensors { get; } = tensors;

    public void Dispose() => Tensors.ForEach(t => t.Dispose());
}
