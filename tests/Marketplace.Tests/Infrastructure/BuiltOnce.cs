namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// A history that the tests of one class share, built by the first test that asks for it (tests of a class may run in any
/// order, but one at a time per fixture).
/// </summary>
public sealed class BuiltOnce<T> where T : class
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private T? value;

    public async Task<T> Get(Func<Task<T>> build)
    {
        await gate.WaitAsync();
        try
        {
            return value ??= await build();
        }
        finally
        {
            gate.Release();
        }
    }
}
