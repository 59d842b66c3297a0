namespace OsteoMl.Serving;

/// <summary>A request the service cannot score, naming the field at fault; answered as a 400 (or
/// <paramref name="status"/>) problem document.</summary>
public sealed class BadRequestException(string field, string message, int status = 400) : Exception(message)
{
    public string Field { get; } = field;
    public int Status { get; } = status;
}
